/**
 * Role names and network `name_lower`s become output file names; one that
 * holds a path separator or is `.`/`..` would steer a write out of its folder.
 */
import { ThtError, type SourcePosition } from './errors.js';

const UNSAFE_NAME = /[/\\]|^\.\.?$|\0/;

/** `at` is a thunk: a position is looked up only when there is an error to place. */
export function checkPathSafe(name: string, what: string, at: () => SourcePosition): void {
  if (UNSAFE_NAME.test(name)) {
    throw new ThtError(`${what} "${name}" would write outside the output folder`, {
      at: at(),
      hint: 'Use a plain name without "/", "\\" or "..".',
    });
  }
}
