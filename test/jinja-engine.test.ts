/**
 * The Jinja engine (src/render/jinja): the language across its statements,
 * Python value printing and arithmetic, error positions (issue 11) and the
 * render bounds (issue 10). Expected outputs are what jinja2 3.1.6 renders
 * for the same template (`jinja2.Environment()` with a DictLoader).
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateCompiler } from '../src/render/jinja/environment.js';
import { TemplateFailure } from '../src/render/jinja/errors.js';
import type { JinjaLimits } from '../src/render/jinja/limits.js';

const INCLUDES = { 'i.j2': '{{ x }}\n', 'm.j2': '{% macro hi(n) %}hi {{ n }}{% endmacro %}' };

function render(source: string, context: Record<string, unknown> = {}, limits: Partial<JinjaLimits> = {}): string {
  const files = new Map(Object.entries({ ...INCLUDES, 't.j2': source }));
  const compiler = new TemplateCompiler({ read: (p) => files.get(p) }, limits);
  return renderTemplate(compiler, compiler.template('t.j2'), context);
}

function failure(source: string, limits: Partial<JinjaLimits> = {}): TemplateFailure {
  try {
    render(source, {}, limits);
  } catch (e) {
    if (e instanceof TemplateFailure) return e;
    throw e;
  }
  throw new Error('rendered without error');
}

describe('the language, as jinja2 renders it', () => {
  it.each([
    ["{{ (1, 'a') }} {{ [1.0, 1e-05, 1e16, none, true] }} {{ {'k': 'it\\'s'} }}",
     "(1, 'a') [1.0, 1e-05, 1e+16, None, True] {'k': \"it's\"}"],
    ["{{ 2**100 }} {{ -7 // 2 }} {{ -3 % 7 }} {{ 7 / 2 }} {{ '%d' % -10 }} {{ '%05.1f|%x' % (3.14159, 255) }}",
     "1267650600228229401496703205376 -4 4 3.5 -10 003.1|ff"],
    ["{{ '{:>6}|{:,}|{:.3e}'.format('ab', 1234567, 0.000123) }} {{ 'a\\u00e9\\x41\\101' }}",
     "    ab|1,234,567|1.230e-04 aéAA"],
    ["{{ 'abcdef'[1:5:2] }} {{ [1, 2, 3][::-1] }} {{ 'a\\nb'.upper() }} {{ --7 }} {{ -2 ** 2 }} {{ 6 is divisibleby 3 }}",
     "bd [3, 2, 1] A\nB 7 4 True"],
    ["{% set a, b = 1, 2 %}{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ a }}{{ b }}{{ ns.n }}",
     "126"],
    ["{% macro m(a, b='B') %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, b='y') }}|{{ m(1, 2, 3, k=4) }}",
     "1y(){}|12(3,){'k': 4}"],
    ["{% macro w() %}[{{ caller(1) }}]{% endmacro %}{% call(x) w() %}c{{ x }}{% endcall %}",
     "[c1]"],
    ["{% for x in [[1, [2]], 3] recursive %}{% if x is iterable %}({{ loop(x) }}){% else %}{{ x }}@{{ loop.depth }}{% endif %}{% endfor %}",
     "(1@2(2@3))3@1"],
    ["{% for x in 'abc' %}{{ loop.index }}{{ loop.previtem }}{{ loop.nextitem }}{{ loop.cycle('+', '-') }}{% endfor %}",
     "1b+2ac-3b+"],
    ["{% with a = 1 %}{{ a }}{% endwith %}{{ a is defined }} {% filter upper %}x{{ 'y' }}{% endfilter %} {% set t | title %}ab cd{% endset %}{{ t }}",
     "1False XY Ab Cd"],
    ["{% include ['nope.j2', 'i.j2'] %}|{% include 'none.j2' ignore missing %}|{% set x = 5 %}{% include 'i.j2' without context %}|{% from 'm.j2' import hi %}{{ hi(1) }}",
     "|||hi 1"],
    ["{{ [3, 1, 2]|sort(reverse=true) }} {{ {'b': 1, 'a': 2}|dictsort }} {{ {'a': 1}|list }} {{ [1, 2, 2]|unique|list }} {{ ['x', 'y']|map('upper')|join(',') }} {{ [1, 2]|tojson }}",
     "[3, 2, 1] [('a', 2), ('b', 1)] ['a'] [1, 2] X,Y [1, 2]"],
    ["{{ 'foo bar baz'|truncate(9) }} {{ 'hello world'|title }} {{ '  x '|trim }} {{ 'xaxx'|trim('x') }} {{ 2.5|round }} {{ 42.55|round(1, 'floor') }} {{ 'a b'|wordcount }}",
     "foo bar baz Hello World x a 2.0 42.5 2"],
    ["{{ undefined }}|{{ undefined|default('d') }}|{% for x in undefined %}x{% endfor %}|{{ none }}|{{ d.missing is defined }}",
     "|d||None|False"],
  ])('%s', (source, expected) => {
    expect(render(source, { d: {} })).toBe(expected);
  });
});

describe('error positions (issue 11)', () => {
  it('a call of an undefined name appended to line N is reported at line N', () => {
    const e = failure('line 1\nline 2\nline 3 {{ undefined_fn() }}');
    expect([e.pyType, e.pyMessage, e.line, e.column]).toEqual(["UndefinedError", "'undefined_fn' is undefined", 3, 23]);
  });
  it('a method call on an undefined attribute is reported at its line', () => {
    const e = failure('a\nb {{ network.foo() }}');
    expect([e.pyMessage, e.line]).toEqual(["'network' is undefined", 2]);
  });
  it('an unclosed block names the line jinja2 names and where the block opens', () => {
    const e = failure('text\n  {% for x in y %}\nabc\n');
    expect(e.pyMessage).toBe(
      "Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
    );
    expect(e.line).toBe(2);
    expect(e.opening).toEqual({ line: 2, column: 3 });
  });
  it('an error inside an include is reported in the included file', () => {
    const files = new Map(Object.entries({ 'bad.j2': 'ok\n{{ 1 // 0 }}', 't.j2': 'x\n{% include "bad.j2" %}' }));
    const compiler = new TemplateCompiler({ read: (p) => files.get(p) });
    let caught: unknown;
    try {
      renderTemplate(compiler, compiler.template('t.j2'), {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ template: 'bad.j2', line: 2, pyType: 'ZeroDivisionError', pyMessage: 'integer division or modulo by zero' });
  });
});

describe('bounds (issue 10)', () => {
  it('range(10**9) is lazy: its length costs nothing', () => {
    expect(render('{{ range(10**9)|length }} {{ range(10**9)[-1] }}')).toBe('1000000000 999999999');
  });
  it('a loop that does not end stops at the step bound, at its line', () => {
    const e = failure('a\n{% for i in range(10**9) %}{% endfor %}', { maxSteps: 10_000 });
    expect([e.pyType, e.line]).toEqual(['LimitExceeded', 2]);
    expect(e.pyMessage).toMatch(/more than 10000 loop iterations/);
  });
  it('a macro that recurses without end stops at the depth bound', () => {
    const e = failure('{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}');
    expect(e.pyType).toBe('LimitExceeded');
    expect(e.pyMessage).toMatch(/nest more than 500 deep/);
    expect(e.line).toBe(1);
  });
  it('an enormous string is refused before it is built', () => {
    const e = failure("{{ 'x' * 10**9 }}");
    expect([e.pyType, e.pyMessage]).toEqual(['LimitExceeded', expect.stringMatching(/1000000000 characters, more than the bound of 67108864/)]);
  });
  it('output beyond the bound stops the render', () => {
    const e = failure("{% for i in range(1000) %}{{ 'abcdefghij' }}{% endfor %}", { maxOutput: 5000 });
    expect(e.pyType).toBe('LimitExceeded');
  });
  it('the bounds can be raised', () => {
    expect(render("{% for i in range(1000) %}{{ 'abcdefghij' }}{% endfor %}", {}, { maxOutput: 20_000 })).toHaveLength(10_000);
  });
});
