/**
 * The `pprint` filter: Python's pprint.pformat (width 80, dicts sorted by
 * key), wrapping containers that do not fit on one line as pprint does.
 */
import { PyDict, PyTuple } from '../../yaml/python.js';
import { compare, pyRepr, strLen, typeName } from './py.js';

const WIDTH = 80;

/** pprint's _safe_key: Python's `<`, else the type names (`<class 'int'>`), else the original order. */
function safeLess(a: unknown, b: unknown): boolean {
  try {
    return compare('<', a, b);
  } catch {
    const ta = `<class '${typeName(a)}'>`;
    const tb = `<class '${typeName(b)}'>`;
    return ta < tb;
  }
}

function sortedItems(d: PyDict): [unknown, unknown][] {
  const items = [...d.items()];
  items.sort((a, b) => (safeLess(a[0], b[0]) ? -1 : safeLess(b[0], a[0]) ? 1 : 0));
  return items;
}

/** repr with dict keys sorted, as pprint's safe_repr prints nested values. */
function safeRepr(v: unknown): string {
  if (v instanceof PyDict) return `{${sortedItems(v).map(([k, x]) => `${safeRepr(k)}: ${safeRepr(x)}`).join(', ')}}`;
  if (Array.isArray(v)) {
    const items = v.map(safeRepr);
    if (v instanceof PyTuple) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  return pyRepr(v);
}

function format(v: unknown, indent: number, allowance: number): string {
  const rep = safeRepr(v);
  if (strLen(rep) <= WIDTH - indent - allowance) return rep;
  if (v instanceof PyDict && v.size) {
    const items = sortedItems(v);
    const inner = indent + 1;
    return `{${items
      .map(([k, x], i) => {
        const key = safeRepr(k);
        const last = i === items.length - 1;
        return `${i ? ' '.repeat(inner) : ''}${key}: ${format(x, inner + strLen(key) + 2, last ? allowance + 1 : 1)}`;
      })
      .join(',\n')}}`;
  }
  if (Array.isArray(v) && v.length) {
    const tupleLike = v instanceof PyTuple;
    const open = tupleLike ? '(' : '[';
    const closeText = tupleLike ? (v.length === 1 ? ',)' : ')') : ']';
    const inner = indent + 1;
    return `${open}${v.map((x, i) => `${i ? ' '.repeat(inner) : ''}${format(x, inner, i === v.length - 1 ? allowance + closeText.length : 1)}`).join(',\n')}${closeText}`;
  }
  if (typeof v === 'string' && v.length > 0) return wrapString(v, indent, allowance, rep);
  return rep;
}

/** pprint splits a long str into adjacent literals at word boundaries. */
function wrapString(s: string, indent: number, allowance: number, rep: string): string {
  const chunks: string[] = [];
  const lines = s.split(/(?<=\n)/);
  const width = WIDTH - indent - allowance;
  for (const line of lines) {
    const r = pyRepr(line);
    if (strLen(r) <= width) {
      chunks.push(r);
      continue;
    }
    const parts = line.split(/(?<=\s)(?=\S)/);
    let current = '';
    for (const part of parts) {
      const candidate = current + part;
      if (strLen(pyRepr(candidate)) > width && current) {
        chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    }
    if (current) chunks.push(pyRepr(current));
  }
  if (chunks.length <= 1) return rep;
  return `(${chunks.join(`\n${' '.repeat(indent + 1)}`)})`;
}

export function pformat(v: unknown): string {
  return format(v, 0, 0);
}
