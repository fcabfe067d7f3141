/**
 * The index of declared parameters: which templates of a tree declare each
 * parameter name, whether a name counts as declared, and the declared name a
 * misspelt one most likely meant. Lint (ENV003, THT026) and validate (names a
 * deployment does not use) read this one index.
 */
import { MAX_EDITS, spelling, suggestKey } from '../load/suggest.js';

export interface DeclaringTemplate {
  /** Tree key of the template. */
  file: string;
  /** The names in its parameters section. */
  names: Iterable<string>;
}

/** A name's letter pairs (case ignored), each as one number, in order: a pair the name has twice is there twice. */
function letterPairs(name: string): number[] {
  const l = name.toLowerCase();
  const pairs: number[] = [];
  for (let i = 0; i + 1 < l.length; i++) pairs.push(l.charCodeAt(i) * 0x10000 + l.charCodeAt(i + 1));
  return pairs;
}

/**
 * The declared names with what closeNames compares, worked out once for all
 * the names asked about: for each letter pair, the indexes of the names that
 * have it (once per time they have it), so that a question touches only the
 * names that share a pair with it.
 */
interface Candidates {
  names: string[];
  normalised: string[];
  havingPair: Map<number, number[]>;
}

function candidatesOf(names: string[]): Candidates {
  const havingPair = new Map<number, number[]>();
  for (let i = 0; i < names.length; i++) {
    for (const pair of letterPairs(names[i]!)) {
      const list = havingPair.get(pair);
      if (list) list.push(i);
      else havingPair.set(pair, [i]);
    }
  }
  return { names, normalised: names.map(spelling), havingPair };
}

export class ParameterIndex {
  /** Name -> the templates declaring it, in the order given. */
  readonly byName = new Map<string, string[]>();
  private candidates?: Candidates;
  private sortedFamilies?: string[];

  /**
   * @param families role and network names (ComputeHCI, StorageNFS): a
   *   per-role or per-network name such as ComputeHCIParameters is declared
   *   only where that role is rendered, so it counts as declared when another
   *   family's version of it is. Asked for only when a name is not declared.
   */
  constructor(
    templates: Iterable<DeclaringTemplate>,
    private readonly families: () => readonly string[] = () => [],
  ) {
    for (const t of templates) {
      for (const name of t.names) {
        const list = this.byName.get(name);
        if (list) list.push(t.file);
        else this.byName.set(name, [t.file]);
      }
    }
  }

  /** The templates declaring `name` (empty when none does). */
  declaring(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }

  /** Declared by a template, directly or as another role's or network's version of the name. */
  isDeclared(name: string): boolean {
    if (this.byName.has(name)) return true;
    // Longest first: ComputeHCI before Compute.
    const families = (this.sortedFamilies ??= [...this.families()].sort((a, b) => b.length - a.length));
    for (const fam of families) {
      const i = name.indexOf(fam);
      if (i < 0) continue;
      const [before, after] = [name.slice(0, i), name.slice(i + fam.length)];
      if (families.some((other) => other !== fam && this.byName.has(`${before}${other}${after}`))) return true;
    }
    return false;
  }

  /** The declared name a misspelt one most likely meant (suggestKey's rules). */
  suggest(name: string): string | undefined {
    return suggestKey(name, this.closeNames(name));
  }

  /**
   * The declared names that can be within suggestKey's edit distance of
   * `name`: an edit takes at most three of the name's letter pairs away (a
   * change or a deletion two, a transposition, which suggestKey counts as one
   * edit, three: `xaby` to `xbay` loses xa, ab and by), so a close name shares
   * all but 3 * MAX_EDITS of its pairs (the q-gram lemma). Checking that first
   * keeps the edit-distance work to a handful of candidates out of thousands.
   */
  private closeNames(name: string): string[] {
    const { names, normalised: spellings, havingPair } = (this.candidates ??= candidatesOf([...this.byName.keys()]));
    const own = new Map<number, number>();
    for (const pair of letterPairs(name)) own.set(pair, (own.get(pair) ?? 0) + 1);
    // Shared pairs as multisets: a pair the name has n times counts at most n times for a candidate.
    const shared = new Int32Array(names.length);
    const sharedNow = new Int32Array(names.length);
    for (const [pair, times] of own) {
      const having = havingPair.get(pair);
      if (having === undefined) continue;
      for (const i of having) if (sharedNow[i]! < times) sharedNow[i] = sharedNow[i]! + 1;
      for (const i of having) {
        shared[i] = shared[i]! + sharedNow[i]!;
        sharedNow[i] = 0;
      }
    }
    const needed = name.length - 1 - 3 * MAX_EDITS;
    const spelt = spelling(name);
    const close: string[] = [];
    for (let i = 0; i < names.length; i++) {
      if (spellings[i] === spelt || (shared[i]! >= needed && Math.abs(names[i]!.length - name.length) <= MAX_EDITS)) close.push(names[i]!);
    }
    return close;
  }
}
