/**
 * A role's Ansible tasks by lifecycle section and step, as config-download
 * runs them (facts and evidence in tools/preview/README.md, sections 1-2):
 * each section is the deployed services' lists concatenated in chain order,
 * nested lists flattened, repeats dropped across the whole role (the first
 * kept), as `common/services/role.role.j2.yaml` aggregates them; a task runs
 * in the steps tripleo-common's `_write_tasks_per_step` files it under.
 * Sections are the deployed services' as evaluated (deployed-values.ts): a
 * task or section that cannot be known offline is listed as written.
 */
import { deepEqual, isMapping } from '../load/values.js';
import type { DeployedService } from '../heat/deployment.js';
import { AsWritten, asWritten } from '../heat/deployed-values.js';

export interface LifecycleSection {
  name: string;
  /** The steps config-download runs the section in; undefined: once, with no `step`. */
  steps?: readonly number[];
  /** Split into per-step files (`<section>_step<N>.yaml`) rather than run whole once per step. */
  perStepFiles: boolean;
  /** Run once from the undercloud for all roles, not on the role's hosts. */
  external: boolean;
  /** What runs it. */
  playbook: string;
  /**
   * `tasks`: a list of Ansible tasks. `by_step`: a mapping `step_N:` to
   * entries (container_puppet_tasks), run in step N, not Ansible tasks.
   */
  shape: 'tasks' | 'by_step';
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Every task-list section the role aggregation reads, in the order the
 * playbooks run them: deploy, then upgrade, update and scale.
 */
export const LIFECYCLE_SECTIONS: readonly LifecycleSection[] = (
  [
    { name: 'deploy_steps_tasks', steps: range(0, 5), perStepFiles: true, external: false, playbook: 'deploy_steps_playbook (step 0 before host prep, then 1-5)' },
    { name: 'host_prep_tasks', perStepFiles: false, external: false, playbook: 'deploy_steps_playbook (host prep, after step 0)' },
    { name: 'external_deploy_tasks', steps: range(1, 5), perStepFiles: true, external: true, playbook: 'deploy_steps_playbook (before each deploy step 1-5)' },
    {
      name: 'container_puppet_tasks',
      steps: range(1, 5),
      perStepFiles: false,
      external: false,
      playbook: "deploy_steps_playbook (common deploy steps 1-5, on each service's bootstrap node)",
      shape: 'by_step',
    },
    { name: 'external_post_deploy_tasks', perStepFiles: false, external: true, playbook: 'deploy_steps_playbook (after the deploy steps)' },
    { name: 'pre_upgrade_rolling_tasks', steps: [0], perStepFiles: false, external: false, playbook: 'pre_upgrade_rolling_steps_playbook' },
    { name: 'upgrade_tasks', steps: range(0, 5), perStepFiles: true, external: false, playbook: 'upgrade_steps_playbook' },
    { name: 'post_upgrade_tasks', steps: range(0, 3), perStepFiles: false, external: false, playbook: 'post_upgrade_steps_playbook' },
    { name: 'external_upgrade_tasks', steps: range(0, 2), perStepFiles: false, external: true, playbook: 'external_upgrade_steps_playbook' },
    { name: 'update_tasks', steps: range(0, 5), perStepFiles: true, external: false, playbook: 'update_steps_playbook' },
    { name: 'post_update_tasks', steps: range(0, 3), perStepFiles: true, external: false, playbook: 'update_steps_playbook (after the update steps)' },
    { name: 'external_update_tasks', steps: range(0, 1), perStepFiles: false, external: true, playbook: 'external_update_steps_playbook' },
    { name: 'scale_tasks', steps: [1], perStepFiles: false, external: false, playbook: 'scale_playbook' },
    { name: 'upgrade_batch_tasks', steps: [], perStepFiles: false, external: false, playbook: 'none (no playbook runs it)' },
  ] as Array<Omit<LifecycleSection, 'shape'> & { shape?: LifecycleSection['shape'] }>
).map((s) => ({ shape: 'tasks', ...s }));

/** tripleo-common's DEFAULT_STEPS_MAX: step files 0-5. */
const STEP_FILES = range(0, 5);
const STEP_TEST = /\(?step(?:\|int)?\)?==(\d+)/g;

/**
 * The step numbers a task's top-level `when` tests (tripleo-common
 * `_write_tasks_per_step`: whitespace removed, the string items joined,
 * every `step|int == N` form matched), or undefined when it tests none, so
 * that it lands in every step.
 */
export function stepTests(task: unknown): number[] | undefined {
  const when = isMapping(task) ? task.when : undefined;
  const parts = typeof when === 'string' ? [when] : Array.isArray(when) ? when.filter((w): w is string => typeof w === 'string') : [];
  const text = parts.join('').replace(/\s/g, '');
  const steps = [...text.matchAll(STEP_TEST)].map((m) => Number(m[1]));
  return steps.length === 0 ? undefined : [...new Set(steps)];
}

/** The step files a task lands in (0-5), as tripleo-common writes them. */
export function stepFiles(task: unknown): number[] {
  const tests = stepTests(task);
  return tests === undefined ? STEP_FILES : STEP_FILES.filter((s) => tests.includes(s));
}

/** The `service` of a task the role aggregation itself adds (the firewall task before host_prep_tasks). */
export const AGGREGATION = '(role)';

export interface RoleTask {
  /** The service whose role_data gave it (AGGREGATION for one the role aggregation adds). */
  service: string;
  /** The task as evaluated (a part that cannot be known offline as written). */
  task: unknown;
  name?: string;
  /** The steps of the section it runs in; undefined for a section without steps. */
  steps?: number[];
  /** Its `when` tests no step: it runs in every step of the section. */
  everyStep: boolean;
}

export interface SectionTasks {
  section: string;
  /** Tasks in the order they are aggregated (chain order). */
  tasks: RoleTask[];
  /** Tasks dropped as repeats of an earlier one (the role-wide distinct()). */
  repeats: number;
  /** Services whose section (or a task of it) cannot be known offline: as written. */
  unevaluated: Array<{ service: string; written: unknown }>;
}

/** Nested lists flattened, as yaql's flatten() does (mappings left alone). */
function flatten(list: readonly unknown[]): unknown[] {
  return list.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

/**
 * One section's tasks as the role aggregation gives them: the deployed
 * services' in chain order, and the ones the aggregation adds around them
 * (`aggregated`, its section as deployed: its known items in order, each a
 * service's task or its own, an unknown part standing for the services').
 */
export function sectionTasks(services: readonly DeployedService[], section: LifecycleSection, aggregated?: unknown): SectionTasks {
  const own = section.shape === 'by_step' ? servicesByStep(services, section) : servicesTasks(services, section);
  if (section.shape === 'by_step' || !Array.isArray(aggregated)) return own;
  const tasks: RoleTask[] = [];
  let placed = false;
  const placeServices = () => {
    if (!placed) tasks.push(...own.tasks);
    placed = true;
  };
  for (const item of flatten(aggregated)) {
    if (item === null) continue;
    const task = item instanceof AsWritten ? undefined : asWritten(item);
    if (task === undefined || own.tasks.some((t) => deepEqual(t.task, task))) placeServices();
    else tasks.push(roleTask(AGGREGATION, task, section));
  }
  placeServices();
  return { ...own, tasks };
}

function roleTask(service: string, task: unknown, section: LifecycleSection, steps?: number[]): RoleTask {
  const tests = stepTests(task);
  const inSteps = steps ?? (section.steps === undefined ? undefined : section.steps.filter((n) => tests === undefined || tests.includes(n)));
  const name = isMapping(task) && typeof task.name === 'string' ? task.name : undefined;
  return { service, task, ...(name === undefined ? {} : { name }), ...(inSteps === undefined ? {} : { steps: inSteps }), everyStep: steps === undefined && tests === undefined };
}

/**
 * container_puppet_tasks: each service's `step_N: entry` (or a list of
 * entries), gathered per step in chain order as the aggregation's groupBy
 * does; an entry is named by its config_volume and runs in step N.
 */
function servicesByStep(services: readonly DeployedService[], section: LifecycleSection): SectionTasks {
  const out: SectionTasks = { section: section.name, tasks: [], repeats: 0, unevaluated: [] };
  for (const s of services) {
    const value = s.status === 'deployed' ? s.roleData?.[section.name] : undefined;
    if (value === undefined || value === null) continue;
    if (!isMapping(value)) {
      out.unevaluated.push({ service: s.type, written: asWritten(value) });
      continue;
    }
    for (const [key, entries] of Object.entries(value)) {
      const step = /^step_(\d+)$/.exec(key);
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        if (entry instanceof AsWritten || !step) {
          out.unevaluated.push({ service: s.type, written: asWritten(entry) });
          continue;
        }
        const task = asWritten(entry);
        const t = roleTask(s.type, task, section, [Number(step[1])].filter((n) => section.steps!.includes(n)));
        const volume = isMapping(task) && typeof task.config_volume === 'string' ? task.config_volume : undefined;
        out.tasks.push({ ...t, ...(volume === undefined ? {} : { name: volume }) });
      }
    }
  }
  return out;
}

/** One section's tasks over the deployed services, in chain order. */
function servicesTasks(services: readonly DeployedService[], section: LifecycleSection): SectionTasks {
  const out: SectionTasks = { section: section.name, tasks: [], repeats: 0, unevaluated: [] };
  const seen: unknown[] = [];
  for (const s of services) {
    if (s.status !== 'deployed') continue;
    if (s.roleData === undefined) {
      if (s.roleDataWritten !== undefined) out.unevaluated.push({ service: s.type, written: s.roleDataWritten });
      continue;
    }
    const value = s.roleData[section.name];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      out.unevaluated.push({ service: s.type, written: asWritten(value) });
      continue;
    }
    const list = value;
    for (let task of flatten(list)) {
      if (task === null) continue;
      if (task instanceof AsWritten) {
        out.unevaluated.push({ service: s.type, written: task.written });
        continue;
      }
      task = asWritten(task);
      if (seen.some((t) => deepEqual(t, task))) {
        out.repeats++;
        continue;
      }
      seen.push(task);
      out.tasks.push(roleTask(s.type, task, section));
    }
  }
  return out;
}
