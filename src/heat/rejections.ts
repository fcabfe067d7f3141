/**
 * What Heat refuses in a deployment that tht can still walk, found offline:
 * resource types no registry entry maps, Heat's limits (limits.ts), registry
 * cycles, functions that fail where Heat's validate calls them, and nested
 * templates heatclient cannot read. Each is a finding at the file, line and
 * column to change, with Heat's own message; `rejectionFindings` gives them
 * the codes every command reports them under.
 *
 * Sizes are measured as Heat measures them (tools/heat/README.md, "Heat's
 * limits"): heatclient sends each template of `files` as the JSON of its
 * parsed form, with every `type:` and `get_file:` path turned into an
 * absolute file:// URL; Heat takes the root template's size as str() of the
 * parsed template; the body is heatclient's JSON of the whole request. So
 * sizes grow with the length of the path the tree is in.
 */
import type { PathSegment } from '../yaml/file.js';
import type { EnvironmentFile } from './environment.js';
import { withAdvice } from '../load/errors.js';
import type { Finding } from '../load/finding.js';
import { roleServicePath } from '../load/roles.js';
import { isMapping } from '../load/values.js';
import { overLimit, type HeatLimits } from './limits.js';
import { strLen } from '../yaml/python.js';
import { isFileReference, jsonSize, type JsonSize } from './json-size.js';
import { urlOf, type HeatRequestFiles } from './request.js';
import type { StackNode, UnmappedType, WalkResult } from './stack.js';
import { sourcePosition } from './template.js';
import type { VirtualTree } from './tree.js';
import { pyRepr } from './yaql/pyops.js';
import { strReprLength } from '../yaml/pyprint.js';

/** A finding (load/finding.ts) whose code is the kind of rejection; `rejectionCode` gives its finding code. */
export interface HeatRejection extends Omit<Finding, 'code' | 'hint' | 'template'> {
  code:
    | 'unmapped-resource-type'
    | 'max-template-size'
    | 'max-nested-stack-depth'
    | 'max-resources-per-stack'
    | 'max-json-body-size'
    | 'registry-cycle'
    | 'function-fails'
    | 'missing-template';
  /** Virtual-tree key (or an absolute path outside the tree). */
  file: string;
  hint: string;
}

export interface RejectionInput {
  tree: VirtualTree;
  root: string;
  walk: WalkResult;
  request: HeatRequestFiles;
  /** The environment files of the request, in order (their text is part of it). */
  environments?: readonly EnvironmentFile[];
  limits: HeatLimits;
  /** The roles file (virtual-tree key or absolute path): an unmapped service is reported where a role lists it. */
  rolesFile?: string;
  /** The role a top-level resource belongs to. */
  roleOf?: (resourceName: string) => string | undefined;
}

/** ` (resolved to X)` after a path as written, or nothing when X is what was written. */
export const resolvedTo = (written: string, resolved: string): string => (written === resolved ? '' : ` (resolved to ${resolved})`);

/**
 * A `type:` naming a template file heatclient cannot read (`ref` as written,
 * `target` its tree key), worded as validate and lint (HOT012) both report it.
 */
export function unreadableType(ref: string, why: string, target: string): { message: string; hint: string } {
  return { message: `${ref}, which ${why}${resolvedTo(ref, target)}, so heatclient cannot send the request`, hint: 'Paths are relative to the template that names them.' };
}

/** The file, line and column of a YAML path in a tree file. */
function positionIn(tree: VirtualTree, file: string, path: readonly PathSegment[] = []): { file: string; line: number; column: number } {
  // A whole file is its first line (without the positioned parse of a file that may be megabytes).
  if (path.length === 0) return { file, line: 1, column: 1 };
  return sourcePosition(tree.yaml(file), path);
}

/** What to do about registry aliases that loop (validate's finding and preview's role problem alike). */
export const REGISTRY_CYCLE_HINT = 'Map the type to a template that does not lead back to itself.';

/**
 * What the walk found Heat refuses on the way (registry cycles, functions
 * that fail), as rejections: heatRejections includes them; a preview, which
 * walks only some roles and so checks no limits or request, asks for the
 * templates the walk could not read too (`missing`; heatRejections reports
 * those where heatclient fails to read them).
 */
export function walkRejections(tree: VirtualTree, walk: Pick<WalkResult, 'problems'>, options: { missing?: boolean } = {}): HeatRejection[] {
  const out: HeatRejection[] = [];
  // A template every role's chain reaches makes its problem once per stack: one finding is enough.
  const seen = new Set<string>();
  for (const p of walk.problems) {
    const key = `${p.code}\0${p.file}\0${p.path.join('\0')}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (p.code === 'registry-cycle') {
      out.push({ code: 'registry-cycle', severity: 'error', ...positionIn(tree, p.file, p.path), message: `${p.message}: Heat cannot build this stack`, hint: REGISTRY_CYCLE_HINT });
    } else if (p.code === 'evaluation') {
      out.push({
        code: 'function-fails',
        severity: 'error',
        ...positionIn(tree, p.file, p.path),
        message: p.message,
        hint: `Heat's validate fails here${p.stack.length === 0 ? '' : ` (in the stack ${p.stack.join('/')})`}; fix the function call or the value it reads.`,
      });
    } else if (options.missing) {
      out.push({ code: 'missing-template', severity: 'error', ...positionIn(tree, p.file, p.path), message: p.message, hint: 'Paths are relative to the file that names them.' });
    }
  }
  return out;
}

/**
 * A type no registry entry maps, worded as validate, lint and preview all
 * report it (`role`: the role whose stacks hold it, when known).
 */
export function unmappedWording(u: UnmappedType, role: string | undefined): { message: string; hint: string } {
  const via = u.resolved === u.type ? '' : ` (the registry leads ${u.type} to it)`;
  const listed = u.chainIndex !== undefined && role !== undefined;
  return {
    message: `The Resource Type (${u.resolved}) could not be found${via}${listed ? `: role ${role} lists the service ${u.type}` : ''}, and no resource_registry entry maps it (at ${u.stack.join('/')})`,
    hint: listed
      ? `Remove ${u.type} from role ${role}, or map it in an environment's resource_registry (to a template, or to OS::Heat::None).`
      : `Map ${u.resolved} in an environment's resource_registry, or use a type Heat provides.`,
  };
}

/** Where the roles file (a tree key) lists a role's service that is a chain member no entry maps: the line to change. */
export function listedInRolesFile(tree: VirtualTree, rolesFile: string, role: string, u: UnmappedType): { file: string; path: PathSegment[] } | undefined {
  if (u.chainIndex === undefined || !tree.has(rolesFile)) return undefined;
  const path = roleServicePath(tree.yaml(rolesFile), role, u.type);
  return path && { file: rolesFile, path };
}

/** Everything Heat would reject, in a stable order (by kind, then file and position). */
export function heatRejections(input: RejectionInput): HeatRejection[] {
  const out: HeatRejection[] = [];
  const at = (file: string, path: PathSegment[] = []) => positionIn(input.tree, file, path);
  const limitSource = (name: keyof HeatLimits) => `${input.limits[name].value}, ${input.limits[name].source}`;

  for (const u of input.walk.unmapped) {
    const role = input.roleOf?.(u.stack[0] ?? '');
    const listed = role !== undefined && input.rolesFile !== undefined ? listedInRolesFile(input.tree, input.rolesFile, role, u) : undefined;
    out.push({ code: 'unmapped-resource-type', severity: 'error', ...at(listed?.file ?? u.file, listed?.path ?? u.path), ...unmappedWording(u, role) });
  }

  out.push(...walkRejections(input.tree, input.walk));

  // Nested templates only: a missing get_file target stops heatclient as well, but tht's bundled copy of THT
  // (like the test fixture) leaves the scripts out on purpose, so that would fail every check of it.
  for (const u of input.request.unreadable) {
    if (u.getFile) continue;
    // heatclient fails reading it, before anything is sent to Heat.
    const why = input.tree.whyUnreadable(u.target) ?? 'cannot be read';
    const worded = u.registryType !== undefined
      ? { message: `registry entry ${u.registryType} points at ${u.ref}, which ${why}${resolvedTo(u.ref, u.target)}`, hint: 'Registry paths are relative to the environment file that names them.' }
      : unreadableType(u.ref, why, u.target);
    out.push({ code: 'missing-template', severity: 'error', ...at(u.file, u.path), ...worded });
  }

  const depthLimit = input.limits.max_nested_stack_depth.value;
  const resourceLimit = input.limits.max_resources_per_stack.value;
  visitStacks(input.walk.root, (node) => {
    // The first stack past the limit: Heat stops there (a stack at the limit may not have a child).
    if (overLimit(node.depth, depthLimit) && node.depth === depthLimit + 1 && node.definedAt) {
      out.push({
        code: 'max-nested-stack-depth',
        severity: 'error',
        ...at(node.definedAt.file, [...node.definedAt.path, 'type']),
        message: `Request limit exceeded: Recursion depth exceeds ${depthLimit}. (${node.path.join('/')} is ${node.depth} deep; max_nested_stack_depth is ${limitSource('max_nested_stack_depth')})`,
        hint: `Nest less deeply, or raise the limit (--heat-limit max_nested_stack_depth=${node.depth}; the undercloud sets HeatMaxNestedStackDepth).`,
      });
    }
    // Every resource of a template, those whose condition is false too; a chain's stack has one per entry.
    const count = node.template ? node.template.resources.size : node.kind === 'chain' ? node.children.length : 0;
    const where = node.template ? { file: node.template.file, path: ['resources'] } : node.definedAt;
    if (where && overLimit(count, resourceLimit)) {
      out.push({
        code: 'max-resources-per-stack',
        severity: 'error',
        ...at(where.file, where.path),
        message: `Request limit exceeded: Maximum resources per stack exceeded. (${node.template?.file ?? node.path.join('/')} has ${count} resources; max_resources_per_stack is ${limitSource('max_resources_per_stack')})`,
        hint: 'Split the template into nested stacks, or raise the limit (--heat-limit max_resources_per_stack=-1, as the undercloud sets it).',
      });
    }
  });

  const sizes = requestSizes(input.tree, input.root, input.request, input.environments ?? []);
  const sizeLimit = input.limits.max_template_size.value;
  for (const [file, size] of sizes.templates) {
    if (!overLimit(size, sizeLimit)) continue;
    out.push({
      code: 'max-template-size',
      severity: 'error',
      ...at(file),
      message: `Request limit exceeded: Template size (${size} bytes) exceeds maximum allowed size (${sizeLimit} bytes). (${file}; max_template_size is ${limitSource('max_template_size')})`,
      hint: `Make the template smaller (fewer roles, or split it), or raise the limit (--heat-limit max_template_size=${size}).`,
    });
  }
  const bodyLimit = input.limits.max_json_body_size.value;
  if (overLimit(sizes.body, bodyLimit)) {
    out.push({
      code: 'max-json-body-size',
      severity: 'error',
      ...at(input.root),
      message: `Request limit exceeded: JSON body size (${sizes.body} bytes) exceeds maximum allowed size (${bodyLimit} bytes). (the validate request for ${input.root} with ${sizes.files} files; max_json_body_size is ${limitSource('max_json_body_size')})`,
      hint: `Deploy fewer roles or services, or raise the limit (--heat-limit max_json_body_size=${sizes.body}; the undercloud sets HeatMaxJsonBodySize).`,
    });
  }
  return out;
}

/**
 * The code of each kind of rejection among the findings every command
 * reports (validate, lint, schema's warnings, preview): everything Heat
 * refuses in the deployment is HOT015, except a file heatclient cannot read,
 * which is ENV002 where a registry entry names it (`inEnvironment`) and
 * HOT012 where a template's type does.
 */
export function rejectionCode(kind: HeatRejection['code'], inEnvironment: boolean): 'HOT015' | 'ENV002' | 'HOT012' {
  if (kind !== 'missing-template') return 'HOT015';
  return inEnvironment ? 'ENV002' : 'HOT012';
}

/**
 * Heat's rejections of a deployment as findings. The registry entries of the
 * operator's files (`userEnvironments`) are left out: the environment checks
 * report those already (ENV002), in validate and lint alike.
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
      message: withAdvice(r.message, r.hint),
    }));
}

function visitStacks(node: StackNode, fn: (n: StackNode) => void): void {
  fn(node);
  for (const c of node.children) visitStacks(c, fn);
}

/**
 * Length of Python's str() of parsed template data, without writing it (a
 * single pass, as jsonSize), with each file reference as `sent` gives it.
 */
function reprLength(value: unknown, sent: (reference: string) => string): number {
  if (typeof value === 'string') return strReprLength(value);
  if (Array.isArray(value)) {
    let n = value.length > 0 ? value.length * 2 : 2;
    for (let i = 0; i < value.length; i++) n += reprLength(value[i], sent);
    return n;
  }
  if (isMapping(value)) {
    let keys = 0;
    let n = 0;
    for (const k in value) {
      keys++;
      const x = value[k];
      n += strReprLength(k) + 2 + (typeof x !== 'string' ? reprLength(x, sent) : strReprLength(isFileReference(k, x) ? sent(x) : x));
    }
    return n + (keys > 0 ? keys * 2 : 2);
  }
  if (value === null || value === undefined || value === true) return 4;
  if (value === false) return 5;
  return pyRepr(value).length;
}


interface RequestSizes {
  /** Each template's size as Heat checks it against max_template_size (the root, and every entry of files). */
  templates: Map<string, number>;
  /** The request body, in bytes. */
  body: number;
  files: number;
}

/**
 * An environment file as heatclient sends it (`process_environment_and_files`):
 * its parsed form, each resource_registry path an absolute URL.
 */
function environmentWithUrls(tree: VirtualTree, env: EnvironmentFile): unknown {
  // A deep copy: the parsed value is the one every reader of the file shares.
  const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map(copy) : isMapping(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v);
  const data = copy(tree.yaml(env.file).value);
  for (const e of env.registry) {
    if (e.target === undefined || e.value === null) continue;
    let at: unknown = data;
    for (const k of e.path.slice(0, -1)) at = isMapping(at) ? at[k as string] : undefined;
    if (isMapping(at)) at[e.path.at(-1) as string] = urlOf(tree, e.target);
  }
  return data;
}

/** heatclient's deep_update of one environment into the merged one. */
function deepUpdate(old: Record<string, unknown>, add: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(add)) {
    if (isMapping(v)) old[k] = deepUpdate(isMapping(old[k]) ? old[k] : {}, v);
    else if (!(v === null && isMapping(old[k]))) old[k] = v;
  }
  return old;
}

/** Sizes of the validate request heatclient sends (heatclient's jsonutils.dumps, ASCII), measured without building it. */
function requestSizes(tree: VirtualTree, root: string, request: HeatRequestFiles, environments: readonly EnvironmentFile[]): RequestSizes {
  const templates = new Map<string, number>();
  templates.set(root, reprLength(tree.yaml(root).value, (reference) => urlOf(tree, tree.resolveRef(root, reference))));
  const envs = new Map(environments.map((e) => [e.file, environmentWithUrls(tree, e)]));
  // {"template": ..., "parameters": {}, "files": {...}, "environment": {...}, "environment_files": [...]}
  // Each template as the walk that collected the request measured it.
  const measured = (key: string): JsonSize => request.sizes.get(key)!;
  let body = '{"template": '.length + measured(root).length + ', "parameters": {}, "files": {'.length;
  request.files.forEach((key, i) => {
    const env = envs.get(key);
    let text: JsonSize;
    if (env !== undefined || request.templates.has(key)) {
      text = env !== undefined ? jsonSize(env) : measured(key);
      templates.set(key, text.length);
      // The text (ASCII JSON) sent as a JSON string: quoted, each " and \ escaped.
      body += text.length + text.quotes + text.backslashes + 2;
    } else {
      const raw = tree.text(key) ?? '';
      templates.set(key, strLen(raw));
      body += jsonSize(raw).length;
    }
    body += jsonSize(urlOf(tree, key)).length + 2 + (i > 0 ? 2 : 0);
  });
  const merged: Record<string, unknown> = {};
  for (const env of envs.values()) if (isMapping(env)) deepUpdate(merged, env);
  body += '}, "environment": '.length + jsonSize(merged).length;
  if (request.environments.length > 0) {
    body += ', "environment_files": ['.length + 1 + request.environments.reduce((n, k, i) => n + jsonSize(urlOf(tree, k)).length + (i > 0 ? 2 : 0), 0);
  }
  body += 1;
  return { templates, body, files: request.files.length };
}
