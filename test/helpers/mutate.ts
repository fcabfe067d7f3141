/**
 * Seeded mutations of a template tree, for the robustness test: each one
 * changes the tree the way careless edits, bad tooling or a hostile tree do,
 * and returns how to undo itself, so one copy of the tree serves many rounds.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJson } from '../../src/yaml/json.js';
import { YamlFile } from '../../src/yaml/file.js';

/** Mulberry32: a small seeded generator, so a failing round can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

export interface Mutation {
  kind: MutationKind;
  /** What was done, to name the round in a failure. */
  description: string;
  undo(): void;
}

export type MutationKind = 'swap-type' | 'lengthen-string' | 'garbage' | 'symlink' | 'fifo';

/** The files the commands read directly: where mutations hurt most. */
const DATA_FILES = ['roles_data.yaml', 'network_data.yaml', 'j2_excludes.yaml', 'roles/Compute.yaml', 'roles/Controller.yaml'];

function yamlFiles(root: string, folder: string): string[] {
  return readdirSync(join(root, folder)).filter((f) => f.endsWith('.yaml')).map((f) => `${folder}/${f}`);
}

/** A file to change: mostly the data files, sometimes a template, an include or an environment. */
function target(rng: Rng, root: string): string {
  const r = rng();
  if (r < 0.5) return pick(rng, DATA_FILES);
  if (r < 0.7) return pick(rng, ['overcloud.j2.yaml', 'network/network.j2', 'puppet/role.role.j2.yaml', 'network/ports/port.network.j2.yaml']);
  return pick(rng, yamlFiles(root, 'environments'));
}

/** Keep the content of `rel` (a regular file, or nothing) so it can be put back exactly. */
function saved(root: string, rel: string): () => void {
  const path = join(root, rel);
  const before = isFile(path) ? readFileSync(path) : undefined;
  return () => {
    rmSync(path, { force: true, recursive: true });
    if (before !== undefined) writeFileSync(path, before);
  };
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

type Node = unknown;

/** Every [container, key] under a parsed YAML value, to change one of them. */
function slots(value: Node, out: [Record<string | number, Node>, string | number][] = []): [Record<string | number, Node>, string | number][] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, Node>)) {
      const key = Array.isArray(value) ? Number(k) : k;
      out.push([value as Record<string | number, Node>, key]);
      slots(v, out);
    }
  }
  return out;
}

function swapped(rng: Rng, v: Node): Node {
  const choices: Node[] = ['a string', 42, -1, 1.5, true, null, [], {}, ['x', 1], { k: 'v' }, '', '../../escape', 'x'.repeat(300)];
  return pick(rng, choices.filter((c) => JSON.stringify(c) !== JSON.stringify(v)));
}

/** Parse, change one value, write back (as JSON, which YAML reads); undefined if the file is not YAML. */
function editYaml(root: string, rel: string, edit: (doc: Node) => string | undefined): string | undefined {
  const file = YamlFile.fromBytes(rel, readFileSync(join(root, rel)), { profile: 'safe_load' });
  if (file.error) return undefined;
  const doc: Node = file.value;
  const what = edit(doc);
  if (what === undefined) return undefined;
  writeFileSync(join(root, rel), `${toJson(doc)}\n`);
  return what;
}

/** What a file is replaced by in the garbage mutation: random bytes, or YAML built to exhaust a parser. */
const HOSTILE: ((rng: Rng, text: Buffer) => [string, Buffer])[] = [
  (rng) => {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 4000) }, () => Math.floor(rng() * 256)));
    return [`${bytes.length} random bytes`, bytes];
  },
  () => {
    // Ten levels of ten aliases each: 10^10 nodes once expanded.
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return ['an alias bomb', Buffer.from(`${levels.join('\n')}\n`)];
  },
  () => ['a list nested 10,000 deep', Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}\n`)],
  (rng, text) => {
    const at = Math.floor(rng() * text.length);
    const char = pick(rng, [0x00, 0x01, 0x1b, 0x7f, 0xff]);
    return [`byte 0x${char.toString(16)} spliced in at ${at}`, Buffer.concat([text.subarray(0, at), Buffer.from([char]), text.subarray(at)])];
  },
];

const MUTATIONS: Record<MutationKind, (rng: Rng, root: string) => Mutation | undefined> = {
  'swap-type'(rng, root) {
    const rel = pick(rng, DATA_FILES);
    const undo = saved(root, rel);
    const what = editYaml(root, rel, (doc) => {
      const all = slots(doc);
      if (all.length === 0) return undefined;
      const [container, key] = pick(rng, all);
      const value = swapped(rng, container[key]);
      container[key] = value;
      return `${rel}: ${String(key)} := ${JSON.stringify(value)}`;
    });
    if (what === undefined) return undefined;
    return { kind: 'swap-type', description: what, undo };
  },
  'lengthen-string'(rng, root) {
    const rel = pick(rng, DATA_FILES);
    const undo = saved(root, rel);
    const times = pick(rng, [50, 300, 5000]);
    const what = editYaml(root, rel, (doc) => {
      const strings = slots(doc).filter(([c, k]) => typeof c[k] === 'string' && (c[k] as string).length > 0);
      if (strings.length === 0) return undefined;
      const [container, key] = pick(rng, strings);
      container[key] = (container[key] as string).repeat(times);
      return `${rel}: ${String(key)} repeated ${times} times`;
    });
    if (what === undefined) return undefined;
    return { kind: 'lengthen-string', description: what, undo };
  },
  garbage(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    const [what, bytes] = pick(rng, HOSTILE)(rng, readFileSync(join(root, rel)));
    writeFileSync(join(root, rel), bytes);
    return { kind: 'garbage', description: `${rel}: ${what}`, undo };
  },
  symlink(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    const to = pick(rng, ['/etc', '/etc/passwd', '/dev/zero', 'nowhere', rel.split('/').pop()!, '..', '/proc/self/mem']);
    rmSync(join(root, rel), { force: true });
    symlinkSync(to, join(root, rel));
    return { kind: 'symlink', description: `${rel} -> ${to}`, undo };
  },
  fifo(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    rmSync(join(root, rel), { force: true });
    const made = spawnSync('mkfifo', [join(root, rel)]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    return { kind: 'fifo', description: `${rel} is a FIFO`, undo };
  },
};

/** One mutation of one of `kinds`, drawn with `rng` (tries again when a draw does not apply). */
export function mutate(rng: Rng, root: string, kinds: readonly MutationKind[]): Mutation {
  for (;;) {
    const m = MUTATIONS[pick(rng, kinds)](rng, root);
    if (m) return m;
  }
}
