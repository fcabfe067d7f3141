/** Small helpers shared by the rules: value walking and the policy's path switches. */
import type { PathSegment } from '../yaml/file.js';
import { deepEqual, isMapping } from '../load/values.js';
import { PyFloat } from '../yaml/python.js';
import type { PathSwitches } from './policy.js';
import { mapAt, type YamlMap } from './context.js';
import type { LintFile } from './tree.js';

/** The value helpers rules use, in one place. */
export { deepEqual, isMapping, mapAt };
export type { YamlMap };

const regexCache = new Map<string, RegExp>();

export function regex(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (!r) {
    r = new RegExp(pattern);
    regexCache.set(pattern, r);
  }
  return r;
}

/** A policy path switch: an explicit true/false for the file wins over the pattern. */
export function switchedOn(path: string, pattern: string, overrides: PathSwitches): boolean {
  const forced = overrides[path];
  return forced ?? regex(pattern).test(path);
}

/**
 * Visit every value under `value` depth-first with its path. Returning false
 * from `visit` skips that value's children. The path is one array the walk
 * extends and cuts back as it goes (a copy per value made the walk mostly
 * allocation): copy it to keep it beyond the visit.
 */
export function walk(value: unknown, visit: (v: unknown, path: PathSegment[]) => boolean | void, path: PathSegment[] = []): void {
  if (visit(value, path) === false) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], visit, path);
      path.pop();
    }
  } else if (isMapping(value)) {
    for (const k in value) {
      path.push(k);
      walk(value[k], visit, path);
      path.pop();
    }
  }
}

/** True if some value under `value` satisfies `test`. */
export function some(value: unknown, test: (v: unknown) => boolean): boolean {
  let found = false;
  walk(value, (v) => {
    if (found) return false;
    if (test(v)) found = true;
    return !found;
  });
  return found;
}

export function sameList(a: unknown, b: readonly unknown[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The template's `outputs.role_data.value`, when it is a mapping. */
export function roleData(file: LintFile): YamlMap | undefined {
  const v = mapAt(mapAt(file.value, 'outputs'), 'role_data').value;
  return isMapping(v) ? v : undefined;
}

export const ROLE_DATA_PATH: PathSegment[] = ['outputs', 'role_data', 'value'];

export function sortedStrings(list: unknown): string[] {
  return Array.isArray(list) ? list.map(String).sort() : [];
}

/** A string equal for deep-equal values (map key order ignored, 1 and 1.0 alike), for grouping. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v instanceof PyFloat) return v.value;
    if (typeof v === 'bigint') return `${v}n`;
    return isMapping(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v;
  });
}
