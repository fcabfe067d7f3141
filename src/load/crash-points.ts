/**
 * Named points in tht's writes where the kill tests stop the process dead, as
 * `kill -9` or a power cut would: THT_TEST_CRASH=<point> kills at the first
 * pass, <point>:<n> at the n-th. Unset (always, outside those tests) it does
 * nothing.
 */
const wanted = /^([a-z-]+)(?::(\d+))?$/.exec(process.env.THT_TEST_CRASH ?? '');
let passes = 0;

export function crashPoint(name: string): void {
  if (!wanted || wanted[1] !== name) return;
  if (++passes >= Number(wanted[2] ?? 1)) process.kill(process.pid, 'SIGKILL');
}
