"""Python's own answers for src/yaml/pyprint.ts (Python printing shared by the
Jinja engine and the yaql/Heat layer), for test/pyprint.test.ts.

usage: python3 tools/pyprint_reference.py [--seed N] [--count N] -o test/fixtures/pyprint-reference.json

Generated, seeded inputs (none written by hand):
- repr: random strings drawn from ASCII, the quotes and backslash, control
  characters, Latin-1, other scripts, format and separator characters, lone
  surrogates and astral code points; the answer is repr(s).
- json: random nested values (dicts with str and other keys, lists, ints of
  any size, floats with -0.0, nan and infinities, bools, None, strs from the
  same pool); the answer is json.dumps(v) and json.dumps(v, sort_keys=True),
  or the exception.
- spec: random format specs (fill, align, sign, z, #, 0, width, grouping,
  precision, type, and a stray character now and then) on ints, big ints,
  bools, floats (-0.0, nan, inf among them) and strs; the answer is
  format(value, spec) or the exception.
- format: random format strings built from the pieces of the str.format
  grammar (braces, field names, indexes, attributes, conversions, nested
  specs) and from mutations of them, against fixed arguments; the answer is
  str.format's result or the exception (class and message).

Values are typed JSON: {"$float": repr}, {"$int": digits} beyond 2**53,
{"$dict": [[k, v], ...]} for every dict (keys in order, of any type).
"""
import argparse
import json
import math
import random
import sys

sys.dont_write_bytecode = True

POOL = (
    [chr(c) for c in range(0x20, 0x7f)] * 3
    + ["'", '"', '\\'] * 6
    + [chr(c) for c in range(0, 0x20)] + ['\x7f']
    + [chr(c) for c in range(0x80, 0x100)]
    + list('éßΩЖअ中日한ع\u05d0\u0e01')
    + ['\u00ad', '\u200b', '\u200e', '\u2028', '\u2029', '\u3000', '\u00a0', '\ufeff', '\ufffd', '\uffff', '\ue000', '\u0378']
    + ['\ud800', '\udfff', '\U0001f600', '\U00010000', '\U0010ffff', '\U000e0001', '\U0001d11e']
)


def rand_str(r, n=None):
    n = r.randint(0, 8) if n is None else n
    return ''.join(r.choice(POOL) for _ in range(n))


def rand_float(r):
    return r.choice([0.0, -0.0, 1.0, 1.5, -2.25, 1e16, 1e-5, 1.5e-7, 123456789.125, 1e300, 2.0 ** 60,
                     float('nan'), float('inf'), float('-inf'), r.uniform(-1e6, 1e6), r.random(), 10.0 ** r.randint(-20, 20)])


def rand_int(r):
    return r.choice([0, 1, -1, 7, 2 ** 53, 2 ** 53 + 1, -(2 ** 70), 10 ** 30, r.randint(-10 ** 6, 10 ** 6)])


def rand_key(r, str_keys):
    if str_keys or r.random() < 0.6:
        return rand_str(r, r.randint(0, 4))
    return r.choice([rand_int(r), rand_float(r), True, False, None])


def rand_value(r, depth=0, str_keys=False):
    kind = r.choice(['str', 'int', 'float', 'const', 'list', 'dict'] if depth < 3 else ['str', 'int', 'float', 'const'])
    if kind == 'str':
        return rand_str(r)
    if kind == 'int':
        return rand_int(r)
    if kind == 'float':
        return rand_float(r)
    if kind == 'const':
        return r.choice([True, False, None])
    if kind == 'list':
        return [rand_value(r, depth + 1, str_keys) for _ in range(r.randint(0, 4))]
    return {rand_key(r, str_keys): rand_value(r, depth + 1, str_keys) for _ in range(r.randint(0, 4))}


def typed(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2 ** 53 else {'$int': str(v)}
    if isinstance(v, float):
        return {'$float': repr(v)}
    if isinstance(v, list):
        return [typed(x) for x in v]
    if isinstance(v, dict):
        return {'$dict': [[typed(k), typed(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def outcome(fn):
    try:
        return {'out': fn()}
    except Exception as e:  # the reference answer is the exception itself
        return {'error': {'type': type(e).__name__, 'message': str(e)}}


# ---- str.format ----------------------------------------------------------------

FORMAT_ARGS = ['a', 12, ['x', 'y', 'z'], {'k': 'v', '0': 'zero'}]
FORMAT_KWARGS = {'name': 'N', 'k': {'z': 'deep'}, 'n': 5, 'w': 6}
# Each list: the well-formed pieces first, then the broken or failing ones.
FIELD_NAMES = ['', '', '', '0', '1', '2', '3', 'name', 'k', '4', '9', 'nope', '00', '01', '\uff12', ' ', 'a b']
PATHS = ['', '', '', '', '', '', '[0]', '[1]', '[k]', '[0][0]', '[z]', '[]', '[', '.real', '.', '[k]x', '[0].x', '[-1]', '[k', '[ 0]']
CONVERSIONS = ['', '', '', '!r', '!s', '!a', '!x', '!', '!rr', '!}']
SPECS = ['', '', '', ':', ':>6', ':^7', ':<3', ':*^9', ':{w}', ':{n}', ':>{w}', ':{}', ':{w}{w}', ':{{', ':{:{}}', ':{0[k]}', ':}', ':{', ':{!r}']
LITERALS = ['', 'x', 'ab', ' ', '{{', '}}', '{', '}', 'é', '\U0001f600', '[', ']', '.', '!', ':']


def pick(r, pieces):
    # mostly the well-formed pieces (listed first), so that most fields format
    return r.choice(pieces[:len(pieces) // 2]) if r.random() < 0.8 else r.choice(pieces)


def rand_field(r):
    return '{' + pick(r, FIELD_NAMES) + pick(r, PATHS) + pick(r, CONVERSIONS) + pick(r, SPECS) + '}'


def rand_template(r):
    parts = [r.choice(LITERALS) if r.random() < 0.4 else rand_field(r) for _ in range(r.randint(1, 4))]
    text = ''.join(parts)
    if text and r.random() < 0.2:
        # a mutation: drop, double or insert one character
        i = r.randrange(len(text))
        text = r.choice([text[:i] + text[i + 1:], text[:i] + text[i] + text[i:], text[:i] + r.choice('{}[]!:.') + text[i:]])
    return text


SPEC_VALUES = ['abc', '\u00e9\U0001f600', '', 0, 1, -7, 12345678, 2 ** 70, -(2 ** 64), True, False, 0.0, -0.0, 1.5, -2.25,
               1e16, 1e-5, 123456.789, 1e21, 1e300, 5e-324, float('nan'), float('-inf'), 3.0, 0.1, 2.5, 1114111, 1114112]
SPEC_TYPES = ['', '', '', 's', 'd', 'x', 'X', 'o', 'b', 'c', 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%', 'q', '\x1f']


def rand_spec(r):
    align = r.choice(['', '', '<', '>', '^', '='])
    fill = r.choice(['', '', '*', '0', ' ', '\U0001f600']) if align else ''
    text = (fill + align + r.choice(['', '', '+', '-', ' ']) + r.choice(['', '', '', 'z']) + r.choice(['', '', '#'])
            + r.choice(['', '', '0']) + r.choice(['', '', '8', '13', '\u0664']) + r.choice(['', '', '', ',', '_', ',_'])
            + r.choice(['', '', '.0', '.3', '.12', '.']) + r.choice(SPEC_TYPES))
    if text and r.random() < 0.1:
        i = r.randrange(len(text) + 1)
        text = text[:i] + r.choice('<>=^+- z#0,_.9dfs') + text[i:]
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=1000)
    ap.add_argument('-o', '--output', required=True)
    a = ap.parse_args()
    r = random.Random(a.seed)

    reprs = [rand_str(r, r.randint(0, 12)) for _ in range(a.count)]
    reprs += [c for c in POOL if c not in reprs]
    repr_cases = [[s, repr(s)] for s in reprs]

    json_cases = []
    for i in range(a.count):
        v = rand_value(r, str_keys=i % 2 == 0)
        case = {'value': typed(v), 'str_keys': i % 2 == 0}
        case['dumps'] = outcome(lambda: json.dumps(v))
        case['sorted'] = outcome(lambda: json.dumps(v, sort_keys=True))
        json_cases.append(case)

    spec_cases = []
    for _ in range(a.count * 2):
        v = r.choice(SPEC_VALUES)
        spec = rand_spec(r)
        spec_cases.append({'value': typed(v), 'spec': spec, **outcome(lambda: format(v, spec))})

    format_cases = []
    seen = set()
    while len(format_cases) < a.count:
        t = rand_template(r)
        if t in seen:
            continue
        seen.add(t)
        format_cases.append({'template': t, **outcome(lambda: t.format(*FORMAT_ARGS, **FORMAT_KWARGS))})

    doc = {
        'python': sys.version.split()[0],
        'format_args': typed(FORMAT_ARGS),
        'format_kwargs': {k: typed(v) for k, v in FORMAT_KWARGS.items()},
        'repr': repr_cases,
        'json': json_cases,
        'spec': spec_cases,
        'format': format_cases,
    }
    with open(a.output, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=True, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
