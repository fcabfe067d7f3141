/**
 * The text of `tht preview` and `tht explain` for a terminal: a heading per
 * part, aligned columns, long values cut to one line (the JSON and YAML
 * outputs have them whole). Colour comes from the caller's chalk instance,
 * so the same function prints plain text to a file.
 */
import type { ChalkInstance } from 'chalk';
import type { PreviewParameterUse, PreviewSource, RolePreview } from './model.js';
import type { PreviewDiff, Difference } from './diff.js';
import type { Explanation } from './explain.js';

type Style = (s: string) => string;

/** Rows of cells padded to the widest cell of each column (the last column is not padded). */
function table(rows: readonly (readonly string[])[], styles: readonly (Style | undefined)[] = [], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i]!);
          const style = styles[i];
          return style ? style(padded) : padded;
        })
        .join('  ')
        .trimEnd(),
  );
}

const MAX_VALUE = 72;

/** A value on one line: strings as they are, anything else as JSON; cut with … past `max` characters. */
export function oneLine(value: unknown, max = MAX_VALUE): string {
  const text = value === undefined ? '-' : typeof value === 'string' ? (value === '' ? "''" : value) : JSON.stringify(value);
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const SOURCE_NAMES: Record<PreviewSource['kind'], string> = {
  none: 'no value',
  default: 'template default',
  parent: 'passed by the parent stack',
  parameters: 'parameters',
  parameter_defaults: 'parameter_defaults',
  role_parameters: '',
};

/** `template default deployment/x.yaml:12`, or `template default in 3 templates` when several places agree. */
function sourceText(u: PreviewParameterUse): string {
  const what = u.source.kind === 'role_parameters' ? String(u.source.via) : SOURCE_NAMES[u.source.kind];
  if (u.at.length === 0) return what;
  return u.at.length === 1 ? `${what} ${u.at[0]}` : `${what} in ${u.at.length} places`;
}

function useValue(u: PreviewParameterUse): string {
  return u.asWritten ? `${oneLine(u.value, MAX_VALUE - 12)} (as written)` : oneLine(u.value);
}

export function previewText(p: RolePreview, c: ChalkInstance): string {
  const h = (s: string) => c.bold(s);
  const dim = (s: string) => c.dim(s);
  const out: string[] = [];
  const r = p.role;
  out.push(h(r.name), ...(r.description ? [`  ${r.description}`] : []));
  out.push(
    ...table(
      [
        ['count', oneLine(r.count)],
        ['hostname format', `${oneLine(r.hostnameFormat)}  (node 0: ${r.node0}, stack name "${r.stackName}")`],
        ['tags', r.tags.join(', ') || '-'],
        ['networks', r.networks.map((n) => `${n.name} (${n.subnet})`).join(', ')],
      ],
      [dim],
    ),
  );

  const by = (status: string) => p.services.filter((s) => s.status === status);
  const deployed = by('deployed');
  const disabled = by('disabled');
  const broken = [...by('unmapped'), ...by('missing')];
  out.push('', h(`Services  (${deployed.length} deployed, ${disabled.length} disabled, ${broken.length} unmapped)`));
  out.push(...table(deployed.map((s) => [s.name, s.template ?? '-', mappedText(s.mappedBy)]), [c.green, undefined, dim]));
  if (disabled.length > 0) out.push(`  ${dim('disabled (OS::Heat::None):')} ${disabled.map((s) => s.name).join(', ')}`);
  for (const s of broken) out.push(`  ${c.red(s.status)} ${s.name}${s.template ? ` -> ${s.template}` : ''}`);

  const changed = p.parameters.filter((x) => x.changed).length;
  out.push('', h(`Parameters  (${p.parameters.length}, ${changed} not at their template default)`));
  const rows: string[][] = [];
  for (const param of p.parameters) {
    param.uses.forEach((u, i) => {
      const name = i === 0 ? `${param.name}${param.roleSpecific ? ' *' : ''}` : '';
      rows.push([name, useValue(u), sourceText(u)]);
    });
  }
  out.push(...table(rows, [c.cyan, undefined, dim]));
  if (p.parameters.some((x) => x.roleSpecific)) out.push(dim('  * read from RoleParameters: a <Role>Parameters value applies'));

  out.push('', h('Tasks'));
  for (const s of p.tasks) {
    if (s.tasks.length === 0 && s.unevaluated.length === 0) continue;
    const extra = [s.repeats ? `${s.repeats} repeats dropped` : '', s.external ? 'run once from the undercloud for all roles' : ''].filter(Boolean).join('; ');
    out.push(`  ${c.underline(s.section)}  ${dim(`${s.tasks.length} tasks, ${s.playbook}${extra ? `; ${extra}` : ''}`)}`);
    const taskRow = (t: RolePreview['tasks'][number]['tasks'][number]) => [t.service, t.name ?? dim('(unnamed block)')];
    if (s.steps === undefined) out.push(...table(s.tasks.map(taskRow), [c.green], '    '));
    else {
      for (const step of s.steps) {
        const inStep = s.tasks.filter((t) => t.steps!.includes(step));
        if (inStep.length === 0) continue;
        out.push(`    ${dim(`step ${step}`)}`);
        out.push(...table(inStep.map((t) => [...taskRow(t), t.everyStep ? dim('(every step)') : '']), [c.green], '      '));
      }
      const never = s.tasks.filter((t) => t.steps!.length === 0);
      if (never.length > 0) out.push(`    ${c.yellow('never run')} ${dim('(a step outside the section)')}`, ...table(never.map(taskRow), [c.green], '      '));
    }
    for (const u of s.unevaluated) out.push(`    ${c.yellow('not evaluated offline')} ${u.service}: ${oneLine(u.written)}`);
  }

  const conf = p.configuration;
  const shared = conf.keys.filter((k) => k.setters.filter((s) => s.layer === 'config_settings').length > 1).length;
  out.push(
    '',
    h(`Configuration  (${conf.keys.length} hiera keys, ${shared} set by two or more services, ${conf.conflicts.length} set to different values, ${conf.overridden.length} overridden by a higher layer)`),
  );
  const hieraRows = conf.keys.flatMap((k) => [
    ...(k.layer === 'NodeDataLookup' ? [] : [[k.key, oneLine(k.value, 48), hieraSource(k, c)]]),
    ...(k.nodes ?? []).map((n, i) => [i === 0 && k.layer === 'NodeDataLookup' ? k.key : '', oneLine(n.value, 48), `NodeDataLookup: node ${n.node} only`]),
  ]);
  out.push(...table(hieraRows, [c.cyan, undefined, dim]));
  if (conf.unresolved.length > 0) out.push(dim(`  ${conf.unresolved.length} parts not evaluated offline (${[...new Set(conf.unresolved.map((u) => u.service))].join(', ')})`));

  const dead = p.sections.filter((x) => x.aggregated === false);
  out.push('', h(`Role data sections  (${p.sections.length} set by the role's services, ${dead.length} that the role aggregation does not read)`));
  out.push(
    ...table(
      p.sections.map((x) => [
        x.section,
        x.services.length === 1 ? x.services[0]! : `${x.services.length} services`,
        x.shown === 'tasks' ? 'Tasks' : x.shown === 'configuration' ? 'Configuration' : '-',
        x.aggregated === false ? c.yellow(deadText(x)) : x.aggregated ? `aggregated${x.configDownload ? ', written by config-download' : ''}` : '',
      ]),
      [c.cyan, undefined, dim],
    ),
  );

  if (p.problems.length > 0) {
    out.push('', h('Problems'));
    for (const x of p.problems) out.push(`  ${x.severity === 'error' ? c.red('error') : c.yellow('warning')} ${x.file}:${x.line}:${x.column}: ${x.message} ${dim(x.code)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A section the role aggregation does not read: no effect, unless a resource it passes role_data whole to reads it. */
function deadText(x: RolePreview['sections'][number]): string {
  const live = (x.passedWholeTo ?? []).filter((w) => !w.none);
  if (live.length > 0) return `not read by the role aggregation; passed whole to ${live.map((w) => w.resource).join(', ')}`;
  const none = (x.passedWholeTo ?? []).map((w) => `${w.resource} (OS::Heat::None)`);
  return `not read by the role aggregation${none.length ? ` (only passed whole to ${none.join(', ')})` : ''}: no effect`;
}

const LAYER_NAMES: Record<string, string> = {
  GlobalConfigExtraMapData: 'GlobalConfigExtraMapData',
  global_config_settings: 'global_config_settings of',
  service_config_settings: 'service_config_settings for',
  extraconfig: 'extraconfig:',
  role_extraconfig: 'role_extraconfig:',
};

/** Who gives a hiera key its value: the services, or the higher layer (and whom it overrides). */
function hieraSource(k: RolePreview['configuration']['keys'][number], c: ChalkInstance): string {
  const services = k.setters.filter((s) => s.layer === 'config_settings').map((s) => s.service);
  if (k.layer === 'config_settings') return `${k.conflict ? c.red('differs: ') : ''}${services.join(', ')}`;
  const last = k.setters.at(-1)!;
  const by = `${LAYER_NAMES[k.layer]} ${last.service}${last.role ? ` (${last.role})` : ''}`;
  return services.length > 0 ? `${by}, over ${services.join(', ')}` : by;
}

function mappedText(mappedBy: RolePreview['services'][number]['mappedBy']): string {
  const last = mappedBy.at(-1);
  if (!last) return 'written in the role';
  const via = mappedBy.length > 1 ? ` via ${mappedBy.slice(0, -1).map((m) => m.value).join(' -> ')}` : '';
  return `${last.at}${via}`;
}

export function diffText(d: PreviewDiff, c: ChalkInstance): string {
  const out = [c.red(`--- ${d.a}`), c.green(`+++ ${d.b}`)];
  const part = (what: string, x: Difference) => {
    if (x.onlyInA.length + x.onlyInB.length === 0) return;
    out.push(c.bold(what), ...x.onlyInA.map((v) => c.red(`  - ${v}`)), ...x.onlyInB.map((v) => c.green(`  + ${v}`)));
  };
  part('services', d.services);
  part('disabled services', d.disabledServices);
  part('networks', d.networks);
  part('tags', d.tags);
  part('parameters', d.parameters);
  if (d.parameterValues.length > 0) {
    out.push(c.bold('parameter values'));
    for (const v of d.parameterValues) out.push(`  ${v.name}`, c.red(`  - ${oneLine(v.a)}`), c.green(`  + ${oneLine(v.b)}`));
  }
  for (const t of d.tasks) part(`tasks: ${t.section}`, t);
  part('configuration', d.configuration);
  if (d.configurationValues.length > 0) {
    out.push(c.bold('configuration values'));
    for (const v of d.configurationValues) out.push(`  ${v.key}`, c.red(`  - ${oneLine(v.a)}`), c.green(`  + ${oneLine(v.b)}`));
  }
  if (d.same) out.push('no differences');
  return `${out.join('\n')}\n`;
}

export function explainText(e: Explanation, c: ChalkInstance): string {
  const dim = (s: string) => c.dim(s);
  const out = [c.bold(e.name)];
  const n = e.declarations.length;
  out.push('', c.bold(n === 0 ? 'Declared in no template the deployment uses' : `Declared in ${n} template${n === 1 ? '' : 's'} the deployment uses`));
  for (const d of e.declarations) {
    out.push(`  ${c.cyan(d.at)}`);
    const rows = [
      ['type', d.type],
      ['default', Object.hasOwn(d, 'default') ? oneLine(d.default) : '(none: a value is required)'],
      ...(d.constraints.length ? [['constraints', d.constraints.map((x) => oneLine(x, 200)).join(', ')]] : []),
      ...(d.tags.length ? [['tags', d.tags.join(', ')]] : []),
      ...(d.hidden ? [['hidden', 'yes']] : []),
      ...(d.description ? [['description', oneLine(d.description, 200)]] : []),
    ];
    out.push(...table(rows, [dim], '    '));
  }
  if (e.notDeployed.length > 0) out.push('', c.bold('Also declared in templates the deployment does not use'), ...e.notDeployed.map((a) => `  ${a}`));
  out.push('', c.bold('Roles'), `  ${e.roles.join(', ') || (e.root ? '(none: only overcloud.yaml takes it)' : '(none)')}`);
  out.push('', c.bold('Role-specific'));
  if (e.readFromRoleParameters.length > 0) out.push(`  yes: read from RoleParameters by ${e.readFromRoleParameters.join(', ')}`);
  else out.push(`  no: no template reads it from RoleParameters${e.taggedRoleSpecific ? ' (it is tagged role_specific, which Heat ignores: a <Role>Parameters value has no effect)' : ''}`);
  out.push('', c.bold('Set by'));
  if (e.setBy.length === 0) out.push('  nothing in the environment files or the roles file');
  out.push(...table(e.setBy.map((s) => [s.at, s.kind === 'role_parameters' ? `${s.role}Parameters` : s.kind === 'role_parameters_default' ? `${s.role} RoleParametersDefault` : s.kind, oneLine(s.value)]), [c.cyan, dim]));
  out.push('', c.bold('Effective value'));
  const rows: string[][] = [];
  const add = (who: string, uses: readonly PreviewParameterUse[]) =>
    uses.forEach((u, i) => rows.push([i === 0 ? who : '', useValue(u), u.at.length > 1 ? `${sourceText(u)}: ${u.at.join(', ')}` : sourceText(u)]));
  if (e.root) add('overcloud.yaml', e.root);
  for (const v of e.values) add(v.role, v.uses);
  out.push(...table(rows, [c.green, undefined, dim]));
  return `${out.join('\n')}\n`;
}
