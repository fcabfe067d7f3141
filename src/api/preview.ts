/**
 * `preview` and `explain` as library calls: render the tree in memory, build
 * the deployment object (src/heat/deployment.ts) for the roles asked about,
 * and answer from it (src/preview). Return data; never print. With
 * `tasksDir`, preview writes the role's task files there, whole or not at all.
 */
import { resolve } from 'node:path';
import type { Deployment } from '../heat/deployment.js';
import type { RolePreview } from '../preview/model.js';
import type { PreviewDiff } from '../preview/diff.js';
import type { Explanation } from '../preview/explain.js';
import type { PreviewFilter } from '../preview/filter.js';
import type { Positions } from '../preview/positions.js';
import type { Finding } from '../load/finding.js';
import { displayPath } from '../load/paths.js';
import { deploymentWarnings, givenEnvironments } from './model-loading.js';
import { dataFiles, inTree, locateTemplates, type TemplateTree } from './tree.js';
import type { ModelOptions } from './schema.js';

export interface PreviewRequest extends ModelOptions, PreviewFilter {
  role: string;
  /** Compare with this role: what each has that the other lacks. */
  diff?: string;
  /** Stack name assumed for hostnames (default `overcloud`). */
  stackName?: string;
  /** Write `<Role>_<section>.yml` for each task section with tasks into this folder. */
  tasksDir?: string;
}

export interface PreviewResult {
  tree: TemplateTree;
  /** The environment files merged after the rendered registry, as shown. */
  environments: string[];
  preview: RolePreview;
  /** With `diff`: the other role's preview, and the differences. */
  other?: RolePreview;
  diff?: PreviewDiff;
  /** With `tasksDir`: the files written (or already up to date), as shown. */
  taskFiles?: string[];
  /** As tht schema warns: the render's warnings, what the walk found Heat refuses, the environment files' departures from Heat's format. */
  warnings: Finding[];
}

interface Loaded {
  tree: TemplateTree;
  environments: string[];
  deployment: Deployment;
  positions: Positions;
  warnings: Finding[];
}

/**
 * Render, then the deployment object for `roles` (all when undefined); an
 * unknown role is a ThtError with did-you-mean. With `roleProblems`, the
 * caller reports the roles' problems: the walk's problems they restate are
 * not warnings as well.
 */
async function loadDeployment(options: ModelOptions, roles: readonly string[] | undefined, roleProblems = false): Promise<Loaded> {
  const tree = locateTemplates(options.templates);
  const [{ renderOnDemand }, { buildDeployment }, { unknownRole }, { Positions }] = await Promise.all([
    import('../render/index.js'),
    import('../heat/deployment.js'),
    import('../roles/library.js'),
    import('../preview/positions.js'),
  ]);
  const files = dataFiles(options, tree);
  // Only what the stack reads is rendered (see renderOnDemand).
  const render = renderOnDemand({ templatesDir: tree.path, ...files, limits: options.limits });
  const names = render.roles.map((r) => r.name);
  for (const r of roles ?? []) if (!names.includes(r)) throw unknownRole(r, names);
  const environments = await givenEnvironments(render, tree, options.environments);
  const deployment = inTree(tree, () => buildDeployment({ render, rolesFile: resolve(files.rolesData), environments, ...(roles ? { roles } : {}) }));
  const positions = new Positions(deployment.tree, tree.path);
  // What the walk found Heat refuses (the walk of these roles: no limits are checked) and where an environment
  // file departs from Heat's format, as tht schema warns.
  const { walkRejections } = await import('../heat/rejections.js');
  const restated = new Set(roleProblems ? deployment.roles.flatMap((r) => r.restated) : []);
  const refused = walkRejections(deployment.tree, { problems: deployment.walk.problems.filter((p) => !restated.has(p)) }, { missing: true });
  const warnings = [...render.warnings, ...(await deploymentWarnings(refused, deployment.env, (key) => positions.file(key)))];
  return { tree, environments, deployment, positions, warnings };
}

/** What a role gets: facts, services, parameters, tasks and configuration. */
export async function preview(request: PreviewRequest): Promise<PreviewResult> {
  const roles = request.diff === undefined ? [request.role] : [request.role, request.diff];
  const [loaded, { previewRole }, { checkSection, filterPreview }] = await Promise.all([
    loadDeployment(request, roles, true),
    import('../preview/model.js'),
    import('../preview/filter.js'),
  ]);
  if (request.section !== undefined) checkSection(request.section);
  const { deployment, tree, positions } = loaded;
  const build = (name: string) =>
    inTree(tree, () => filterPreview(previewRole(deployment, deployment.roles.find((r) => r.name === name)!, positions, request), request));
  const result: PreviewResult = { tree, environments: loaded.environments, preview: build(request.role), warnings: loaded.warnings };
  if (request.diff !== undefined) {
    const { diffPreviews } = await import('../preview/diff.js');
    result.other = build(request.diff);
    result.diff = diffPreviews(result.preview, result.other);
  }
  if (request.tasksDir !== undefined) {
    const { writeTaskFiles } = await import('../preview/task-files.js');
    result.taskFiles = (await writeTaskFiles(result.preview, request.tasksDir)).map((f) => displayPath(f));
  }
  return result;
}

export interface ExplainRequest extends ModelOptions {
  parameter: string;
}

export interface ExplainResult {
  tree: TemplateTree;
  environments: string[];
  explanation: Explanation;
  warnings: Finding[];
}

/** Where a parameter is declared, what sets it, and its effective value per role. */
export async function explain(request: ExplainRequest): Promise<ExplainResult> {
  const [loaded, { explainParameter }] = await Promise.all([loadDeployment(request, undefined), import('../preview/explain.js')]);
  const explanation = inTree(loaded.tree, () => explainParameter(loaded.deployment, request.parameter, loaded.positions));
  return { tree: loaded.tree, environments: loaded.environments, explanation, warnings: loaded.warnings };
}
