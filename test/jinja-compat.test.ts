/**
 * Jinja2 behaviours THT's templates rely on, one case each, with
 * the output jinja2 3.1 gives for the same template and data.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateCompiler } from '../src/render/jinja/environment.js';
import { TemplateFailure } from '../src/render/jinja/errors.js';

function render(source: string, context: Record<string, unknown> = {}, includes: Record<string, string> = {}): string {
  const files = new Map(Object.entries({ 'dir/t.j2.yaml': source, ...includes }));
  const compiler = new TemplateCompiler({ read: (p) => files.get(p) });
  return renderTemplate(compiler, compiler.template('dir/t.j2.yaml'), context);
}

describe('source handling', () => {
  it('drops one trailing newline of the template and of each include', () => {
    expect(render('a\n')).toBe('a');
    expect(render('a\n\n')).toBe('a\n');
    expect(render("{% include 'i.j2' %}|\n", {}, { 'dir/i.j2': 'inc\n' })).toBe('inc|');
  });
  it('normalises CRLF and CR line ends', () => {
    expect(render('a\r\nb\rc')).toBe('a\nb\nc');
  });
  it('does not autoescape', () => {
    expect(render("{{ x }}", { x: "<a href='x'>&" })).toBe("<a href='x'>&");
  });
  it('applies whitespace control on raw tags', () => {
    expect(render('x  {%- raw -%}  {{ y }}  {%- endraw -%}  z')).toBe('x{{ y }}z');
    expect(render('{% raw %} {{ a }} {% endraw %}')).toBe(' {{ a }} ');
  });
});

describe('printing values as Python does', () => {
  it.each([
    [['a', 'b'], "['a', 'b']"],
    [{ k: 'v', n: 1 }, "{'k': 'v', 'n': 1}"],
    [true, 'True'],
    [false, 'False'],
    [null, 'None'],
    [undefined, ''],
    ["it's", `"it's"`],
    ['nl\nx', "'nl\\nx'"],
    ['\x00', "'\\x00'"],
    ['\u2028', "'\\u2028'"],
    ['é', "'é'"],
    [1e-5, '1e-05'],
    [[{ a: [true, null] }], "[{'a': [True, None]}]"],
  ])('repr of %j inside a list prints %s', (value, expected) => {
    const printed = render('{{ v }}', { v: value });
    if (typeof value === 'string') expect(render('{{ [v] }}', { v: value })).toBe(`[${expected}]`);
    else expect(printed).toBe(expected);
  });
  it('prints strings as they are', () => {
    expect(render('{{ s }}', { s: "it's\n" })).toBe("it's\n");
  });
  it('concatenates with ~ through str()', () => {
    expect(render("{{ 'a' ~ true ~ none ~ 1 }}")).toBe('aTrueNone1');
  });
  it('knows Python literal spellings', () => {
    expect(render('{{ True }} {{ False }} {{ None }}')).toBe('True False None');
  });
});

describe('control flow with Python semantics', () => {
  it('treats empty lists and dicts as false', () => {
    expect(render('{% if l %}y{% else %}n{% endif %}{% if not d %}!{% endif %}', { l: [], d: {} })).toBe('n!');
    expect(render("{{ l or 'x' }}", { l: [] })).toBe('x');
    expect(render("{{ l and 'x' }}", { l: [] })).toBe('[]');
  });
  it('filters for-loop items before counting them', () => {
    expect(render('{% for x in xs if x > 1 %}{{ loop.index }}{{ x }} {% endfor %}', { xs: [1, 2, 3] })).toBe('12 23 ');
    expect(render('{% for x in xs if x > 5 %}a{% else %}empty{% endfor %}', { xs: [1] })).toBe('empty');
  });
  it('iterates dict keys, and nothing for Undefined', () => {
    expect(render('{% for k in d %}{{ k }},{% endfor %}', { d: { b: 1, a: 2 } })).toBe('b,a,');
    expect(render('{% for k in missing %}x{% endfor %}.')).toBe('.');
    expect(render('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', { d: { a: 1 } })).toBe('a=1;');
  });
  it('scopes set to the loop iteration', () => {
    const src = "{% set x = 'out' %}{% for i in [1, 2] %}{{ x }}{% set x = i %}{{ x }} {% endfor %}{{ x }}";
    expect(render(src)).toBe('out1 out2 out');
  });
  it('prints loop booleans as Python', () => {
    expect(render('{% for i in [1] %}{{ loop.first }}{% endfor %}')).toBe('True');
  });
  it('evaluates in with Python rules', () => {
    expect(render("{{ 'a' in missing }}")).toBe('False');
    expect(render("{{ ':' in s }}", { s: 'fd00::1' })).toBe('True');
    expect(render("{{ 'k' in d }} {{ '1' in l }}", { d: { k: 1 }, l: [1] })).toBe('True False');
    expect(() => render("{{ 'a' in n }}", { n: null })).toThrow(/NoneType/);
  });
  it('compares like Python', () => {
    expect(render('{{ 1 == "1" }} {{ l == [] }} {{ [1, [2]] == [1, [2]] }}', { l: [] })).toBe('False True True');
  });
  it('renders self.<block>() again', () => {
    expect(render('{% block b %}\nB{{ v }}{% endblock %}|{{ self.b() }}', { v: 1 })).toBe('\nB1|\nB1');
  });
});

describe('Python methods and lookups', () => {
  it('has the string methods THT calls', () => {
    expect(render("{{ s.lower() }} {{ s.upper() }} {{ s.startswith('Ab') }} {{ s.endswith(('x', 'Cd')) }}", { s: 'AbCd' })).toBe(
      'abcd ABCD True True',
    );
    expect(render("{{ s.split('_subnet', -1)[0] }} {{ 'a b  c'.split() }} {{ 'a,b,c'.split(',', 1) }}", { s: 'x_subnet' })).toBe(
      "x ['a', 'b', 'c'] ['a', 'b,c']",
    );
    expect(render("{{ 'aXbXc'.replace('X', '-') }} {{ '  p '.strip() }}")).toBe('a-b-c p');
  });
  it('has list methods returning None, and pop returning the item', () => {
    expect(render("{% set l = [] %}{{ l.append(1) }}{% set _ = l.append(2) %}{{ l }} {{ l.pop() }} {{ l }}")).toBe('None[1, 2] 2 [1]');
  });
  it('has dict methods', () => {
    const src = "{% set d = {'a': 1} %}{{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}{% set _ = d.update({'b': 2}) %} {{ d.keys() }} {{ d.items() }}";
    expect(render(src)).toBe("1 None 0 dict_keys(['a', 'b']) dict_items([('a', 1), ('b', 2)])");
  });
  it('supports negative indexes', () => {
    expect(render('nic{{ l[-1] + 1 }} {{ s[-1] }}', { l: [1, 2], s: 'ab' })).toBe('nic3 b');
  });
  it('evaluates dict keys that are expressions', () => {
    expect(render('{{ {n.name: 1, k: 2} }}', { n: { name: 'x' }, k: 'y' })).toBe("{'x': 1, 'y': 2}");
  });
  it('makes tuples from parenthesised lists', () => {
    expect(render("{{ ('a', 'b') }}")).toBe("('a', 'b')");
  });
  it('raises UndefinedError on an attribute of Undefined', () => {
    expect(() => render('{{ missing.attr }}')).toThrow(TemplateFailure);
    expect(render('{{ d.missing }}|{{ none_value.attr }}', { d: {}, none_value: null })).toBe('|');
  });
});

describe('filters', () => {
  it('default replaces only Undefined unless asked', () => {
    expect(render("{{ x|default('d') }} {{ n|default('d') }} {{ f|default('d') }} {{ e|default('d', true) }}", { n: null, f: false, e: [] })).toBe(
      'd None False d',
    );
  });
  it('lower prints through str()', () => {
    expect(render('{{ b|lower }}', { b: false })).toBe('false');
  });
});

describe('errors name the template and line', () => {
  it('reports a syntax error with its line', () => {
    const e = (() => {
      try {
        render('line one\n{% if x %}\nno end\n');
      } catch (err) {
        return err as TemplateFailure;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(TemplateFailure);
    expect(e!.template).toBe('dir/t.j2.yaml');
    expect(e!.kind).toBe('syntax error');
  });
  it('reports a runtime error inside an include against the include', () => {
    try {
      render("a\n{% include 'i.j2' %}", {}, { 'dir/i.j2': 'x\n{{ missing.attr }}' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateFailure);
      expect((err as TemplateFailure).template).toBe('dir/i.j2');
      expect((err as TemplateFailure).line).toBe(2);
      expect((err as TemplateFailure).detail).toMatch(/'missing' is undefined/);
    }
  });
  it('searches includes in the template folder first, then the tree root', () => {
    expect(render("{% include 'i.j2' %}", {}, { 'i.j2': 'root', 'dir/i.j2': 'local' })).toBe('local');
    expect(render("{% include 'j.j2' %}", {}, { 'j.j2': 'root' })).toBe('root');
    expect(() => render("{% include 'nope.j2' %}")).toThrow(/nope\.j2/);
  });
});
