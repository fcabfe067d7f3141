/**
 * tht as a library, for UIs and services that want it without a shell: the
 * same functions the `tht` commands are made of. Each takes options and
 * returns data (findings included); none prints or exits. Bad input (a
 * missing file, a YAML or Jinja error) is a thrown ThtError with the file,
 * line and column.
 *
 *   import { render, schema, validate, lint } from 'tht';
 *   const { findings } = await validate({ templates: 'tht', environments: ['my-env.yaml'] });
 */
export { render, type RenderAction, type RenderReport, type RenderRequest } from './api/render.js';
export {
  environment,
  environments,
  schema,
  validate,
  SCHEMA_FORMATS,
  type EnvironmentResult,
  type EnvironmentsResult,
  type ModelOptions,
  type SchemaFormat,
  type SchemaRequest,
  type SchemaResult,
  type ValidateResult,
} from './api/schema.js';
export { lint, type LintRequest, type LintResult } from './api/lint.js';
export { explain, preview, type ExplainRequest, type ExplainResult, type PreviewRequest, type PreviewResult } from './api/preview.js';
export type { RolePreview } from './preview/model.js';
export type { PreviewDiff } from './preview/diff.js';
export type { Explanation } from './preview/explain.js';
export { locateTemplates, type TemplateTree, type TreeOptions, type TreeOrigin } from './api/tree.js';
export { ThtError, isThtError } from './load/errors.js';
export type { RenderedFile } from './render/types.js';
export type { Recovery } from './render/transaction.js';
export { formatFinding, type Finding, type Finding as ValidateFinding } from './load/finding.js';
export { VALIDATE_CODES, type ValidateCode } from './schema/validate-codes.js';
export type { EnvironmentSummary, RegistryChange } from './schema/environments.js';
export type { Finding as LintFinding, Rule, RuleMeta, Severity } from './lint/types.js';
export { RULES } from './lint/rules/index.js';
