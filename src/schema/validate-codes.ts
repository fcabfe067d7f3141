/** The codes of validate's findings (kept apart so lint loads them without the schema compiler). */
import type { Severity } from '../load/finding.js';

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
