/**
 * Terminal output shared by the commands: colour only when the stream is a
 * terminal and NO_COLOR is unset (chalk's own detection honours both), and a
 * place for a command to set the exit code without calling process.exit, so
 * pending writes are never cut off.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { writeWholeFile } from '../load/files.js';

const colourLevel = (stream: NodeJS.WriteStream): 0 | 1 =>
  stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb' ? 1 : 0;

export const io = {
  exitCode: 0,
  out: new Chalk({ level: colourLevel(process.stdout) }) as ChalkInstance,
  err: new Chalk({ level: colourLevel(process.stderr) }) as ChalkInstance,
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
 * The output of a command that writes one file (`-o FILE`): standard output
 * when there is no -o or it is `-`, else the file, written whole or not at
 * all.
 */
export async function emitOutput(text: string, outputFile: string | undefined): Promise<void> {
  if (outputFile === undefined || outputFile === '-') process.stdout.write(text);
  else await writeWholeFile(outputFile, text);
}
