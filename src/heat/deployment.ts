/**
 * The deployment object (issue 9 part 3, first version): what a deployment of
 * a rendered tree with some environment files would give each role, built
 * once by `buildDeployment` from the render, the roles and networks and the
 * environment files, and read by preview and explain.
 *
 * It is made of what the Heat model already has (the merged environment, the
 * registry's resolution of each type, the nested-stack walk) and adds, per
 * role:
 * - its services in chain order, each resolved to a template, to
 *   OS::Heat::None, or to nothing (an error: Heat would fail), with the
 *   registry entries that mapped it;
 * - every parameter of the role's stacks with its effective value and the
 *   place that value came from (the parent stack's property, the
 *   environment's `parameters` or `parameter_defaults`, a `<Role>Parameters`
 *   or RoleParametersDefault entry the template honours, the template
 *   default);
 * - each service's role_data sections as the deployed stack holds them
 *   (deployed-values.ts: evaluated, with what only resources give as written).
 *
 * Nothing here prints. Places are YAML paths in a file of the tree
 * (`SourceRef`); `refPosition` gives their line and column.
 * Values are the walk's (parameters passed, environment and defaults, the
 * functions evaluated as Heat's validate does); a value that exists only once
 * resources do (get_attr...) keeps the expression as written.
 *
 * `loadHeatModel` is the one loader of the Heat model: the environments
 * merged as Heat merges them (knowing the parameters of every template
 * heatclient sends), the walk, the request's files and the limits to check
 * them against. tht schema / validate (src/schema/model.ts), lint and this
 * deployment object all use it.
 */
import { isMapping } from '../load/values.js';
import type { PathSegment } from '../yaml/file.js';
import type { Network } from '../load/networks.js';
import type { Role } from '../load/roles.js';
import { ThtError } from '../load/errors.js';
import type { RenderResult } from '../render/types.js';
import { mergeEnvironments, NONE_TYPE, parseEnvironment, type EnvironmentFile, type Environment, type RegistryEntry, type Resolution } from './environment.js';
import { heatLimits, type HeatLimitOverride, type HeatLimits } from './limits.js';
import { requestFiles, requestParameterTypes, type HeatRequestFiles } from './request.js';
import { isFunctionCall } from './evaluate.js';
import { DeployedValues, type AsWritten } from './deployed-values.js';
import { heatRejections, listedInRolesFile, REGISTRY_CYCLE_HINT, rejectionCode, unmappedWording, type HeatRejection } from './rejections.js';
import { walkStacks, type ResolvedParameter, type StackNode, type WalkProblem, type WalkResult } from './stack.js';
import { defineLazy, sourcePosition, type HotParamType, type HotTemplate } from './template.js';
import { treeFromRender, type VirtualTree } from './tree.js';

/** The registry THT renders; Heat gets it as the first environment file. */
export const RESOURCE_REGISTRY = 'overcloud-resource-registry-puppet.yaml';
export const ROOT_TEMPLATE = 'overcloud.yaml';

/** A place in a file of the tree: its virtual-tree key and the YAML path of the node. */
export interface SourceRef {
  file: string;
  path: PathSegment[];
}

/** Where a parameter's effective value came from. */
export type ParameterSource =
  /** The property of the parent stack's resource that passes it. */
  | { kind: 'parent'; at: SourceRef }
  /** The environment's `parameters` (root stack only). */
  | { kind: 'parameters'; at: SourceRef }
  | { kind: 'parameter_defaults'; at: SourceRef }
  /**
   * A role-specific value the template reads from RoleParameters: the
   * `<Role>Parameters` entry in parameter_defaults, or the roles file's
   * RoleParametersDefault. It wins over the parameter's own value.
   */
  | { kind: 'role_parameters'; at: SourceRef; via: 'RoleParameters' | 'RoleParametersDefault' }
  | { kind: 'default'; at: SourceRef }
  /** No value at all (Heat would ask for one). */
  | { kind: 'none' };

export interface ParameterValue {
  name: string;
  /** Resource names from the root to the stack ([] for the root stack). */
  stack: string[];
  /** The template that declares it (virtual-tree key) and the declaration's YAML path. */
  template: string;
  declared: PathSegment[];
  type: HotParamType;
  /** The effective value when it can be known offline (parsed to the type), else undefined. */
  value: unknown;
  /** The expression as written where the value is set, when the value cannot be known offline. */
  written?: unknown;
  source: ParameterSource;
  /** The template default, raw (undefined when there is none). */
  default?: unknown;
  /** The template reads this name from RoleParameters (a RoleParametersValue map or get_param [RoleParameters, name]). */
  roleSpecific: boolean;
}

export type ServiceStatus = 'deployed' | 'disabled' | 'unmapped' | 'missing';

export interface DeployedService {
  /** The type as the role lists it (`OS::TripleO::Services::NovaCompute`). */
  type: string;
  /** Its member index in the role's ResourceChain. */
  member: number;
  /**
   * deployed: a template; disabled: OS::Heat::None; unmapped: no registry
   * entry gives a template or OS::Heat::None (Heat fails); missing: the
   * template it maps to does not exist (Heat fails).
   */
  status: ServiceStatus;
  /** The template (virtual-tree key) for deployed and missing services. */
  template?: string;
  /** Registry entries followed, in order (aliases first): each with the file and path that set it. */
  mappedBy: Array<{ type: string; value: string; at: SourceRef }>;
  /** The service's stack in the walk (deployed services). */
  stack?: StackNode;
  /**
   * role_data's sections as deployed (deployed services whose role_data is a
   * mapping once evaluated): the parts that cannot be known offline are AsWritten.
   */
  roleData?: Record<string, unknown>;
  /** Per section ('' for role_data as a whole): the map_merge members that cannot be known offline (their keys are missing); absent or [] where there are none. */
  roleDataLost?: Record<string, AsWritten[]>;
  /** role_data when it cannot be known offline at all, as written. */
  roleDataWritten?: unknown;
}

export interface DeploymentProblem {
  /** The code validate and lint report the same problem under (rejections.ts, `rejectionCode`). */
  code: 'HOT015' | 'ENV002' | 'HOT012';
  severity: 'error' | 'warning';
  /** The role it concerns. */
  role?: string;
  message: string;
  hint?: string;
  at?: SourceRef;
}

export interface DeploymentRole {
  name: string;
  /** Position in the roles file. */
  index: number;
  /** The role's mapping as the roles file gives it (with the tags the render adds). */
  data: Role;
  /** The root resources of the role (`<Role>`, `<Role>ServiceChain`...) as walked. */
  stacks: StackNode[];
  /** The role's service chain, in member order; [] when the role has none. */
  services: DeployedService[];
  /** Every parameter of the role's stacks, root parameters named after the role first, then stack by stack. */
  parameters: ParameterValue[];
  /** The stack that aggregates the services' role_data into the role's (`<Role>ServiceChain`), when the role has one. */
  aggregation?: RoleAggregation;
  /** What the root stack gives the role's nodes as hiera, when the tree has it (THT's overcloud.j2.yaml). */
  hiera?: RoleHieraData;
  /**
   * The walk's problems that the role's own problems restate, each once at
   * its registry entry: the chain members that map to a template that cannot
   * be read, or whose aliases loop.
   */
  restated: WalkProblem[];
}

/** Parts of `<Role>ConfigData`'s value and `<Role>ServiceNames`'s, as deployed (AsWritten parts where not known offline). */
export interface RoleHieraData {
  /** The hiera hierarchy, highest first (`hieradata_files`). */
  files?: unknown;
  /** The `role_extraconfig` layer (`<Role>ExtraConfig`...). */
  roleExtraconfig?: unknown;
  /** The `extraconfig` layer (`ExtraConfig`). */
  extraconfig?: unknown;
  /** The role's service names, which pick the service_config_settings applied to it. */
  serviceNames?: unknown;
}

/**
 * The role aggregation (THT's common/services/role.role.j2.yaml): the role's
 * role_data, which config-download writes as the role's files, made from the
 * services' role_data sections.
 */
export interface RoleAggregation {
  /** Its template (virtual-tree key). */
  template: string;
  /** The services' role_data sections it reads (`$.get('<section>')` in its yaql, `get_attr: [<chain>, role_data, <section>]`). */
  reads: ReadonlySet<string>;
  /** The sections of the role's role_data it outputs. */
  outputs: readonly string[];
  /**
   * The resources (other than OS::Heat::Value, whose yaql `reads` covers) it
   * passes the services' role_data to whole, and whether each is mapped to
   * OS::Heat::None (so that a section only they could read has no effect).
   */
  wholeTo: ReadonlyArray<{ resource: string; none: boolean }>;
  /** One section of the role's role_data as deployed (deployed-values.ts; AsWritten where it cannot be known offline). */
  section(name: string): unknown;
}

export interface Deployment {
  tree: VirtualTree;
  env: Environment;
  walk: WalkResult;
  /** Environment files merged (virtual-tree keys): the rendered registry first, then the `-e` files. */
  environmentFiles: string[];
  /** The roles file as a tree key (absolute outside the tree). */
  rolesFile: string;
  /** Every role of the render, in roles-file order. */
  roleNames: string[];
  networks: Network[];
  /** The roles built (all, or those asked for), in roles-file order. */
  roles: DeploymentRole[];
  /** Every parameter of the root stack (overcloud.yaml). */
  rootParameters: ParameterValue[];
  /**
   * Every role's deployed services (roles order, then chain order) with the
   * sections that set hiera on other roles, as deployed: global_config_settings
   * (every role's) and service_config_settings (the roles running the service named).
   */
  crossRole: CrossRoleSettings[];
  problems: DeploymentProblem[];
}

export interface CrossRoleSettings {
  role: string;
  /** The service type. */
  service: string;
  global_config_settings?: unknown;
  service_config_settings?: unknown;
}

export interface DeploymentInput {
  render: RenderResult;
  /** The roles file the render read (a file system path). */
  rolesFile: string;
  /** The operator's environment files (file system paths), in order. */
  environments?: readonly string[];
  /** Build only these roles (and walk only their stacks); default all. */
  roles?: readonly string[];
}

/** The line and column of a place: its key's for a mapping entry. */
export function refPosition(tree: VirtualTree, ref: SourceRef): { file: string; line: number; column: number } {
  return sourcePosition(tree.yaml(ref.file), ref.path, { key: typeof ref.path.at(-1) === 'string' });
}

/**
 * The role a name belongs to by THT's naming (`<Role>Count`,
 * `<Role>ServiceChain`): the longest role name that prefixes it
 * (ComputeHCI before Compute).
 */
export function roleOfName(roles: readonly string[], name: string): string | undefined {
  let best: string | undefined;
  for (const r of roles) if (name.startsWith(r) && (best === undefined || r.length > best.length)) best = r;
  return best;
}

/** The Heat model of a tree: the merged environments, the nested-stack walk, the request heatclient would send and the limits. */
export interface HeatModel {
  tree: VirtualTree;
  env: Environment;
  walk: WalkResult;
  /** The environment files merged (virtual-tree keys), the rendered registry first. */
  environmentFiles: string[];
  /** Each file parsed, in the same order. */
  files: EnvironmentFile[];
  /** The files heatclient would send with the validate request. */
  request: HeatRequestFiles;
  /** The Heat limits the deployment is checked against. */
  limits: HeatLimits;
}

export interface HeatModelOptions {
  /** Walk only the root resources this accepts (default all). */
  only?: (rootResource: string) => boolean;
  /** Override the Heat limits (limits.ts), which also bound the yaql Heat evaluates at validate time. */
  heatLimits?: readonly HeatLimitOverride[];
  /**
   * Collect the request's files only when `request` is first read, or when
   * the merge needs their parameter types (past the first file that fills a
   * section): collecting them parses every file of the request, most of which
   * a walk of some roles never reads (preview, which reports nothing of the
   * request).
   */
  deferRequest?: boolean;
}

/**
 * The rendered tree, the environments merged as Heat merges them (the
 * rendered registry first, then the operator's files, given as file system
 * paths) and the walk from overcloud.yaml.
 */
export function loadHeatModel(
  render: Pick<RenderResult, 'templatesDir' | 'files' | 'staticFiles'>,
  environmentPaths: readonly string[] = [],
  options: HeatModelOptions = {},
): HeatModel {
  const tree = treeFromRender(render);
  for (const key of [RESOURCE_REGISTRY, ROOT_TEMPLATE]) {
    if (!tree.has(key)) {
      throw new ThtError(`the template tree has no ${key}`, {
        at: { file: render.templatesDir },
        hint: 'Point -p at a tripleo-heat-templates tree (with overcloud.j2.yaml and the resource registry).',
      });
    }
  }
  const userEnvironments = environmentPaths.map((p) => {
    // An -e file outside the tree brings its folder, where its registry entries point.
    tree.allowFolderOf(p);
    const key = tree.keyForFsPath(p);
    if (!tree.has(key)) throw new ThtError(`cannot read environment file ${p}`, { at: { file: p }, hint: 'Check the -e path.' });
    return key;
  });
  return heatModelOf(tree, ROOT_TEMPLATE, [RESOURCE_REGISTRY, ...userEnvironments], options);
}

/**
 * The Heat model of a tree from `root` with these environment files
 * (virtual-tree keys, or parsed): Heat merges them knowing the parameter
 * types of every template of the request, so the request's files come first,
 * and the environments merge once and the walk runs once.
 */
export function heatModelOf(tree: VirtualTree, root: string, environments: ReadonlyArray<string | EnvironmentFile>, options: HeatModelOptions = {}): HeatModel {
  const files = environments.map((e) => (typeof e === 'string' ? parseEnvironment(tree, e) : e));
  let request: HeatRequestFiles | undefined;
  let types: Map<string, HotParamType> | undefined;
  const requested = () => (request ??= requestFiles(tree, root, files));
  const typesOf = () => (types ??= requestParameterTypes(tree, root, requested()));
  if (!options.deferRequest) typesOf();
  const env = mergeEnvironments(files, { has: (name) => typesOf().has(name), get: (name) => typesOf().get(name) });
  const limits = heatLimits(tree, options.heatLimits ?? []);
  const yaql = { limitIterators: limits['yaql.limit_iterators'].value, memoryQuota: limits['yaql.memory_quota'].value };
  const walk = walkStacks({ tree, env, root, yaql, maxDepth: limits.max_nested_stack_depth.value, ...(options.only ? { only: options.only } : {}) });
  return lazily({ tree, env, walk, environmentFiles: files.map((f) => f.file), files, limits }, { request: requested });
}

/**
 * What Heat would refuse in a Heat model's deployment (rejections.ts), for
 * the roles of the render in roles-file order. A role's unmapped service is
 * reported at its line in `rolesFile` (a file system path), whose folder the
 * model may therefore read.
 */
export function deploymentRejections(model: Pick<HeatModel, 'tree' | 'walk' | 'request' | 'env' | 'limits'>, roles: readonly string[], rolesFile: string): HeatRejection[] {
  model.tree.allowFolderOf(rolesFile);
  return heatRejections({
    tree: model.tree,
    root: ROOT_TEMPLATE,
    walk: model.walk,
    request: model.request,
    environments: model.env.files,
    limits: model.limits,
    rolesFile: model.tree.keyForFsPath(rolesFile),
    roleOf: (name) => roleOfName(roles, name),
  });
}

export function buildDeployment(input: DeploymentInput): Deployment {
  const { render } = input;
  const roleNames = render.roles.map((r) => r.name);
  const wanted = input.roles ?? roleNames;
  // The roles' own root resources, the ones no role owns (ServiceNetMap, EndpointMap...), whose outputs
  // the roles' stacks get, and every role's service chain, whose services set hiera on all roles.
  const only = input.roles === undefined ? undefined : (resource: string) => {
    const owner = roleOfName(roleNames, resource);
    return owner === undefined || wanted.includes(owner) || resource === serviceChainName(owner);
  };
  const { tree, env, walk, environmentFiles, files } = loadHeatModel(render, input.environments, { deferRequest: true, ...(only ? { only } : {}) });
  // The roles file the user names may be outside the tree; its positions are read through the tree.
  tree.allowFolderOf(input.rolesFile);
  const builder = new RoleBuilder(tree, env, files, tree.keyForFsPath(input.rolesFile), roleNames, walk);
  const roles = render.roles.flatMap((data, index) => (wanted.includes(data.name) ? [builder.role(data, index, walk.root)] : []));
  const crossRole = () =>
    roleNames.flatMap((name) => {
      const services = roles.find((r) => r.name === name)?.services ?? builder.chainServices(name, walk.root);
      return services.flatMap((s) => (s.roleData ? [{ role: name, service: s.type, ...pick(s.roleData, CROSS_ROLE_SECTIONS) }] : []));
    });
  return lazily({
    tree,
    env,
    walk,
    environmentFiles,
    rolesFile: builder.rolesFile,
    roleNames,
    networks: render.networks,
    roles,
    rootParameters: walk.root.parameters.map((p) => builder.rootParameter(p)),
    problems: builder.problems,
  }, { crossRole });
}

/**
 * `base` with properties computed when first read, once: what only a preview
 * reads (role_data, hiera) is not evaluated for explain.
 */
function lazily<T extends object, L extends Record<string, () => unknown>>(base: T, computed: L): T & { [K in keyof L]: ReturnType<L[K]> } {
  for (const [key, compute] of Object.entries(computed)) defineLazy(base as Record<string, unknown>, key, compute);
  return base as T & { [K in keyof L]: ReturnType<L[K]> };
}

/** The root resource holding a role's service chain and its aggregation (THT's overcloud.j2.yaml). */
const serviceChainName = (role: string): string => `${role}ServiceChain`;

/** The role_data sections a service sets for other roles too. */
const CROSS_ROLE_SECTIONS = ['global_config_settings', 'service_config_settings'] as const;

const pick = (v: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => v[k] !== undefined).map((k) => [k, v[k]]));

/** Depth-first, parents before children, in template order. */
export function forEachStack(node: StackNode, fn: (n: StackNode) => void): void {
  fn(node);
  for (const c of node.children) forEachStack(c, fn);
}

class RoleBuilder {
  readonly problems: DeploymentProblem[] = [];
  private readonly honoured = new Map<string, Set<string>>();
  private readonly deployed: DeployedValues;
  /** The members the walk found no registry entry maps to a template or a type Heat provides (Heat fails on them), by stack path. */
  private readonly unmapped: Map<string, WalkResult['unmapped'][number]>;

  constructor(
    private readonly tree: VirtualTree,
    private readonly env: Environment,
    private readonly files: readonly EnvironmentFile[],
    readonly rolesFile: string,
    private readonly roleNames: readonly string[],
    private readonly walk: WalkResult,
  ) {
    this.deployed = new DeployedValues({ tree, env, root: walk.root });
    this.unmapped = new Map(walk.unmapped.map((u) => [u.stack.join('/'), u]));
  }

  role(data: Role, index: number, root: StackNode): DeploymentRole {
    const name = data.name;
    const mine = (n: string) => roleOfName(this.roleNames, n) === name;
    const stacks = root.children.filter((c) => mine(c.name));
    const parameters: ParameterValue[] = root.parameters.filter((p) => mine(p.def.name)).map((p) => this.rootParameter(p));
    // Template stacks, and group and chain members, parents before children.
    const visit = (node: StackNode) => {
      if (node.kind === 'template') parameters.push(...this.stackParameters(node, name, index));
      node.children.forEach(visit);
    };
    stacks.forEach(visit);
    const chainRoot = stacks.find((s) => s.name === serviceChainName(name));
    const aggregation = chainRoot?.template ? this.aggregation(chainRoot) : undefined;
    const chain = chainRoot && serviceChain(chainRoot);
    const config = (key: string) => this.rootValue(root, `${name}ConfigData`, [key]);
    const hiera = (): RoleHieraData | undefined => {
      const h: RoleHieraData = {
        files: config('hieradata_files'),
        roleExtraconfig: config('role_extraconfig'),
        extraconfig: config('extraconfig'),
        serviceNames: this.rootValue(root, `${name}ServiceNames`, []),
      };
      return Object.values(h).some((v) => v !== undefined) ? h : undefined;
    };
    const services = chain ? this.services(name, chain, this.problems) : [];
    const role: DeploymentRole = { name, index, data, stacks, services, parameters, ...(aggregation ? { aggregation } : {}), restated: chain ? this.restated(chain) : [] };
    return lazily(role, { hiera });
  }

  /** The value of an OS::Heat::Value of the root stack, as deployed (undefined when there is none). */
  private rootValue(root: StackNode, resource: string, path: readonly string[]): unknown {
    const res = root.template?.resources.get(resource);
    if (!res || res.type !== 'OS::Heat::Value') return undefined;
    const v = this.deployed.value({ get_attr: [resource, 'value', ...path] }, root, []);
    return v === null ? undefined : v;
  }

  /** The services of a role's chain (a role not previewed, for what it sets on others: its problems are not reported). */
  chainServices(role: string, root: StackNode): DeployedService[] {
    const chainRoot = root.children.find((c) => c.name === serviceChainName(role));
    const chain = chainRoot && serviceChain(chainRoot);
    return chain ? this.services(role, chain, []) : [];
  }

  /** The walk's problems with a chain's members that services() reports as the role's. */
  private restated(chain: StackNode): WalkProblem[] {
    const at = chain.path.join('/');
    const aliasLoop = (p: WalkProblem) => chain.uses?.some((u) => u.typePath.join('/') === p.path.join('/'));
    return this.walk.problems.filter((p) => p.stack.join('/') === at && (p.code === 'missing-template' || (p.code === 'registry-cycle' && aliasLoop(p))));
  }

  private aggregation(stack: StackNode): RoleAggregation {
    const template = stack.template!;
    const written = template.outputs.get('role_data')?.value;
    const sections = isMapping(written) && !isFunctionCall(written) ? written : {};
    const chains = [...template.resources.values()].filter((r) => stack.children.some((c) => c.name === r.name && c.kind === 'chain')).map((r) => r.name);
    const cache = new Map<string, unknown>();
    const resolve = (type: string, resource: string) => this.env.registry.resolve(type, { from: template.file, resourcePath: [...stack.path, resource], tree: this.tree });
    const wholeTo = [...template.resources.values()].flatMap((r) => {
      if (!passesWhole(r.properties, chains)) return [];
      const to = resolve(r.type, r.name);
      return to.kind === 'plugin' && to.type === 'OS::Heat::Value' ? [] : [{ resource: r.name, none: to.kind === 'none' }];
    });
    return {
      template: template.file,
      reads: sectionsRead(template.yaml.value, chains),
      outputs: Object.keys(sections),
      wholeTo,
      section: (name) => {
        if (!cache.has(name)) cache.set(name, Object.hasOwn(sections, name) ? this.deployed.value(sections[name], stack, []) : undefined);
        return cache.get(name);
      },
    };
  }

  rootParameter(p: ResolvedParameter): ParameterValue {
    const value = this.describe(p, [], ROOT_TEMPLATE);
    if (p.userValue !== undefined) {
      const file = [...this.files].reverse().find((f) => Object.hasOwn(f.parameters, p.def.name));
      if (file) value.source = { kind: 'parameters', at: { file: file.file, path: ['parameters', p.def.name] } };
    }
    return value;
  }

  /** Value and source without the parent or role-specific layers. */
  private describe(p: ResolvedParameter, stack: string[], template: string): ParameterValue {
    const { def } = p;
    let source: ParameterSource = { kind: 'none' };
    if (p.userDefault !== undefined) {
      const from = this.env.parameterDefaultsFrom.get(def.name);
      if (from) source = { kind: 'parameter_defaults', at: from };
    } else if (def.hasDefault) {
      source = { kind: 'default', at: { file: template, path: [...def.path, 'default'] } };
    }
    return {
      name: def.name,
      stack,
      template,
      declared: def.path,
      type: def.type,
      value: p.value,
      source,
      ...(def.hasDefault ? { default: def.default } : {}),
      roleSpecific: false,
    };
  }

  private stackParameters(node: StackNode, role: string, roleIndex: number): ParameterValue[] {
    const template = node.template!;
    const honoured = this.honouredNames(template);
    const roleParameters = node.parameters.find((p) => p.def.name === 'RoleParameters')?.userValue;
    const passing = this.deployed.passing(node);
    return node.parameters.map((p) => {
      const v = this.describe(p, node.path, template.file);
      const raw = passing?.props[p.def.name];
      if (passing && raw !== undefined && raw !== null) {
        v.source = { kind: 'parent', at: { file: passing.file, path: [...passing.path, p.def.name] } };
        // The value as deployed where it is not the walk's (passed from a get_attr); as written where it cannot be known offline.
        const deployed = this.deployed.parameter(node, p.def.name);
        if (deployed?.known) v.value = deployed.value;
        else if (deployed || p.userValue === undefined) {
          v.value = undefined;
          v.written = raw;
        }
      }
      v.roleSpecific = honoured.has(p.def.name);
      if (v.roleSpecific && isMapping(roleParameters) && Object.hasOwn(roleParameters, p.def.name)) {
        v.value = roleParameters[p.def.name];
        delete v.written;
        v.source = this.roleParameterSource(role, roleIndex, p.def.name);
      }
      return v;
    });
  }

  /** Which layer gave a role-specific value: `<Role>Parameters` wins over the role file's RoleParametersDefault. */
  private roleParameterSource(role: string, roleIndex: number, name: string): ParameterSource {
    const param = `${role}Parameters`;
    const file = [...this.files].reverse().find((f) => isMapping(f.parameterDefaults[param]) && Object.hasOwn(f.parameterDefaults[param], name));
    if (file) return { kind: 'role_parameters', via: 'RoleParameters', at: { file: file.file, path: ['parameter_defaults', param, name] } };
    return { kind: 'role_parameters', via: 'RoleParametersDefault', at: { file: this.rolesFile, path: [roleIndex, 'RoleParametersDefault', name] } };
  }

  /**
   * Names a template reads from RoleParameters: the values of the inner
   * map_replace of `map_replace: [{key: Name...}, {values: {get_param: [RoleParameters]}}]`
   * (THT's RoleParametersValue resources) and `get_param: [RoleParameters, Name]`.
   */
  private honouredNames(template: HotTemplate): Set<string> {
    let names = this.honoured.get(template.file);
    if (names) return names;
    const found = new Set<string>();
    const scan = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(scan);
      if (!isMapping(node)) return;
      const keys = Object.keys(node);
      if (keys.length === 1 && keys[0] === 'get_param') {
        const arg = node.get_param;
        if (Array.isArray(arg) && arg.length > 1 && arg[0] === 'RoleParameters' && typeof arg[1] === 'string') found.add(arg[1]);
      }
      if (keys.length === 1 && keys[0] === 'map_replace') {
        const arg = node.map_replace;
        if (Array.isArray(arg) && arg.length === 2 && isMapping(arg[0]) && readsRoleParameters(arg[1])) {
          for (const v of Object.values(arg[0])) if (typeof v === 'string') found.add(v);
        }
      }
      Object.values(node).forEach(scan);
    };
    const top = isMapping(template.yaml.value) ? template.yaml.value : {};
    for (const section of ['conditions', 'resources', 'outputs']) scan(top[section]);
    this.honoured.set(template.file, (names = found));
    return names;
  }

  /**
   * A service's role_data as its deployed stack gives it, section by
   * section, each evaluated when first read: a preview reads the lifecycle
   * sections and the hiera ones, and of the rest (docker_config,
   * puppet_config, kolla_config...) only their names.
   */
  private roleData(stack: StackNode): Pick<DeployedService, 'roleData' | 'roleDataLost' | 'roleDataWritten'> {
    const written = stack.template!.outputs.get('role_data')?.value;
    if (written === undefined) return {};
    const lostWhole: AsWritten[] = [];
    // A plain mapping is evaluated key by key, so that each section keeps its own unknown parts.
    const plain = isMapping(written) && !isFunctionCall(written);
    const top = plain ? written : this.deployed.value(written, stack, lostWhole);
    if (!isMapping(top)) return { roleDataWritten: written };
    const roleData: Record<string, unknown> = {};
    const roleDataLost: Record<string, AsWritten[]> = {};
    if (lostWhole.length > 0) roleDataLost[''] = lostWhole;
    for (const [section, value] of Object.entries(top)) {
      if (!plain) {
        roleData[section] = value;
        continue;
      }
      let done: { value: unknown; lost: AsWritten[] } | undefined;
      const evaluate = () => {
        if (!done) {
          const lost: AsWritten[] = [];
          done = { value: this.deployed.value(value, stack, lost), lost };
        }
        return done;
      };
      // Only a section an `if` leaves out is missing: that one is evaluated now, to know.
      if (this.deployed.mayBeLeftOut(value, stack) && evaluate().value === undefined) continue;
      lazily(roleData, { [section]: () => evaluate().value });
      lazily(roleDataLost, { [section]: () => evaluate().lost });
    }
    return { roleData, roleDataLost };
  }

  /** The services of a role's chain in member order, each problem Heat would have with one reported to `problems`. */
  private services(role: string, chain: StackNode, problems: DeploymentProblem[]): DeployedService[] {
    if (!chain.members) return [];
    const listedAt = this.env.parameterDefaultsFrom.get(`${role}Services`);
    const unmapped = this.unmapped;
    return chain.members.map((type, member) => {
      const memberPath = [...chain.path, String(member)];
      // The walk's resolution of the member (none for an entry that is not a type name: Heat fails on it).
      const use = chain.uses?.find((u) => u.member === String(member));
      const r: Resolution = use?.resolution ?? { kind: 'plugin', type, via: [] };
      const mappedBy = r.via.map((e) => mapping(e));
      const s: DeployedService = { type, member, status: !use || r.kind === 'cycle' || unmapped.has(memberPath.join('/')) ? 'unmapped' : 'deployed', mappedBy };
      const listed = listedAt && { file: listedAt.file, path: [...listedAt.path, member] };
      if (r.kind === 'none') s.status = 'disabled';
      else if (r.kind === 'template') {
        s.template = r.file;
        s.stack = chain.children.find((c) => c.name === String(member));
        s.status = s.stack ? 'deployed' : 'missing';
        const stack = s.stack;
        if (stack?.template) {
          let data: ReturnType<RoleBuilder['roleData']> | undefined;
          const load = () => (data ??= this.roleData(stack));
          lazily(s, { roleData: () => load().roleData, roleDataLost: () => load().roleDataLost, roleDataWritten: () => load().roleDataWritten });
        }
        if (!s.stack) problems.push({ code: rejectionCode('missing-template', mappedBy.length > 0), severity: 'error', role, message: `${role}: ${type} maps to ${r.file}, which ${this.tree.whyUnreadable(r.file) ?? 'cannot be read'}`, at: mappedBy.at(-1)?.at });
      } else if (r.kind === 'cycle') {
        // As validate words it, at the registry entry that leads back.
        const at = mappedBy.at(-1)?.at;
        problems.push({ code: rejectionCode('registry-cycle', false), severity: 'error', role, message: `${role}: registry aliases for ${type} loop: Heat cannot build this stack`, hint: REGISTRY_CYCLE_HINT, ...(at ? { at } : {}) });
      } else if (s.status === 'unmapped') {
        // As validate words it, at the roles file's line when the walk found the member (the rendered <Role>Services list otherwise).
        const u = unmapped.get(memberPath.join('/'));
        const wording = u ? unmappedWording(u, role) : { message: `${role}: no registry entry maps ${type} to a template or ${NONE_TYPE}, so Heat would fail ("${type}" is not a registered resource type)` };
        const at = (u && listedInRolesFile(this.tree, this.rolesFile, role, u)) ?? listed;
        problems.push({ code: rejectionCode('unmapped-resource-type', false), severity: 'error', role, ...wording, ...(at ? { at } : {}) });
      }
      return s;
    });
  }
}

/** A role's ResourceChain of services: the first chain under its `<Role>ServiceChain` stack. */
function serviceChain(chainRoot: StackNode): StackNode | undefined {
  let chain: StackNode | undefined;
  forEachStack(chainRoot, (n) => (chain ??= n.kind === 'chain' ? n : undefined));
  return chain;
}

/**
 * The services' role_data sections an aggregation template reads: the
 * names its yaql takes with `.get('<name>')` from the chain's role_data, and
 * those it takes with `get_attr: [<chain>, role_data, <name>]`.
 */
function sectionsRead(value: unknown, chains: readonly string[]): Set<string> {
  const found = new Set<string>();
  const scan = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/\.get\(\s*'([A-Za-z0-9_]+)'\s*\)/g)) found.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(scan);
    else if (isMapping(v)) {
      const attr = v.get_attr;
      if (Array.isArray(attr) && chains.includes(attr[0] as string) && attr[1] === 'role_data' && typeof attr[2] === 'string') found.add(attr[2]);
      Object.values(v).forEach(scan);
    }
  };
  scan(isMapping(value) ? value.resources : undefined);
  scan(isMapping(value) ? value.outputs : undefined);
  return found;
}

/** Whether a value holds `get_attr: [<chain>, role_data]`: every service's role_data, whole. */
function passesWhole(v: unknown, chains: readonly string[]): boolean {
  if (Array.isArray(v)) return v.some((x) => passesWhole(x, chains));
  if (!isMapping(v)) return false;
  const attr = v.get_attr;
  if (Array.isArray(attr) && attr.length === 2 && chains.includes(attr[0] as string) && attr[1] === 'role_data') return true;
  return Object.values(v).some((x) => passesWhole(x, chains));
}

const readsRoleParameters = (v: unknown): boolean =>
  isMapping(v) && Object.keys(v).length === 1 && isMapping(v.values) && Object.keys(v.values).length === 1 &&
  Array.isArray(v.values.get_param) && v.values.get_param.length === 1 && v.values.get_param[0] === 'RoleParameters';

function mapping(e: RegistryEntry): { type: string; value: string; at: SourceRef } {
  return { type: e.type, value: e.value ?? '', at: { file: e.file, path: e.path } };
}

export { isFunctionCall };
