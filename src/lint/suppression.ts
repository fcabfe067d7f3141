/**
 * Inline suppression: `# tht-lint: disable=ID[,ID...]` silences those rules
 * (ids or prefixes) on the comment's own line and on the line after it, so
 * it works both as a trailing comment and as a comment line above.
 */
// The list ends at the first id not followed by a comma, so a reason may follow:
// `# tht-lint: disable=HOT011 kept for backwards compatibility`.
const DIRECTIVE = /#\s*tht-lint:\s*disable=\s*([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)/;

/** Rule ids or prefixes disabled for a 1-based line of a file's text. */
export function suppressedRules(text: string, lines: () => readonly string[], line: number): string[] {
  // Cheap test first: almost no file has a directive, so most never split into lines.
  if (!text.includes('tht-lint:')) return [];
  return [lines()[line - 1], lines()[line - 2]].flatMap((l) => {
    const m = l === undefined ? null : DIRECTIVE.exec(l);
    return m ? m[1]!.split(',').map((s) => s.trim()).filter(Boolean) : [];
  });
}
