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

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
