/**
 * The one place where render data enter the Jinja world. Today the YAML
 * loader hands plain JS values (objects for mappings); templates compute
 * with the Python value model of src/yaml/python.ts (PyDict and friends).
 * Values already in that model pass through unchanged, so when the loader
 * constructs Python values itself this conversion becomes the identity.
 */
import { PyDict } from '../../yaml/python.js';

const converted = new WeakMap<object, unknown>();

/** The Python value of loader data; the same object always converts to the same value, so mutations are shared as in Python. */
export function toTemplateValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v !== 'object' || v === null) return v;
  const done = converted.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return v;
    const list: unknown[] = [];
    converted.set(v, list);
    for (const x of v) list.push(toTemplateValue(x));
    return list;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const d = new PyDict();
  converted.set(v, d);
  for (const [k, x] of Object.entries(v)) d.set(k, toTemplateValue(x));
  return d;
}
