/** Folders that ship inside the tht package. */
import { fileURLToPath } from 'node:url';

/** The package root: dist/cli/ is two levels below it. */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The template set `tht render` uses when no -p is given. */
export function bundledTemplatesDir(): string {
  return `${packageRoot}templates`;
}
