/**
 * Files that ship inside the tht package (templates/, roles/, schemas/,
 * policies/, package.json), found from this module's own location: it sits
 * two levels below the package root both as src/load/*.ts and dist/load/*.js.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

interface PackageJson {
  version: string;
  /** Where the bundled templates/ come from: the THT commit they are a copy of. */
  bundledTemplates: { repository: string; commit: string; date: string };
}

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageJson;
}

export function packageVersion(): string {
  return packageJson().version;
}

/** Where the bundled templates/ come from. */
export function bundledTemplates(): PackageJson['bundledTemplates'] {
  return packageJson().bundledTemplates;
}

/** `tht --version`: the package version and the THT commit of the templates used when no -p is given. */
export function versionText(): string {
  const { version, bundledTemplates: t } = packageJson();
  return `${version} (bundled templates: ${t.repository} ${t.commit.slice(0, 12)}, ${t.date})`;
}
