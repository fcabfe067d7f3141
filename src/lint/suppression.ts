/**
 * Inline suppression, as ESLint's disable comments:
 *
 *   # tht-lint: disable=ID[,ID...]       this line and the next
 *   # tht-lint: disable-file=ID[,ID...]  the whole file
 *
 * IDs are rule ids or id prefixes; words after the list are free text (the
 * reason). A directive naming no rule, or silencing nothing, is itself
 * reported (LINT001), as ESLint's --report-unused-disable-directives does:
 * a stale one would otherwise hide the next real finding there.
 */
import type { LintFile } from './tree.js';
import type { Rule } from './types.js';

export interface Directive {
  /** 1-based position of the `#`. */
  line: number;
  column: number;
  /** `line`: its own line and the next; `file`: the whole file. */
  scope: 'line' | 'file';
  ids: string[];
}

// The list ends at the first id not followed by a comma, so a reason may follow:
// `# tht-lint: disable=HOT011 kept for backwards compatibility`.
const DIRECTIVE = /#\s*tht-lint:\s*(disable|disable-file)=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)/;

/** `HOT004` matches `HOT004`, `HOT` and `HOT00`; matching is case-insensitive. */
export function matchesId(id: string, pattern: string): boolean {
  return id.toUpperCase().startsWith(pattern.toUpperCase());
}

export function directivesOf(text: string): Directive[] {
  // Cheap test first: almost no file has a directive, so most are never split into lines.
  if (!text.includes('tht-lint:')) return [];
  const directives: Directive[] = [];
  text.split('\n').forEach((l, i) => {
    const m = DIRECTIVE.exec(l);
    if (!m) return;
    const ids = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    directives.push({ line: i + 1, column: m.index + 1, scope: m[1] === 'disable-file' ? 'file' : 'line', ids });
  });
  return directives;
}

const covers = (d: Directive, line: number): boolean => d.scope === 'file' || line === d.line || line === d.line + 1;

export const DIRECTIVE_RULE: Rule = {
  meta: {
    id: 'LINT001',
    severity: 'warning',
    description: 'tht-lint disable comment names no rule, or silences nothing',
    explanation:
      'A "# tht-lint: disable=ID" comment silences rule ID on its line and the next, "# tht-lint: disable-file=ID" in ' +
      'the whole file. One that names no rule (a typo) silences nothing, and one left behind after its finding was ' +
      'fixed would hide the next real finding there; remove it, or fix the id. A comment naming a rule that did not ' +
      'run (left out by --select or --ignore) is not judged. For a rendered file, a comment counts as used when it ' +
      "silences something in any file rendered from the same template. The comments cannot silence this rule's own findings.",
  },
  // The engine reports these itself, once every other rule has run: only then is it known what each comment silenced.
  check() {},
};

interface Unused {
  file: LintFile;
  directive: Directive;
  id: string;
  /** The id matches no rule at all. */
  unknown: boolean;
}

/** What the directives of the linted files silenced: the engine asks it about each finding, then for what is left. */
export class Suppressions {
  private readonly byFile = new Map<LintFile, Directive[]>();
  private readonly used = new Set<string>();

  private directives(file: LintFile): Directive[] {
    let list = this.byFile.get(file);
    if (!list) {
      list = directivesOf(file.text);
      this.byFile.set(file, list);
    }
    return list;
  }

  /** Whether a finding of rule `ruleId` at `line` is silenced; records each directive id that silences it. */
  silences(file: LintFile, ruleId: string, line: number): boolean {
    let silenced = false;
    this.directives(file).forEach((d, i) => {
      if (!covers(d, line)) return;
      for (const id of d.ids) {
        if (!matchesId(ruleId, id)) continue;
        this.used.add(this.key(file, i, id));
        silenced = true;
      }
    });
    return silenced;
  }

  /**
   * Directive ids of these files that name no rule (`known` says), or that
   * silenced nothing although a rule they name ran. A template rendered per
   * role has its comments in every output: they count once, on the first
   * output, and as used if used in any.
   */
  unused(files: readonly LintFile[], known: (id: string) => boolean, ran: (id: string) => boolean): Unused[] {
    const found = new Map<string, Unused>();
    for (const file of files) {
      this.directives(file).forEach((directive, i) => {
        for (const id of directive.ids) {
          const key = this.key(file, i, id);
          if (this.used.has(key) || found.has(key) || (known(id) && !ran(id))) continue;
          found.set(key, { file, directive, id, unknown: !known(id) });
        }
      });
    }
    return [...found.values()];
  }

  /** The same for every file rendered from one template: that template, the directive's place among its comments, the id. */
  private key(file: LintFile, index: number, id: string): string {
    return `${file.template ?? file.path}\0${index}\0${id.toUpperCase()}`;
  }
}
