/** The codes of validate's findings (kept apart so lint loads them without the schema compiler). */
import type { HeatRejection } from '../heat/rejections.js';
import type { Finding, Severity } from '../load/finding.js';

/**
 * The codes of validate's findings, one severity each. ENV001, ENV002, ENV004
 * and YAML002 are the deployment-independent checks lint runs as well
 * (src/heat/environment-checks.ts); the others need the deployment (its
 * stacks, their parameters and roles), which `tht lint -e` builds for them.
 */
export const VALIDATE_CODES = {
  /** parameter_defaults (or <Role>Parameters) sets a name no template of the tree declares: a typo, the value is lost. */
  ENV005: 'error',
  /** A name only templates this deployment leaves out declare. */
  ENV006: 'warning',
  /** `parameters` names what the root template does not declare (Heat rejects it). */
  ENV007: 'error',
  /** A value of the wrong type or outside the parameter's constraints. */
  ENV008: 'error',
  /** A <Role>Parameters key that is not tagged role_specific. */
  ENV009: 'error',
  /** A <Role>Parameters key no service of that role uses. */
  ENV010: 'warning',
  /** A deprecated parameter. */
  ENV011: 'warning',
} as const satisfies Record<string, Severity>;
export type ValidateCode = keyof typeof VALIDATE_CODES;

/**
 * The code of each kind of Heat rejection (src/heat/rejections.ts) among
 * validate's findings: the code lint reports it under, so both commands name
 * one problem alike. Everything Heat refuses in the deployment is HOT015,
 * except a file heatclient cannot read, which is ENV002 where a registry
 * entry names it (`inEnvironment`) and HOT012 where a template's type does.
 */
export function rejectionCode(kind: HeatRejection['code'], inEnvironment: boolean): 'HOT015' | 'ENV002' | 'HOT012' {
  if (kind !== 'missing-template') return 'HOT015';
  return inEnvironment ? 'ENV002' : 'HOT012';
}

/**
 * Heat's rejections of a deployment as validate's findings. The registry
 * entries of the operator's files are left out: the environment checks
 * report those already (ENV002), as lint does.
 */
export function rejectionFindings(
  rejections: readonly HeatRejection[],
  deployment: { userEnvironments: readonly string[]; env: { files: readonly { file: string }[] } },
): Finding[] {
  const operators = new Set(deployment.userEnvironments);
  const environments = new Set(deployment.env.files.map((f) => f.file));
  return rejections
    .filter((r) => !(r.code === 'missing-template' && operators.has(r.file)))
    .map((r) => ({
      code: rejectionCode(r.code, environments.has(r.file)),
      severity: r.severity,
      file: r.file,
      line: r.line,
      column: r.column,
      message: `${r.message}. ${r.hint}`,
    }));
}
