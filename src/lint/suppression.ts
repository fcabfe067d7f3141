/**
 * Inline suppression: `# tht-lint: disable=ID[,ID...]` silences those rules
 * (ids or prefixes) on the comment's own line and on the line after it, so
 * it works both as a trailing comment and as a comment line above.
 */
const DIRECTIVE = /#\s*tht-lint:\s*disable=([A-Za-z0-9_,\s-]+)/;

/** Rule ids or prefixes disabled for a 1-based line of a file's text. */
export function suppressedRules(text: string, line: number): string[] {
  // Cheap test first: almost no file has a directive.
  if (!text.includes('tht-lint:')) return [];
  const lines = text.split('\n');
  return [lines[line - 1], lines[line - 2]].flatMap((l) => {
    const m = l === undefined ? null : DIRECTIVE.exec(l);
    return m ? m[1]!.split(',').map((s) => s.trim()).filter(Boolean) : [];
  });
}
