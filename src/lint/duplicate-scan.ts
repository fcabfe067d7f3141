/**
 * A quick line scan that says whether a YAML text MAY repeat a mapping key,
 * so that the exact (but much slower) strict load runs only on the few files
 * that might. It never misses a repeat: every block-mapping key is compared
 * with its siblings, a one-line flow mapping is checked whole, and anything
 * the scan does not follow (a flow mapping over several lines, an explicit
 * `? key`, a tab) makes it answer "maybe". Block scalar bodies are skipped;
 * other oddities can only add false "maybe"s.
 */

import { PLAIN_KEY } from './positions.js';

const KEY = new RegExp(String.raw`^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|${PLAIN_KEY}):(?:\s|$)`);
const BRACKET = /[{}[\]]/;
const BLOCK_SCALAR = /:\s+[|>][-+0-9]*\s*(?:#.*)?$/;
const FLOW_KEY = /[{,]\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^\s{}[\],:'"][^{}[\],:]*?)\s*:(?:\s|$)/g;

/** Whether a one-line flow mapping text (or a line holding several) repeats a key inside one pair of braces. */
function flowRepeats(line: string): boolean {
  for (const body of line.match(/\{[^{}]*\}/g) ?? []) {
    const keys = [...body.matchAll(FLOW_KEY)].map((m) => m[1]);
    if (new Set(keys).size !== keys.length) return true;
  }
  return false;
}

export function mayRepeatKeys(text: string): boolean {
  const lines = text.split('\n');
  const hasTab = text.includes('\t');
  // Open block mappings, innermost last: the column of their keys and the keys seen.
  const open: { col: number; keys: Set<string> }[] = [];
  let skipDeeperThan = -1;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    let col = line.length - trimmed.length;
    if (skipDeeperThan >= 0) {
      if (col > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    if ((hasTab && line.slice(0, col).includes('\t')) || trimmed.startsWith('? ') || trimmed === '?') return true;
    let rest = trimmed;
    // Each `- ` starts a new item whose mapping (if any) begins after the dash.
    let item = false;
    while (rest.startsWith('- ') || rest === '-') {
      item = true;
      const after = rest.slice(1).trimStart();
      col += rest.length - after.length;
      rest = after;
    }
    while (open.length > 0 && (open[open.length - 1]!.col > col || (item && open[open.length - 1]!.col === col))) open.pop();
    // Most lines have no brackets: count them only where there are some.
    if (BRACKET.test(rest)) {
      const opens = (rest.match(/[{[]/g) ?? []).length;
      const closes = (rest.match(/[}\]]/g) ?? []).length;
      // Brackets inside quotes could fool the count; then the exact check runs.
      if (opens !== closes) return true;
      if (rest.includes('{') && flowRepeats(rest)) return true;
    }
    const key = KEY.exec(rest);
    if (!key) continue;
    let top = open[open.length - 1];
    if (!top || top.col !== col) {
      top = { col, keys: new Set() };
      open.push(top);
    }
    const name = key[1]!.trim();
    if (name !== '<<' && top.keys.has(name)) return true;
    top.keys.add(name);
    if (BLOCK_SCALAR.test(rest)) skipDeeperThan = col;
  }
  return false;
}
