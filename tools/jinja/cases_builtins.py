"""Cases for every built-in filter, test and global of jinja2 3.1 with its
argument forms, and for the Python str/list/dict methods templates call:
tables of callables x argument forms x values of each Python type."""
import datetime
import random


def C(group, template, ctx=None, files=None):
    return (group, template, ctx, files)


# Values by name; each table row names the ones it applies to.
V = {
    "int": 42, "neg": -7, "zero": 0, "big": 2**64 + 1, "float": 3.75, "negf": -2.5, "intf": 2.0, "tiny": 1e-05, "bool": True,
    "none": None, "empty": "", "word": "hello", "title": "hello WORLD of jinja", "quote": "it's \"quoted\"", "uni": "ünïcødé straße",
    "pad": "  padded  ", "lines": "one\ntwo\n\nfour", "html": "<p>a &amp; b</p><br/>", "long": "The quick brown fox jumps over the lazy dog",
    "num": "12", "numf": "-3.5", "hex": "0x1A", "url": "see https://example.com/a?b=1&c=2 now", "mixed": "aBc-DeF_ghi",
    "lempty": [], "lint": [3, 1, 2, 3], "lstr": ["b", "A", "c", "a"], "lmix": [1, "a", None], "lnest": [[1, 2], [3]],
    "lfloat": [1.5, 2.0, -0.5], "tuple": (1, "two", 3.0), "t1": ("only",), "dempty": {}, "dict": {"b": 2, "a": 1, "C": 3},
    "dint": {2: "two", 1: "one"}, "dnest": {"k": [1, {"x": None}]},
    "users": [{"name": "bob", "age": 30, "city": "Oslo"}, {"name": "Ann", "age": 25, "city": "oslo"},
              {"name": "cid", "age": 30, "city": "Rome"}, {"name": "dee", "city": "Oslo"}],
    "date": datetime.date(2024, 2, 29),
}

STRINGS = ["empty", "word", "title", "quote", "uni", "pad", "lines", "html", "long", "num", "mixed"]
SEQS = ["lempty", "lint", "lstr", "lmix", "tuple", "word", "dict"]
NUMBERS = ["int", "neg", "zero", "big", "float", "negf", "intf", "tiny", "bool"]
WRONG = ["none", "int", "lint", "dict"]

# filter -> (argument forms, value names, wrap in |list because the filter returns a generator)
FILTERS = {
    "abs": (["", "()"], NUMBERS + ["word", "none"], False),
    "attr": (["('name')", "('upper')", "('missing')"], ["users", "word", "dict"], False),
    "batch": (["(2)", "(3, 'x')", "(1)", "(0)"], ["lint", "word", "lempty", "tuple"], True),
    "capitalize": ([""], STRINGS + ["int"], False),
    "center": (["", "(11)", "(width=3)", "(12)"], ["word", "empty", "uni", "int"], False),
    "count": ([""], SEQS + ["none", "int"], False),
    "default": (["", "('dflt')", "('dflt', true)", "(default_value='kw')", "('x', boolean=true)"],
                ["none", "empty", "zero", "word", "lempty", "bool"], False),
    "d": (["('alias')", "('alias', true)"], ["none", "empty"], False),
    "dictsort": (["", "(true)", "(by='value')", "(reverse=true)", "(false, 'value', true)", "(by='x')"], ["dict", "dint", "dempty", "lint"], False),
    "filesizeformat": (["", "(true)", "(binary=true)"], ["int", "zero", "big", "float", "num", "neg", "word"], False),
    "first": ([""], SEQS + ["none"], False),
    "float": (["", "(1.5)", "(default=none)"], ["num", "numf", "word", "int", "none", "bool", "hex", "big"], False),
    "format": (["", "('x')", "(1, 2)", "(k='v')"], ["word", "int"], False),
    "groupby": (["('city')", "('age')", "('age', default=0)", "('city', case_sensitive=true)", "(attribute='name')"], ["users"], False),
    "indent": (["", "(2)", "(2, true)", "(width=1, first=true, blank=true)", "('> ')", "(2, blank=true)"], ["lines", "word", "empty", "int"], False),
    "int": (["", "(7)", "(base=16)", "(0, 16)", "(default=none)", "(0, 2)"], ["num", "numf", "word", "hex", "float", "negf", "none", "bool", "big"], False),
    "items": ([""], ["dict", "dint", "dempty", "none", "lint"], True),
    "join": (["", "(', ')", "('-', 'name')", "(d='|')", "(attribute='age')"], ["lstr", "lint", "lmix", "word", "tuple", "users", "dict"], False),
    "last": ([""], SEQS + ["none"], False),
    "length": ([""], SEQS + ["none", "int", "dnest"], False),
    "list": (["", "()"], SEQS + ["none", "int", "dint"], False),
    "lower": ([""], STRINGS + ["int", "none"], False),
    "map": (["('upper')", "('string')", "(attribute='name')", "(attribute='age', default=0)", "('int')", "('default', 'x')", "('round', 1)"],
            ["lstr", "lint", "users", "lfloat", "lmix"], True),
    "max": (["", "(case_sensitive=true)", "(attribute='age')"], ["lint", "lstr", "lmix", "lempty", "users", "word", "lfloat"], False),
    "min": (["", "(case_sensitive=true)", "(attribute='name')"], ["lint", "lstr", "lmix", "lempty", "users", "word", "lfloat"], False),
    "pprint": ([""], ["dnest", "users", "lnest", "tuple", "word", "float", "dint"], False),
    "random": ([""], ["t1", "lempty"], False),
    "reject": (["", "('odd')", "('none')", "('in', [1, 2])", "('greaterthan', 2)"], ["lint", "lmix", "lempty"], True),
    "rejectattr": (["('age')", "('age', 'gt', 26)", "('city', 'equalto', 'Oslo')", "('name', 'lower')"], ["users"], True),
    "replace": (["('l', 'L')", "('l', 'L', 1)", "('', '-')", "('o', '')", "(old='h', new='j')"], ["word", "title", "empty", "int"], False),
    "reverse": ([""], ["lint", "word", "tuple", "uni", "int", "dict"], True),
    "round": (["", "(1)", "(1, 'floor')", "(0, 'ceil')", "(2)", "(-1)", "(method='down')"], ["float", "negf", "int", "intf", "tiny", "big", "num"], False),
    "safe": ([""], ["html", "int", "none"], False),
    "select": (["", "('odd')", "('even')", "('string')", "('divisibleby', 3)", "('lessthan', 3)", "('defined')"], ["lint", "lmix", "lempty"], True),
    "selectattr": (["('age')", "('age', 'equalto', 30)", "('city', 'in', ['Oslo', 'Rome'])", "('name', 'upper')", "('missing', 'defined')"], ["users"], True),
    "slice": (["(2)", "(3, 0)", "(1)", "(4)"], ["lint", "lstr", "lempty", "word"], True),
    "sort": (["", "(true)", "(reverse=true)", "(case_sensitive=true)", "(attribute='age')", "(attribute='name')", "(attribute='age,name')", "(false, true)"],
             ["lint", "lstr", "lmix", "lfloat", "users", "word", "tuple", "dict"], False),
    "string": ([""], NUMBERS + ["none", "lint", "dict", "tuple", "word", "date"], False),
    "striptags": ([""], ["html", "word", "lines", "int"], False),
    "sum": (["", "(start=10)", "(attribute='age')", "(attribute='age', start=1)"], ["lint", "lfloat", "lempty", "users", "lstr", "tuple"], False),
    "title": ([""], STRINGS + ["int"], False),
    "tojson": (["", "(2)", "(indent=1)"], ["dict", "lmix", "html", "quote", "dnest", "tuple", "int", "float", "none", "big", "uni", "dint"], False),
    "trim": (["", "('h')", "(chars='o h')", "(none)"], ["pad", "word", "empty", "lines", "int"], False),
    "truncate": (["", "(5)", "(9, true)", "(9, false, '..')", "(10, end='')", "(length=8, leeway=0)", "(20)", "(3, true, '')"], ["long", "word", "title", "empty"], False),
    "unique": (["", "(true)", "(attribute='city')", "(case_sensitive=true, attribute='city')"], ["lstr", "lint", "users", "word", "lmix"], True),
    "upper": ([""], STRINGS + ["int", "none"], False),
    "urlencode": ([""], ["word", "url", "uni", "dict", "tuple", "int", "quote"], False),
    "urlize": (["", "(10)", "(nofollow=true)", "(target='_blank')", "(rel='x')", "(extra_schemes=['ftp:'])"], ["url", "word", "long"], False),
    "wordcount": ([""], STRINGS + ["int"], False),
    "wordwrap": (["(10)", "(5, true)", "(5, false)", "(10, wrapstring='|')", "(8, break_on_hyphens=false)", ""], ["long", "word", "mixed", "empty"], False),
    "xmlattr": (["", "(false)"], ["dict", "dempty", "dnest"], False),
    "e": ([""], ["html", "quote", "int"], False),
    "escape": ([""], ["html", "none"], False),
    "forceescape": ([""], ["html", "word"], False),
}


def filters():
    for name, (forms, values, wrap) in FILTERS.items():
        for form in forms:
            for value in values:
                tail = "|list" if wrap else ""
                yield C(name, "{{ v|%s%s%s }}" % (name, form, tail), {"v": V[value]})
    for t in [
        "{{ 'a b'|upper|replace('A', 'x')|length }}", "{{ ['b', 'a']|sort|join }}", "{{ users|groupby('city')|map(attribute='grouper')|list }}",
        "{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }};{% endfor %}",
        "{% for city, people in users|groupby('city') %}{{ city }}={{ people|length }} {% endfor %}", "{{ users|sum(attribute='age') }}",
        "{{ users|map(attribute='age')|select|list }}", "{{ users|selectattr('age', 'defined')|map(attribute='name')|list }}",
        "{{ users|sort(attribute='city')|map(attribute='name')|join }}", "{{ users|sort(attribute='age', reverse=true)|map(attribute='name')|join }}",
        "{{ users|max(attribute='age') }}", "{{ [1, 2, 3]|batch(2)|map('sum')|list }}", "{{ 'abc'|list|reverse|join }}",
        "{{ [('a', 1), ('b', 2)]|map('first')|list }}", "{{ {'a': 1}|dictsort|first }}", "{{ users|map('attr', 'name')|list }}",
        "{{ 3|nonexistent }}", "{{ v|upper(1) }}", "{{ v|replace }}", "{{ v|round('x') }}", "{{ v|truncate(-1) }}", "{{ v|join(1) }}",
        "{{ v|indent(width='>>') }}", "{{ v|center('x') }}", "{{ v|batch('x')|list }}", "{{ v|wordwrap(0) }}", "{{ v|default(1, 2, 3) }}",
        "{{ v|sort(attribute='x') }}", "{{ v|map|list }}", "{{ v|map('nofilter')|list }}", "{{ v|select('notest')|list }}",
        "{{ v|selectattr|list }}", "{{ v|groupby('x') }}", "{{ v|attr }}",
    ]:
        yield C("combined", t, {"v": V["word"], "users": V["users"]})
    yield from html_cases()
    yield from markup_filter_cases()
    yield from wordwrap_cases()


MARKUP_FILTERS = ["center(3)", "center(30)", "capitalize", "lower", "upper", "title", "trim", "trim('H')", "truncate(5)", "truncate(50)",
                  "wordwrap(5)", "wordwrap(50)", "indent", "indent(2, true)", "replace('o', '0')", "replace('z', '0')", "striptags", "reverse",
                  "format", "first", "last", "urlize", "urlize(5)", "wordcount", "string", "list", "join", "forceescape", "safe", "urlencode",
                  "slice(2)|list", "batch(2)|list", "sort", "unique|list", "min", "max", "default", "escape", "e|e"]


def markup_filter_cases():
    """Each string filter on a Markup (the `e` filter's result): what keeps the Markup type, what escapes again."""
    for value in ["Hello World", "", "<a> &amp; b www.x.com", "x", "&lt;a&gt; &amp;amp; b", "it's \"q\" http://a.org/x?y=1&z=2"]:
        for f in MARKUP_FILTERS:
            yield C("markup", "{{ [(s|e)|%s] }}|{{ (s|e)|%s }}" % (f, f), {"s": value})


def wordwrap_cases():
    """wordwrap on seeded random text (long words, entities, hyphens, tabs, runs of spaces) at widths 1 to 12."""
    r = random.Random(5)
    pieces = ["a", "word", "longerword", "&amp;amp;", "-", "--", "x-y", " ", "  ", "\t", "\n", "é", "tail.", "0123456789012"]
    for _ in range(80):
        text = "".join(r.choice(pieces) for _ in range(r.randrange(1, 12)))
        args = r.choice(["%d", "%d, false", "%d, true, '|'", "%d, break_on_hyphens=false", "%d, false, break_on_hyphens=false"]) % r.randrange(1, 13)
        yield C("wordwrap-random", "{{ s|wordwrap(%s) }}" % args, {"s": text})


HTML_PIECES = ["<", ">", "<!--", "-->", "<!-", "->", "-", "!", "a", " ", "\t", "\n", "&", ";", "#", "x", "&amp", "&amp;", "&#", "&#x",
               "&#X1F600;", "&#128", "&#0;", "&#x80;", "&#xD800;", "&#1114112;", "&#65;", "&#x41", "&notit;", "&notin;", "&AElig", "&zz;",
               "<b>", "</i>", "<!---->", "\x0b", "\u3000", "é", "9", "&#99999999999;", "&#x0B;", "&#13;"]


def html_cases():
    """striptags and Markup.unescape on seeded random mixtures of tags, comments and character references (HTML5's whole table)."""
    import html.entities
    import random
    r = random.Random(8)
    entities = sorted(html.entities.html5)
    for _ in range(150):
        text = "".join(r.choice(HTML_PIECES) if r.random() < 0.8 else "&" + r.choice(entities) for _ in range(r.randint(1, 12)))
        yield C("striptags-html", "{{ v|striptags }}|{{ v|safe|striptags }}", {"v": text})
        yield C("unescape-html", "{{ (v|safe).unescape() }}", {"v": text})


TEST_VALUES = ["int", "neg", "zero", "big", "float", "intf", "bool", "none", "word", "title", "empty", "lint", "tuple", "dict", "date"]

# test -> argument forms ("" means no argument)
TESTS = {
    "boolean": [""], "callable": [""], "defined": [""], "divisibleby": [" 3", "(2)"], "eq": [" 42", "(42)"], "equalto": ["(42)"],
    "==": [" 42"], "escaped": [""], "even": [""], "false": [""], "filter": [""], "float": [""], "ge": [" 3", "(0)"], ">=": [" 3"],
    "gt": [" 3"], "greaterthan": ["(3)"], ">": [" 3"], "in": [" [42, 'hello', none]", "('hello world')"], "integer": [""],
    "iterable": [""], "le": [" 3"], "<=": [" 3"], "lower": [""], "lt": [" 3"], "lessthan": ["(3)"], "<": [" 3"], "mapping": [""],
    "ne": [" 42"], "!=": [" 42"], "none": [""], "number": [""], "odd": [""], "sameas": [" none", "(true)"], "sequence": [""],
    "string": [""], "test": [""], "true": [""], "undefined": [""], "upper": [""],
}


def tests():
    for name, forms in TESTS.items():
        if not name.isidentifier():
            # Operator-named tests are for select/reject: `x is == 1` does not parse.
            yield C(name, "{{ v is %s%s }}" % (name, forms[0]), {"v": 42})
            for value in TEST_VALUES:
                yield C(name, "{{ [v]|select('%s',%s)|list }}|{{ [v]|reject('%s',%s)|list }}" % (name, forms[0], name, forms[0]), {"v": V[value]})
            continue
        for form in forms:
            for value in TEST_VALUES:
                yield C(name, "{{ v is %s%s }}|{{ v is not %s%s }}" % (name, form, name, form), {"v": V[value]})
    for t in [
        "{{ missing is defined }}", "{{ missing is undefined }}", "{{ missing is none }}", "{{ missing is string }}", "{{ missing is iterable }}",
        "{{ missing is callable }}", "{{ range is callable }}", "{{ 'upper' is filter }}", "{{ 'nofilter' is filter }}", "{{ 'odd' is test }}",
        "{{ 'notest' is test }}", "{{ lipsum is callable }}", "{{ 'x'.upper is callable }}", "{{ [1, 2]|select('odd') is iterable }}",
        "{{ ('a'|e) is escaped }}", "{{ 10 is divisibleby 0 }}", "{{ 'a' is divisibleby 2 }}", "{{ 1 is gt 'a' }}", "{{ 1 is in 5 }}",
        "{{ 1 is odd(3) }}", "{{ 1 is divisibleby }}", "{{ 2 is divisibleby 1, 2 }}", "{{ 6 is divisibleby 3 and true }}",
        "{{ x is sameas x }}", "{{ [1, 2, 3]|select('>', 1)|list }}", "{{ [1, 2, 3]|reject('==', 2)|list }}", "{{ [1, 2]|select('in', [2])|list }}",
        "{% if 5 is odd %}odd{% endif %}", "{{ v is eq }}", "{{ 1 is ne 1.0 }}", "{{ 1 is sameas 1.0 }}", "{{ 1 is eq true }}",
    ]:
        yield C("other", t, {"x": [1], "v": 1})


def globals_():
    for t in [
        "{{ range(5)|list }}", "{{ range(2, 5)|list }}", "{{ range(0, 10, 3)|list }}", "{{ range(5, 0, -2)|list }}", "{{ range(0)|list }}",
        "{{ range(-3)|list }}", "{{ range(3) }}", "{{ range(1, 10, 4) }}", "{{ range(3)|length }}", "{{ range(3)[1] }}", "{{ range(10)[2:5] }}",
        "{{ range(10)[::-3]|list }}", "{{ 2 in range(3) }}", "{{ range(3)|sum }}", "{{ range(1, 2, 0) }}", "{{ range('a') }}", "{{ range() }}",
        "{{ range(1.5) }}", "{{ range(10**20, 10**20 + 2)|list }}", "{{ range(2)|reverse|list }}", "{{ range(100001) }}", "{{ range(3) == range(3) }}",
        "{{ lipsum(3).count('<p>') }}", "{{ lipsum(2, false).count('\n\n') }}", "{{ lipsum(1, false, 5, 6)|wordcount }}",
        "{{ lipsum(n=1, html=false, min=3, max=4).split()|length }}", "{{ lipsum()|length > 0 }}", "{{ lipsum(0) }}", "{{ lipsum(1, true, 2, 3).startswith('<p>') }}",
        "{{ lipsum(1, false, 4, 5)[-1] }}", "{{ lipsum('x') }}", "{{ dict() }}", "{{ dict(a=1, b='x') }}", "{{ dict(a=1).a }}",
        "{{ dict({'k': 1}) }}", "{{ dict([('a', 1), ('b', 2)]) }}", "{{ dict(a=1, **{'b': 2}) }}", "{{ dict(1) }}", "{{ dict(a=1)|length }}",
        "{% set c = cycler('a', 'b', 'c') %}{{ c.next() }}{{ c.next() }}{{ c.current }}{{ c.next() }}{{ c.next() }}",
        "{% set c = cycler('a', 'b') %}{{ c.next() }}{% set _ = c.reset() %}{{ c.next() }}{{ c.current }}",
        "{% set c = cycler(1, 2) %}{% for i in range(5) %}{{ c.next() }}{% endfor %}", "{% set c = cycler() %}{{ c.next() }}",
        "{% set c = cycler('x') %}{{ c.current }}{{ c.items }}", "{% set c = cycler(1, 2) %}{{ c }}",
        "{% set j = joiner() %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}", "{% set j = joiner(' | ') %}{% for i in 'abc' %}{{ j() }}{{ i }}{% endfor %}",
        "{% set j = joiner('-') %}[{{ j() }}][{{ j() }}][{{ j() }}]", "{% set j = joiner(1) %}{{ j() }}{{ j() }}",
        "{% set ns = namespace(a=1) %}{{ ns.a }}", "{% set ns = namespace(a=1) %}{% set ns.a = ns.a + 1 %}{{ ns.a }}",
        "{% set ns = namespace(found=false) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = x %}{% endif %}{% endfor %}{{ ns.found }}",
        "{% set ns = namespace() %}{{ ns.nope is defined }}", "{% set ns = namespace(items=[]) %}{% set _ = ns.items.append(1) %}{{ ns.items }}",
        "{% set ns = namespace(a=1) %}{{ ns['a'] }}", "{% set ns = namespace(a=1) %}{% with %}{% set ns.a = 2 %}{% endwith %}{{ ns.a }}",
        "{% set ns = namespace(x=0) %}{% macro inc() %}{% set ns.x = ns.x + 1 %}{% endmacro %}{{ inc() }}{{ inc() }}{{ ns.x }}",
        "{{ namespace(a=1, b='2') }}", "{{ namespace(1) }}", "{{ range }}", "{{ dict }}", "{{ undefinedglobal() }}",
        "{{ range(3)|map('string')|join(',') }}", "{{ range(3)|batch(2)|list }}", "{{ dict(b=1, a=2)|dictsort }}",
    ]:
        yield C("global", t)
    yield from range_cases()


PROBES = ["0", "3", "-4", "2**59", "2**60 - 3", "3.0", "3.5", "true", "'a'", "none", "(3 ** 0.5) ** 2", "((-1) ** 0.5) * 0 + 6"]


def range_cases():
    """range objects: slicing (repr of the result as CPython computes it), indexing, `in`, count(), index() and
    reversed() on small ranges and on ranges far beyond 2**53 items, all in constant time as CPython does them."""
    ranges = ["range(10)", "range(0, 20, 3)", "range(10, -5, -2)", "range(-5, 5)", "range(0)", "range(2**60)", "range(0, 2**60, 3)",
              "range(2**70, -2**70, -7)", "range(-(2**64), 5)"]
    slices = ["[2:5]", "[0:7:3]", "[::-1]", "[::-3]", "[3:1:-1]", "[1:2**70]", "[-(2**70):2]", "[::2**70]", "[-3:]", "[5:-5:-2]", "[2**54:2**54+3]"]
    items = ["[0]", "[-1]", "[2**54]", "[-(2**54)]", "[2**80]", "[true]"]
    for r in ranges:
        # CPython walks the items for a value that is not an int: only small ranges get those probes.
        probes = PROBES if "**" not in r else [p for p in PROBES if p in ("0", "3", "-4", "2**59", "2**60 - 3", "true")]
        yield C("range", "{{ %s }}" % "|".join("%s%s" % (r, sl) for sl in slices).replace("|", " }}|{{ "))
        yield C("range", "{{ %s }}" % " }}|{{ ".join("%s%s" % (r, it) for it in items))
        yield C("range", "{{ %s }}" % " }}|{{ ".join("%s in %s" % (p, r) for p in probes))
        yield C("range", "{{ %s }}" % " }}|{{ ".join("%s.count(%s)" % (r, p) for p in probes))
        for p in probes:
            yield C("range-index", "{{ %s.index(%s) }}" % (r, p))
        yield C("range", "{{ %s[-3:]|reverse|list }}|{{ %s|reverse|first }}" % (r, r))


STR_METHODS = [
    "capitalize()", "casefold()", "center(11, '*')", "count('l')", "count('l', 3)", "endswith('lo')", "endswith(('x', 'o'))", "expandtabs(4)",
    "find('l')", "find('z')", "rfind('l')", "index('e')", "index('z')", "rindex('l')", "isalnum()", "isalpha()", "isdigit()", "isdecimal()",
    "isnumeric()", "isidentifier()", "islower()", "isupper()", "isspace()", "istitle()", "isprintable()", "isascii()", "join(['a', 'b'])",
    "ljust(8, '.')", "rjust(8)", "lower()", "upper()", "lstrip()", "rstrip()", "strip()", "strip('ho')", "lstrip('h')", "partition('l')",
    "rpartition('l')", "replace('l', 'L')", "replace('l', 'L', 1)", "split()", "split('l')", "split('l', 1)", "rsplit('l', 1)",
    "splitlines()", "splitlines(true)", "startswith('he')", "startswith('l', 2)", "swapcase()", "title()", "zfill(8)",
    "format(1, 2)", "encode()", "removeprefix('he')", "removesuffix('lo')", "upper().lower()", "split('', 1)", "nomethod()", "upper",
    "__len__()", "count()", "center()", "ljust('x')", "zfill(-1)", "[1:3].upper()", "split(maxsplit=1)", "startswith()",
]
STR_SUBJECTS = ["hello", "  Hello World\tx  ", "a\nb\r\nc", "ÉCOLE ß", "123", "", "it's"]

LIST_METHODS = ["count(1)", "index(2)", "index(9)", "copy()", "pop()", "pop(0)", "pop(9)", "append(4)", "extend([7, 8])", "insert(0, 'x')",
                "remove(2)", "remove(9)", "reverse()", "sort()", "sort(reverse=true)", "clear()", "__len__()", "nomethod()"]
DICT_METHODS = ["keys()", "values()", "items()", "get('a')", "get('z')", "get('z', 0)", "get(1)", "copy()", "pop('a')", "pop('z')", "pop('z', 'd')",
                "setdefault('n', 5)", "setdefault('a', 5)", "update({'z': 26})", "update(y=25)", "popitem()", "clear()", "__contains__('a')",
                "fromkeys([1, 2])", "nomethod()"]


def python_methods():
    for subject in STR_SUBJECTS:
        for m in STR_METHODS:
            yield C("str", "{{ s.%s }}" % m, {"s": subject})
    for m in LIST_METHODS:
        for lst in ([1, 2, 3, 1], ["b", "a"], []):
            yield C("list", "{{ l.%s }}|{{ l }}" % m, {"l": list(lst)})
    for m in DICT_METHODS:
        for d in ({"a": 1, "b": 2}, {1: "x", "a": None}, {}):
            yield C("dict", "{{ d.%s }}|{{ d }}" % m, {"d": dict(d)})
    for t in ["{{ (1, 2, 1).count(1) }}", "{{ (1, 2).index(2) }}", "{{ (1,).append(2) }}", "{{ 'a-b'.split('-')|join('+') }}",
              "{{ '{}-{}'.format('a', 'b') }}", "{{ '{0}{0}'.format('x') }}", "{{ ' x '.strip().upper().center(5, '.') }}",
              "{{ d.items()|list }}", "{{ d.keys()|list }}", "{{ d.items() }}", "{{ d.values() }}", "{{ d.keys() }}", "{{ 'x'.join(d) }}",
              "{{ (5).bit_length() }}", "{{ (2.5).is_integer() }}", "{{ (10).real }}", "{{ 2.5.hex() }}", "{{ (255).to_bytes(2, 'big') }}",
              "{{ 'abc'.__class__.__name__ }}", "{{ 'a'.mro }}"]:
        yield C("other", t, {"d": {"a": 1, "b": [2]}})


SECTIONS = {
    "filters": filters,
    "tests": tests,
    "globals": globals_,
    "python-methods": python_methods,
}
