/**
 * `lint` as a library call: render the tree in memory, then run the rules on
 * the result. Returns the report (findings relative to the tree root); never
 * prints.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ThtError } from '../load/errors.js';
import { TreeFiles } from '../load/tree-files.js';
import type { Finding } from '../load/finding.js';
import type { HeatLimitOverride } from '../heat/limits.js';
import type { DeploymentCheck } from '../lint/context.js';
import type { LintReport } from '../lint/engine.js';
import { dataFiles, findGivenFile, inTree, locateTemplates, type TemplateTree, type TreeOptions } from './tree.js';

export interface LintRequest extends TreeOptions {
  /** Environment files to check as environments and to resolve nested templates with: relative to the current folder, else to the tree. */
  environments?: readonly string[];
  /** Report only on these files or folders (relative to the current folder, else to the tree); default the whole tree. */
  paths?: readonly string[];
  /** Rule ids or id prefixes to turn off, added to the tree's .thtlint.yaml ones. */
  ignore?: readonly string[];
  /** Run only these rule ids or id prefixes (replacing .thtlint.yaml's select). */
  select?: readonly string[];
  /** Heat limits to check the deployment against, `NAME=VALUE` (over .thtlint.yaml's heat_limits). */
  heatLimits?: readonly string[];
}

export interface LintResult extends LintReport {
  tree: TemplateTree;
  /** The render's warnings, as tht render reports them (files left out of the walk, deprecated role tags...). */
  warnings: Finding[];
}

export async function lint(request: LintRequest = {}): Promise<LintResult> {
  // Without -p the tree is the one holding the first path, so `tht lint ~/tht/deployment/nova` works from anywhere.
  const tree = locateTemplates(request.templates, request.paths?.[0]);
  const [{ renderTree }, { loadLintConfig }, { LintTree }, { describeUnknownId, lintTree, unknownRulePatterns }] = await Promise.all([
    import('../render/index.js'),
    import('../lint/config.js'),
    import('../lint/tree.js'),
    import('../lint/engine.js'),
  ]);
  const unknown = unknownRulePatterns([...(request.select ?? []), ...(request.ignore ?? [])]);
  if (unknown.length > 0) {
    throw new ThtError(`no rule matches ${unknown.map(describeUnknownId).join(', ')} (--select and --ignore take rule ids or id prefixes)`, {
      hint: 'Run tht lint --list-rules for the ids.',
    });
  }
  const config = await loadLintConfig(new TreeFiles(tree.path));
  const { parseHeatLimitOption } = await import('../heat/limits.js');
  const heatLimits = [...config.heatLimits, ...(request.heatLimits ?? []).map(parseHeatLimitOption)];
  const data = dataFiles(request, tree);
  const render = await renderTree({ templatesDir: tree.path, ...data, limits: request.limits });
  const lintInput = new LintTree(render);
  // What Heat refuses about a role's services is reported at the roles file's line, which may be outside the tree.
  lintInput.heat.allowFolderOf(data.rolesData);
  // A rendered file exists only in the tree, not on disk.
  const inTheTree = (abs: string) => existsSync(abs) || lintInput.has(lintInput.heat.keyForFsPath(abs));
  const keyOf = (given: string, what: string) => lintInput.heat.keyForFsPath(findGivenFile(given, tree, what, { exists: inTheTree }));
  const paths = (request.paths ?? []).map((p) => {
    // The tree root itself means the whole tree.
    if (resolve(p) === lintInput.root) return '';
    const key = keyOf(p, 'path');
    if (isAbsolute(key)) {
      throw new ThtError(`${p} is outside the template tree ${tree.path}`, { hint: 'Pass -p with the tree that contains it.' });
    }
    return key;
  });
  const environments = (request.environments ?? []).map((e) => keyOf(e, 'environment file'));
  const checkDeployment = await deploymentCheck(environments.length > 0, data.rolesData, heatLimits);
  const report = inTree(tree, () =>
    lintTree(lintInput, {
      policy: config.policy,
      ignore: [...config.ignore, ...(request.ignore ?? [])],
      select: request.select && request.select.length > 0 ? request.select : config.select,
      paths,
      environments,
      checkDeployment,
    }),
  );
  return { ...report, tree, warnings: [...render.warnings] };
}

/**
 * What tht validate finds in the deployment, for lint's HOT015 and
 * ENV005-ENV011: the deployment built once, from the files lint has parsed
 * already, with validate's checks, so both commands report the same. The
 * schema stage (its JSON Schema compiler) is loaded only when there are -e
 * files to check.
 */
async function deploymentCheck(withEnvironments: boolean, rolesData: string, heatLimits: readonly HeatLimitOverride[]): Promise<DeploymentCheck> {
  const [{ schemaModelOf }, { deploymentRejections, heatModelOf, ROOT_TEMPLATE }, { rejectionFindings }, validate] = await Promise.all([
    import('../schema/model.js'),
    import('../heat/deployment.js'),
    import('../heat/rejections.js'),
    withEnvironments ? import('../schema/validate.js') : undefined,
  ]);
  return (tree, baseEnvironments, environments) => {
    const { roles } = tree.input;
    if (roles === undefined || !tree.has(ROOT_TEMPLATE)) return null;
    const heat = heatModelOf(tree.heat, ROOT_TEMPLATE, [...baseEnvironments, ...environments], { heatLimits });
    const model = schemaModelOf(heat, roles.map((r) => r.name), environments.map((e) => e.file));
    const rejections = rejectionFindings(deploymentRejections(model, model.roles, rolesData), model);
    return validate ? [...validate.validateEnvironments(model), ...rejections] : rejections;
  };
}
