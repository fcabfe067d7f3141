/**
 * A roles folder (a tree's `roles/`, or the copy bundled with tht): one
 * `<Name>.yaml` file per role. Every file is read once up front (they are
 * small, and list/show/diff need most of them); each is parsed at most once,
 * on first use.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { suggestKey } from '../load/suggest.js';
import { ThtError } from '../load/errors.js';
import { displayPath } from '../load/paths.js';
import { readRegularFile } from '../load/files.js';
import { YamlFile } from '../yaml/file.js';
import { packagePath } from '../load/package-files.js';
import { fileEntryProblem, realFolder, type SkippedEntry } from '../load/tree.js';

/** The role files shipped with tht (THT master's `roles/`), used when no tree is given. */
export const BUNDLED_ROLES_DIR = packagePath('roles');

export interface RoleLibrary {
  dir: string;
  /** Role names (file basenames without `.yaml`), sorted as tripleo-common sorts them. */
  names: string[];
  /** `*.yaml` entries that are not read (FIFOs, devices, links leaving the folder), by role name and full path. */
  skipped: (SkippedEntry & { name: string })[];
  /** The file's exact text. */
  text(name: string): string;
  /** The file as YAML (read as tripleo-common reads it, with yaml.safe_load), for validation and positions. */
  parsed(name: string): YamlFile;
  /** The role mapping the file defines (its first list item, as tripleo-common reads it). */
  role(name: string): Record<string, unknown>;
  /** The path to show in messages (see load/paths.ts). */
  displayPath(name: string): string;
}

export function loadRoleLibrary(dir: string): RoleLibrary {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ThtError(`cannot read the roles folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      at: { file: dir },
      hint: 'Pass --roles-path DIR (a folder of <Role>.yaml files) or -p with a template tree that has a roles/ folder.',
    });
  }
  // A FIFO, a device or a link leaving the folder is never opened (a FIFO would block forever).
  const realDir = realFolder(dir);
  const files = entries.filter((e) => e.name.endsWith('.yaml'));
  const problems = files.map((e) => fileEntryProblem(realDir, dir, e));
  const skipped = files.flatMap((e, i) =>
    problems[i] === undefined ? [] : [{ name: e.name.slice(0, -'.yaml'.length), path: join(dir, e.name), reason: problems[i]! }],
  );
  // Code-point order, as Python's list.sort() gives.
  const names = files
    .filter((_, i) => problems[i] === undefined)
    .map((e) => e.name.slice(0, -'.yaml'.length))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shownPath = (name: string): string => displayPath(join(dir, `${name}.yaml`));
  const yamlFiles = new Map(names.map((n) => [n, YamlFile.fromBytes(shownPath(n), readRegularFile(join(dir, `${n}.yaml`)), { profile: 'safe_load' })] as const));
  const parsed = (name: string): YamlFile => {
    const file = yamlFiles.get(name);
    if (file !== undefined) return file;
    const left = skipped.find((s) => s.name === name);
    if (left) throw new ThtError(`cannot read ${left.path}: it is ${left.reason}`, { at: { file: left.path }, hint: 'A role file must be a regular file in the roles folder.' });
    throw unknownRole(name, names);
  };
  const text = (name: string): string => parsed(name).text;
  const role = (name: string): Record<string, unknown> => {
    const p = parsed(name);
    const first: unknown = Array.isArray(p.value) ? p.value[0] : undefined;
    if (first === null || typeof first !== 'object' || Array.isArray(first)) {
      throw new ThtError(`the role file does not define a role`, {
        at: { file: p.name, line: 1, column: 1 },
        hint: `A role file is a YAML list with one mapping: "- name: ${name}".`,
      });
    }
    return first as Record<string, unknown>;
  };
  return { dir, names, skipped, text, parsed, role, displayPath: shownPath };
}

export function unknownRole(name: string, available: readonly string[]): ThtError {
  const guess = suggestKey(name, available);
  return new ThtError(`unknown role "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
    hint: `Valid roles: ${available.join(', ')}.`,
  });
}
