/** Run the CLI in-process and capture what it prints. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { io } from '../../src/cli/io.js';
import { THT_MASTER } from './fixtures.js';

/** Text for a RegExp that matches exactly `text` (a path, say). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  io.exitCode = 0;
  try {
    const code = await main(['node', 'tht', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export function tempDir(prefix = 'tht-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A private copy of THT master that a test may change. */
export function copyOfThtMaster(): string {
  const dir = join(tempDir(), 'tht');
  cpSync(THT_MASTER, dir, { recursive: true });
  return dir;
}

/** A new tree holding these files (path relative to the tree -> text). */
export function treeOf(files: Record<string, string>): string {
  const root = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Run with this as the current folder (as a user who has cd'ed there). */
export async function inFolder<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}
