"""Reference answers of Python yaql, configured as Heat configures it, for
src/heat/yaql's tests.

usage: /usr/bin/python3 tools/heat/yaql_reference.py --tht-git GITDIR
         --tht-bin bin/tht.js --work DIR [--refs REF...] [--generated N] -o OUT

Three sources of cases, each evaluated by Heat's own Yaql function class
(heat/engine/hot/functions.py: its parser, built by YaqlFactory().create()
with yaql.limitIterators/yaql.memoryQuota, and its yaql.create_context()):

1. THT as Heat sees it. For each THT ref (master and the stable branches),
   the tree is rendered with `tht render -o` and validated in-process
   (tools/heat/inprocess.py, undercloud limits). Every yaql function in every
   stack Heat built is collected, its `data` and `expression` resolved by
   Heat (function.resolve: parameters with their values, get_attr of a
   resource not created yet None), and evaluated with Heat's default limits:
   the expression on the data Heat would give it at validate time.
2. The same THT expressions on other data: each one on the data of the
   others, so that a template's expression also meets real shapes it was
   not written for.
3. Generated expressions (seeded): random compositions of the standard
   library's functions, operators and literals on random data, plus
   mutations that break the syntax, and reruns of a sample under other
   limits (the undercloud's, and tiny ones).

Results are encoded with their Python types ({"$tuple": []}, {"$dict":
[[k, v]]}, {"$float": "1.0"}, {"$set": []}, {"$int": "..."}); an error is
{"type": class name, "message": str(e)} with object addresses removed, and
an evaluation that does not end within 1 s is {"type": "PythonHang"}.
Python's set order is its hash order, which varies with PYTHONHASHSEED: a
case that makes a set is evaluated again under two other seeds. One whose
answer shows a set, or that builds one, is marked "hash_order": "sets" (the
test compares it without order: tht iterates a set in insertion order, Python
in hash order), one whose answer differs between seeds "hash_order":
"unstable" (Python itself has no one answer: the test compares whether it is
a value or which error).
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

HEAT_DEFAULTS = {'limit_iterators': 200, 'memory_quota': 10000}
TIMEOUT_SECONDS = 1
OTHER_LIMITS = [{'limit_iterators': 10000, 'memory_quota': 200000}, {'limit_iterators': 3, 'memory_quota': 1000}]
DEFAULT_REFS = ['master', 'origin/stable/victoria', 'origin/stable/ussuri', 'origin/stable/train',
                'origin/stable/stein', 'origin/stable/rocky', 'origin/stable/queens']


# ---- typed JSON --------------------------------------------------------------

ADDRESS = re.compile(r' at 0x[0-9a-f]+')


def encode(v):
    if isinstance(v, str):
        # str() of an iterator shows its address, which varies between runs.
        return ADDRESS.sub('', v)
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if abs(v) < 2 ** 53 else {'$int': str(v)}
    if isinstance(v, float):
        if v != v or v in (float('inf'), float('-inf')) or v.is_integer():
            return {'$float': repr(v)}
        return v
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, tuple):
        return {'$tuple': [encode(x) for x in v]}
    if isinstance(v, dict):
        return {'$dict': [[encode(k), encode(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {'$set': [encode(x) for x in v], 'frozen': isinstance(v, frozenset)}
    return {'$repr': ADDRESS.sub('', repr(v))}


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if '$dict' in v:
            return {decode(k): decode(x) for k, x in v['$dict']}
        if '$tuple' in v:
            return tuple(decode(x) for x in v['$tuple'])
        if '$float' in v:
            return float(v['$float'])
        if '$int' in v:
            return int(v['$int'])
        raise ValueError('cannot decode %r' % v)
    return v


def error_of(ex):
    message = ADDRESS.sub('', str(ex))
    return {'type': type(ex).__name__, 'message': message}


# ---- evaluation as Heat does it ------------------------------------------------

class HeatYaql:
    """Heat's Yaql function machinery with chosen limits (functions.Yaql builds its parser from cfg)."""

    def __init__(self):
        from oslo_config import cfg
        from heat.common import config  # noqa: F401
        from heat.engine.hot import functions
        try:
            cfg.CONF([], project='heat', default_config_files=[])
        except cfg.Error:
            pass
        self.cfg = cfg
        self.Yaql = functions.Yaql
        # Heat builds its parser once per process; building one (PLY's tables) takes 0.3 s.
        self.parsers = {}

    def evaluate(self, expression, data, limits):
        import signal
        for name, value in limits.items():
            self.cfg.CONF.set_override(name, value, group='yaql')
        self.Yaql._parser = self.parsers.get(json.dumps(limits, sort_keys=True))

        def too_long(*_):
            raise TimeoutError()
        signal.signal(signal.SIGALRM, too_long)
        try:
            parser = self.Yaql.get_yaql_parser()
            self.parsers[json.dumps(limits, sort_keys=True)] = parser
            context = self.Yaql._context.create_child_context()
            signal.alarm(TIMEOUT_SECONDS)
            try:
                statement = parser(expression)
                return {'ok': encode(statement.evaluate({'data': data}, context))}
            except TimeoutError:
                # Python yaql would run on (an infinite iterator nothing limits): tht must stop instead.
                return {'error': {'type': 'PythonHang', 'message': 'no answer within %d s' % TIMEOUT_SECONDS}}
            except RecursionError:
                return {'error': {'type': 'RecursionError', 'message': 'maximum recursion depth exceeded'}}
            except MemoryError:
                return {'error': {'type': 'PythonHang', 'message': 'MemoryError'}}
            except Exception as ex:  # every failure is an answer to compare
                return {'error': error_of(ex)}
            finally:
                signal.alarm(0)
        finally:
            for name in limits:
                self.cfg.CONF.clear_override(name, group='yaql')
            self.Yaql._parser = None


# ---- 1. THT as Heat sees it ---------------------------------------------------------

def collect_from_heat(tree, environments):
    """(expression, data, file) for every yaql function in the stacks Heat builds for TREE."""
    import inprocess
    from heat.engine import function, stack as stack_mod
    from heat.engine.hot import functions
    heat = inprocess._load_heat()
    stacks = []
    original_init = stack_mod.Stack.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        stacks.append(self)
    stack_mod.Stack.__init__ = recording_init
    try:
        fields = inprocess.in_directory(tree, inprocess.build_request, 'overcloud.yaml', environments)
        body = inprocess.request_body(fields)
        inprocess.validate_body(body, inprocess.resolve_limits('undercloud', {'max_template_size': 2 ** 31 - 1,
                                                                             'max_json_body_size': 2 ** 31 - 1}))
    finally:
        stack_mod.Stack.__init__ = original_init
    del heat
    found = []
    for st in stacks:
        t = st.t
        sections = {}
        for key in ('resources', 'outputs', 'conditions'):
            try:
                sections[key] = t.t.get(key) or {}
            except Exception:
                sections[key] = {}
        try:
            parsed = t.parse(st, sections)
        except Exception:
            continue
        for fn in walk_functions(parsed, functions.Yaql):
            try:
                data = function.resolve(fn._data)
                expression = function.resolve(fn._expression)
            except Exception:
                continue
            if isinstance(expression, str):
                found.append((expression, data, getattr(t, 'id', None) or st.name))
    return found


def walk_functions(v, cls, seen=None):
    from heat.engine import function
    seen = set() if seen is None else seen
    if id(v) in seen:
        return
    seen.add(id(v))
    if isinstance(v, cls):
        yield v
    if isinstance(v, function.Function):
        yield from walk_functions(v.args, cls, seen)
    elif isinstance(v, dict):
        for x in v.values():
            yield from walk_functions(x, cls, seen)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from walk_functions(x, cls, seen)


def static_expressions(tree):
    """Every yaql expression written in the rendered TREE's YAML files."""
    import yaml
    found = set()

    def walk(v):
        if isinstance(v, dict):
            y = v.get('yaql')
            if isinstance(y, dict) and isinstance(y.get('expression'), str):
                found.add(y['expression'])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for root, _, names in os.walk(tree):
        for n in names:
            if not n.endswith('.yaml'):
                continue
            with open(os.path.join(root, n), 'rb') as f:
                text = f.read()
            if b'yaql' not in text:
                continue
            try:
                walk(yaml.load(text, Loader=yaml.BaseLoader))
            except yaml.YAMLError:
                continue
    return found


def render(tht_git, tht_bin, ref, work):
    src = os.path.join(work, 'src-' + ref.replace('/', '_'))
    out = os.path.join(work, 'rendered-' + ref.replace('/', '_'))
    if not os.path.isdir(out):
        os.makedirs(src, exist_ok=True)
        archive = subprocess.run(['git', '--git-dir', tht_git, 'archive', ref], check=True, capture_output=True).stdout
        subprocess.run(['tar', '-x', '-C', src], input=archive, check=True)
        subprocess.run(['node', tht_bin, 'render', '-p', src, '-o', out, '-q'], check=True, capture_output=True)
    return out


# ---- 3. generated expressions -----------------------------------------------------

WORDS = ['a', 'b', 'c', 'name', 'data', 'k1', 'x', 'ip', 'net']
SCALARS = [None, True, False, 0, 1, -2, 3, 7, 2.5, -0.5, 1.0, '', 'a', 'b', 'ab', 'A,B', '10.0.0.1/24', 'x y', 'Hello',
           'é', 'a:b:c', '1', '2M', 'true', 'registry.io/ns/img:tag', 'Controller']


def random_data(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return rng.choice(SCALARS)
    if r < 0.6:
        return [random_data(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(WORDS): random_data(rng, depth + 1) for _ in range(rng.randint(0, 4))}


# Literals and data paths by the kind of value they give.
ATOMS = {
    'coll': ['[]', '[1, 2, 3]', "['a', 'b']", '[[1, 2], [3]]', '[null, 1, null]', "['b', 'a', 'c']", '[3, 1, 2]',
             "[['k', 'v'], ['a', 1]]", "[{a => 1}, {a => 2, b => 3}]", 'coalesce($.data, [])', '$.data', "$.data.get('a', [])",
             'range(4)', "'a,b,c'.split(',')"],
    'dict': ['{}', '{a => 1, b => 2}', "{'k' => [1, 2]}", '{b => {c => 1}, a => [1]}', '$.data', 'coalesce($.data, {})',
             "dict(a => 1)", "{1 => 'one', 2.0 => 'two'}"],
    'str': ["'a'", "'ab'", '"x,y"', "''", "'a b  c'", "'A-b_C'", '"10.0.0.1/24"', "'{0}-{1}'", '`\\d+`', "'x\\ty'",
            "'é'", "'Hello World'", 'str($.data)', "'registry.io/ns/img:tag'", "' pad '"],
    'num': ['0', '1', '2', '-1', '3', '10', '2.5', '0.5', '1.0', '7', '-3'],
    'bool': ['true', 'false', 'null'],
    'any': ['$.data', '$', '$.data.a', '$.data.b', '$.data[0]', '$.data.x', 'null', '$.data.get(a)'],
}
LAMBDAS = ['$', '$ + 1', '$ * 2', '$ > 1', '$ = null', '$ != null', 'not $', 'str($)', '$.len()', '[$, $]', '$[0]',
           "$ + 'x'", 'isString($)', '$ in [1, 2]', 'let(v => $) -> $v', '$1', '{$ => 1}', '$.a', "$.get('a')"]
# Methods by receiver kind: (name, argument kinds, result kind).
METHODS = {
    'coll': [('where', 'L', 'coll'), ('select', 'L', 'coll'), ('selectMany', 'L', 'coll'), ('first', '', 'any'),
             ('first', 'V', 'any'), ('last', '', 'any'), ('single', '', 'any'), ('distinct', '', 'coll'),
             ('flatten', '', 'coll'), ('len', '', 'num'), ('count', '', 'num'), ('sum', '', 'num'), ('max', '', 'any'),
             ('min', '', 'any'), ('any', '', 'bool'), ('all', 'L', 'bool'), ('orderBy', 'L', 'coll'),
             ('orderByDescending', 'L', 'coll'), ('groupBy', 'L', 'coll'), ('groupBy', 'LL', 'coll'),
             ('join', 'S', 'str'), ('take', 'I', 'coll'), ('skip', 'I', 'coll'), ('reverse', '', 'coll'),
             ('enumerate', '', 'coll'), ('zip', 'C', 'coll'), ('zipLongest', 'C', 'coll'), ('concat', 'C', 'coll'),
             ('append', 'V', 'coll'), ('toList', '', 'coll'), ('toSet', '', 'coll'), ('contains', 'V', 'bool'),
             ('indexOf', 'V', 'num'), ('reduce', '2', 'any'), ('reduce', '2V', 'any'), ('memorize', '', 'coll'),
             ('delete', 'I', 'coll'), ('insert', 'IV', 'coll'), ('replace', 'IV', 'coll'), ('takeWhile', 'L', 'coll'),
             ('skipWhile', 'L', 'coll'), ('splitAt', 'I', 'coll'), ('slice', 'I', 'coll'), ('toDict', 'L', 'dict'),
             ('toDict', 'LL', 'dict'), ('defaultIfEmpty', 'C', 'coll'), ('indexWhere', 'L', 'num'),
             ('accumulate', '2', 'coll'), ('repeat', 'I', 'coll'), ('sum', '', 'num'), ('isEmpty', '', 'bool')],
    'dict': [('keys', '', 'coll'), ('values', '', 'coll'), ('items', '', 'coll'), ('get', 'V', 'any'),
             ('get', 'VV', 'any'), ('len', '', 'num'), ('containsKey', 'V', 'bool'), ('containsValue', 'V', 'bool'),
             ('mergeWith', 'D', 'dict'), ('set', 'VV', 'dict'), ('delete', 'V', 'dict'), ('deleteAll', 'C', 'dict'),
             ('a', '.', 'any'), ('b', '.', 'any')],
    'str': [('toUpper', '', 'str'), ('toLower', '', 'str'), ('split', '', 'coll'), ('split', 'S', 'coll'),
            ('split', 'SI', 'coll'), ('rightSplit', 'S', 'coll'), ('rightSplit', 'SI', 'coll'), ('trim', '', 'str'),
            ('trimLeft', 'S', 'str'), ('trimRight', '', 'str'), ('replace', 'SS', 'str'), ('format', 'V', 'str'),
            ('format', 'VV', 'str'), ('startsWith', 'S', 'bool'), ('endsWith', 'S', 'bool'), ('substring', 'I', 'str'),
            ('substring', 'II', 'str'), ('indexOf', 'S', 'num'), ('lastIndexOf', 'S', 'num'), ('len', '', 'num'),
            ('toCharArray', '', 'coll'), ('matches', 'S', 'bool'), ('isEmpty', '', 'bool'), ('join', 'C', 'str'),
            ('norm', '', 'str')],
    'num': [], 'bool': [], 'any': [],
}
FUNCTIONS = [('len', 'V', 'num'), ('str', 'V', 'str'), ('int', 'V', 'num'), ('float', 'V', 'num'), ('bool', 'V', 'bool'),
             ('isList', 'V', 'bool'), ('isDict', 'V', 'bool'), ('isString', 'V', 'bool'), ('isInteger', 'V', 'bool'),
             ('isNumber', 'V', 'bool'), ('isSet', 'V', 'bool'), ('coalesce', 'VV', 'any'), ('list', 'V', 'coll'),
             ('list', 'VV', 'coll'), ('dict', 'C', 'dict'), ('concat', 'SS', 'str'), ('range', 'I', 'coll'),
             ('range', 'II', 'coll'), ('max', 'VV', 'any'), ('min', 'VV', 'any'), ('abs', 'N', 'num'),
             ('switch', 'MM', 'any'), ('regex', 'S', 'any'), ('set', 'VV', 'coll'), ('flatten', 'C', 'coll'),
             ('distinct', 'C', 'coll'), ('zip', 'CC', 'coll'), ('let', 'K', 'any'), ('round', 'N', 'num'),
             ('sign', 'N', 'num'), ('pow', 'II', 'num'), ('escapeRegex', 'S', 'str'), ('selectCase', 'VV', 'num'),
             ('examine', 'VV', 'coll'), ('hex', 'N', 'str'), ('characters', 'K', 'coll'), ('format', 'SV', 'str'),
             ('join', 'SC', 'str'), ('dict', 'R', 'dict'), ('sequence', 'I', 'coll'), ('isEmpty', 'S', 'bool')]
BINARY = {'num': ['+', '-', '*', '/', 'mod'], 'str': ['+', '*'], 'bool': ['=', '!=', '<', '>', '<=', '>=', 'and', 'or', 'in', '=~', '!~'],
          'coll': ['+', '*'], 'dict': ['+'], 'any': ['=', 'and', 'or', '+']}


class Generator:
    """Random expressions, mostly well-typed (so most give values), sometimes not."""

    def __init__(self, rng, depth_limit=3):
        self.rng = rng
        self.depth_limit = depth_limit

    def kind(self):
        return self.rng.choice(['coll', 'coll', 'dict', 'str', 'str', 'num', 'bool', 'any'])

    def atom(self, kind):
        return self.rng.choice(ATOMS[kind])

    def arg(self, k, depth):
        rng = self.rng
        if k == 'L':
            return rng.choice(LAMBDAS)
        if k == '2':
            return rng.choice(['$1 + $2', '$1.mergeWith($2)', 'max($1, $2)', '[$1, $2]', '$1', '$2'])
        if k == 'I':
            return rng.choice(['0', '1', '2', '-1', '5', 'true', '3'])
        if k == 'N':
            return self.expr('num', depth + 1)
        if k == 'S':
            return rng.choice(["','", "'a'", "' '", "''", "'-'", "'/'", "':'", "'x'", '"b"', '`\\w`', "'(a)'", "'{0}'"])
        if k == 'M':
            return '%s => %s' % (self.expr('bool', depth + 1), self.expr(self.kind(), depth + 1))
        if k == 'R':
            return '%s => %s' % (rng.choice(['a', 'b', "'k'", '1']), self.expr(self.kind(), depth + 1))
        if k == 'D':
            return self.expr('dict', depth + 1)
        if k == 'C':
            return self.expr('coll', depth + 1)
        return self.expr(self.kind(), depth + 1)

    def call(self, name, kinds, depth):
        if kinds == 'K':
            if name == 'characters':
                return 'characters(%s)' % self.rng.choice(['digits => true', 'asciiLowercase => true',
                                                           'octdigits => true, hexdigits => true', 'letters => true'])
            return 'let(x => %s) -> $x' % self.expr(self.kind(), depth + 1)
        return '%s(%s)' % (name, ', '.join(self.arg(k, depth) for k in kinds))

    def expr(self, kind=None, depth=0):
        kind = kind or self.kind()
        rng = self.rng
        if depth >= self.depth_limit or rng.random() < 0.2:
            return self.atom(kind)
        r = rng.random()
        if r < 0.45:
            recv_kind = rng.choice([k for k in ('coll', 'dict', 'str') if any(m[2] == kind for m in METHODS[k])] or ['coll'])
            options = [m for m in METHODS[recv_kind] if m[2] == kind or kind == 'any' or rng.random() < 0.1] or METHODS[recv_kind]
            name, args, _ = rng.choice(options)
            recv = self.expr(recv_kind, depth + 1)
            if not re.match(r'^[\w$.\[\]\'"(),]*$', recv):
                recv = '(%s)' % recv
            if args == '.':
                return '%s.%s' % (recv, name)
            return '%s.%s' % (recv, self.call(name, args, depth))
        if r < 0.7:
            options = [f for f in FUNCTIONS if f[2] == kind or kind == 'any' or rng.random() < 0.1] or FUNCTIONS
            name, args, _ = rng.choice(options)
            return self.call(name, args, depth)
        if r < 0.88:
            op = rng.choice(BINARY[kind])
            sub = kind if kind not in ('bool', 'any') else self.kind()
            left, right = self.expr(sub, depth + 1), self.expr(sub if rng.random() < 0.8 else self.kind(), depth + 1)
            if op == '*' and kind in ('str', 'coll'):
                right = rng.choice(['2', '0', '3'])
            return '%s %s %s' % (left, op, right)
        if r < 0.94:
            return '%s%s' % (rng.choice({'num': ['-', '+'], 'bool': ['not ']}.get(kind, ['not ', '-'])),
                             self.expr(kind, depth + 1))
        return '%s[%s]' % (self.expr(rng.choice(['coll', 'dict', 'str']), depth + 1),
                           rng.choice(['0', '-1', '1', "'a'", '1, 2', 'a']))


def mutate(rng, expression):
    """Syntax and lexical errors: a character or token inserted, removed or doubled."""
    cs = list(expression)
    op = rng.random()
    i = rng.randrange(len(cs) + 1)
    if op < 0.4 and cs:
        del cs[min(i, len(cs) - 1)]
    elif op < 0.8:
        cs.insert(i, rng.choice(list("()[]{},.=>-+*'\"`$@#!?;: abc0") + ['=>', '->', 'and', '..', ',,']))
    elif cs:
        j = min(i, len(cs) - 1)
        cs.insert(j, cs[j])
    return ''.join(cs)


SET_CONSTRUCTORS = re.compile(r'toSet|set\(|union|intersect|difference|characters|\.add\(|\.remove\(')
SET_MAKERS = re.compile(r'toSet|set\(|union|intersect|difference|characters|\.add\(|\.remove\(|keys\(\)|items\(\)')


def evaluate_with_seed(work, name, cases, seed):
    """Evaluate CASES in a fresh Python with PYTHONHASHSEED=SEED."""
    path = os.path.join(work, '%s-%s.json' % (name, seed))
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(cases, f)
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, os.path.abspath(__file__), '--evaluate', path],
                         check=True, capture_output=True, env=env).stdout
    return json.loads(out)


def mentions_set(answer):
    """A set in the answer (a value, or printed in a message) is in Python's hash order."""
    text = json.dumps({k: answer[k] for k in ('ok', 'error') if k in answer})
    return '"$set"' in text or 'frozenset(' in text


# ---- main ----------------------------------------------------------------

def evaluate_all(cases):
    """Evaluate CASES here (one hash seed) and return the answers in order."""
    heat = HeatYaql()
    out = []
    for c in cases:
        out.append(heat.evaluate(c['expression'], decode(c['data']), c['limits']))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tht-git', required=False)
    ap.add_argument('--tht-bin')
    ap.add_argument('--work')
    ap.add_argument('--refs', nargs='*', default=DEFAULT_REFS)
    ap.add_argument('--generated', type=int, default=6000)
    ap.add_argument('--seed', type=int, default=12)
    ap.add_argument('--evaluate', help=argparse.SUPPRESS)
    ap.add_argument('-o', '--output')
    args = ap.parse_args(argv)
    import logging
    logging.basicConfig(level=logging.CRITICAL)

    if args.evaluate:  # the worker: evaluate a case file under this process's hash seed
        with open(args.evaluate, encoding='utf-8') as f:
            cases = json.load(f)
        json.dump(evaluate_all(cases), sys.stdout)
        return 0

    work = args.work or tempfile.mkdtemp(prefix='tht-yaql-reference.')
    os.makedirs(work, exist_ok=True)
    cases, seen = [], set()

    def add(expression, data, limits, source):
        key = json.dumps([expression, encode(data), limits], sort_keys=True)
        if key in seen:
            return
        seen.add(key)
        cases.append({'expression': expression, 'data': encode(data), 'limits': limits, 'source': source})

    tht_pairs = []
    static = set()
    for ref in args.refs:
        tree = render(args.tht_git, args.tht_bin, ref, work)
        cache = os.path.join(work, 'heat-pairs-%s.json' % ref.replace('/', '_'))
        if not os.path.exists(cache):
            found = collect_from_heat(tree, ['overcloud-resource-registry-puppet.yaml'])
            with open(cache, 'w', encoding='utf-8') as f:
                json.dump([[e, encode(d)] for e, d, _ in found], f)
        with open(cache, encoding='utf-8') as f:
            # Heat builds its stacks in an order that varies between runs: sort, so the sampling below repeats.
            found = [(e, decode(d)) for e, d in sorted(json.load(f), key=lambda p: json.dumps(p, sort_keys=True))]
        sys.stderr.write('%s: %d yaql functions evaluated by Heat at validate time\n' % (ref, len(found)))
        for expression, data in found:
            tht_pairs.append((expression, data, ref))
            add(expression, data, HEAT_DEFAULTS, 'tht:' + ref)
        static.update(static_expressions(tree))
    # 2. THT expressions on the data of the others, and those Heat did not reach (services not deployed).
    rng = random.Random(args.seed)
    expressions = sorted({e for e, _, _ in tht_pairs})
    datas = [d for _, d, _ in tht_pairs]
    for e in expressions:
        for d in rng.sample(datas, min(6, len(datas))):
            add(e, d, HEAT_DEFAULTS, 'tht-crossed')
    unreached = sorted(static - set(expressions))
    sys.stderr.write('%d distinct THT expressions, %d of them not evaluated by Heat at validate time\n'
                     % (len(static | set(expressions)), len(unreached)))
    for e in unreached:
        add(e, None, HEAT_DEFAULTS, 'tht-static')
        for d in rng.sample(datas, min(6, len(datas))):
            add(e, d, HEAT_DEFAULTS, 'tht-static')
    # 3. Generated expressions.
    gen = Generator(rng)
    for i in range(args.generated):
        e = gen.expr()
        data = random_data(rng)
        add(e, data, HEAT_DEFAULTS, 'generated')
        if i % 4 == 0:
            add(mutate(rng, e), data, HEAT_DEFAULTS, 'mutated')
        if i % 10 == 0:
            add(e, data, rng.choice(OTHER_LIMITS), 'generated-limits')
    for e in expressions[::3]:
        add(e, rng.choice(datas), OTHER_LIMITS[1], 'tht-tiny-limits')

    answers = evaluate_with_seed(work, 'cases', cases, '0')
    for c, a in zip(cases, answers):
        c.update(a)
    # Only sets have a seed-dependent order: evaluate again what could make one.
    maybe = [c for c in cases if SET_MAKERS.search(c['expression']) or mentions_set(c)]
    plain = [{k: c[k] for k in ('expression', 'data', 'limits')} for c in maybe]
    for c in maybe:
        # tht iterates a set in insertion order, Python in hash order: what depends on it is compared without order.
        if mentions_set(c) or SET_CONSTRUCTORS.search(c['expression']):
            c['hash_order'] = 'sets'
    for seed in ('1', '2'):
        for c, a in zip(maybe, evaluate_with_seed(work, 'sets', plain, seed)):
            if a != {k: c[k] for k in ('ok', 'error') if k in c}:
                c['hash_order'] = 'unstable'

    from yaql import __version__ as yaql_version  # noqa: F401 (documents the reference)
    import inprocess
    result = {'reference': dict(inprocess.versions(), python=sys.version.split()[0]),
              'heat_defaults': HEAT_DEFAULTS, 'cases': cases}
    inprocess.write_output(json.dumps(result, separators=(',', ':')), args.output)
    kinds = {}
    for c in cases:
        kinds.setdefault(c['source'].split(':')[0], [0, 0])
        kinds[c['source'].split(':')[0]][0 if 'ok' in c else 1] += 1
    for k, (ok, err) in sorted(kinds.items()):
        sys.stderr.write('%-18s %5d cases: %5d values, %5d errors\n' % (k, ok + err, ok, err))
    return 0


if __name__ == '__main__':
    sys.exit(main())
