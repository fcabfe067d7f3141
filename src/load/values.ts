/** Questions about plain YAML/JSON values that every stage asks. */
import { isNumber, isPlainMapping, numbersEqual } from '../yaml/python.js';

/** A YAML mapping (a plain object here), as opposed to a list or a scalar: the value model's plain mapping. */
export const isMapping = isPlainMapping;

/** Structural equality of YAML values as Python compares them: key order ignored, 1 == 1.0 == True. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((isNumber(a) || typeof a === 'boolean') && (isNumber(b) || typeof b === 'boolean')) return numbersEqual(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
