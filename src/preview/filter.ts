/**
 * Narrowing a preview, the same for the JSON and the text: `--changed`
 * (parameters not at their template default), `--param PATTERN` (parameter
 * names, `*` and `?` globs, case-insensitive; a plain word matches names
 * containing it). `--section` is applied while the preview is built
 * (model.ts), so that no other section is evaluated; checkSection names a
 * wrong one.
 */
import { ThtError } from '../load/errors.js';
import { suggestKey } from '../load/suggest.js';
import type { RolePreview } from './model.js';
import { LIFECYCLE_SECTIONS } from './tasks.js';

export interface PreviewFilter {
  /** Only parameters that some stack takes at a value other than its template default. */
  changed?: boolean;
  /** Only parameters whose name matches. */
  param?: string;
  /** Only this task section (checkSection; previewRole applies it). */
  section?: string;
}

/** A name pattern: a glob when it has `*` or `?`, else a substring; case-insensitive. */
export function namePattern(pattern: string): (name: string) => boolean {
  if (!/[*?]/.test(pattern)) {
    const word = pattern.toLowerCase();
    return (name) => name.toLowerCase().includes(word);
  }
  const re = new RegExp(`^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
  return (name) => re.test(name);
}

export function checkSection(section: string): void {
  const names = LIFECYCLE_SECTIONS.map((s) => s.name);
  if (names.includes(section)) return;
  const guess = suggestKey(section, names);
  throw new ThtError(`unknown task section "${section}"${guess ? ` (did you mean "${guess}"?)` : ''}`, { hint: `Sections: ${names.join(', ')}.` });
}

export function filterPreview(preview: RolePreview, filter: PreviewFilter): RolePreview {
  const matches = filter.param === undefined ? () => true : namePattern(filter.param);
  return {
    ...preview,
    parameters: preview.parameters.filter((p) => matches(p.name) && (!filter.changed || p.changed)),
  };
}
