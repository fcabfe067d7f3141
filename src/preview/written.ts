/**
 * Reading role_data sections as written, through the two forms THT uses to
 * share them between templates: `get_attr: [Res, output, key...]` of a
 * resource whose nested stack the walk has (a base template such as
 * nova-base), and the list or mapping combinators `list_concat` and
 * `map_merge` (Heat's: concatenation, and a shallow merge where the later
 * member wins). Nothing else is evaluated: a part in any other form (an
 * `if`, a `get_attr` of a plain resource, a `yaql`) is handed to
 * `unresolved` as written.
 */
import { isMapping } from '../load/values.js';
import { isFunctionCall } from '../heat/deployment.js';
import type { StackNode } from '../heat/stack.js';

/** Nested stacks are a few levels deep in THT; the bound stops a cycle of outputs. */
const MAX_DEPTH = 16;

export type Unresolved = (written: unknown) => void;

/** The mapping a value stands for, as written; {} for what cannot be read. */
export function readMapping(value: unknown, stack: StackNode, unresolved: Unresolved, depth = 0): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isMapping(value) && !isFunctionCall(value)) return value;
  if (isMapping(value) && Array.isArray(value.map_merge)) {
    const out: Record<string, unknown> = {};
    for (const member of value.map_merge) Object.assign(out, readMapping(member, stack, unresolved, depth));
    return out;
  }
  const target = followGetAttr(value, stack, depth);
  if (target) return readMapping(target.value, target.stack, unresolved, depth + 1);
  unresolved(value);
  return {};
}

/** The list a value stands for, as written; [] for what cannot be read. */
export function readList(value: unknown, stack: StackNode, unresolved: Unresolved, depth = 0): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isMapping(value) && Array.isArray(value.list_concat)) {
    return value.list_concat.flatMap((member) => readList(member, stack, unresolved, depth));
  }
  const target = followGetAttr(value, stack, depth);
  if (target) return readList(target.value, target.stack, unresolved, depth + 1);
  unresolved(value);
  return [];
}

/** `get_attr: [Res, output, key...]` where Res is a nested stack of `stack`: that output, indexed by the keys. */
function followGetAttr(value: unknown, stack: StackNode, depth: number): { value: unknown; stack: StackNode } | undefined {
  if (!isMapping(value) || depth >= MAX_DEPTH) return undefined;
  const args = value.get_attr;
  if (!Array.isArray(args) || args.length < 2 || !args.every((a) => typeof a === 'string')) return undefined;
  const [resource, output, ...keys] = args as string[];
  const child = stack.children.find((c) => c.name === resource && c.kind === 'template');
  const out = child?.template?.outputs.get(output!);
  if (!child || !out) return undefined;
  let v: unknown = out.value;
  for (const k of keys) {
    if (!isMapping(v) || isFunctionCall(v)) return undefined;
    v = v[k];
  }
  return { value: v, stack: child };
}
