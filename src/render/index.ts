/**
 * The render engine: expands a template tree in memory exactly as
 * process-templates.py would, compiling each template once and rendering it
 * per role or network. Writing to disk is write.ts's job; the CLI only calls
 * these two.
 */
import { join, resolve } from 'node:path';
import { ThtError } from '../load/errors.js';
import { networksFromYaml, type Network } from '../load/networks.js';
import { rolesFromYaml, type Role } from '../load/roles.js';
import { listTree, type SkippedEntry } from '../load/tree.js';
import { throwOnFirstError, validateNetworkData, validateRolesData, type DataFinding } from '../load/data-schema.js';
import type { Finding } from '../load/finding.js';
import { readTextFile } from '../load/files.js';
import { displayPath } from '../load/paths.js';
import type { YamlFile } from '../yaml/file.js';
import { PyDict } from '../yaml/python.js';
import { readYamlFile } from '../yaml/read.js';
import { pyStr } from './jinja/py.js';
import { renderTemplate, TemplateCompiler } from './jinja/environment.js';
import { TemplateFailure } from './jinja/errors.js';
import { outputNameProblem, shortName } from './output-paths.js';
import { planTemplate, templateKind, type RenderJob } from './plan.js';
import { dataPreparation, PROCESS_TEMPLATES_SCRIPT, type DataPreparation } from './reference.js';
import type { RenderedFile, RenderOptions, RenderResult, TreePlan } from './types.js';
import { renderWarning } from './warnings.js';

export type { RenderedFile, RenderOptions, RenderResult, TreePlan } from './types.js';

const EXCLUDES_FILE = 'j2_excludes.yaml';
/** process-templates.py reads roles_data, network_data and j2_excludes with yaml.safe_load. */
const PROCESS_TEMPLATES = { profile: 'safe_load' } as const;

/**
 * Roles and networks are checked against the schemas in schemas/ before any
 * template sees them, so a wrong type is reported at its position instead of
 * failing (or silently rendering wrong) inside a template. Unknown keys come
 * back as warnings. `-r`/`-n` paths are relative to the tree; messages name
 * the file as it opens from the current folder.
 */
function loadCheckedData(
  root: string,
  given: string,
  validate: (p: YamlFile) => DataFinding[],
): { parsed: YamlFile; warnings: DataFinding[] } {
  const path = resolve(root, given);
  const parsed = readYamlFile(path, displayPath(path), PROCESS_TEMPLATES);
  const findings = validate(parsed);
  throwOnFirstError(findings);
  return { parsed, warnings: findings };
}

/**
 * The roles, checked, and as templates get them: the file's exact Python
 * construction (typed keys, dates, sets, floats as PyYAML builds them), with
 * the name tags process-templates.py adds.
 */
function loadRoles(root: string, given: string, prep: DataPreparation): { roles: Role[]; python: unknown[]; warnings: Finding[] } {
  const { parsed, warnings } = loadCheckedData(root, given, validateRolesData);
  const python = parsed.python() as unknown[];
  const loaded = rolesFromYaml(parsed, { tagsFromNames: prep.roleTagsFromNames, python });
  return { roles: loaded.roles, python, warnings: [...warnings, ...loaded.warnings] };
}

/** The networks, checked, and as templates get them (see loadRoles), with `idx` and `name_lower`. */
function loadNetworks(root: string, given: string, prep: DataPreparation): { networks: Network[]; python: unknown[]; warnings: Finding[] } {
  const { parsed, warnings } = loadCheckedData(root, given, validateNetworkData);
  // An empty file is no networks, for templates too.
  const python = (parsed.python() ?? []) as unknown[];
  return { networks: networksFromYaml(parsed, { indexes: prep.networkIndexes, python }), python, warnings };
}

/**
 * The output paths j2_excludes.yaml names: process-templates.py walks its
 * `name` as Python iterates it and formats each entry with str(), so `1.0`
 * excludes "1.0" and a date its ISO form.
 */
function loadExcludes(root: string, files: readonly string[]): Set<string> {
  if (!files.includes(EXCLUDES_FILE)) return new Set();
  const parsed = readYamlFile(resolve(root, EXCLUDES_FILE), EXCLUDES_FILE, PROCESS_TEMPLATES);
  const doc = parsed.python();
  const names = doc instanceof PyDict ? doc.get('name') : undefined;
  return new Set(Array.isArray(names) ? names.map(pyStr) : []);
}

/** Every file a template may read or include: `*.j2.yaml` and `*.j2`, read once. */
function readTemplateSources(root: string, files: readonly string[]): Map<string, string> {
  const wanted = files.filter((f) => f.endsWith('.j2') || templateKind(f) !== undefined);
  return new Map(wanted.map((f) => [f, readTextFile(resolve(root, f), join(root, f))]));
}

/** A template failure at the line jinja2 names; a block never closed is shown at its opening tag. */
function toThtError(e: TemplateFailure, root: string): ThtError {
  const at = e.opening ?? { line: e.line, column: e.column };
  let hint = 'Check the template and the roles/networks data it reads.';
  if (e.opening) hint = 'Close the block opened at that position with its end tag.';
  else if (e.kind === 'syntax error') hint = 'Fix the template syntax at that position.';
  else if (e.pyType === 'LimitExceeded') hint = 'If the template is right, raise the bound with --render-limit NAME=N (in the library, the option limits).';
  return new ThtError(`Jinja ${e.kind}: ${e.detail}`, {
    at: { file: `${root}/${e.template}`.replace(/^\.\//, ''), line: at.line, column: at.column },
    hint,
  });
}

/** "role Compute", "network Storage" or "template x.j2.yaml", for messages about a job. */
function describeTarget(job: RenderJob): string {
  if (job.network) return `network ${shortName(job.network.name)}`;
  if (job.role) return `role ${shortName(job.role.name)}`;
  return `template ${job.source}`;
}

/**
 * Entries the walk left out: a template among them is an error (the render
 * would silently lack its outputs), any other file a warning.
 */
function skippedEntryWarnings(root: string, skipped: readonly SkippedEntry[]): Finding[] {
  const template = skipped.find((s) => templateKind(s.path) !== undefined);
  if (template) {
    throw new ThtError(`cannot read the template ${join(root, template.path)}: it is ${template.reason}`, {
      at: { file: join(root, template.path) },
      hint: 'tht reads only regular files inside the tree; a link must lead to a file inside it.',
    });
  }
  return skipped.map((s) => renderWarning('REN001', join(root, s.path), `left out (never read or copied): it is ${s.reason}.`));
}

/** Every output name must be writable before anything is rendered or written. */
function checkOutputName(root: string, job: RenderJob): void {
  const problem = outputNameProblem(job.output);
  if (problem === undefined) return;
  throw new ThtError(`${describeTarget(job)} cannot be rendered: the output path ${shortName(job.output)} ${problem}`, {
    at: { file: join(root, job.source) },
    hint: 'The role or network name makes up the file name; shorten it or leave out those characters.',
  });
}

export function planTree(options: RenderOptions): TreePlan {
  const root = options.templatesDir;
  const { files, folders, skipped } = listTree(root, { exclude: options.exclude });
  const skipWarnings = skippedEntryWarnings(root, skipped);
  // Read only as the walk lists it: a regular file inside the tree.
  const script = files.includes(PROCESS_TEMPLATES_SCRIPT) ? readTextFile(resolve(root, PROCESS_TEMPLATES_SCRIPT), join(root, PROCESS_TEMPLATES_SCRIPT)) : undefined;
  const prep = dataPreparation(script);
  const rolesData = loadRoles(root, options.rolesData ?? 'roles_data.yaml', prep);
  const networkData = loadNetworks(root, options.networkData ?? 'network_data.yaml', prep);
  const excluded = loadExcludes(root, files);
  const sources = readTemplateSources(root, files);
  const { roles } = rolesData;
  const { networks } = networkData;
  const python = { roles: rolesData.python, networks: networkData.python };
  const warnings = [...skipWarnings, ...rolesData.warnings, ...networkData.warnings];
  const jobs = new Map<string, RenderJob>();
  for (const [source, text] of sources) {
    for (const job of planTemplate({ source, text, roles, networks, python, excluded })) {
      checkOutputName(root, job);
      const earlier = jobs.get(job.output);
      if (earlier && earlier.source !== source) {
        throw new ThtError(`${job.source} and ${earlier.source} both render ${job.output}`, {
          at: { file: join(root, job.source) },
          hint: 'Rename one of the templates, or the role or network that names the output.',
        });
      }
      if (earlier) {
        // process-templates.py writes the file once per role and the last role wins
        // (e.g. two roles with the same deprecated_nic_config_name).
        warnings.push(
          renderWarning('REN002', join(root, source), `${describeTarget(earlier)} and ${describeTarget(job)} both render ${job.output}; the later one is kept, as process-templates.py does.`),
        );
      }
      jobs.set(job.output, job);
    }
  }
  return { templatesDir: root, files, folders, roles, networks, warnings, jobs: [...jobs.values()], sources };
}

/**
 * One output of the plan, rendered the first time its content is read (and
 * its template compiled then, once for all its outputs).
 */
class OnDemandFile implements RenderedFile {
  readonly path: string;
  readonly source: string;
  #content?: string;

  /** @param errorRoot the tree as template failures name it */
  constructor(
    private readonly job: RenderJob,
    private readonly compiler: TemplateCompiler,
    private readonly errorRoot: string,
  ) {
    this.path = job.output;
    this.source = job.source;
  }

  get content(): string {
    if (this.#content === undefined) {
      try {
        this.#content = renderTemplate(this.compiler, this.compiler.template(this.job.source), this.job.context);
      } catch (e) {
        if (e instanceof TemplateFailure) throw toThtError(e, this.errorRoot);
        throw e;
      }
    }
    return this.#content;
  }
}

/** The plan's outputs, in its order, rendering on demand; `templates` counts the templates compiled so far. */
function onDemand(plan: TreePlan, options: RenderOptions, errorRoot: string): { result: RenderResult; inPlanOrder: OnDemandFile[] } {
  const compiler = new TemplateCompiler({ read: (path) => plan.sources.get(path) }, options.limits);
  const inPlanOrder = plan.jobs.map((job) => new OnDemandFile(job, compiler, errorRoot));
  const renderedPaths = new Set(plan.jobs.map((j) => j.output));
  const result: RenderResult = {
    templatesDir: plan.templatesDir,
    files: [...inPlanOrder].sort((a, b) => (a.path < b.path ? -1 : 1)),
    staticFiles: plan.files.filter((f) => templateKind(f) === undefined && !renderedPaths.has(f)),
    folders: plan.folders,
    roles: plan.roles,
    networks: plan.networks,
    get templates() {
      return compiler.compiledCount;
    },
    warnings: plan.warnings,
  };
  return { result, inPlanOrder };
}

/**
 * The tree, each output rendered only when something first reads its
 * content: for the commands that answer from the Heat stack (schema,
 * preview), which reads about 20 of THT master's 113 outputs. A template the
 * stack never reads is never rendered, so its errors are left to `tht
 * render`, `validate` and `lint`. Reading a file's content may throw its
 * template's failure as a ThtError, which names the template by its absolute
 * path: the read happens inside later stages, where a relative name would be
 * taken for one of their own tree keys.
 */
export function renderOnDemand(options: RenderOptions): RenderResult {
  const plan = planTree(options);
  return onDemand(plan, options, resolve(plan.templatesDir)).result;
}

/** The whole tree rendered now, in the plan's order, as process-templates.py renders it: the first failing template stops it. */
export async function renderTree(options: RenderOptions): Promise<RenderResult> {
  const plan = planTree(options);
  const { result, inPlanOrder } = onDemand(plan, options, plan.templatesDir);
  for (const file of inPlanOrder) void file.content;
  // Plain values: a caller may copy or serialise them.
  return { ...result, files: result.files.map(({ path, content, source }) => ({ path, content, source })) };
}
