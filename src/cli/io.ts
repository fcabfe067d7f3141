/**
 * Terminal output shared by the commands, and a place for a command to set
 * the exit code without calling process.exit, so pending writes are never
 * cut off.
 *
 * Colour, most specific first: --color / --no-color, then FORCE_COLOR (0 or
 * false: none; 1, 2, 3, true or empty: that many levels, as Node and chalk
 * read it), then NO_COLOR (set and not empty: none), then whether the stream
 * is a terminal (and TERM is not dumb).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { writeWholeFile } from '../load/files.js';

type Level = 0 | 1 | 2 | 3;

export function colourLevel(stream: { isTTY?: boolean }, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): Level {
  const forced = env.FORCE_COLOR;
  const forcedLevel: Level | undefined =
    forced === undefined ? undefined
    : forced === '' || forced === 'true' ? 1
    : forced === 'false' ? 0
    : (Math.min(3, Math.max(0, Number.parseInt(forced, 10) || 0)) as Level);
  if (flag === false) return 0;
  if (flag === true) return forcedLevel && forcedLevel > 1 ? forcedLevel : 1;
  if (forcedLevel !== undefined) return forcedLevel;
  if (env.NO_COLOR) return 0;
  return stream.isTTY && env.TERM !== 'dumb' ? 1 : 0;
}

const chalkFor = (stream: NodeJS.WriteStream, flag: boolean | undefined) => new Chalk({ level: colourLevel(stream, flag) }) as ChalkInstance;

export const io = {
  exitCode: 0,
  out: chalkFor(process.stdout, undefined),
  err: chalkFor(process.stderr, undefined),
  /** Decide colour for this run (main calls it again once the command's --color/--no-color is known). */
  useColour(flag: boolean | undefined): void {
    io.out = chalkFor(process.stdout, flag);
    io.err = chalkFor(process.stderr, flag);
  },
  print(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  warn(text: string): void {
    process.stderr.write(`${io.err.yellow('warning:')} ${text}\n`);
  },
  error(text: string): void {
    process.stderr.write(`${io.err.red('error:')} ${text}\n`);
  },
};

/**
 * The output of a command (`-o FILE`): standard output when there is no -o
 * or it is `-`, else the file, written whole or not at all.
 */
export async function emitOutput(text: string, outputFile: string | undefined): Promise<void> {
  const whole = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  if (outputFile === undefined || outputFile === '-') process.stdout.write(whole);
  else await writeWholeFile(outputFile, whole);
}
