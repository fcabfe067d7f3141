/**
 * `schema`, `validate` and `environments` as library calls: render the tree in
 * memory, merge the environment files as Heat does and walk the nested
 * stacks, then answer from that model. Return data; never print.
 */
import type { HeatRejection } from '../heat/rejections.js';
import type { EnvironmentSummary } from '../schema/environments.js';
import type { SchemaModel } from '../schema/model.js';
import type { Finding } from '../load/finding.js';
import { TreeFiles } from '../load/tree-files.js';
import { displayTreePath } from '../load/paths.js';
import { deploymentWarnings, formatProblems, givenEnvironments } from './model-loading.js';
import { dataFiles, findGivenFile, inTree, locateTemplates, type TemplateTree, type TreeOptions } from './tree.js';

export interface ModelOptions extends TreeOptions {
  /** Environment files, merged in order after the rendered resource registry: relative to the current folder, else to the tree. */
  environments?: readonly string[];
  /** Heat limits to check against, `NAME=VALUE` (see HEAT_LIMITS), over `.thtlint.yaml`'s `heat_limits` and the defaults. */
  heatLimits?: readonly string[];
}

interface LoadedModel {
  tree: TemplateTree;
  model: SchemaModel;
  /** The environment files as shown (see displayPath), in order. */
  environments: string[];
  /** The roles file read (absolute). */
  rolesData: string;
  /** The render's warnings. */
  warnings: Finding[];
}

/** A file of the model (relative to the tree) as it opens from the current folder. */
const shownIn = (loaded: Pick<LoadedModel, 'tree'>) => (key: string) => displayTreePath(loaded.tree.path, key);

/**
 * Render (every template for validate, which reports any template that fails
 * as the deployment's failure; else only what the stack reads), merge the
 * environments and walk the stack.
 */
async function loadModel(options: ModelOptions, renderAll = false): Promise<LoadedModel> {
  const tree = locateTemplates(options.templates);
  const [{ renderOnDemand, renderTree }, { buildSchemaModel }] = await Promise.all([import('../render/index.js'), import('../schema/model.js')]);
  const files = dataFiles(options, tree);
  const renderOptions = { templatesDir: tree.path, ...files, limits: options.limits };
  const render = renderAll ? await renderTree(renderOptions) : renderOnDemand(renderOptions);
  const environments = await givenEnvironments(render, tree, options.environments);
  // Heat's limits: .thtlint.yaml's heat_limits, then the options.
  const [{ loadHeatLimitConfig }, { parseHeatLimitOption }] = await Promise.all([import('../lint/config.js'), import('../heat/limits.js')]);
  const limits = [...loadHeatLimitConfig(new TreeFiles(tree.path)), ...(options.heatLimits ?? []).map(parseHeatLimitOption)];
  const model = inTree(tree, () => buildSchemaModel(render, environments, limits));
  return { tree, model, environments, rolesData: files.rolesData, warnings: render.warnings };
}

/** What Heat would refuse in the deployment (against the model's limits). */
async function deploymentRejections(loaded: LoadedModel): Promise<HeatRejection[]> {
  const { deploymentRejections } = await import('../heat/deployment.js');
  const { model } = loaded;
  return inTree(loaded.tree, () => deploymentRejections(model, model.roles, loaded.rolesData));
}


export type SchemaFormat = 'flat' | 'heat' | 'json-schema';

export const SCHEMA_FORMATS: readonly SchemaFormat[] = ['flat', 'heat', 'json-schema'];

export interface SchemaRequest extends ModelOptions {
  /** `flat` (the TripleO UI's tree, the default), `heat` (Heat's template-validate answer) or `json-schema`. */
  format?: SchemaFormat;
  /** Narrow the output to one role's subtree. */
  role?: string;
}

export interface SchemaResult {
  tree: TemplateTree;
  format: SchemaFormat;
  /** The schema document (JSON-serialisable). */
  document: unknown;
  /**
   * The render's warnings, what Heat would refuse in the deployment (under the codes validate and
   * lint give it) and the environment files' departures from Heat's format (ENV001, ENV004).
   */
  warnings: Finding[];
}

export async function schema(request: SchemaRequest = {}): Promise<SchemaResult> {
  const loaded = await loadModel(request);
  const { model } = loaded;
  const format = request.format ?? 'flat';
  const warnings = [...loaded.warnings, ...(await deploymentWarnings(await deploymentRejections(loaded), model.env, shownIn(loaded)))];
  const { narrowToRole } = await import('../schema/model.js');
  const root = request.role === undefined ? model.walk.root : narrowToRole(model, request.role);
  // Only the chosen format's module is loaded: json-schema.js brings ajv, which flat and heat do not need.
  let document: unknown;
  if (format === 'json-schema') {
    document = (await import('../schema/json-schema.js')).buildJsonSchema(model, root);
  } else {
    const heat = (await import('../schema/heat-format.js')).heatValidateResult(root, model.env);
    document = format === 'heat' ? heat : (await import('../schema/flat.js')).flatten(heat, model.env.parameterDefaults);
  }
  return { tree: loaded.tree, format, document, warnings };
}

export interface ValidateResult {
  tree: TemplateTree;
  /** The environment files checked, as shown. */
  environments: string[];
  /** Files are relative to the tree (or absolute outside it), as the schema stage reports them. */
  findings: Finding[];
  /** The render's warnings. */
  warnings: Finding[];
}

/** Check environment files against the schema of the tree they deploy. */
export async function validate(request: ModelOptions): Promise<ValidateResult> {
  const [loaded, { validateEnvironments }, { rejectionFindings }] = await Promise.all([loadModel(request, true), import('../schema/validate.js'), import('../heat/rejections.js')]);
  const findings = inTree(loaded.tree, () => validateEnvironments(loaded.model));
  // The deployment itself, with or without environment files: what Heat would refuse.
  const rejections = rejectionFindings(await deploymentRejections(loaded), loaded.model);
  // The environment files' findings in their order, then the rest by file and position.
  const envOrder = new Map(loaded.model.userEnvironments.map((k, i) => [displayTreePath(loaded.tree.path, k), i]));
  const rank = (f: Finding) => envOrder.get(f.file) ?? envOrder.size;
  findings.push(...rejections);
  findings.sort((a, b) => rank(a) - rank(b) || (rank(a) === envOrder.size ? a.file.localeCompare(b.file) : 0) || a.line - b.line || a.column - b.column);
  return { tree: loaded.tree, environments: loaded.environments, findings, warnings: loaded.warnings };
}

export interface EnvironmentsResult {
  tree: TemplateTree;
  /** Every environment file of the tree (rendered and static), with what it sets; `file` relative to the tree. */
  environments: EnvironmentSummary[];
  /** The render's warnings. */
  warnings: Finding[];
}

/** The environment files of the tree, on the registry the given environments make. */
export async function environments(request: ModelOptions = {}): Promise<EnvironmentsResult> {
  const [loaded, { environmentFiles, summarizeEnvironment }] = await Promise.all([loadModel(request), import('../schema/environments.js')]);
  const { model } = loaded;
  const summaries = inTree(loaded.tree, () => environmentFiles(model.tree).map((f) => summarizeEnvironment(model.tree, f, model.env.registry)));
  return { tree: loaded.tree, environments: summaries, warnings: loaded.warnings };
}

export interface EnvironmentResult {
  tree: TemplateTree;
  environment: EnvironmentSummary;
  /** Why Heat would refuse the file (ENV001), and its null sections (ENV004). */
  problems: Finding[];
  /** The render's warnings. */
  warnings: Finding[];
}

/** One environment file: a path relative to the current folder, else to the tree. */
export async function environment(request: ModelOptions & { file: string }): Promise<EnvironmentResult> {
  const [loaded, { environmentFiles, summarizeEnvironment }, { parseEnvironment }] = await Promise.all([
    loadModel(request),
    import('../schema/environments.js'),
    import('../heat/environment.js'),
  ]);
  const { model } = loaded;
  const abs = findGivenFile(request.file, loaded.tree, 'environment file', {
    exists: (p) => model.tree.has(model.tree.keyForFsPath(p)),
    known: environmentFiles(model.tree),
  });
  const key = model.tree.keyForFsPath(abs);
  const summary = inTree(loaded.tree, () => summarizeEnvironment(model.tree, key, model.env.registry));
  // A file among the -e files is already parsed in the model.
  const file = model.env.files.find((f) => f.file === key) ?? inTree(loaded.tree, () => parseEnvironment(model.tree, key));
  const problems = await formatProblems([file], shownIn(loaded));
  return { tree: loaded.tree, environment: summary, problems, warnings: loaded.warnings };
}
