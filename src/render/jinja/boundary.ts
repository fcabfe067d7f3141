/**
 * The one place where data enter the Jinja world. `tht render` hands the
 * roles and networks as the YAML layer constructs them for Python
 * (`YamlFile.python()`: PyDict with typed keys, PyFloat, PyDate, PySet...),
 * which is already the model templates compute with and passes through
 * unchanged. Plain JS data (a library caller's context) is converted: objects
 * become PyDicts with string keys, integers beyond 2^53 big ints.
 */
import { PyDict } from '../../yaml/python.js';

const converted = new WeakMap<object, unknown>();

/** The Python value of context data; the same object always converts to the same value, so mutations are shared as in Python. */
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
