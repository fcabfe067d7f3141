import { describe, expect, test } from 'vitest';
import { HeatFunctionError, resolveValue, type StackScope } from '../src/heat/evaluate.js';

/** A root stack with no parameters, conditions or resources: enough for functions of literals. */
const scope: StackScope = {
  stackName: 'dummy',
  versionDate: '2021-04-16',
  param: (name) => {
    throw new Error(`no parameter ${name}`);
  },
  condition: (name) => {
    throw new Error(`no condition ${name}`);
  },
  hasResource: () => false,
};

// Expected answers were given by Heat 19.0.0's own classes (heat.engine.hot.functions.ReplaceJson and
// ReplaceJsonStrict, Debian's python3-heat) for the same arguments.
describe('str_replace orders placeholders as Python does (len and comparison by code point)', () => {
  test('two placeholders of two code points: the one first in code-point order is replaced first', () => {
    // In UTF-16, U+1F600 (a surrogate pair starting 0xD83D) sorts before U+FFFD; in Python after it.
    const value = { str_replace: { template: '\uFFFD\u{1F600}b', params: { '\uFFFD\u{1F600}': 'V1', '\u{1F600}b': 'V2' } } };
    expect(resolveValue(value, scope)).toBe('V1b');
  });

  test("str_replace_strict names the missing placeholders longest first: an astral character is one code point", () => {
    const value = { str_replace_strict: { template: 'nothing', params: { '\u{1F600}': '1', a: '2' } } };
    expect(() => resolveValue(value, scope)).toThrow(HeatFunctionError);
    expect(() => resolveValue(value, scope)).toThrow('The following params were not found in the template: a,\u{1F600}');
  });
});
