/**
 * The model every rule shares: the tree's YAML files parsed once, sorted into
 * templates, environments and data files, plus indexes built on first use.
 */
import { ENVIRONMENT_SECTIONS, mergeEnvironments, parseEnvironment, type Environment, type EnvironmentFile } from '../heat/environment.js';
import { templateUses, type TemplateUse } from '../heat/nesting.js';
import { ParameterIndex } from '../heat/parameter-index.js';
import type { HotTemplate } from '../heat/template.js';
import type { Finding } from '../load/finding.js';
import { isMapping } from '../load/values.js';
import type { Policy } from './policy.js';
import type { LintFile, LintTree } from './tree.js';

export type YamlMap = Record<string, unknown>;

/**
 * What `tht validate` finds in the deployment of the tree with the base
 * environments, then the -e files (the models lint has parsed already):
 * what Heat refuses in it (HOT015) and the -e files' findings (ENV005-ENV011
 * among them); null when the tree has no deployment to build. Handed in by
 * the caller, so lint loads the schema stage only when there are -e files.
 */
export type DeploymentCheck = (tree: LintTree, baseEnvironments: readonly EnvironmentFile[], environments: readonly EnvironmentFile[]) => Finding[] | null;

export class LintContext {
  readonly tree: LintTree;
  readonly policy: Policy;
  /** Every linted YAML file (static and rendered), sorted by path. */
  readonly files: LintFile[];
  /** Files with a heat_template_version. */
  readonly templates: LintFile[];
  /** Environment files: mappings without heat_template_version that have registry/defaults or live in an environments/ folder. */
  readonly environments: LintFile[];
  /** The `-e` files, in order (tree keys). */
  readonly extraEnvironments: readonly string[];
  private declaredIndex?: ParameterIndex;
  private merged?: Environment;
  private uses?: TemplateUse[];
  private deployment?: { findings: Finding[] } | null;
  private readonly environmentModels = new Map<string, EnvironmentFile>();

  constructor(
    tree: LintTree,
    policy: Policy,
    extraEnvironments: readonly string[] = [],
    private readonly checkDeployment?: DeploymentCheck,
  ) {
    this.tree = tree;
    this.policy = policy;
    this.extraEnvironments = extraEnvironments;
    for (const e of extraEnvironments) tree.heat.allowFolderOf(tree.heat.fsPath(e));
    const inTree = tree.yamlFiles((path) => !policy.skip_paths.some((p) => path.startsWith(p)));
    // An -e file outside the tree is linted too.
    const outside = extraEnvironments.filter((k) => !inTree.some((f) => f.path === k)).map((k) => tree.get(k));
    this.files = [...inTree, ...outside.filter((f): f is LintFile => f !== undefined)];
    this.templates = this.files.filter((f) => isTemplate(f.value));
    const extra = new Set(extraEnvironments);
    // A broken -e file is YAML001's; the environment rules read only what parsed.
    this.environments = this.files.filter((f) => !f.parseError && (extra.has(f.path) || isEnvironment(f)));
  }

  /** The parameters the tree's templates declare (built once). */
  get parameterIndex(): ParameterIndex {
    this.declaredIndex ??= new ParameterIndex(
      this.templates.map((t) => ({ file: t.path, names: Object.keys(mapAt(t.value, 'parameters')) })),
      () => familyNames(this.files),
    );
    return this.declaredIndex;
  }

  /** The Heat model of a template file (built once, shared with every rule). */
  hot(file: LintFile): HotTemplate {
    return this.tree.heat.template(file.path);
  }

  /** The Heat model of an environment file (built once). */
  environmentModel(file: LintFile): EnvironmentFile {
    let env = this.environmentModels.get(file.path);
    if (!env) {
      env = parseEnvironment(this.tree.heat, file.path);
      this.environmentModels.set(file.path, env);
    }
    return env;
  }

  /** The policy's base environments then the `-e` files, merged as Heat merges them. */
  get environment(): Environment {
    this.merged ??= mergeEnvironments([...this.baseEnvironments, ...this.parsedExtraEnvironments].map((k) => this.environmentModel(this.file(k))));
    return this.merged;
  }

  /** The policy's base environments the tree has. */
  private get baseEnvironments(): string[] {
    return this.policy.base_environments.filter((e) => this.tree.has(e));
  }

  /** The `-e` files that parse (a broken one is YAML001's). */
  private get parsedExtraEnvironments(): string[] {
    return this.extraEnvironments.filter((e) => this.tree.get(e)?.parseError === undefined);
  }

  /** Every nested-template use of every template, resolved through the policy and -e environments (found once). */
  get nestedUses(): TemplateUse[] {
    this.uses ??= templateUses({
      templates: this.templates.map((t) => this.hot(t)),
      registry: this.environment.registry,
      parameterDefaults: this.environment.parameterDefaults,
      tree: this.tree.heat,
    });
    return this.uses;
  }

  /**
   * What `tht validate` finds in the deployment built with the policy's base
   * environments and the `-e` files (null when there is none to build: no
   * roles, or a tree without overcloud.yaml).
   */
  get deploymentChecks(): { findings: Finding[] } | null {
    if (this.deployment === undefined) this.deployment = this.buildDeploymentChecks();
    return this.deployment;
  }

  /** The deployment's findings (none without a deployment). */
  get deploymentFindings(): Finding[] {
    return this.deploymentChecks?.findings ?? [];
  }

  private buildDeploymentChecks(): { findings: Finding[] } | null {
    if (this.checkDeployment === undefined) return null;
    const model = (k: string) => this.environmentModel(this.file(k));
    const findings = this.checkDeployment(this.tree, this.baseEnvironments.map(model), this.parsedExtraEnvironments.map(model));
    return findings === null ? null : { findings };
  }

  /** A linted file by tree key (one the model handed out, so it exists). */
  file(key: string): LintFile {
    return this.tree.get(key)!;
  }

  /** The role called `name` in roles/<name>.yaml (a role file may hold more than one), with where it is. */
  namedRole(name: string): { file: LintFile; index: number; role: YamlMap } | undefined {
    const file = this.roleFile(name);
    if (!file || !Array.isArray(file.value)) return undefined;
    const index = file.value.findIndex((r) => isMapping(r) && r.name === name);
    return index < 0 ? undefined : { file, index, role: file.value[index] as YamlMap };
  }

  /** roles/<name>.yaml, if the tree has it and it parsed. */
  roleFile(name: string): LintFile | undefined {
    const f = this.tree.get(`roles/${name}.yaml`);
    return f && !f.parseError ? f : undefined;
  }
}

/** Role and network names of the whole tree (roles/*.yaml, roles_data*.yaml, network_data*.yaml). */
function familyNames(files: readonly LintFile[]): string[] {
  const names = new Set<string>();
  for (const f of files) {
    const base = f.path.split('/').pop()!;
    const isRoles = f.path.startsWith('roles/') || base.startsWith('roles_data');
    if ((!isRoles && !base.startsWith('network_data')) || !Array.isArray(f.value)) continue;
    for (const item of f.value) if (isMapping(item) && typeof item.name === 'string') names.add(item.name);
  }
  return [...names];
}

function isTemplate(value: unknown): value is YamlMap {
  return isMapping(value) && 'heat_template_version' in value;
}

function isEnvironment(f: LintFile): boolean {
  if (!isMapping(f.value) || 'heat_template_version' in f.value) return false;
  if ('resource_registry' in f.value || 'parameter_defaults' in f.value) return true;
  return f.path.split('/').includes('environments') && Object.keys(f.value).some((k) => (ENVIRONMENT_SECTIONS as readonly string[]).includes(k));
}

/** The mapping at a key of a mapping, or an empty one (templates often have null sections). */
export function mapAt(value: unknown, key: string): YamlMap {
  if (!isMapping(value)) return {};
  const v = value[key];
  return isMapping(v) ? v : {};
}
