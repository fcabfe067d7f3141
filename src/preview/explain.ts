/**
 * `tht explain PARAM`: one parameter across the deployment: every template
 * of the walk that declares it (type, default, constraints, description),
 * the roles whose stacks take it, whether it is role-specific (a template
 * reads it from RoleParameters, or only tagged so), what sets it in the
 * environment files, and its effective value per role.
 */
import { ThtError } from '../load/errors.js';
import { suggestKey } from '../load/suggest.js';
import { isMapping } from '../load/values.js';
import { forEachStack, type Deployment } from '../heat/deployment.js';
import type { HotParameter } from '../heat/template.js';
import { groupParameters, type PreviewParameter, type PreviewParameterUse } from './model.js';
import type { Positions } from './positions.js';

export interface Declaration {
  /** `file:line` of the declaration. */
  at: string;
  type: string;
  default?: unknown;
  description?: string;
  /** As written (`allowed_values: [...]`, `range: {min, max}`...). */
  constraints: unknown[];
  tags: string[];
  hidden: boolean;
}

export interface Setting {
  /** `file:line` of the value. */
  at: string;
  /** parameter_defaults, parameters, `<Role>Parameters` (in parameter_defaults) or the roles file's RoleParametersDefault. */
  kind: 'parameter_defaults' | 'parameters' | 'role_parameters' | 'role_parameters_default';
  role?: string;
  value: unknown;
}

export interface Explanation {
  name: string;
  /** The templates of the walk (what the deployment uses) that declare it. */
  declarations: Declaration[];
  /** Templates of the tree that declare it but that the deployment does not use (a disabled service...), `file:line:column`. */
  notDeployed: string[];
  /** Roles whose stacks take it. */
  roles: string[];
  /** Templates that read it from RoleParameters: a `<Role>Parameters` value applies to them. */
  readFromRoleParameters: string[];
  /** Tagged role_specific by a declaration (the tag alone does not make it so). */
  taggedRoleSpecific: boolean;
  /** What sets it in the environment files (the rendered registry first) and the roles file. */
  setBy: Setting[];
  /** Its effective value in overcloud.yaml, when declared there. */
  root?: PreviewParameterUse[];
  /** Its effective value per role, grouped as the preview groups it. */
  values: Array<{ role: string } & Pick<PreviewParameter, 'uses' | 'changed'>>;
}

export function explainParameter(deployment: Deployment, name: string, positions: Positions): Explanation {
  const declarations = new Map<string, HotParameter>();
  const names = new Set<string>();
  forEachStack(deployment.walk.root, (n) => {
    if (!n.template) return;
    for (const p of n.parameters) names.add(p.def.name);
    const def = n.template.parameters.get(name);
    if (def && !declarations.has(n.template.file)) declarations.set(n.template.file, def);
  });
  const undeployed = undeployedDeclarations(deployment, name, new Set(declarations.keys()));
  if (declarations.size === 0 && undeployed.length === 0) {
    const guess = suggestKey(name, [...names]);
    throw new ThtError(`no template of the deployment or the tree declares a parameter "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
      hint: 'Parameter names are case-sensitive; tht preview ROLE lists the parameters of a role.',
    });
  }
  const roles = deployment.roles.filter((r) => r.parameters.some((p) => p.name === name));
  const honouring = new Set<string>();
  for (const r of roles) for (const p of r.parameters) if (p.name === name && p.roleSpecific) honouring.add(positions.file(p.template));
  const root = deployment.rootParameters.filter((p) => p.name === name);
  return {
    name,
    declarations: [...declarations].map(([file, def]) => ({
      at: positions.at({ file, path: def.path }),
      type: def.type,
      ...(def.hasDefault ? { default: def.default } : {}),
      ...(def.description === undefined ? {} : { description: def.description.trim() }),
      constraints: def.constraints.map(({ path: _path, ...c }) => c),
      tags: def.tags,
      hidden: def.hidden,
    })),
    notDeployed: undeployed.map((file) => positions.at({ file, path: ['parameters', name] })),
    roles: roles.map((r) => r.name),
    readFromRoleParameters: [...honouring].sort(),
    taggedRoleSpecific: [...declarations.values()].some((d) => d.tags.includes('role_specific')),
    setBy: settings(deployment, name, positions),
    ...(root.length > 0 ? { root: groupParameters(root, positions)[0]!.uses } : {}),
    values: roles.map((r) => {
      const [grouped] = groupParameters(r.parameters.filter((p) => p.name === name), positions);
      return { role: r.name, uses: grouped!.uses, changed: grouped!.changed };
    }),
  };
}

/**
 * Templates of the tree outside the walk that declare the parameter: only
 * files whose text names it as a key are parsed, so the whole tree is not.
 */
function undeployedDeclarations(deployment: Deployment, name: string, deployed: ReadonlySet<string>): string[] {
  const key = new RegExp(`^\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`, 'm');
  return deployment.tree.paths().filter((file) => {
    if (deployed.has(file) || !/\.ya?ml$/.test(file) || file.endsWith('.j2.yaml')) return false;
    const text = deployment.tree.text(file);
    if (text === undefined || !key.test(text)) return false;
    try {
      const top = deployment.tree.yaml(file).value;
      return isMapping(top) && 'heat_template_version' in top && isMapping(top.parameters) && Object.hasOwn(top.parameters, name);
    } catch {
      // A file that is not YAML is no template.
      return false;
    }
  });
}

function settings(deployment: Deployment, name: string, positions: Positions): Setting[] {
  const out: Setting[] = [];
  for (const f of deployment.env.files) {
    for (const section of ['parameters', 'parameter_defaults'] as const) {
      const values = section === 'parameters' ? f.parameters : f.parameterDefaults;
      if (Object.hasOwn(values, name)) out.push({ at: positions.at({ file: f.file, path: [section, name] }), kind: section, value: values[name] });
    }
    for (const role of deployment.roleNames) {
      const rp = f.parameterDefaults[`${role}Parameters`];
      if (isMapping(rp) && Object.hasOwn(rp, name)) {
        out.push({ at: positions.at({ file: f.file, path: ['parameter_defaults', `${role}Parameters`, name] }), kind: 'role_parameters', role, value: rp[name] });
      }
    }
  }
  deployment.roles.forEach((r) => {
    const defaults = r.data.RoleParametersDefault;
    if (isMapping(defaults) && Object.hasOwn(defaults, name)) {
      out.push({ at: positions.at({ file: deployment.rolesFile, path: [r.index, 'RoleParametersDefault', name] }), kind: 'role_parameters_default', role: r.name, value: defaults[name] });
    }
  });
  return out;
}
