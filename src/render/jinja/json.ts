/**
 * The `tojson` filter: Python's `json.dumps(value, sort_keys=True)` (with
 * `indent` when given), then `<`, `>`, `&` and `'` as \u escapes.
 */
import { jsonDumps } from '../../yaml/pyprint.js';
import { raisePython } from './exceptions.js';
import { compare, isStr, strValue, typeName } from './py.js';

export function toJson(value: unknown, indent: unknown): string {
  let ind: string | null = null;
  if (indent !== null && indent !== undefined) ind = isStr(indent) ? strValue(indent) : ' '.repeat(Math.max(0, Number(indent)));
  const text = jsonDumps(value, {
    raise: raisePython,
    typeName,
    sortKeys: (a, b) => compare('<', a, b),
    indent: ind,
    strText: (v) => (isStr(v) ? strValue(v) : undefined),
  });
  return text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
}
