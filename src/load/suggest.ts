/**
 * Did-you-mean: the known name a mistyped one most likely meant, for every
 * place a name is looked up (keys of roles and networks, role, network and
 * environment names, environment sections, lint's undeclared parameters).
 */

/** A name as suggestKey compares spellings: case, `_` and `-` ignored. */
export const spelling = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

/** The most edits a suggestion may be away from what was typed. */
export const MAX_EDITS = 3;

/**
 * The known key a misspelt key most likely meant: same letters ignoring case
 * and `_`/`-`, else the closest by edit distance (transpositions count once)
 * within about a third of the key's length, else a known key it extends or
 * abbreviates.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const spelt = spelling(key);
  const exact = known.find((k) => spelling(k) === spelt);
  if (exact) return exact;
  const limit = Math.min(MAX_EDITS, Math.max(1, Math.floor(key.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best) return best;
  // `vlan_id` for `vlan`, `ServicesDefaults` for `ServicesDefault`: one extends the other.
  return known
    .filter((k) => spelling(k).length >= 3 && spelt.length >= 3 && (spelt.startsWith(spelling(k)) || spelling(k).startsWith(spelt)))
    .sort((a, b) => b.length - a.length)[0];
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  // The table's last three rows (two back, for transpositions) rather than all of it: did-you-mean runs this for hundreds of names.
  let before = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    const free = before;
    before = previous;
    previous = row;
    row = free;
  }
  return previous[b.length]!;
}
