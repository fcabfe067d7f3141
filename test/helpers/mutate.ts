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
  /** The file changed, relative to the tree. */
  file: string;
  undo(): void;
}

export type MutationKind = 'swap-type' | 'lengthen-string' | 'garbage' | 'symlink' | 'fifo' | YamlBoundKind;

/** YAML that PyYAML refuses or that would exhaust a parser without bounds: every reader must refuse it with a position. */
export type YamlBoundKind = 'alias-bomb' | 'deep-nesting' | 'control-character';
export const YAML_BOUND_KINDS: readonly YamlBoundKind[] = ['alias-bomb', 'deep-nesting', 'control-character'];

/** The files the commands read directly: where mutations hurt most. */
export const DATA_FILES = ['roles_data.yaml', 'network_data.yaml', 'j2_excludes.yaml', 'roles/Compute.yaml', 'roles/Controller.yaml'];

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
    return { kind: 'swap-type', description: what, file: rel, undo };
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
    return { kind: 'lengthen-string', description: what, file: rel, undo };
  },
  garbage(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rng() * 4000) }, () => Math.floor(rng() * 256)));
    writeFileSync(join(root, rel), bytes);
    return { kind: 'garbage', description: `${rel}: ${bytes.length} random bytes`, file: rel, undo };
  },
  symlink(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    const to = pick(rng, ['/etc', '/etc/passwd', '/dev/zero', 'nowhere', rel.split('/').pop()!, '..', '/proc/self/mem']);
    rmSync(join(root, rel), { force: true });
    symlinkSync(to, join(root, rel));
    return { kind: 'symlink', description: `${rel} -> ${to}`, file: rel, undo };
  },
  fifo(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    rmSync(join(root, rel), { force: true });
    const made = spawnSync('mkfifo', [join(root, rel)]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    return { kind: 'fifo', description: `${rel} is a FIFO`, file: rel, undo };
  },
  'alias-bomb'(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    // Nine levels of ten aliases each: a billion strings if expanded.
    const levels = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const asList = DATA_FILES.includes(rel) && !rel.startsWith('j2_');
    const text = asList ? `- name: Bomb\n${levels.map((l) => `  ${l}`).join('\n')}\n` : `${levels.join('\n')}\n`;
    writeFileSync(join(root, rel), text);
    return { kind: 'alias-bomb', description: `${rel}: a billion laughs`, file: rel, undo };
  },
  'deep-nesting'(rng, root) {
    const rel = target(rng, root);
    const undo = saved(root, rel);
    const depth = 10_000;
    const form = pick(rng, ['flow lists', 'flow mappings', 'block lists'] as const);
    const value =
      form === 'flow lists' ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : form === 'flow mappings' ? `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}` : `${'- '.repeat(depth)}x`;
    writeFileSync(join(root, rel), form === 'block lists' ? `${value}\n` : `- name: Deep\n  data: ${value}\n`);
    return { kind: 'deep-nesting', description: `${rel}: ${form} nested ${depth} deep`, file: rel, undo };
  },
  'control-character'(rng, root) {
    const rel = target(rng, root);
    const path = join(root, rel);
    if (!isFile(path)) return undefined;
    const undo = saved(root, rel);
    const before = readFileSync(path);
    // Characters outside YAML's printable set, and bytes that are not UTF-8.
    const inserted = pick(rng, [[0x00], [0x01], [0x07], [0x1b], [0x7f], [0xc2, 0x9b], [0xff], [0xc3], [0xed, 0xa0, 0x80]]);
    // At a line start, so the rest of the file stays as it was (a character boundary in any UTF-8 text).
    const starts = [0];
    for (let i = 0; i + 1 < before.length; i++) if (before[i] === 0x0a) starts.push(i + 1);
    const at = pick(rng, starts);
    writeFileSync(path, Buffer.concat([before.subarray(0, at), Buffer.from(inserted), before.subarray(at)]));
    const hex = inserted.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { kind: 'control-character', description: `${rel}: bytes ${hex} inserted at offset ${at}`, file: rel, undo };
  },
};

/** One mutation of one of `kinds`, drawn with `rng` (tries again when a draw does not apply). */
export function mutate(rng: Rng, root: string, kinds: readonly MutationKind[]): Mutation {
  for (;;) {
    const m = MUTATIONS[pick(rng, kinds)](rng, root);
    if (m) return m;
  }
}
