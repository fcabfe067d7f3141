#!/usr/bin/env python3
"""What Python's int(text, base) and float(text), and Jinja's int and float
filters, make of generated texts: the reference for src/yaml/python-numbers.ts
(test/python-numbers.test.ts reads the fixture this writes).

Texts come from a seeded grammar: signs, base prefixes, ASCII and other
Unicode decimal digits (Arabic-Indic, Devanagari, fullwidth, mathematical),
hex letters, underscores (single, double, leading, trailing), a decimal
point, an exponent, inf/infinity/nan in mixed case, and around or inside
them white space of every kind int() and str.strip() disagree on (ASCII's,
\\x1c-\\x1f, NEL, no-break and other Unicode spaces, U+FEFF).

Each case records int(text, base) for bases 0, 2, 8, 10, 16 and 36 (in
hex, "invalid", or "too many digits"), float(text) (repr, or
"invalid") and the output of `{{ t|int }}` and `{{ t|float }}` under jinja2.

Usage: tools/python-numbers-reference.py [--seed 1] [--count 1500] [-o test/fixtures/python-numbers.json]
"""
import argparse
import json
import random

import jinja2

SPACES = [' ', '\t', '\n', '\x0b', '\x0c', '\r', '\x1c', '\x1f', '\x85', '\xa0', '\u1680', '\u2003', '\u2028', '\u3000', '\ufeff']
ZEROS = [0x30, 0x660, 0x966, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7F6]
BASES = [0, 2, 8, 10, 16, 36]


def digit(r):
    zero = ZEROS[0] if r.random() < 0.6 else r.choice(ZEROS)
    return chr(zero + r.randrange(10))


def digits(r, n):
    out = []
    for _ in range(n):
        out.append(digit(r) if r.random() < 0.93 else r.choice('abcdefxyzABF'))
        if r.random() < 0.08:
            out.append('_' * r.choice([1, 1, 1, 1, 2]))
    return ''.join(out)


def space(r):
    return ''.join(r.choice(SPACES) for _ in range(r.choice([0, 0, 0, 0, 1, 1, 2])))


def number(r):
    kind = r.random()
    if kind < 0.08:
        word = r.choice(['inf', 'infinity', 'nan', 'in', 'infinit'])
        return ''.join(c.upper() if r.random() < 0.4 else c for c in word)
    body = r.choice(['', '', '', '0b', '0o', '0x', '0X', '0', '00', '0_']) + digits(r, r.choice([1, 1, 2, 3, 5, 8]))
    if r.random() < 0.25:
        body += '.' + digits(r, r.choice([0, 1, 3]))
    if r.random() < 0.15:
        body = '.' + digits(r, 2) if r.random() < 0.3 else body
    if r.random() < 0.15:
        body += r.choice('eE') + r.choice(['', '+', '-']) + digits(r, r.choice([1, 2]))
    if r.random() < 0.05:
        body = body[:len(body) // 2] + r.choice(SPACES) + body[len(body) // 2:]
    return body


def text(r):
    sign = r.choice(['', '', '', '+', '-', '--'])
    return space(r) + sign + number(r) + space(r)


def long_texts(r):
    """At and past int()'s 4300 digits: with an underscore (not counted), a Unicode digit, text after or before them."""
    at_limit = ''.join(r.choice('123456789') for _ in range(4300))
    past = at_limit + '7'
    return [at_limit, past, at_limit[:10] + '_' + at_limit[10:], '\u0663' + at_limit, past + 'z', past + '_', 'z' + past]


def python_int(t, base):
    try:
        # In hex: str() of an int of more than 4300 digits raises too.
        return hex(int(t, base))
    except ValueError as e:
        return 'too many digits' if 'Exceeds the limit' in str(e) else 'invalid'


def python_float(t):
    try:
        return repr(float(t))
    except ValueError:
        return 'invalid'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=1500)
    ap.add_argument('-o', '--out', default='test/fixtures/python-numbers.json')
    args = ap.parse_args()
    r = random.Random(args.seed)
    env = jinja2.Environment()
    filters = env.from_string('{{ t|int }}|{{ t|float }}')
    cases = []
    for t in [text(r) for _ in range(args.count)] + long_texts(r):
        cases.append({
            'text': t,
            'int': {str(b): python_int(t, b) for b in BASES},
            'float': python_float(t),
            'jinja': filters.render(t=t),
        })
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump({'seed': args.seed, 'cases': cases}, f, ensure_ascii=True, indent=0)
        f.write('\n')


if __name__ == '__main__':
    main()
