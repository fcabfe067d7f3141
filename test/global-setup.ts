/**
 * Every temporary file of a test run (the tests' trees and outputs, and those
 * of the tht processes they start) goes into one folder, removed when the run
 * ends: a test needs no cleanup of its own, and runs leave nothing in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'tht-vitest-'));
  // Read by os.tmpdir() in this process and inherited by the test workers and their children.
  process.env.TMPDIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
