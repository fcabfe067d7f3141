/**
 * The size of what heatclient sends for parsed template data, measured
 * without writing it: json.dumps (ASCII) of the value, with every `type:`
 * file and `get_file:` path as heatclient rewrites it (an absolute URL).
 * request.ts measures each template in the same walk that finds those
 * references; rejections.ts sizes the rest of the request the same way.
 */
import type { PathSegment } from '../yaml/file.js';
import { PyFloat } from '../yaml/python.js';
import { isMapping } from '../load/values.js';
import { pythonJsonDumps } from './python-data.js';

/** What json.dumps (ASCII) writes for a value: its length, and its `"` and `\` (which double when the text is sent as a JSON string). */
export interface JsonSize {
  length: number;
  quotes: number;
  backslashes: number;
}

/**
 * Whether heatclient follows a string under `key` as a file
 * (`get_file_contents`): every `get_file:` string, and a `type:` naming a
 * .yaml or .template file.
 */
export const isFileReference = (key: string, value: string): boolean => key === 'get_file' || (key === 'type' && /\.(yaml|template)$/.test(value));

/** The characters json.dumps (ASCII) escapes: `"` and `\\` as two, \n \r \t \b \f as two, other controls and non-ASCII as six (\uXXXX). */
const ESCAPED = /["\\\x00-\x1f\x7f-\uffff]/g;

function addString(size: JsonSize, s: string): void {
  size.length += s.length + 2;
  size.quotes += 2;
  // Found by a RegExp and not a loop over every character: most of a template's text needs no escape.
  ESCAPED.lastIndex = 0;
  while (ESCAPED.test(s)) {
    const c = s.charCodeAt(ESCAPED.lastIndex - 1);
    if (c === 0x22) { size.length++; size.quotes++; size.backslashes++; }
    else if (c === 0x5c) { size.length++; size.backslashes += 2; }
    else if (c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c) { size.length++; size.backslashes++; }
    else { size.length += 5; size.backslashes++; }
  }
}

/**
 * A file reference found by the walk (its key, the string as written, and
 * where it is): returns the string heatclient sends in its place.
 */
export type SentReference = (key: string, value: string, path: readonly PathSegment[]) => string;

/**
 * json.dumps(value), measured. One pass over every value: the type tests go
 * most frequent first, and a mapping's keys are counted as they are visited
 * rather than listed. With `reference`, each file reference (isFileReference)
 * is handed to it, with its path, and measured as the string it returns.
 */
export function jsonSize(value: unknown, reference?: SentReference): JsonSize {
  const size: JsonSize = { length: 0, quotes: 0, backslashes: 0 };
  // One path, extended and cut back as the walk goes (reference copies it if it keeps it).
  const path: PathSegment[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') addString(size, v);
    else if (Array.isArray(v)) {
      size.length += v.length > 0 ? v.length * 2 : 2;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (isMapping(v)) {
      let keys = 0;
      for (const k in v) {
        keys++;
        addString(size, k);
        size.length += 2;
        const x = v[k];
        path.push(k);
        if (typeof x !== 'string') walk(x);
        else addString(size, reference !== undefined && isFileReference(k, x) ? reference(k, x, path) : x);
        path.pop();
      }
      size.length += keys > 0 ? keys * 2 : 2;
    } else if (v === null || v === undefined || v === true) size.length += 4;
    else if (v === false) size.length += 5;
    // An int (most numbers) is written as String() writes it (pyprint's intRepr): no json.dumps set-up for each.
    else if (typeof v === 'number' && Number.isInteger(v)) size.length += String(v).length;
    else if (typeof v === 'number' || typeof v === 'bigint' || v instanceof PyFloat) size.length += pythonJsonDumps(v).length;
  };
  walk(value);
  return size;
}
