/**
 * src/heat/yaql stays bounded and self-contained: inputs on which Python yaql
 * would run forever or exhaust memory end in a YaqlError, and the module
 * imports nothing from a later stage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YaqlError, evaluateYaql } from '../src/heat/yaql/index.js';

const failure = (expression: string, data: unknown = null, options = {}): YaqlError => {
  try {
    evaluateYaql(expression, data, options);
  } catch (e) {
    if (e instanceof YaqlError) return e;
    throw e;
  }
  throw new Error(`${expression} did not fail`);
};

describe('yaql evaluation is bounded', () => {
  it('stops an infinite iterator that no limit covers (Python yaql hangs on these)', () => {
    expect(failure('repeat(1)').pythonType).toBe('NoFunctionRegisteredException');
    expect(failure('1.repeat().len()').pythonType).toBe('ThtEvaluationBound');
    expect(failure('sequence().len()').pythonType).toBe('ThtEvaluationBound');
    expect(failure('[1].cycle().len()', null, { limitIterators: -1 }).pythonType).toBe('ThtEvaluationBound');
  });

  it('stops before building a value too big, even with the memory quota off', () => {
    expect(failure("'x' * 1000000000", null, { memoryQuota: -1 }).pythonType).toBe('ThtEvaluationBound');
    expect(failure('[1] * 1000000000', null, { memoryQuota: 0 }).pythonType).toBe('ThtEvaluationBound');
  });

  it('refuses nesting deeper than Python yaql can evaluate, without overflowing the stack', () => {
    expect(failure(`${'abs('.repeat(5000)}1${')'.repeat(5000)}`).pythonType).toBe('RecursionError');
    expect(failure(`${'-'.repeat(100000)}1`).pythonType).toBe('RecursionError');
  });

  it('keeps the limits Heat gives it', () => {
    expect(failure('range(201).select($)').message).toBe('Collection length exceeds 200 elements');
    expect(evaluateYaql('range(201).select($).len()', null, { limitIterators: 10000 })).toBe(201);
    expect(failure("'x' * 9952").message).toBe('Expression consumed too much memory');
    expect(evaluateYaql("'x' * 9951", null)).toHaveLength(9951);
  });
});

describe('src/heat/yaql is a pure module', () => {
  // Besides the value model, the one Python printer (repr, json.dumps, the
  // str.format parser) and the one reading of int() and float() of a text,
  // which the Jinja engine shares: two copies would drift apart. They too
  // know nothing of a later stage.
  it('imports only the shared value model, the shared Python printer and number reading, and its own files', () => {
    const root = join(import.meta.dirname, '..', 'src', 'heat', 'yaql');
    const files = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    const outside: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(join(root, f), 'utf8').matchAll(/from '([^']+)'/g)) {
        const depth = f.split('/').length - 1;
        const spec = m[1]!;
        const up = '../'.repeat(depth + 2);
        if (spec.startsWith('./') || (depth > 0 && spec.startsWith('../') && !spec.startsWith('../../'))) continue;
        if ([`${up}yaml/python.js`, `${up}yaml/pyprint.js`, `${up}yaml/python-numbers.js`].includes(spec)) continue;
        outside.push(`${f}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
