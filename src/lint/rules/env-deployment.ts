/**
 * ENV005-ENV011: the checks of `tht validate` that need the deployment (its
 * stacks, their parameters and roles), run on the `-e` files: lint builds the
 * deployment from its render and those files, and reports exactly what
 * validate reports, so both give one file the same findings.
 */
import { VALIDATE_CODES, type ValidateCode } from '../../schema/validate-codes.js';
import type { Rule } from '../types.js';

const DESCRIPTIONS: Record<ValidateCode, [string, string]> = {
  ENV005: [
    'A -e environment sets a parameter that no template of the tree declares',
    'An environment given with -e is one being deployed, so a name in its parameter_defaults (or a <Role>Parameters ' +
      'key) that no template declares is almost always a typo, and the value is silently lost; hence an error here and ' +
      'a warning (ENV003) in the tree\'s own environments, which are written for many configurations and releases.',
  ],
  ENV006: [
    'A -e environment sets a parameter only templates this deployment leaves out declare',
    'Some template of the tree declares it, but no stack of the deployment (the roles rendered, with these -e files) ' +
      'is built from that template, so the value has no effect. Enable the service that reads it, or drop the value.',
  ],
  ENV007: [
    "A -e environment's parameters section names a parameter the root template does not declare",
    'Heat rejects a name in `parameters` that overcloud.yaml does not declare; nested stacks get values through ' +
      'parameter_defaults.',
  ],
  ENV008: [
    'A -e environment gives a value of the wrong type or outside the constraints',
    "The value is checked against the parameter's type and constraints (allowed values, ranges, lengths, patterns) " +
      'as Heat checks it when the stack is created.',
  ],
  ENV009: [
    'A <Role>Parameters key that is not tagged role_specific',
    'Only parameters tagged role_specific read <Role>Parameters; any other key there has no effect. Set it globally in ' +
      'parameter_defaults.',
  ],
  ENV010: [
    'A <Role>Parameters key that no service of the role uses',
    'The role deploys no service whose template declares the parameter, so the override has no effect.',
  ],
  ENV011: ['A -e environment sets a deprecated parameter', "The parameter is in its template's deprecated parameter group."],
};

export const DEPLOYMENT_RULES: readonly Rule[] = (Object.keys(VALIDATE_CODES) as ValidateCode[]).map((code) => ({
  meta: { id: code, severity: VALIDATE_CODES[code], description: DESCRIPTIONS[code][0], explanation: DESCRIPTIONS[code][1] },
  check(ctx, report) {
    for (const f of ctx.deploymentFindings) {
      if (f.code === code) report(ctx.file(f.file), { line: f.line, column: f.column }, f.message);
    }
  },
}));
