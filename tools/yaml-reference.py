#!/usr/bin/env python3
"""What PyYAML makes of YAML documents, as typed JSON, for tht's YAML layer to be checked against.

Each document is loaded twice, as the references load YAML:
  - safe_load: PyYAML's yaml.safe_load (pure-Python SafeLoader), as process-templates.py reads
    roles_data, network_data and j2_excludes; it gets the raw bytes, so its Reader decodes them;
  - heat: Heat's template/environment loader (heat/common/template_format.py: a subclass of
    CSafeLoader, the libyaml binding, when available, with str and timestamp constructors that
    keep strings); it gets the text, decoded as UTF-8 first, as Heat does.

Documents: every *.yaml file under --fixtures, --generate documents from a seeded grammar (block
and flow styles, every scalar form and tag, anchors, aliases, merge keys, comments, multi-line
scalars, directives), and --mutate byte-level mutations of both.

Output (JSON): {"cases": [{"name", "file" | "text" | "base64", "safe_load": R, "heat": R}]} where R
is {"value": V, "repeated": [[key, line, column], ...]} or {"error": {"type", "message", "line",
"column"}} (1-based; line is null when Python raised something other than a YAML error, such as
ValueError for a date like 2001-13-01), and for heat also "json": the value after
json.dumps/json.loads (what Heat's API carries), or null when json refuses it. "repeated" lists
the keys a mapping gives twice (equal as Python compares keys; merge keys aside), as json names
them. V is typed: {"int": "12"}, {"float": "1.0"}, strings as JSON strings, lists, {"tuple":
[...]}, {"dict": [[key, value], ...]} (in order, keys typed), {"date": "Y-M-D"}, {"datetime": [y,
m, d, H, M, S, us, offset minutes or null]}, {"bytes": base64}, {"set": [...]}, {"recursive":
true} for data that contains itself. For fixture files (whose text is in the repository) values
are recorded as {"sha1": digest of their canonical JSON} unless --full is given (see digest()).

Usage:
  tools/yaml-reference.py --fixtures test/fixtures --generate 400 --mutate 400 --seed 1 -o out.json
  tools/yaml-reference.py --check            # prints the PyYAML and libyaml versions
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import random
import sys

import yaml

# --- the references ---------------------------------------------------------------------------

HeatBase = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class HeatLoader(HeatBase):
    """heat.common.template_format.yaml_loader: strings stay strings, timestamps too."""


def _construct_str(loader, node):
    return loader.construct_scalar(node)


HeatLoader.add_constructor('tag:yaml.org,2002:str', _construct_str)
HeatLoader.add_constructor('tag:yaml.org,2002:timestamp', _construct_str)


def line_column(text, index):
    """PyYAML's line and column (1-based) of a character index: its line breaks, BOMs take no column."""
    line, column, i = 1, 1, 0
    while i < index and i < len(text):
        ch = text[i]
        if ch in '\n\x85\u2028\u2029' or (ch == '\r' and text[i + 1:i + 2] != '\n'):
            line, column = line + 1, 1
        elif ch != '\ufeff':
            column += 1
        i += 1
    return line, column


def error_of(exc, data):
    out = {'type': type(exc).__name__, 'message': str(exc).split('\n')[0][:200], 'line': None, 'column': None}
    mark = getattr(exc, 'problem_mark', None) or getattr(exc, 'context_mark', None)
    text = data.decode('utf-8', 'replace')
    if mark is not None:
        out['line'], out['column'] = mark.line + 1, mark.column + 1
    elif isinstance(exc, yaml.reader.ReaderError):
        position = exc.position
        if exc.encoding != 'unicode':
            # A decoding error: the position counts bytes.
            position = len(data[:position].decode('utf-8', 'replace'))
        out['line'], out['column'] = line_column(text, position)
    elif isinstance(exc, UnicodeDecodeError):
        prefix = data[:exc.start].decode('utf-8', 'replace')
        out['line'], out['column'] = line_column(prefix, len(prefix))
    return out


def encode(v, active=None, budget=None):
    if budget is None:
        budget = [200000]
    budget[0] -= 1
    if budget[0] < 0:
        raise OverflowError('value too large to encode')
    active = active if active is not None else set()
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        return {'float': repr(v)}
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return {'bytes': base64.b64encode(v).decode()}
    if isinstance(v, datetime.datetime):
        off = v.utcoffset()
        return {'datetime': [v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond,
                             None if off is None else int(off.total_seconds() // 60)]}
    if isinstance(v, datetime.date):
        return {'date': v.isoformat()}
    if id(v) in active:
        return {'recursive': True}
    active.add(id(v))
    try:
        if isinstance(v, list):
            return [encode(x, active, budget) for x in v]
        if isinstance(v, tuple):
            return {'tuple': [encode(x, active, budget) for x in v]}
        if isinstance(v, dict):
            return {'dict': [[encode(k, active, budget), encode(x, active, budget)] for k, x in v.items()]}
        if isinstance(v, (set, frozenset)):
            return {'set': sorted((encode(x, active, budget) for x in v), key=canonical)}
    finally:
        active.discard(id(v))
    raise TypeError('cannot encode %r' % type(v))


def is_recursive(enc):
    if isinstance(enc, dict):
        return enc.get('recursive') is True or any(is_recursive(x) for x in enc.values())
    if isinstance(enc, list):
        return any(is_recursive(x) for x in enc)
    return False


def json_name(key, node):
    """A dict key as json.dumps names it; the text as written for keys json refuses."""
    if isinstance(key, str):
        return key
    if key is True:
        return 'true'
    if key is False:
        return 'false'
    if key is None:
        return 'null'
    if isinstance(key, (int, float)):
        return json.dumps(key)
    return node.value if isinstance(node.value, str) else str(key)


def repeated_keys(source, loader):
    """Keys given twice in one mapping (own pairs; merge keys aside), with the later key's position."""
    root = yaml.compose(source, Loader=loader)
    out, seen_nodes, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = {}
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
                if key_node.tag == 'tag:yaml.org,2002:merge':
                    continue
                if key_node.tag == 'tag:yaml.org,2002:value':
                    key = '='
                else:
                    key = loader(source).construct_object(key_node, deep=True)
                if key in keys:
                    out.append([json_name(keys[key][0], keys[key][1]), key_node.start_mark.line + 1, key_node.start_mark.column + 1])
                else:
                    keys[key] = (key, key_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out, key=lambda r: (r[1], r[2]))


def canonical(enc):
    """Compact JSON text of an encoded value: what sets, unordered dicts and digests sort and hash."""
    return json.dumps(enc, ensure_ascii=False, separators=(',', ':'))


def digest(enc):
    """sha1 of the canonical JSON of an encoded value (what test/helpers/yaml-reference.ts computes too)."""
    return {'sha1': hashlib.sha1(canonical(enc).encode('utf-8', 'surrogatepass')).hexdigest()}


def unordered(enc):
    """Dict entries sorted by key (JSON objects carry no order; JavaScript's put integer-like keys first)."""
    if isinstance(enc, list):
        return [unordered(x) for x in enc]
    if isinstance(enc, dict):
        if 'dict' in enc:
            entries = [[unordered(k), unordered(v)] for k, v in enc['dict']]
            entries.sort(key=lambda e: canonical(e[0]))
            return {'dict': entries}
        return {k: unordered(v) for k, v in enc.items()}
    return enc


def load(data, loader, as_text, summarize):
    """data: bytes. Returns the R record; summarize: values as digests."""
    try:
        source = data.decode('utf-8') if as_text else data
        value = yaml.load(source, Loader=loader)
    except UnicodeDecodeError as e:
        return {'error': error_of(e, data)}
    except RecursionError as e:
        return {'error': {'type': 'RecursionError', 'message': 'maximum recursion depth exceeded', 'line': None, 'column': None}}
    except Exception as e:  # noqa: BLE001 - every refusal counts, YAML error or not
        return {'error': error_of(e, data)}
    try:
        enc = encode(value)
    except OverflowError:
        return {'error': {'type': 'Expansion', 'message': 'the value is too large to write out (alias bomb)', 'line': None, 'column': None}}
    out = {'value': digest(enc) if summarize else enc, 'repeated': repeated_keys(source, loader)}
    if loader is HeatLoader:
        try:
            j = encode(json.loads(json.dumps(value)))
            out['json'] = digest(unordered(j)) if summarize else j
        except (TypeError, ValueError, RecursionError):
            out['json'] = None
    return out


# --- documents ---------------------------------------------------------------------------------

SCALARS = [
    # booleans, nulls
    'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON',
    'off', 'Off', 'OFF', 'y', 'n', 'Y', 'N', 'yEs', '~', 'null', 'Null', 'NULL', 'nUll', '',
    # ints
    '0', '1', '-1', '+1', '12', '007', '08', '0o17', '0b1010', '-0b11', '0x1F', '0xff_ff', '1_000', '-1_0',
    '1:30', '-1:30:15', '190:20:30', '1:60', '9007199254740993', '-123456789012345678901234567890',
    '0b', '0x', '0_', '+', '-', '1__2',
    # floats
    '1.0', '1.', '-1.5', '+.5', '.5', '-.5', '1.5e3', '1.5e+3', '1.0e-3', '1e3', '1E+3', '6.8523015e+5',
    '685.230_15e+03', '685_230.15', '190:20:30.15', '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '-.nan',
    '0.0', '-0.0', '1500.0', '1e16', '123456789012345678.0', '0.1', '1.7976931348623157e+308', '._5', '1.5.3',
    # timestamps
    '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-15T02:59:43.1Z',
    '2001-12-15 2:59:43.10', '2002-12-14', '2001-1-1', '2001-13-01', '2001-02-29', '2000-02-29', '0000-01-01',
    '2001-12-14 25:00:00', '2001-12-14 21:59:43+99', '2001-12-14 21:59:43.1234567',
    # plain text
    'a#b', 'a:b', '-a', '?a', ':a', 'a,b', 'x]', 'plain text with spaces', 'ünïcödé', '日本語',
    '😀 emoji', 'back\\slash', "it's", 'say "hi"', '1 2',
]
# Scalars that are errors or change the structure where a plain value stands (merge and value keys too).
ODD_SCALARS = ['tab\tinside', '<<', '=', '@x', '`x', '%x', 'a #b', 'a: b', '[a', '{a', '- x', '#', '&x', '*x', '!x', '|', '>']

TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!binary', '!!timestamp', '!', '!foo', '!<tag:yaml.org,2002:str>',
        '!!python/tuple', '!!merge', '!!value']

WORDS = ['a', 'b', 'key', 'name', 'Value', 'x1', 'long_key_name', 'RoleName', 'tags', 'ports', 'mtu', 'enabled']


class Generator:
    def __init__(self, rnd):
        self.r = rnd
        self.anchors = []
        self.n = 0

    def anchor(self):
        self.n += 1
        name = 'a%d' % self.n
        self.anchors.append(name)
        return '&%s ' % name

    def quoted(self, s):
        r = self.r
        choice = r.random()
        if choice < 0.4:
            return "'" + s.replace("'", "''") + "'"
        esc = s.replace('\\', '\\\\').replace('"', '\\"')
        extra = r.choice(['', '\\t', '\\n', '\\x41', '\\u00e9', '\\U0001F600', '\\ ', '\\/', '\\0', '\\e', '\\N', '\\_', '\\L', '\\q', '\\x4'])
        return '"' + esc + (extra if r.random() < 0.3 else '') + '"'

    def scalar(self, flow=False):
        r = self.r
        s = r.choice(ODD_SCALARS if r.random() < 0.06 else SCALARS)
        if flow and s == '':
            s = 'x'
        roll = r.random()
        if roll < 0.15:
            return self.quoted(s)
        if roll < 0.22 and self.anchors:
            return '*' + r.choice(self.anchors)
        if roll < 0.30:
            return r.choice(TAGS) + ' ' + (s if r.random() < 0.7 else self.quoted(s))
        if roll < 0.34:
            return self.anchor() + s
        if flow and any(c in s for c in ',[]{}'):
            return self.quoted(s)
        return s

    def key(self):
        r = self.r
        roll = r.random()
        if roll < 0.7:
            return r.choice(WORDS)
        if roll < 0.8:
            return r.choice(['1', '1.0', 'true', 'null', '~', '2001-12-14', '0x10', '<<', '='])
        if roll < 0.9:
            return self.quoted(r.choice(WORDS + ['a b', 'x: y', '1']))
        return self.scalar()

    def flow(self, depth):
        r = self.r
        if depth > 2 or r.random() < 0.4:
            return self.scalar(flow=True)
        if r.random() < 0.5:
            items = [self.flow(depth + 1) for _ in range(r.randint(0, 4))]
            if r.random() < 0.1 and items:
                items[0] = self.key() + ': ' + items[0]
            return '[' + ', '.join(items) + (',' if r.random() < 0.1 else '') + ']'
        pairs = []
        for _ in range(r.randint(0, 4)):
            if r.random() < 0.1:
                pairs.append(self.key())
            else:
                pairs.append('%s: %s' % (self.key(), self.flow(depth + 1)))
        return '{' + ', '.join(pairs) + '}'

    def block_scalar(self, indent):
        r = self.r
        header = r.choice(['|', '>', '|-', '>+', '|2', '>-1', '|+', '>2-'])
        pad = ' ' * (indent + 2)
        lines = []
        for _ in range(r.randint(1, 5)):
            roll = r.random()
            if roll < 0.15:
                lines.append('')
            elif roll < 0.25:
                lines.append(pad + '  ' + r.choice(WORDS))
            else:
                lines.append(pad + ' '.join(r.choice(WORDS) for _ in range(r.randint(1, 4))))
        return header + (' # c' if r.random() < 0.1 else '') + '\n' + '\n'.join(lines) + ('\n' * r.randint(0, 2))

    def node(self, indent, depth, in_seq=False):
        """A value placed after 'key:' or '- ' (returns text starting on that line)."""
        r = self.r
        roll = r.random()
        if depth > 4 or roll < 0.35:
            s = self.scalar()
            if r.random() < 0.08:
                s = s + '\n' + ' ' * (indent + 2) + r.choice(WORDS)  # multi-line plain
            return ' ' + s + self.comment() + '\n'
        if roll < 0.45:
            return ' ' + self.flow(0) + self.comment() + '\n'
        if roll < 0.52:
            return ' ' + self.block_scalar(indent)
        props = ''
        if r.random() < 0.15:
            props = ' ' + self.anchor().strip()
        if r.random() < 0.05:
            props += ' ' + r.choice(['!!map', '!!seq', '!!omap', '!!set', '!!pairs'])
        child = indent + r.choice([2, 2, 2, 4, 1, 3])
        if roll < 0.75:
            return props + '\n' + self.mapping(child, depth + 1)
        seq_indent = indent if (not in_seq and r.random() < 0.3) else child
        return props + '\n' + self.sequence(seq_indent, depth + 1)

    def comment(self):
        return ' # ' + self.r.choice(WORDS) if self.r.random() < 0.1 else ''

    def mapping(self, indent, depth):
        r = self.r
        out = []
        for _ in range(r.randint(1, 5)):
            pad = ' ' * indent
            roll = r.random()
            if roll < 0.06 and self.anchors:
                out.append(pad + '<<: ' + (('*' + r.choice(self.anchors)) if r.random() < 0.7 else '[' + ', '.join('*' + a for a in r.sample(self.anchors, min(2, len(self.anchors)))) + ']') + '\n')
                continue
            if roll < 0.1:
                out.append(pad + '? ' + self.key() + '\n' + pad + ':' + self.node(indent, depth))
                continue
            if roll < 0.13:
                out.append(pad + '# ' + r.choice(WORDS) + '\n')
                continue
            if roll < 0.16:
                out.append('\n')
            value = self.node(indent, depth)
            if r.random() < 0.02:
                # A tab after the colon: libyaml (Heat) takes it as a separator, pure PyYAML refuses it.
                value = '\t' + value.lstrip(' ')
            out.append(pad + self.key() + ':' + value)
        return ''.join(out)

    def sequence(self, indent, depth):
        r = self.r
        out = []
        for _ in range(r.randint(1, 5)):
            pad = ' ' * indent
            roll = r.random()
            if roll < 0.08:
                out.append(pad + '-\n')
            elif roll < 0.2:
                # compact nested sequence / mapping on the dash line
                inner = ' ' * (indent + 2)
                if r.random() < 0.5:
                    out.append(pad + '- - ' + self.scalar() + '\n' + inner + '- ' + self.scalar() + '\n')
                else:
                    out.append(pad + '- ' + self.key() + ': ' + self.scalar() + '\n' + inner + self.key() + ':' + self.node(indent + 2, depth))
            else:
                out.append(pad + '-' + self.node(indent, depth, in_seq=True))
        return ''.join(out)

    def document(self):
        r = self.r
        self.anchors = []
        head = ''
        roll = r.random()
        if roll < 0.05:
            head = '%YAML 1.1\n---\n'
        elif roll < 0.08:
            head = '%TAG !e! tag:example.com,2000:\n---\n'
        elif roll < 0.15:
            head = '---\n'
        elif roll < 0.17:
            head = '--- '
        if head == '--- ':
            body = self.scalar() + '\n'
        elif r.random() < 0.65:
            body = self.mapping(0, 0)
        elif r.random() < 0.8:
            body = self.sequence(0, 0)
        else:
            body = self.flow(0) + '\n'
        tail = r.choice(['', '', '', '', '', '...\n', '# end\n', '# end\n', '', '', '', '---\nsecond: doc\n'])
        bom = '\ufeff' if r.random() < 0.03 else ''
        return (bom + head + body + tail).encode('utf-8')


MUTATIONS = [b'\t', b' ', b'\n', b'\r', b'\r\n', b':', b'-', b'?', b'#', b'"', b"'", b'[', b']', b'{', b'}', b',',
             b'&x', b'*x', b'!', b'!!str ', b'|', b'>', b'%', b'@', b'`', b'\xef\xbb\xbf', b'\x00', b'\x07',
             b'\x7f', b'\xc2\x85', b'\xe2\x80\xa8', b'\xff', b'\xc3', b'\xed\xa0\x80', b'---', b'...', b'<<', b'  ',
             b'\\', b'0', b'x', b'=']


def mutate(data, rnd):
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(data) + 1)
        roll = rnd.random()
        if roll < 0.5:
            data = data[:i] + rnd.choice(MUTATIONS) + data[i:]
        elif roll < 0.8:
            data = data[:i] + data[i + 1:]
        else:
            data = data[:i] + rnd.choice(MUTATIONS) + data[i + 1:]
    return data


def fixture_files(root):
    out = []
    for base, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith('.yaml'):
                out.append(os.path.join(base, f))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--fixtures', help='load every *.yaml file under this folder')
    ap.add_argument('--relative-to', default='test/fixtures', help='fixture files are named relative to this folder (where the test finds them)')
    ap.add_argument('--generate', type=int, default=0, help='number of generated documents')
    ap.add_argument('--mutate', type=int, default=0, help='number of byte-level mutations (of fixture and generated documents)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--max-bytes', type=int, default=4000, help='fixture files mutated must be at most this long')
    ap.add_argument('--full', action='store_true', help='record the values of fixture files in full, not as digests')
    ap.add_argument('-o', '--output', default='-')
    ap.add_argument('--check', action='store_true', help='print the versions of the references and exit')
    args = ap.parse_args()
    if args.check:
        print('PyYAML %s, libyaml %s, Heat loader base %s' % (yaml.__version__, getattr(yaml, '__with_libyaml__', False), HeatBase.__name__))
        return
    rnd = random.Random(args.seed)
    cases = []
    sources = []
    if args.fixtures:
        for path in fixture_files(args.fixtures):
            with open(path, 'rb') as f:
                data = f.read()
            name = os.path.relpath(path, args.relative_to)
            cases.append({'name': name, 'file': name, 'data': data})
            if len(data) <= args.max_bytes:
                sources.append(data)
    gen = Generator(rnd)
    for k in range(args.generate):
        data = gen.document()
        cases.append({'name': 'generated-%d' % k, 'data': data})
        sources.append(data)
    for k in range(args.mutate if sources else 0):
        data = mutate(rnd.choice(sources), rnd)
        cases.append({'name': 'mutated-%d' % k, 'data': data})
    out = []
    for c in cases:
        data = c.pop('data')
        if 'file' not in c:
            try:
                c['text'] = data.decode('utf-8')
            except UnicodeDecodeError:
                c['base64'] = base64.b64encode(data).decode()
        summarize = 'file' in c and not args.full
        c['safe_load'] = load(data, yaml.SafeLoader, as_text=False, summarize=summarize)
        c['heat'] = load(data, HeatLoader, as_text=True, summarize=summarize)
        out.append(c)
    doc = {'pyyaml': yaml.__version__, 'libyaml': HeatBase is not yaml.SafeLoader, 'seed': args.seed, 'cases': out}
    text = json.dumps(doc, ensure_ascii=False, indent=None, separators=(',', ':'))
    if args.output == '-':
        sys.stdout.write(text + '\n')
    else:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(text + '\n')


if __name__ == '__main__':
    main()
