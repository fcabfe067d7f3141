"""Cases for the language sections of jinja2's Template Designer Documentation:
variables, comments, whitespace control, escaping, template inheritance,
the control structures, expressions, what the default Environment does not
enable, and errors with their line. Each generator yields
(group, template, context, files) from small tables."""
import itertools


def C(group, template, ctx=None, files=None):
    return (group, template, ctx, files)


def variables():
    ctx = {
        "user": {"name": "ann", "items": [1, 2], "keys": "shadow", "nested": {"deep": [10, (20, 30)]}},
        "seq": [10, 20, 30],
        "tup": ("a", "b"),
        "s": "hello",
        "n": None,
        "byint": {1: "one", 2.5: "float key", None: "none key", (1, 2): "tuple key"},
    }
    lookups = [
        "user.name", "user['name']", "user.nested.deep", "user.nested.deep[1][0]", "user['nested']['deep'][-1]",
        "seq[0]", "seq[-1]", "seq.0", "seq[5]", "tup[1]", "tup.1", "s[0]", "s[-1]", "s.upper", "user.missing",
        "user['missing']", "user.keys", "user['keys']", "user.items", "byint[1]", "byint[2.5]", "byint[none]",
        "byint[(1, 2)]", "byint[1.0]", "byint[true]", "n", "missing", "n.attr", "seq['0']", "user.name.upper()",
        "user.nested['deep'].1", "seq[1.0]",
    ]
    for expr in lookups:
        yield C("lookup", "{{ %s }}" % expr, ctx)
    for expr in ["user.name|length", "missing|length", "seq|length", "user|length", "missing|string", "(seq)[0]"]:
        yield C("lookup-filtered", "{{ %s }}" % expr, ctx)
    for expr in ["missing.attr", "missing['k']", "missing()", "missing.x.y", "n()", "seq()", "user.nested.deep[9]"]:
        yield C("undefined-use", "{{ %s }}" % expr, ctx)
    for name in ["loop", "self", "caller", "varargs", "kwargs", "range", "True", "none", "true", "_under", "with1"]:
        yield C("names", "{{ %s is defined }}|{{ %s }}" % (name, name), {"_under": 1, "with1": 2})


def comments():
    for t in [
        "a{# comment #}b",
        "a{# multi\nline\ncomment #}b",
        "a{#- trimmed -#}  b",
        "a  {#- left only #}  b",
        "a {# {{ not printed }} {% if %} #} b",
        "{# unclosed comment",
        "a{##}b",
        "a{# #} #}b",
        "# not a line comment\n## nor this",
        "{% if true %}{# in a block #}x{% endif %}",
        "{# a #}\n{# b #}\nc",
        "{#- x -#}\n\n  y",
        "{% for i in [1, 2] %}{# c #}{{ i }}{% endfor %}",
        "a{# {# nested #} #}b",
    ]:
        yield C("comment", t)


def whitespace():
    bodies = [
        "<div>\n    {% if true %}\n        yay\n    {% endif %}\n</div>",
        "{% for i in [1, 2, 3] %}\n  {{ i }}\n{% endfor %}\n",
        "  {%- if true %} x {% endif -%}  ",
        "a  {{- 'b' -}}  c",
        "a  {{- 'b' }}  c",
        "a  {{ 'b' -}}  c",
        "a\n  {%- set x = 1 -%}\n  b",
        "{% for i in [1, 2] -%}\n  {{ i }}\n{%- endfor %}",
        "a {%+ if true %}b{% endif %}",
        "a {%- if true +%} b{% endif %}",
        "line\n",
        "line\n\n",
        "line\r\nnext\r\n",
        "a\rb",
        "\n\n",
        "x{% if true %}\n{% endif %}y",
        "{%- raw -%}  {{ keep }}  {%- endraw -%}",
        "a\n{#- c -#}\nb",
        "  {{- '' -}}  \n  x",
        "{% macro m() -%}\n  body\n{%- endmacro %}[{{ m() }}]",
        "{% filter upper -%}\n  text\n{%- endfilter %}",
        "{%  if  true  %}spaces{%  endif  %}",
        "{%\nif\ntrue\n%}newlines{%\nendif\n%}",
        "{{\n'multi'\n~\n'line'\n}}",
        "trailing spaces   \n",
        "tab\t{{- ' t ' -}}\tend",
    ]
    for t in bodies:
        yield C("control", t)


def escaping():
    ctx = {"html": "<b>'x' & \"y\"</b>", "n": 5}
    for t in [
        "{{ '{{' }}", "{{ '}}' }}", "{{ '{%' }} x {{ '%}' }}", "{% raw %}{{ not }}{% if %}{% endraw %}",
        "{% raw %}\n  {{ a }}\n{% endraw %}", "{{ html }}", "{{ html|e }}", "{{ html|escape }}", "{{ html|forceescape }}",
        "{{ html|safe }}", "{{ html|e|e }}", "{{ (html|e) ~ '<i>' }}", "{{ (html|e) + '<i>' }}", "{{ html|e|length }}",
        "{{ n|e }}", "{{ none|e }}", "{{ html|e|upper }}", "{{ html|striptags }}", "{% autoescape true %}{{ html }}{% endautoescape %}",
        "{% autoescape true %}{{ html|safe }}{{ '<' ~ 'x' }}{% endautoescape %}", "{% autoescape false %}{{ html }}{% endautoescape %}",
        "{% autoescape true %}{% set v = '<i>' %}{{ v }}{% endautoescape %}", "{{ html|e|safe }}", "{{ '<a>'|e is escaped }}",
        "{{ '<a>' is escaped }}", "{{ ['<a>']|join|e }}", "{% autoescape true %}{{ ['<a>', '&']|join(', ') }}{% endautoescape %}",
        "{{ '&amp;'|e }}", "{{ html|e|striptags }}", "{{ ('<a>'|e).__html__() }}", "{{ '%s'|format('<x>')|e }}",
        "{% autoescape true %}{{ '%s|%s'|format('<a>', '<b>'|safe) }}{% endautoescape %}", "{% raw -%}  x  {%- endraw %}",
        "{% raw %}{% endraw %}", "{% raw %}", "{% raw %}{% raw %}{% endraw %}",
    ]:
        yield C("escape", t, ctx)


LAYOUT = (
    "<title>{% block title %}Default{% endblock %}</title>\n"
    "{% block body %}body of layout{% endblock %}\n"
    "{% block footer %}(c) {{ year|default('?') }}{% endblock %}"
)


def inheritance():
    files = {
        "layout.j2": LAYOUT,
        "middle.j2": "{% extends 'layout.j2' %}{% block title %}Mid-{{ super() }}{% endblock %}{% block footer %}mid footer{% endblock %}",
        "loopy.j2": "{% for i in [1, 2] %}{% block item %}[{{ i }}]{% endblock %}{% endfor %}",
        "scoped.j2": "{% for i in [1, 2] %}{% block item scoped %}[{{ i }}]{% endblock %}{% endfor %}",
        "req.j2": "{% block must required %}{% endblock %}after",
        "nested.j2": "{% block outer %}O({% block inner %}i{% endblock %}){% endblock %}",
        "self.j2": "{% block a %}A{% endblock %}|{{ self.a() }}|{% block b %}B{{ self.a() }}{% endblock %}",
        "vars.j2": "{% set x = 'layout-x' %}{% block b %}{{ x }}{% endblock %}",
    }
    children = [
        "{% extends 'layout.j2' %}",
        "{% extends 'layout.j2' %}{% block title %}Child{% endblock %}",
        "{% extends 'layout.j2' %}{% block title %}{{ super() }}+{{ super() }}{% endblock %}",
        "{% extends 'layout.j2' %}{% block body %}child body{% endblock %}ignored text{{ 1/0 }}",
        "{% extends 'layout.j2' %}{% block footer %}{{ super()|upper }}{% endblock %}",
        "{% extends 'middle.j2' %}{% block title %}Leaf/{{ super() }}{% endblock %}",
        "{% extends 'middle.j2' %}{% block footer %}{{ super() }} and leaf{% endblock %}",
        "{% extends 'loopy.j2' %}{% block item %}<{{ i }}>{% endblock %}",
        "{% extends 'scoped.j2' %}{% block item %}<{{ i }}>{% endblock %}",
        "{% extends 'req.j2' %}{% block must %}given{% endblock %}",
        "{% extends 'req.j2' %}",
        "{% extends 'nested.j2' %}{% block inner %}I{% endblock %}",
        "{% extends 'nested.j2' %}{% block outer %}[{{ super() }}]{% endblock %}",
        "{% extends 'self.j2' %}{% block a %}a2{% endblock %}",
        "{% extends 'vars.j2' %}",
        "{% set x = 'child-x' %}{% extends 'vars.j2' %}",
        "{% extends 'vars.j2' %}{% block b %}{{ x|default('none') }}{% endblock %}",
        "{% extends name %}{% block title %}dyn{% endblock %}",
        "{% extends ['nope.j2', 'layout.j2'] %}{% block title %}list{% endblock %}",
        "{% if flag %}{% extends 'layout.j2' %}{% endif %}{% block title %}cond{% endblock %}",
        "{% extends 'missing.j2' %}",
        "{% extends 'layout.j2' %}{% extends 'layout.j2' %}",
        "{% extends 'layout.j2' %}{% block title %}a{% endblock %}{% block title %}b{% endblock %}",
        "{% block title %}no parent{% endblock title %}",
        "{% block a %}x{% endblock b %}",
        "{% block a %}1{% block a %}2{% endblock %}{% endblock %}",
        "{% block b %}{{ super() }}{% endblock %}",
        "{% extends 'layout.j2' %}{% block body %}{{ self.title() }}{% endblock %}",
        "{% extends 'layout.j2' %}{% block body %}{% block extra %}new block{% endblock %}{% endblock %}",
        "{% block list %}{% for x in [1, 2] %}{{ x }}{% endfor %}{% endblock %}{{ self.list() }}",
    ]
    for t in children:
        yield C("extends", t, {"name": "layout.j2", "flag": True, "year": 2024}, files)


def statement_for():
    ctx = {"items": ["a", "b", "c"], "d": {"x": 1, "y": 2}, "pairs": [("k1", 1), ("k2", 2)], "empty": [],
           "tree": [{"n": "root", "kids": [{"n": "leaf1", "kids": []}, {"n": "mid", "kids": [{"n": "leaf2", "kids": []}]}]}]}
    attrs = ["index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem"]
    for a in attrs:
        yield C("loop-attr", "{%% for x in items %%}{{ loop.%s }},{%% endfor %%}" % a, ctx)
    for t in [
        "{% for x in items %}{{ loop.cycle('odd', 'even') }}{% endfor %}",
        "{% for x in [1, 1, 2, 3, 3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}",
        "{% for x in items %}{{ loop.previtem is defined }}{% endfor %}",
        "{% for x in items %}{{ loop }}{% endfor %}",
        "{% for x in items %}{{ loop.cycle() }}{% endfor %}",
        "{% for x in items %}{{ loop.nonexistent }}{% endfor %}",
        "{% for x in empty %}x{% else %}empty{% endfor %}",
        "{% for x in items %}{{ x }}{% else %}empty{% endfor %}",
        "{% for x in missing %}x{% else %}undefined is empty{% endfor %}",
        "{% for x in items if x != 'b' %}{{ loop.index }}{{ x }}{% endfor %}",
        "{% for x in items if x == 'z' %}x{% else %}none matched{% endfor %}",
        "{% for x in items if loop is defined %}{{ x }}{% endfor %}",
        "{% for k in d %}{{ k }}{% endfor %}",
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
        "{% for k, v in pairs %}{{ k }}:{{ v }} {% endfor %}",
        "{% for (k, v) in pairs %}{{ k }}{% endfor %}",
        "{% for a, b in [(1, 2, 3)] %}{% endfor %}",
        "{% for a, b in [(1,)] %}{% endfor %}",
        "{% for a, b in [1] %}{% endfor %}",
        "{% for c in 'abc' %}{{ c }}-{% endfor %}",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{% for i in 5 %}{% endfor %}",
        "{% for i in none %}{% endfor %}",
        "{% for x in items %}{% for y in [1, 2] %}{{ loop.index }}{{ x }}{% endfor %}|{% endfor %}",
        "{% for x in items %}{% set outer = loop %}{% for y in [1] %}{{ outer.index }}{% endfor %}{% endfor %}",
        "{% for node in tree recursive %}{{ node.n }}({{ loop.depth }}){% if node.kids %}[{{ loop(node.kids) }}]{% endif %}{% endfor %}",
        "{% for node in tree recursive %}{{ loop.depth0 }}{{ loop(node.kids) }}{% endfor %}",
        "{% for x in [1, 2] %}{{ loop(x) }}{% endfor %}",
        "{% set x = 'outer' %}{% for x in items %}{% endfor %}{{ x }}",
        "{% set count = 0 %}{% for x in items %}{% set count = count + 1 %}{% endfor %}{{ count }}",
        "{% for x in items %}{% set y = x %}{% endfor %}{{ y|default('unset') }}",
        "{% for x in items %}{{ x }}{% endfor %}{{ x|default('gone') }}",
        "{% for x in items|reverse %}{{ x }}{% endfor %}",
        "{% for x in items|sort(reverse=true) %}{{ x }}{% endfor %}",
        "{% for x in d.values() %}{{ x }}{% endfor %}",
        "{% for x in (1, 2) %}{{ x }}{% endfor %}",
        "{% for x in items %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %}, {% endif %}{% endfor %}",
        "{% for x, y in items %}{% endfor %}",
        "{% for x in items %}",
        "{% for x in items %}{% endif %}",
        "{% for in items %}{% endfor %}",
        "{% for x items %}{% endfor %}",
        "{% for x.y in items %}{% endfor %}",
        "{% for loop in items %}{{ loop }}{% endfor %}",
        "{% for x in items %}{{ loop.revindex }}{% else %}{{ loop is defined }}{% endfor %}",
        "{% for x in items recursive %}{{ x }}{% endfor %}",
        "{% for k, v in d|dictsort %}{{ k }}{{ v }}{% endfor %}",
    ]:
        yield C("for", t, ctx)


def statement_if():
    conds = ["true", "false", "none", "0", "1", "''", "'x'", "[]", "[0]", "{}", "{'a': 1}", "missing", "0.0", "-1", "()", "(0,)"]
    for cond in conds:
        yield C("truth", "{%% if %s %%}T{%% else %%}F{%% endif %%}" % cond)
    for t in [
        "{% if a %}A{% elif b %}B{% else %}C{% endif %}",
        "{% if not a %}A{% elif b %}B{% endif %}",
        "{% if not a %}A{% elif not b %}B{% else %}C{% endif %}",
        "{% if a %}{% if b %}AB{% else %}A{% endif %}{% endif %}",
        "{% if a and b %}both{% elif a or b %}one{% endif %}",
        "{% if x is defined %}d{% endif %}{% if x is undefined %}u{% endif %}",
        "{% if 1 < 2 < 3 %}chain{% endif %}",
        "{% if a %}{% elif %}{% endif %}",
        "{% if a %}x",
        "{% if a %}x{% else %}y{% else %}z{% endif %}",
        "{% if a %}x{% endfor %}",
        "{% if %}{% endif %}",
        "{% else %}",
        "{% if a %}x{% elif b %}y{% elif c %}z{% endif %}",
        "{% if a %}x{% elif b %}y{% elif c %}z{% else %}w{% endif %}",
        "{% if a == 1 %}one{% endif %}",
        "{% endif %}",
    ]:
        for a, b in [(True, True), (0, True), (1, False)]:
            yield C("branches", t, {"a": a, "b": b, "c": "c"})


def statement_macro():
    ctx = {"v": "val"}
    macros = (
        "{% macro m(a, b='B', c=none) -%}[{{ a }}|{{ b }}|{{ c }}]{%- endmacro %}"
        "{% macro va() %}{{ varargs }}{{ kwargs }}{% endmacro %}"
        "{% macro mixed(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}"
    )
    for call in [
        "m(1)", "m(1, 2)", "m(1, 2, 3)", "m(a=1)", "m(1, b='y')", "m(1, c='z')", "m(b='y', a='x')", "m()", "m(1, 2, 3, 4)",
        "m(1, d=4)", "m(1, a=2)", "va()", "va(1, 2)", "va(k=1)", "va(1, k=2)", "mixed(1, 2, 3, x=4)", "mixed(1)",
        "m.name", "m.arguments", "m.defaults", "m.catch_kwargs", "m.catch_varargs", "va.catch_kwargs", "va.catch_varargs",
        "m.caller", "m", "m(*[1, 2])", "m(**{'a': 5})", "m(1)|length", "m(1) ~ '!'", "m(v)",
    ]:
        yield C("macro", macros + "{{ %s }}" % call, ctx)
    for t in [
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}inside{% endcall %}",
        "{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b) m() %}{{ a + b }}{% endcall %}",
        "{% macro m() %}{{ caller(x=3) }}{% endmacro %}{% call(x=0) m() %}{{ x }}{% endcall %}",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call(x=9) m() %}{{ x }}{% endcall %}",
        "{% macro m(items) %}{% for i in items %}<{{ caller(i) }}>{% endfor %}{% endmacro %}{% call(i) m([1, 2]) %}{{ i * 10 }}{% endcall %}",
        "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}",
        "{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}|{% call m() %}{% endcall %}",
        "{% macro m(caller) %}{% endmacro %}",
        "{% macro outer() %}{% macro inner() %}in{% endmacro %}{{ inner() }}{% endmacro %}{{ outer() }}",
        "{% macro m(n) %}{% if n > 0 %}{{ n }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(3) }}",
        "{% set g = 'global' %}{% macro m() %}{{ g }}{% endmacro %}{% set g = 'changed' %}{{ m() }}",
        "{% macro m() %}{% set local = 1 %}{% endmacro %}{{ m() }}{{ local|default('no leak') }}",
        "{% macro m(x) %}{{ x }}{% endmacro %}{% for i in [1, 2] %}{{ m(i) }}{% endfor %}",
        "{% macro m() %}{{ v }}{% endmacro %}{{ m() }}",
        "{% macro m(a=1, b) %}{% endmacro %}",
        "{% macro m() %}x{% endmacro %}{{ m()|upper }}",
        "{% macro m() %}x",
        "{% macro 1m() %}{% endmacro %}",
        "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{% call m() %}deep{% endcall %}{% endcall %}",
        "{% macro m() %}{{ varargs|length }}{% endmacro %}{% call m(1, 2) %}{% endcall %}",
        "{% macro m(a) %}{{ a }}{% endmacro %}{% call m() %}{% endcall %}",
        "{% macro m() %}{{ kwargs.k }}{% endmacro %}{{ m(k='kw') }}",
        "{% macro m() -%}\n  line\n{%- endmacro %}{{ m() }}{{ m() }}",
    ]:
        yield C("call", t, ctx)


def statement_assign():
    ctx = {"v": 5, "s": "text"}
    for t in [
        "{% set x = 1 %}{{ x }}", "{% set x = v * 2 %}{{ x }}", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "{% set a, b = (3, 4) %}{{ b }}",
        "{% set a, b = [5, 6] %}{{ a }}", "{% set a, b = 'xy' %}{{ a }}-{{ b }}", "{% set a, b = 1, 2, 3 %}", "{% set a, b = 1 %}",
        "{% set (a, b) = (1, 2) %}{{ a }}", "{% set t = 1, 2 %}{{ t }}", "{% set t = 1, %}{{ t }}", "{% set x %}block {{ v }}{% endset %}{{ x }}",
        "{% set x | upper %}block {{ s }}{% endset %}{{ x }}", "{% set x | trim | replace('a', 'o') %}  bar  {% endset %}[{{ x }}]",
        "{% set x %}{% endset %}[{{ x }}]", "{% set x %}a{% set y = 1 %}{% endset %}{{ y|default('inner') }}",
        "{% set x %}{{ 1 }}{% endset %}{{ x + 1 }}", "{% set x %}{{ 1 }}{% endset %}{{ x ~ 1 }}",
        "{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
        "{% set ns = namespace() %}{% set ns.a = 'x' %}{{ ns.a }}", "{% set ns = namespace(a=1, b=2) %}{{ ns }}",
        "{% set ns = namespace({'k': 1}, j=2) %}{{ ns.k }}{{ ns.j }}", "{% set d = {} %}{% set d.x = 1 %}",
        "{% set ns = namespace() %}{{ ns.missing }}", "{% set ns = namespace() %}{% set ns.x %}blk{% endset %}{{ ns.x }}",
        "{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}", "{% set x = 1 %}{% with %}{% set x = 2 %}{% endwith %}{{ x }}",
        "{% with a = 1 %}{{ a }}{% endwith %}{{ a|default('out') }}", "{% with a = 1, b = a %}{{ b }}{% endwith %}",
        "{% with a = v %}{% with b = a + 1 %}{{ a }}{{ b }}{% endwith %}{% endwith %}", "{% with %}{% set inner = 1 %}{{ inner }}{% endwith %}{{ inner }}",
        "{% with a = 1 %}{% endwith", "{% with a %}{% endwith %}", "{% set = 1 %}", "{% set x = %}", "{% set x %}unclosed",
        "{% set 1 = 2 %}", "{% set x = 1 %}{% set x = x + 1 %}{{ x }}", "{% set v = v + 1 %}{{ v }}", "{% set s = s|upper %}{{ s }}",
        "{% set x = [1, 2] %}{% set _ = x.append(3) %}{{ x }}", "{% set loop = 1 %}{{ loop }}", "{% set true = 1 %}",
        "{% set x.y = 1 %}", "{% set x = none %}{{ x.y }}", "{% set x, y %}b{% endset %}",
        "{% filter upper %}hello {{ s }}{% endfilter %}", "{% filter replace('l', 'L') %}hello{% endfilter %}",
        "{% filter upper|reverse %}abc{% endfilter %}", "{% filter center(9) %}mid{% endfilter %}|",
        "{% filter trim %}  x  {% endfilter %}|", "{% filter nofilter %}x{% endfilter %}", "{% filter upper %}{% filter lower %}MiX{% endfilter %}!{% endfilter %}",
        "{% filter length %}abcd{% endfilter %}", "{% filter format('x') %}[%s]{% endfilter %}", "{% filter indent(2, true) %}a\nb{% endfilter %}",
        "{% filter upper %}x", "{% filter %}x{% endfilter %}",
    ]:
        yield C("assign", t, ctx)


def statement_include_import():
    files = {
        "inc.j2": "inc[{{ v|default('no v') }}]",
        "loopinc.j2": "<{{ item }}>",
        "nl.j2": "line\n",
        "macros.j2": "{% macro hello(n) %}Hello {{ n }}!{% endmacro %}{% macro _private() %}p{% endmacro %}"
                     "{% set answer = 42 %}{% macro uses_v() %}{{ v|default('no context') }}{% endmacro %}top-level text",
        "sub/deep.j2": "deep {% include 'inc.j2' %}",
        "broken.j2": "{% if %}",
        "err.j2": "ok\n{{ 1 // 0 }}",
        "setter.j2": "{% set leaked = 'from include' %}",
        "ext.j2": "{% extends 'base.j2' %}{% block b %}ext{% endblock %}",
        "base.j2": "base:{% block b %}{% endblock %}",
        "ctx.j2": "{{ x }}",
    }
    ctx = {"v": "V", "names": ["nope.j2", "inc.j2"], "which": "inc.j2"}
    for t in [
        "{% include 'inc.j2' %}", "{% include 'inc.j2' without context %}", "{% include 'inc.j2' with context %}",
        "{% include 'missing.j2' %}", "{% include 'missing.j2' ignore missing %}", "{% include 'missing.j2' ignore missing without context %}",
        "{% include ['nope.j2', 'inc.j2'] %}", "{% include names %}", "{% include which %}", "{% include ['a.j2', 'b.j2'] %}",
        "{% include ['a.j2', 'b.j2'] ignore missing %}", "{% for item in [1, 2] %}{% include 'loopinc.j2' %}{% endfor %}",
        "{% set v = 'local' %}{% include 'inc.j2' %}", "{% with v = 'with' %}{% include 'inc.j2' %}{% endwith %}",
        "[{% include 'nl.j2' %}]", "{% include 'sub/deep.j2' %}", "{% include './inc.j2' %}", "{% include 'broken.j2' %}",
        "a\n{% include 'err.j2' %}", "{% include 'setter.j2' %}{{ leaked|default('not leaked') }}", "{% include 'ext.j2' %}",
        "{% include %}", "{% include 'inc.j2' with %}", "{% include 'inc.j2' without %}", "{% include 42 %}",
        "{% include none %}", "{% for x in [1, 2] %}{% include 'ctx.j2' %}{% endfor %}",
        "{% import 'macros.j2' as m %}{{ m.hello('you') }}", "{% import 'macros.j2' as m %}{{ m.answer }}",
        "{% import 'macros.j2' as m %}{{ m._private() }}", "{% import 'macros.j2' as m %}{{ m.nothing }}",
        "{% import 'macros.j2' as m %}{{ m.uses_v() }}", "{% import 'macros.j2' as m with context %}{{ m.uses_v() }}",
        "{% import 'macros.j2' as m without context %}{{ m.uses_v() }}", "{% from 'macros.j2' import hello %}{{ hello('x') }}",
        "{% from 'macros.j2' import hello as h, answer %}{{ h(answer) }}", "{% from 'macros.j2' import nothing %}{{ nothing }}",
        "{% from 'macros.j2' import _private %}", "{% from 'macros.j2' import uses_v with context %}{{ uses_v() }}",
        "{% from 'macros.j2' import uses_v %}{{ uses_v() }}", "{% from 'macros.j2' import hello, %}{{ hello(1) }}",
        "{% import 'missing.j2' as m %}", "{% import 'macros.j2' %}", "{% from 'macros.j2' import %}",
        "{% import 'macros.j2' as m %}{{ m }}", "{% import 'macros.j2' as m %}{{ m.hello }}",
        "{% for i in [1] %}{% import 'macros.j2' as m %}{{ m.hello(i) }}{% endfor %}",
        "{% from 'macros.j2' import hello %}{% for i in [1, 2] %}{{ hello(i) }}{% endfor %}",
        "{% import which as m %}", "{% macro local() %}L{% endmacro %}{% include 'inc.j2' %}{{ local() }}",
    ]:
        yield C("include-import", t, ctx, files)


def expressions_literals():
    literals = [
        "42", "-42", "1_000_000", "0x1F", "0X1f", "0o17", "0b101", "0b1_01", "0_7", "007", "12345678901234567890", "1.5", "1.0",
        "-0.0", "1e3", "1E3", "2.5e-3", "1.5E+10", "1_0.5", "1e100", "1e400", ".5", "5.", "1.__class__", "'single'", '"double"',
        r"'esc\'aped'", r'"a\"b"', r"'tab\there'", r"'new\nline'", r"'\u00e9'", r"'\x41'", r"'\N{BULLET}'", r"'back\\slash'",
        r"'\q'", r"'\101'", "'é'", "'multi\nline'", "[]", "[1, 2, 3]", "[1, [2, [3]]]", "[1,]", "()", "(1,)", "(1, 2)", "(1)",
        "('a', 'b')", "((1, 2), (3,))", "{}", "{'a': 1}", "{'a': 1, 'b': [2]}", "{1: 'int key', 2.5: 'f'}", "{(1, 2): 'tuple key'}",
        "{'a': 1, 'a': 2}", "{1: 'a', 1.0: 'b', true: 'c'}", "{'n': {'m': {}}}", "{k: 1}", "{k ~ 'x': 1}", "{[1]: 2}",
        "true", "false", "none", "True", "False", "None", "TRUE", "[true, none]", "'a' 'b'", "'a' \"b\" 'c'", "1 2",
        "[1, 2][1]", "{'a': 1}['a']", "'abc'[1]", "(1, 2)[0]", "0b2", "0xZ", "1__0", "1_", "'unclosed", "[1, 2", "{'a' 1}", "{'a': }",
        # Decimal digits outside ASCII: int() reads an integer literal's, Python's tokenizer refuses a float literal's.
        "1\U0001d7d8", "1_\u0663", "0x\u0663", "1.\U0001d7d8", "\u0663.5", "1\u0663.0", "1e\u0663", "1.5e+\u0663", "1e5\u0663",
        # int()'s 4300-digit limit, which jinja2's lexer does not catch (underscores do not count).
        "7" * 4300, "7" * 4301, "7_" + "7" * 4300, "7" * 4301 + " > 1",
    ]
    for lit in literals:
        yield C("literal", "{{ %s }}" % lit, {"k": "key"})
    yield from char_names()


def char_names():
    """`\\N{...}`: a seeded sample of every kind of name Python's unicode-escape codec knows or refuses."""
    import random
    import unicodedata
    r = random.Random(14)
    named = [c for c in map(chr, range(0x110000)) if unicodedata.name(c, "").split("-")[0] not in ("", "CJK UNIFIED IDEOGRAPH")]
    names = [unicodedata.name(c) for c in r.sample(named, 60)]
    names += [n.lower() for n in names[:10]] + [n.title() for n in names[10:15]] + [n + " " for n in names[15:18]]
    names += ["NUL", "BOM", "byte order mark", "ZWSP", "LATIN CAPITAL LETTER GHA", "NBSP", "KEYCAP NUMBER SIGN", "TANGUT IDEOGRAPH-17000",
              "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00", "CJK UNIFIED IDEOGRAPH-4e00", "cjk unified ideograph-4E00",
              "CJK UNIFIED IDEOGRAPH-3134A", "CJK UNIFIED IDEOGRAPH-3134B", "CJK UNIFIED IDEOGRAPH-9FFF", "CJK UNIFIED IDEOGRAPH-2A6E0",
              "CJK UNIFIED IDEOGRAPH-4E0", "CJK UNIFIED IDEOGRAPH-104E00", "HANGUL SYLLABLE GA", "HANGUL SYLLABLE GGAEGG", "HANGUL SYLLABLE A",
              "HANGUL SYLLABLE HIH", "HANGUL SYLLABLE ", "HANGUL SYLLABLE GAX", "hangul syllable GA", "HANGUL SYLLABLE ga", "HANGUL SYLLABLE SSYUNJ",
              "CJK COMPATIBILITY IDEOGRAPH-F900", "EM DASH", "SPACE", "", "NO SUCH NAME", "LATIN SMALL LETTER A WITH MACRON AND GRAVE"]
    for name in names:
        yield C("char-name", "{{ '\\N{%s}' }}" % name)
    for t in [r"{{ '\N{SNOWMAN' }}", r"{{ '\N' }}", r"{{ '\N{EM DASH}'|length }}", r"{{ 'a\N{BULLET}b\N{bullet}c' }}", r"{{ '\\N{BULLET}' }}"]:
        yield C("char-name", t)


BINARY_OPS = ["+", "-", "*", "/", "//", "%", "**"]
MATH_OPERANDS = ["7", "-7", "2", "-2", "0", "2.5", "-0.5", "true", "'ab'", "[1]", "none", "10**20", "(1,)"]


def expressions_math():
    pairs = [("7", "2"), ("-7", "2"), ("7", "-2"), ("-7", "-2"), ("7", "0"), ("2.5", "2"), ("-2.5", "2"), ("7", "2.5"),
             ("1", "3"), ("10**20", "3"), ("-10**20", "7"), ("true", "true"), ("'ab'", "3"), ("[1]", "2"), ("'ab'", "'cd'"),
             ("[1]", "[2]"), ("none", "1"), ("2", "-1"), ("0", "0"), ("0.0", "0"), ("(1,)", "(2,)"), ("'%s'", "1"), ("1e308", "10")]
    for (a, b), op in itertools.product(pairs, BINARY_OPS):
        yield C("binary", "{{ %s %s %s }}" % (a, op, b))
    for t in [
        "{{ -x }}", "{{ +x }}", "{{ --7 }}", "{{ -(-7) }}", "{{ - -7 }}", "{{ -'a' }}", "{{ +none }}", "{{ -true }}", "{{ not -1 }}",
        "{{ 2 ** 3 ** 2 }}", "{{ -2 ** 2 }}", "{{ (-2) ** 2 }}", "{{ 2 ** -1 }}", "{{ 2 ** 0.5 }}", "{{ (-8) ** (1/3) }}",
        "{{ 1 + 2 * 3 }}", "{{ (1 + 2) * 3 }}", "{{ 10 - 2 - 3 }}", "{{ 2 * 3 % 4 }}", "{{ 7 // 2 * 2 }}", "{{ 1 + 2 ~ 3 }}",
        "{{ 1 ~ 2 + 3 }}", "{{ 10 / 4 }}", "{{ 10 / 5 }}", "{{ 1 / 3 }}", "{{ 2 / 3 * 3 }}", "{{ 0.1 + 0.2 }}", "{{ 1e16 + 1 }}",
        "{{ 9007199254740993 + 1 }}", "{{ 2 ** 64 }}", "{{ 2 ** 64 // 3 }}", "{{ -(2 ** 63) % 1000 }}", "{{ 3 * 'ab' }}",
        "{{ 'ab' * -1 }}", "{{ [0] * 3 }}", "{{ x * 2 }}", "{{ x + 1 }}", "{{ f * 2 }}", "{{ f + 1 }}", "{{ big + 1 }}", "{{ big * big }}",
        "{{ big // 7 }}", "{{ big % 7 }}", "{{ big / 2 }}", "{{ -big }}", "{{ f // 1 }}", "{{ f % 1 }}", "{{ 5 % -3 }}", "{{ -5 % 3 }}",
        "{{ 5.5 % -2 }}", "{{ -5.5 // 2 }}", "{{ 1 / 0.0 }}", "{{ 0 ** 0 }}", "{{ 0 ** -1 }}", "{{ 10 ** 400 > 0 }}", "{{ 1.5 ** 5000 }}",
        "{{ missing + 1 }}", "{{ missing * 2 }}", "{{ 1 + }}", "{{ * 2 }}", "{{ 1 +* 2 }}", "{{ 2 *** 2 }}",
    ]:
        yield C("arith", t, {"x": 21, "f": 2.0, "big": 2**70 + 3})
    # jinja2 writes a folded constant into its generated Python as repr() (str() for a float), and
    # Python reads that text back: `(-2 ** x)` is -(2 ** x), `inf` and `nan` are undefined names.
    for t in ["{{ (-2) ** x }}", "{{ -2 ** x }}", "{{ (1 - 3) ** x }}", "{{ (-2.5) ** x }}", "{{ (-0.0) ** x }}", "{{ (-2) ** y }}",
              "{{ (-(2)) ** x }}", "{{ (-x) ** 2 }}", "{{ 2 ** -x }}", "{{ x ** -2 }}", "{{ (-2) ** 2 }}", "{{ (-10**20) ** x }}",
              "{{ (-1e300) ** 1.5 }}", "{{ (-0.0) ** -1 }}", "{{ (1e308 * 10) ~ x }}", "{{ x ~ (-1e308 * 10) }}", "{{ [1e308 * 10, x] }}",
              "{{ ('nan'|float) ~ x }}", "{{ ('inf'|float) + x }}", "{{ x if false else 1e308 * 10 }}", "{{ 1e308 * 10 if x else 1 }}",
              "{{ {'k': 1e308 * 10}[x] }}", "{{ (1e308 * 10, x) }}", "{{ '{:08}'.format('nan'|float) }}", "{{ (1e308 * 10)|string ~ x }}",
              "{% if false %}{{ x ~ (1e308 * 10) }}{% endif %}ok", "{{ 1e308 * 10 }}", "{{ -0.0 ~ x }}", "{{ (0.1 + 0.2) ~ x }}"]:
        yield C("folded-constants", t, {"x": 2, "y": 0.5})


COMPARE_OPS = ["==", "!=", "<", "<=", ">", ">="]


def expressions_comparisons():
    pairs = [("1", "1"), ("1", "2"), ("1", "1.0"), ("1", "true"), ("0", "false"), ("'a'", "'b'"), ("'B'", "'a'"), ("'a'", "1"),
             ("none", "none"), ("none", "0"), ("[1, 2]", "[1, 3]"), ("[1]", "[1, 0]"), ("(1, 2)", "[1, 2]"), ("(1, 2)", "(1, 2)"),
             ("{'a': 1}", "{'a': 1}"), ("{'a': 1}", "{'a': 2}"), ("missing", "missing"), ("missing", "none"), ("10**20", "10**20 + 1"),
             ("1.5", "1"), ("'10'", "'9'"), ("[1, 'a']", "[1, 2]")]
    for (a, b), op in itertools.product(pairs, COMPARE_OPS):
        yield C("compare", "{{ %s %s %s }}" % (a, op, b))
    for t in ["{{ 1 < 2 < 3 }}", "{{ 1 < 3 < 2 }}", "{{ 3 > 2 == 2 }}", "{{ 1 == 1 == 1.0 }}", "{{ 1 < 'a' < 2 }}",
              "{{ 2 > 1 < 'a' }}", "{{ not 1 == 2 }}", "{{ 1 == 1 and 2 }}", "{{ (1 < 2) + 1 }}", "{{ 1 <> 2 }}", "{{ 1 === 1 }}",
              "{{ 1 = 1 }}", "{{ 'abc' < 'abd' }}", "{{ 'é' > 'z' }}", "{{ nan == nan }}", "{{ nan < 1 }}"]:
        yield C("chain", t, {"nan": float("nan")})


def expressions_logic():
    operands = ["true", "false", "0", "1", "''", "'x'", "none", "[]", "[0]", "missing"]
    for a, b in itertools.product(operands, ["0", "'y'", "missing"]):
        yield C("and-or", "{{ %s and %s }}|{{ %s or %s }}" % (a, b, a, b))
    for a in operands:
        yield C("not", "{{ not %s }}|{{ not not %s }}" % (a, a))
    for t in ["{{ true or 1/0 }}", "{{ false and 1/0 }}", "{{ false or 1/0 }}", "{{ not true and false }}", "{{ not (true and false) }}",
              "{{ true and false or true }}", "{{ true or false and false }}", "{{ 1 and 2 and 3 }}", "{{ 0 or '' or none }}",
              "{{ missing or 'default' }}", "{{ (missing and 1) is defined }}", "{{ a && b }}", "{{ a || b }}", "{{ !a }}", "{{ and }}",
              "{{ not }}", "{{ true and }}"]:
        yield C("logic", t, {"a": 1, "b": 0})


def expressions_other():
    ctx = {"s": "hello world", "l": [1, 2, 3, 4, 5], "t": (1, 2, 3), "d": {"a": 1, 2: "b"}, "n": None}
    for t in [
        "{{ 'o' in s }}", "{{ 'z' in s }}", "{{ 'lo w' in s }}", "{{ '' in s }}", "{{ 1 in s }}", "{{ 3 in l }}", "{{ 3.0 in l }}",
        "{{ '3' in l }}", "{{ 'a' in d }}", "{{ 2 in d }}", "{{ 1 in d }}", "{{ 'a' not in d }}", "{{ not 'a' in d }}", "{{ 1 in t }}",
        "{{ [1] in [[1], 2] }}", "{{ 1 in n }}", "{{ 1 in 5 }}", "{{ 'a' in missing }}", "{{ [] in l }}", "{{ {} in d }}",
        "{{ 'a' ~ 'b' }}", "{{ 1 ~ 2 }}", "{{ none ~ true ~ 1.0 }}", "{{ l ~ '' }}", "{{ d ~ t }}", "{{ missing ~ 'x' }}", "{{ 'x' ~ missing }}",
        "{{ s|upper ~ '!' }}", "{{ -1|abs }}", "{{ -l|length }}", "{{ (-1)|abs }}", "{{ 'a' ~ 1 + 2 }}", "{{ s.split()|join('-') }}",
        "{{ l[1:3] }}", "{{ l[:2] }}", "{{ l[3:] }}", "{{ l[::2] }}", "{{ l[::-1] }}", "{{ l[-2:] }}", "{{ l[1:-1] }}", "{{ l[5:9] }}",
        "{{ l[:] }}", "{{ l[::0] }}", "{{ s[1:4] }}", "{{ s[::-1] }}", "{{ s[:100] }}", "{{ t[1:] }}", "{{ t[:0] }}", "{{ l[1:4:2] }}",
        "{{ l['a':] }}", "{{ l[none:2] }}", "{{ l[0.5:] }}", "{{ n[1:] }}", "{{ l[1:2:3:4] }}", "{{ (l)[0] }}", "{{ (1 + 2) * 2 }}",
        "{{ ((((1)))) }}", "{{ (1, 2)|length }}", "{{ l.0 }}", "{{ d.a }}", "{{ d[2] }}", "{{ d['2'] }}", "{{ s.__class__ is defined }}",
        "{{ l|first is odd }}", "{{ 1 is odd ~ 'x' }}", "{{ 3 is divisibleby 3 }}", "{{ 7 is divisibleby(3) }}", "{{ 6 is not divisibleby 4 }}",
        "{{ 2 is in l }}", "{{ 2 is in(l) }}", "{{ 1 + 1 is even }}", "{{ not 1 is odd }}", "{{ l is sequence and s is string }}",
        "{{ 'a' is eq 'a' }}", "{{ s|length is gt 5 }}", "{{ (1, 2) is sameas (1, 2) }}", "{{ none is sameas none }}", "{{ 5|string|int + 1 }}",
        "{{ l|first + l|last }}", "{{ l|map('string')|join }}", "{{ 'abc'|upper|lower|title }}", "{{ 1 is nonexistenttest }}",
        "{{ l|first() }}", "{{ s is defined() }}", "{{ 2 is divisibleby }}", "{{ ('x',) }}", "{{ s . upper() }}", "{{ l[] }}",
    ]:
        yield C("other", t, ctx)


def expressions_if():
    for t in [
        "{{ 'yes' if true else 'no' }}", "{{ 'yes' if false else 'no' }}", "{{ 'yes' if false }}", "{{ ('yes' if false) is defined }}",
        "{{ 'a' if x > 1 else 'b' if x > 0 else 'c' }}", "{{ ('a' if x else 'b') ~ '!' }}", "{{ 'a' ~ 'b' if false else 'c' }}",
        "{{ 1 + 1 if true else 0 }}", "{{ [1 if true else 2, 3] }}", "{{ (1 if false)|default('dflt') }}", "{{ x if x }}",
        "{{ 'v' if missing else 'nv' }}", "{{ 'v' if missing is defined else 'nv' }}", "{{ 1/0 if false else 'safe' }}",
        "{{ 'x' if true else 1/0 }}", "{{ x if }}", "{{ x if true else }}", "{{ 'a' if true else 'b' if }}", "{{ (1 if false)() }}",
        "{{ (1 if false).attr }}", "{{ {'k': 1 if true else 2} }}", "{% set y = 'set' if x else 'unset' %}{{ y }}",
        "{{ 'a' if x|default(0) else 'b' }}", "{{ not x if x else 'no' }}",
    ]:
        for x in (2, 0):
            yield C("conditional", t, {"x": x})


def extensions():
    """Statements of jinja2's extensions, and tags that do not exist: the default Environment rejects them."""
    for t in [
        "{% for i in [1, 2] %}{% break %}{% endfor %}", "{% for i in [1, 2] %}{% continue %}{% endfor %}", "{% do [].append(1) %}",
        "{% trans %}hello{% endtrans %}", "{% debug %}", "{{ _('hello') }}", "{{ gettext('hi') }}", "{% pluralize %}", "{% expr 1 %}",
        "{% print 1 %}", "{% unknown %}", "{% endfor %}", "{% endblock %}", "{% end %}", "{% elif x %}", "{% endmacro %}",
        "{% include 'x' with context and more %}", "{% spaceless %}a{% endspaceless %}", "{% load static %}", "{% url 'x' %}",
        "{% ifequal a b %}{% endifequal %}", "{% cycle 'a' 'b' %}", "{% now 'Y' %}", "{% autoescape %}x{% endautoescape %}",
        "{% set x = 1 if true %}{{ x }}", "{{ x|e(1) }}", "{% import 'x' as 1 %}", "{{ loop.index }}", "{{ {% %} }}",
    ]:
        yield C("not-enabled", t)


def errors():
    """Syntax errors and runtime errors at a line of the template or of an included one."""
    files = {"deep.j2": "one\ntwo\n{{ missing.attr }}", "syn.j2": "a\nb\n{% endif %}", "macros.j2": "{% macro boom() %}\n\n{{ 1 // 0 }}{% endmacro %}"}
    syntax = ["{% if x %}", "{{ 1 + }}", "{% for %}", "{{ 'unclosed }}", "{% endfor %}", "{{ x|unknownfilter }}", "{{ x is unknowntest }}",
              "{% set %}", "{% macro m( %}", "{{ }}", "{{ x y }}", "{% block b %}{% block b %}{% endblock %}{% endblock %}", "}}", "{{ {", "{#"]
    runtime = ["{{ 1 / 0 }}", "{{ missing.attr }}", "{{ 'a' + 1 }}", "{{ [1] < 'a' }}", "{{ none.x.y }}", "{{ range(1, 2, 0) }}",
               "{{ 'x' * 'y' }}", "{{ [1, 'a']|sort }}", "{{ {}['k'] }}", "{{ x() }}", "{{ 'abc'.nope() }}", "{{ int('x') }}",
               "{{ '%d' % 'x' }}", "{% include 'nope.j2' %}", "{{ []|first + 1 }}"]
    for pre in ["", "line1\n", "a\nb\n\n"]:
        for body in syntax:
            yield C("syntax", pre + body, {"x": 1})
        for body in runtime:
            yield C("runtime", pre + body, {"x": 1})
    # jinja2 lexes as its parser reads: a lexer error past a parse error is never raised, one before it is.
    lexer_late = ["{% if %}{{ '\\N{nosuch}' }}", "{% for %}{{ 1.\u0663 }}", "{{ 1 + }}{{ ) }}", "{% set %}{{ 'unclosed",
                  "{{ '\\N{nosuch}' }}{% if %}", "{{ 1.\u0663 }}{% for %}", "{{ ) }}{{ 1 + }}", "{% if x %}\n{{ 1e\u0663 }}",
                  "{% if %}\n\n{{ '\\N{nosuch}' }}", "{{ x }}\n{% for %}\n{{ ) }}"]
    for t in lexer_late:
        yield C("lexer-order", t, {"x": 1})
    for t in ["x\n{% include 'deep.j2' %}", "x\n\n{% include 'syn.j2' %}", "{% import 'macros.j2' as m %}\n{{ m.boom() }}",
              "{% from 'macros.j2' import boom %}{{ boom() }}", "{% for i in [1, 0] %}\n{{ 1 / i }}\n{% endfor %}",
              "{% macro m(a) %}\n{{ a.b.c }}\n{% endmacro %}\n\n{{ m({}) }}", "{% set x %}\n\n{{ 1 / 0 }}{% endset %}",
              "{% filter upper %}\n{{ nope.x }}{% endfilter %}", "{% extends 'deep.j2' %}", "{{ 'multi\nline' ~ (1 / 0) }}",
              "{% if true %}\n\n\n{{ none.a.b }}{% endif %}", "{{\n1\n/\n0\n}}", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"]:
        yield C("located", t, {}, files)
    yield from output_join()


def output_join():
    """A value yielded into the output as it is (a filter block's, a call block's on a macro that `include ... without
    context` made a generator, a recursive loop's there) fails only when the output holding it is joined: at the end
    of the template, macro, set block, filter block, `self` block or printed module, after any later error in it."""
    gen = "{% macro g() %}{% include 'nope.j2' without context %}{{ caller() }}{% endmacro %}"
    files = {"blk.j2": "a\n{% block b %}\n{% filter length %}xy{% endfilter %}\n{% endblock %}",
             "mod.j2": "top\n{% filter list %}ab{% endfilter %}\n", "inc.j2": "i\n{% filter length %}x{% endfilter %}{{ after }}\n"}
    values = ["{% filter length %}abc{% endfilter %}", "{% call g() %}c{% endcall %}", "{% filter list %}ab{% endfilter %}",
              "{% filter upper %}ok{% endfilter %}", "{% include 'inc.j2' %}"]
    afters = ["", "\n{{ 1 / 0 }}", "\n{{ 'tail' }}\n\n"]
    holders = ["x{{ v }}\n@", "{% macro m() %}\na{{ v }}\n@\n{% endmacro %}[{{ m() }}]", "{% set q %}\n@\n{% endset %}{{ q }}",
               "{% filter upper %}\n@{% endfilter %}", "{% for i in [1] recursive %}\n@\n{% endfor %}",
               "{% set q | trim %}@{% endset %}", "{% extends 'blk.j2' %}{% block b %}\n@{% endblock %}"]
    for holder in holders:
        for value in values:
            for after in afters:
                yield C("output-join", gen + holder.replace("@", value + after), {"v": 1, "after": "z"}, files)
    for t in ["{% extends 'blk.j2' %}", "{% extends 'blk.j2' %}{% block b %}{{ self.b() }}{% endblock %}",
              "{% extends 'blk.j2' %}{% block b %}[{{ super() }}]{% endblock %}", "{% import 'mod.j2' as m %}\nok",
              "{% import 'mod.j2' as m %}\n{{ m }}", "{% include 'mod.j2' without context %}\n{{ 1 / 0 }}",
              "{% macro m() %}{% include 'mod.j2' without context %}{% endmacro %}{{ m() }}",
              "{% set ns = namespace(x=1) %}{% filter length %}a{% endfilter %}{% set ns.x = 2 %}\n{{ ns.x / 0 }}"]:
        yield C("output-join", t, {"after": "z"}, files)


SECTIONS = {
    "variables": variables,
    "comments": comments,
    "whitespace": whitespace,
    "escaping": escaping,
    "inheritance": inheritance,
    "statements-for": statement_for,
    "statements-if": statement_if,
    "statements-macro-call": statement_macro,
    "statements-set-with-filter": statement_assign,
    "statements-include-import": statement_include_import,
    "expressions-literals": expressions_literals,
    "expressions-math": expressions_math,
    "expressions-comparisons": expressions_comparisons,
    "expressions-logic": expressions_logic,
    "expressions-other": expressions_other,
    "expressions-if": expressions_if,
    "extensions-not-enabled": extensions,
    "errors": errors,
}
