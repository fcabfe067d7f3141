import { describe, expect, it } from 'vitest';
import { YamlFile, type YamlProfile } from '../src/yaml/file.js';
import { jsonData, toJson } from '../src/yaml/json.js';
import { floatRepr } from '../src/yaml/pyprint.js';
import { PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PySet, PyTuple } from '../src/yaml/python.js';

const value = (text: string, profile: YamlProfile = 'heat') => new YamlFile('t.yaml', text, { profile }).value;
const python = (text: string, profile: YamlProfile = 'safe_load') => new YamlFile('t.yaml', text, { profile }).python();
const refusal = (text: string | Uint8Array, profile: YamlProfile = 'heat') => {
  const file = typeof text === 'string' ? new YamlFile('t.yaml', text, { profile }) : YamlFile.fromBytes('t.yaml', text, { profile });
  const e = file.error;
  return e && { message: e.message, line: e.line, column: e.column, file: e.file };
};

describe('YAML 1.1 values as PyYAML resolves them', () => {
  it('reads booleans, octal and sexagesimal ints, floats that need a dot, nulls', () => {
    const v = value('a: yes\nb: off\nc: 1e3\nd: 1.5\ne: 010\nf: 09\ng: 0x1F\nh: 2021-03-15\ni: ~\nj: 1:30\nk: y\nl: -.5\n');
    expect(v).toEqual({ a: true, b: false, c: '1e3', d: 1.5, e: 8, f: '09', g: 31, h: '2021-03-15', i: null, j: 90, k: 'y', l: '-.5' });
  });

  it("takes the white space around a tagged number that Python's int() and float() take, and no other", () => {
    // \N is NEL (U+0085): Python strips it, JS's trim() does not; U+FEFF the other way round; \x1c neither.
    expect(value('a: !!int "1__2\\N"\nb: !!float "\\u30001.5\\_"\n')).toEqual({ a: 12, b: 1.5 });
    expect(refusal('a: !!int "12\\uFEFF"\n')?.message).toMatch(/invalid literal for int\(\) with base 10/);
    expect(refusal('a: !!float "1.5\\x1c"\n')?.message).toMatch(/could not convert string to float/);
  });

  it('keeps integral floats as PyFloat and big ints as bigint', () => {
    const v = value('a: 1500.0\nb: 0.0\nc: -1.0\nd: 9007199254740993\ne: 1.5\nf: 9007199254740991\n') as Record<string, unknown>;
    expect(v.a).toEqual(new PyFloat(1500));
    expect(v.b).toEqual(new PyFloat(0));
    expect(Object.is((v.c as PyFloat).value, -1)).toBe(true);
    expect(v.d).toBe(9007199254740993n);
    expect(v.e).toBe(1.5);
    expect(v.f).toBe(9007199254740991);
  });

  it('applies merge keys: own keys win, and of a list of mappings the first', () => {
    expect(value('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nk: 1\nk: 2\n')).toEqual({ base: { x: 1, y: 2 }, m: { x: 1, y: 3 }, k: 2 });
    expect(value('a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n')).toEqual({ a: { x: 1 }, b: { x: 2, y: 2 }, c: { x: 1, y: 2 } });
  });

  it('reads empty items of compact nested sequences', () => {
    expect(value('- - a\n  -\n- c\n')).toEqual([['a', null], 'c']);
    expect(value('x:\n  - - - a\n    -  # empty\n  - -\n      - b\n    -\n')).toEqual({ x: [[['a'], null], [['b'], null]] });
    expect(value('- - a\n  -\n    b: 1\n- c\n')).toEqual([['a', { b: 1 }], 'c']);
  });

  it('names non-string keys as json.dumps does, Python-equal keys being one', () => {
    expect(value('1: a\ntrue: b\n1.0: c\nnull: d\n~: e\n')).toEqual({ 1: 'c', null: 'e' });
    expect(value('1.5: a\nfalse: b\n')).toEqual({ '1.5': 'a', false: 'b' });
    expect(Object.keys(value('__proto__: 1\n') as object)).toEqual(['__proto__']);
  });

  it('keeps timestamps as strings for Heat, and refuses what safe_load cannot build', () => {
    expect(value('d: 2001-13-01\n')).toEqual({ d: '2001-13-01' });
    expect(refusal('d: 2001-13-01\n', 'safe_load')).toMatchObject({ message: /month must be in 1..12/, line: 1, column: 4 });
    expect(value('d: 2001-12-14\n', 'safe_load')).toEqual({ d: '2001-12-14' });
  });
});

describe('python(): the data exactly as the Python loader builds it', () => {
  it('types keys and keeps their order', () => {
    const d = python('b: 1\n1: int\n2.5: float\nnull: none\n? !!binary aGk=\n: bytes\n') as PyDict;
    expect([...d.keys()]).toEqual(['b', 1, 2.5, null, new PyBytes(Uint8Array.from([104, 105]))]);
    expect(d.get(1)).toBe('int');
  });

  it('builds dates and datetimes under safe_load, strings under Heat', () => {
    const d = python('a: 2001-12-14\nb: 2001-12-14 21:59:43.10 -5\nc: 2001-12-15T02:59:43Z\n') as PyDict;
    expect(d.get('a')).toEqual(new PyDate(2001, 12, 14));
    expect(d.get('b')).toEqual(new PyDateTime(2001, 12, 14, 21, 59, 43, 100000, -300));
    expect(d.get('c')).toEqual(new PyDateTime(2001, 12, 15, 2, 59, 43, 0, 0));
    expect((python('a: 2001-12-14\n', 'heat') as PyDict).get('a')).toBe('2001-12-14');
  });

  it('reads !!omap and !!pairs as lists of tuples, !!set as a set', () => {
    const d = python('o: !!omap [a: 1, b: 2]\ns: !!set {x, y}\n') as PyDict;
    const o = d.get('o') as PyTuple[];
    expect(o.map((t) => t instanceof PyTuple && [...t])).toEqual([['a', 1], ['b', 2]]);
    expect([...(d.get('s') as PySet)]).toEqual(['x', 'y']);
    expect(value('o: !!omap [a: 1]\ns: !!set {x}\n')).toEqual({ o: [['a', 1]], s: { x: null } });
  });

  it('merges as PyYAML does, with typed keys', () => {
    const d = python('a: &a {1: x, 2: y}\nb:\n  <<: *a\n  1: z\n') as PyDict;
    expect([...(d.get('b') as PyDict).items()]).toEqual([[1, 'z'], [2, 'y']]);
  });

  it('shares anchored nodes between their aliases, as Python does', () => {
    const v = value('a: &x [1]\nb: *x\n') as { a: unknown; b: unknown };
    expect(v.a).toBe(v.b);
  });
});

describe('positions', () => {
  const file = new YamlFile('t.yaml', 'a:\n  b:\n    - x\n    - y: 1\n      z:\nc: 2\nm:\n  <<: {k: 1}\n');

  it('finds keys, values and sequence items, or the deepest node that exists', () => {
    expect(file.position(['a', 'b', 1, 'y'])).toEqual({ line: 4, column: 10 });
    expect(file.position(['a', 'b', 1, 'y'], { key: true })).toEqual({ line: 4, column: 7 });
    expect(file.position(['a', 'b', 0])).toEqual({ line: 3, column: 7 });
    expect(file.position(['a', 'b', 7])).toEqual({ line: 3, column: 5 });
    expect(file.position(['c'])).toEqual({ line: 6, column: 4 });
    expect(file.position(['nope'])).toEqual({ line: 1, column: 1 });
    expect(file.position([])).toEqual({ line: 1, column: 1 });
  });

  it('puts an empty value just after its colon, as PyYAML does', () => {
    expect(file.position(['a', 'b', 1, 'z'])).toEqual({ line: 5, column: 9 });
  });

  it('follows merge keys to where a merged value is written', () => {
    expect(file.position(['m', 'k'])).toEqual({ line: 8, column: 11 });
  });

  it('counts columns in characters and lines as PyYAML does (\\r, \\x85, \\u2028 break lines)', () => {
    expect(new YamlFile('t', 'é😀: x\ny: 1').position(['é😀'])).toEqual({ line: 1, column: 5 });
    expect(new YamlFile('t', 'a: 1\rb: 2\x85c: 3\u2028d: 4').position(['d'])).toEqual({ line: 4, column: 4 });
  });
});

describe('repeated keys', () => {
  const keys = (text: string) => new YamlFile('t.yaml', text).repeatedKeys().map((r) => [r.key, r.line, r.column, r.first.line]);

  it('tells sibling keys from keys of different items, and sees flow mappings', () => {
    expect(keys('a:\n  - name: x\n    when: y\n  - name: z\n    when: w\n')).toEqual([]);
    expect(keys('a:\n  - name: x\n    when: y\n    when: w\n')).toEqual([['when', 4, 5, 3]]);
    expect(keys('a: |\n  b: 1\n  b: 2\nc: 3\n')).toEqual([]);
    expect(keys('a: {b: 1, c: 2, b: 3}\n')).toEqual([['b', 1, 17, 1]]);
    expect(keys('a:\n  b: 1\nc:\n  b: 2\n')).toEqual([]);
    expect(keys('a:\n  b: 1\n\n  b: 2\n')).toEqual([['b', 4, 3, 2]]);
  });

  it('compares keys as Python does, and lets a mapping override what it merges', () => {
    expect(keys('1: a\n1.0: b\n"1": c\n')).toEqual([['1', 2, 1, 1]]);
    expect(keys('b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n  <<: *b\n')).toEqual([]);
  });
});

describe('refused as PyYAML refuses, with the position', () => {
  it('refuses control characters and bytes that are not UTF-8', () => {
    expect(refusal('a: 1\nb: x\x07y\n')).toEqual({ message: expect.stringMatching(/#x0007 is not allowed/), line: 2, column: 5, file: 't.yaml' });
    expect(refusal(Uint8Array.from([...Buffer.from('a: 1\nb: '), 0xff, 0x0a]))).toMatchObject({ message: /not UTF-8 \(byte 0xff\)/, line: 2, column: 4 });
    expect(refusal('a: "\\x07"\n')).toBeUndefined();
  });

  it('takes a byte order mark at the start, and inside a file only where each reference does', () => {
    expect(value('\ufeffa: 1\n')).toEqual({ a: 1 });
    expect(value('a: 1\n\ufeffb: 2\n', 'safe_load')).toEqual({ a: 1, '\ufeffb': 2 });
    expect(refusal('a: 1\n\ufeffb: 2\n', 'heat')).toMatchObject({ line: 2 });
    // From bytes too: decoding keeps the mark (as Python's does), so only the scanner drops one.
    const bytes = new TextEncoder().encode('\ufeff\ufeff1\n');
    expect(YamlFile.fromBytes('t.yaml', bytes, { profile: 'safe_load' }).value).toBe('\ufeff1');
  });

  it('refuses tabs where pure PyYAML does; Heat (libyaml) takes them as separators', () => {
    expect(refusal('a:\tb\n', 'safe_load')).toMatchObject({ message: /tab/, line: 1, column: 3 });
    expect(value('a:\tb\n', 'heat')).toEqual({ a: 'b' });
    expect(refusal('\ta: b\n', 'heat')).toMatchObject({ line: 1, column: 1 });
  });

  it('refuses repeated anchors, undefined aliases, unknown tags, several documents, YAML 2', () => {
    expect(refusal('a: &x 1\nb: &x 2\n')).toMatchObject({ message: /anchor &x is defined twice \(first on line 1\)/, line: 2, column: 4 });
    expect(refusal('a: *x\n')).toMatchObject({ message: /alias \*x names no anchor/, line: 1, column: 4 });
    expect(refusal('a: !foo 1\n')).toMatchObject({ message: /tag !foo/, line: 1, column: 4 });
    expect(refusal('a: 1\n---\nb: 2\n')).toMatchObject({ message: /more than one YAML document/, line: 2, column: 1 });
    expect(refusal('%YAML 2.0\n---\na\n')).toMatchObject({ line: 1, column: 1 });
    expect(refusal('a: =\n')).toMatchObject({ line: 1, column: 4 });
    expect(refusal('? [a]\n: b\n')).toMatchObject({ message: /cannot be a list/, line: 1, column: 3 });
  });

  it("drops the token after an empty key of a pair in a flow list, as Heat's libyaml does", () => {
    // libyaml 0.2's parser skips it: `[?]` loses its `]`, `[? : x]` its `:`; pure PyYAML reads both.
    expect(refusal('a: [?]\n')).toMatchObject({ line: 2, column: 1 });
    expect(refusal('a: [? : x]\n')).toMatchObject({ line: 1, column: 9 });
    expect(refusal('a: [?, b]\n')).toMatchObject({ line: 1, column: 8 });
    expect(value('a: [?, ]\n')).toEqual({ a: [{ null: null }] });
    expect(value('a: [? :, b]\n')).toEqual({ a: [{ null: null }, 'b'] });
    expect(value('a: [? : x]\n', 'safe_load')).toEqual({ a: [{ null: 'x' }] });
  });

  it('says where a flow collection or a quoted string went wrong', () => {
    expect(refusal('- name: Controller\n  tags: [a, b\n- name: Compute\n')).toMatchObject({ line: 3, column: 7 });
    expect(refusal('a: "open\nb: 1\n', 'safe_load')).toMatchObject({ message: /quoted string opened on line 1/, line: 3 });
  });
});

describe('bounds', () => {
  it('fails fast on an alias bomb, naming the line', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i <= 9; i++) text += `b${i}: &b${i} [${Array(9).fill(i === 1 ? '*a' : `*b${i - 1}`).join(',')}]\n`;
    const started = performance.now();
    expect(refusal(text, 'safe_load')).toMatchObject({ message: /aliases expand to more than 1000000 nodes/, line: 7 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses nesting 10,000 deep without overflowing the stack, block or flow', () => {
    expect(refusal(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toMatchObject({ message: /nests more than 1000 levels/ });
    expect(refusal(Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}-`).join('\n'))).toMatchObject({ message: /nests more than 1000 levels/ });
    expect(value(`${'['.repeat(900)}1${']'.repeat(900)}`)).toBeDefined();
  });

  it('refuses data that contains itself, after any other fault', () => {
    expect(refusal('a: &a [*a]\n')).toMatchObject({ message: /recursive/, line: 1, column: 8 });
    expect(refusal('a: &a [*a]\nb: [\n')).toMatchObject({ message: /found the end of the file/ });
  });

  it('refuses decimal ints longer than Python converts', () => {
    expect(refusal(`a: ${'1'.repeat(4301)}\n`, 'safe_load')).toMatchObject({ message: /4301 digits/ });
    expect(value(`a: ${'1'.repeat(4300)}\n`)).toEqual({ a: BigInt('1'.repeat(4300)) });
  });
});

describe('JSON as Python writes numbers', () => {
  it('prints floats by repr and keeps ints whole', () => {
    expect([1, 1.5, 1e16, 1e-5, 0.0001, 123456789.125, -0].map((n) => floatRepr(n))).toEqual(['1.0', '1.5', '1e+16', '1e-05', '0.0001', '123456789.125', '-0.0']);
    expect(toJson({ a: new PyFloat(1), b: 2n ** 70n, c: [1.5, 2], d: NaN }, 0)).toBe('{"a":1.0,"b":1180591620717411303424,"c":[1.5,2],"d":NaN}');
    expect(toJson({ a: [new PyFloat(1500)] })).toBe('{\n  "a": [\n    1500.0\n  ]\n}');
  });

  it('gives JSON-only libraries plain numbers', () => {
    const plain = { a: [1, 'x'], b: { c: null } };
    expect(jsonData(plain)).toBe(plain);
    expect(jsonData({ a: [new PyFloat(1)], b: 5n })).toEqual({ a: [1], b: 5 });
  });
});
