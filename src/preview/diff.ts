/**
 * `--diff OTHER_ROLE`: what one role's preview has that the other lacks, in
 * each part (services, parameters, tasks, configuration, networks, tags).
 */
import { deepEqual } from '../load/values.js';
import type { RolePreview } from './model.js';

export interface Difference {
  onlyInA: string[];
  onlyInB: string[];
}

export interface PreviewDiff {
  a: string;
  b: string;
  /** Deployed services. */
  services: Difference;
  disabledServices: Difference;
  networks: Difference;
  tags: Difference;
  /** Parameters only one role's stacks take (those named after the role as `<Role>Count`...). */
  parameters: Difference;
  /** Parameters both take, with different values or sources. */
  parameterValues: Array<{ name: string; a: unknown; b: unknown }>;
  /** Tasks by section, as `service: name` (or `service: (unnamed)`). */
  tasks: Array<{ section: string } & Difference>;
  /** Hiera keys only one role sets. */
  configuration: Difference;
  /** Hiera keys both set, to different values. */
  configurationValues: Array<{ key: string; a: unknown; b: unknown }>;
  same: boolean;
}

function difference(a: readonly string[], b: readonly string[]): Difference {
  const inA = new Set(a);
  const inB = new Set(b);
  return { onlyInA: [...inA].filter((x) => !inB.has(x)), onlyInB: [...inB].filter((x) => !inA.has(x)) };
}

const isEmpty = (d: Difference) => d.onlyInA.length + d.onlyInB.length === 0;

/** A parameter named after its role (`ComputeCount`) as `<Role>Count`, so that two roles' compare. */
function roleless(p: RolePreview, name: string): string {
  const role = p.role.name;
  return name.startsWith(role) && /^[A-Z]/.test(name.slice(role.length)) ? `<Role>${name.slice(role.length)}` : name;
}

export function diffPreviews(a: RolePreview, b: RolePreview): PreviewDiff {
  const deployed = (p: RolePreview, status: string) => p.services.filter((s) => s.status === status).map((s) => s.name);
  const paramsA = new Map(a.parameters.map((p) => [roleless(a, p.name), p]));
  const parameterValues = b.parameters.flatMap((pb) => {
    const name = roleless(b, pb.name);
    const pa = paramsA.get(name);
    if (!pa) return [];
    // The templates and lines differ between roles (each role has its own resources); compare the values.
    const view = (p: typeof pb) => p.uses.map((u) => u.value);
    return deepEqual(view(pa), view(pb)) ? [] : [{ name, a: view(pa), b: view(pb) }];
  });
  const taskNames = (p: RolePreview, section: string) =>
    (p.tasks.find((t) => t.section === section)?.tasks ?? []).map((t) => `${t.service}: ${t.name ?? '(unnamed)'}`);
  const tasks = a.tasks
    .map((t) => ({ section: t.section, ...difference(taskNames(a, t.section), taskNames(b, t.section)) }))
    .filter((t) => !isEmpty(t));
  const keysA = new Map(a.configuration.keys.map((k) => [k.key, k.value]));
  const configurationValues = b.configuration.keys.flatMap((k) =>
    keysA.has(k.key) && !deepEqual(keysA.get(k.key), k.value) ? [{ key: k.key, a: keysA.get(k.key), b: k.value }] : [],
  );
  const diff: Omit<PreviewDiff, 'same'> = {
    a: a.role.name,
    b: b.role.name,
    services: difference(deployed(a, 'deployed'), deployed(b, 'deployed')),
    disabledServices: difference(deployed(a, 'disabled'), deployed(b, 'disabled')),
    networks: difference(a.role.networks.map((n) => `${n.name} (${n.subnet})`), b.role.networks.map((n) => `${n.name} (${n.subnet})`)),
    tags: difference(a.role.tags, b.role.tags),
    parameters: difference(a.parameters.map((p) => roleless(a, p.name)), b.parameters.map((p) => roleless(b, p.name))),
    parameterValues,
    tasks,
    configuration: difference(a.configuration.keys.map((k) => k.key), b.configuration.keys.map((k) => k.key)),
    configurationValues,
  };
  const same =
    [diff.services, diff.disabledServices, diff.networks, diff.tags, diff.parameters, diff.configuration].every(isEmpty) &&
    parameterValues.length + tasks.length + configurationValues.length === 0;
  return { ...diff, same };
}
