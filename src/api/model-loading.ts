/**
 * What the library calls that build a model of the deployment (schema,
 * validate, environments, preview, explain) share: the `-e` files found as
 * the user names them, and the warnings every one of them gives about the
 * deployment, as findings with the codes validate and lint report.
 */
import type { Environment, EnvironmentFile } from '../heat/environment.js';
import type { HeatRejection } from '../heat/rejections.js';
import type { Finding } from '../load/finding.js';
import { displayPath } from '../load/paths.js';
import type { RenderResult } from '../render/types.js';
import { findGivenFile, type TemplateTree } from './tree.js';

/**
 * The environment files given, as shown (see displayPath), in order: each
 * relative to the current folder, else to the tree, where a rendered one
 * (environments/network-isolation.yaml) is without being on disk.
 */
export async function givenEnvironments(render: RenderResult, tree: TemplateTree, given: readonly string[] | undefined): Promise<string[]> {
  const [{ environmentFiles }, { treeFromRender }] = await Promise.all([import('../schema/environments.js'), import('../heat/tree.js')]);
  const rendered = treeFromRender(render);
  // A file the user names brings its folder into the files tht reads.
  const inTheTree = (abs: string) => {
    rendered.allowFolderOf(abs);
    return rendered.has(rendered.keyForFsPath(abs));
  };
  const known = environmentFiles(rendered);
  return (given ?? []).map((e) => displayPath(findGivenFile(e, tree, 'environment file', { exists: inTheTree, known })));
}

/** ENV001 and ENV004 of environment files, as validate and lint report them; `show` names a tree key as it opens from here. */
export async function formatProblems(files: readonly EnvironmentFile[], show: (key: string) => string): Promise<Finding[]> {
  const { formatFindings, positionedFinding } = await import('../heat/environment-checks.js');
  return files.flatMap((env) => formatFindings(env).map((f) => ({ ...positionedFinding(f, env.yaml), file: show(f.file) })));
}

/**
 * What a command that does not fail on them warns about the deployment:
 * what Heat would refuse (all of it, the registry entries of the operator's
 * files too, since no environment check reports them here) and the
 * environment files' departures from Heat's format.
 */
export async function deploymentWarnings(rejections: readonly HeatRejection[], env: Environment, show: (key: string) => string): Promise<Finding[]> {
  const { rejectionFindings } = await import('../heat/rejections.js');
  const refused = rejectionFindings(rejections, { userEnvironments: [], env }).map((f) => ({ ...f, file: show(f.file) }));
  return [...refused, ...(await formatProblems(env.files, show))];
}
