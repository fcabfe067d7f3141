/**
 * The Heat stage: HOT templates, environments, the resource registry and the
 * nested-stack walk, on which `tht schema`, `tht validate` and `tht lint` stand.
 *
 * Typical use:
 *   const tree = treeFromRender(await renderTree(opts));           // virtual tree, files parsed once
 *   const env = loadEnvironments(tree, ['overcloud-resource-registry-puppet.yaml', ...userEnvKeys]);
 *   const { root, problems } = walkStacks({ tree, env });          // StackNode tree from overcloud.yaml
 *   tree.template('deployment/x/y.yaml')                           // HotTemplate (cached)
 *   templatePosition(tmpl, ['parameters', 'Foo'], { key: true })   // {file, line, column}
 *   env.registry.resolve(type, { from: templateKey, resourceName, tree }) // template | none | plugin | cycle
 */
export { VirtualTree, treeFromRender } from './tree.js';
export {
  parseTemplate,
  sourceFromParsed,
  sourcePosition,
  templatePosition,
  isMapping,
  HOT_SECTIONS,
  HOT_PARAM_TYPES,
  RESOURCE_KEYS,
  PARAMETER_KEYS,
  OUTPUT_KEYS,
  type HotTemplate,
  type HotParameter,
  type HotParamType,
  type HotConstraint,
  type HotResource,
  type HotOutput,
  type ParameterGroup,
  type TemplateProblem,
  type YamlSource,
} from './template.js';
export {
  parseEnvironment,
  mergeEnvironments,
  loadEnvironments,
  isTemplatePath,
  ResourceRegistry,
  ENVIRONMENT_SECTIONS,
  NONE_TYPE,
  type Environment,
  type EnvironmentFile,
  type EnvironmentProblem,
  type RegistryEntry,
  type Resolution,
  type MergeStrategy,
} from './environment.js';
export {
  evaluate,
  evaluateKnown,
  evaluateCondition,
  parseParamValue,
  functionName,
  deepEqual,
  UNKNOWN,
  type EvalContext,
  type Unknown,
} from './functions.js';
export { walkStacks, type StackNode, type StackKind, type ResolvedParameter, type WalkProblem, type WalkResult, type WalkOptions } from './stack.js';
