#!/usr/bin/env python3
"""Facts about the role_data of THT's service templates, for `tht preview`.

Usage: scan_role_data.py TREE CONFIG_PY FACTS_JSON

TREE is a rendered THT tree (process-templates.py has run in it: the base
registry and the service templates rendered from *.j2.yaml exist).
CONFIG_PY is tripleo-common's tripleo_common/utils/config.py of the same
time; its own _write_tasks_per_step decides which per-step task file each
`when` form lands in (nothing of it is rewritten here).

Writes FACTS_JSON (a fixture) and prints a summary. Everything is read as
written: no Heat function is evaluated. Where a value is a Heat function the
facts say so instead of guessing its result.
"""
import ast
import collections
import json
import os
import re
import sys
import tempfile

import yaml

TASK_SECTION = re.compile(r'.*_tasks$')
STEPS = range(6)


def load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


def is_function(value):
    """A mapping of one key that Heat would call (get_param, if, ...)."""
    return (isinstance(value, dict) and len(value) == 1 and
            next(iter(value)) in HEAT_FUNCTIONS)


HEAT_FUNCTIONS = {
    'get_param', 'get_attr', 'get_resource', 'get_file', 'str_replace',
    'str_replace_strict', 'str_replace_vstrict', 'list_join', 'list_concat',
    'list_concat_unique', 'map_merge', 'map_replace', 'yaql', 'if', 'equals',
    'not', 'and', 'or', 'contains', 'filter', 'repeat', 'digest', 'str_split',
    'resource_facade', 'make_url'}


# ---------------------------------------------------------------- templates

def tree_yaml(tree):
    """{path relative to TREE: parsed YAML} of every rendered YAML file of the
    tree: *.j2.yaml sources, hidden folders, tools/ and releasenotes/ left
    out. Each file is parsed once."""
    found = {}
    for root, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if not d.startswith('.') and
                         d not in ('tools', 'releasenotes'))
        for name in sorted(files):
            if not name.endswith('.yaml') or name.endswith('.j2.yaml'):
                continue
            path = os.path.join(root, name)
            try:
                found[os.path.relpath(path, tree)] = load_yaml(path)
            except yaml.YAMLError:
                continue
    return found


def service_templates(files):
    """The templates whose outputs.role_data.value names a service_name
    (rendered role aggregators have none)."""
    found = {}
    for path, data in files.items():
        value = role_data_value(data)
        if value is not None and 'service_name' in plain_keys(value):
            found[path] = data
    return found


def role_data_value(template):
    if not isinstance(template, dict):
        return None
    output = (template.get('outputs') or {}).get('role_data')
    if isinstance(output, dict) and 'value' in output:
        return output['value']
    return None


def plain_members(value):
    """The literal mappings a role_data value is made of: itself, or the
    literal members of its map_merge."""
    if isinstance(value, dict) and 'map_merge' in value and len(value) == 1:
        return [m for m in value['map_merge'] if isinstance(m, dict) and not is_function(m)]
    if isinstance(value, dict):
        return [value]
    return []


def plain_keys(value):
    keys = []
    for member in plain_members(value):
        keys.extend(k for k in member if k not in keys)
    return keys


def section_value(value, section):
    """The section as written; a later map_merge member wins, as in Heat."""
    result = None
    for member in plain_members(value):
        if section in member:
            result = member[section]
    return result


# ---------------------------------------------------------------- task lists

def task_items(section):
    """(task, how) for every task a section holds as written. `how` says
    what surrounds it: 'list', 'list_concat', 'if' (a branch of an if)."""
    out = []

    def walk(value, how):
        if isinstance(value, list):
            for item in value:
                if isinstance(item, list):
                    walk(item, how)          # nested lists: yaql flatten()
                elif is_function(item):
                    walk_function(item, how)
                else:
                    out.append((item, how))
        elif is_function(value):
            walk_function(value, how)

    def walk_function(value, how):
        name, args = next(iter(value.items()))
        if name == 'list_concat' or name == 'list_concat_unique':
            for part in args or []:
                walk(part, 'list_concat')
        elif name == 'if' and isinstance(args, list) and len(args) == 3:
            walk(args[1], 'if')
            walk(args[2], 'if')
        else:
            out.append(({'<heat function>': name}, how))

    walk(section, 'list')
    return out


def section_form(section):
    if isinstance(section, list):
        inner = {next(iter(i)) for i in section if is_function(i)}
        return 'list' if not inner else 'list with ' + '/'.join(sorted(inner)) + ' items'
    if is_function(section):
        return next(iter(section))
    return type(section).__name__


def when_key(when):
    return json.dumps(when, sort_keys=True)


# ---------------------------------------------------------------- tripleo-common's step split

def load_step_split(config_py):
    """tripleo-common's Config._write_tasks_per_step and _open_file, taken
    from its source unchanged and bound to a bare object."""
    with open(config_py) as f:
        module = ast.parse(f.read())
    config_class = next(n for n in module.body
                        if isinstance(n, ast.ClassDef) and n.name == 'Config')
    wanted = [n for n in config_class.body if isinstance(n, ast.FunctionDef) and
              n.name in ('_write_tasks_per_step', '_open_file')]
    holder = ast.ClassDef(name='Config', bases=[], keywords=[], body=wanted,
                          decorator_list=[])
    code = compile(ast.fix_missing_locations(ast.Module(body=[holder], type_ignores=[])),
                   config_py, 'exec')
    import six  # config.py uses six.string_types
    namespace = {'os': os, 're': re, 'six': six, 'yaml': yaml}
    exec(code, namespace)
    instance = namespace['Config']()

    def steps_of(task):
        chosen = []
        with tempfile.TemporaryDirectory() as tmp:
            for step in STEPS:
                kept = instance._write_tasks_per_step([task], os.path.join(tmp, 'f'), step)
                if kept:
                    chosen.append(step)
        return chosen
    return steps_of


# ---------------------------------------------------------------- hiera

def resource_template(template_path, template, resource, registry):
    """The file a resource of a service template is made from, or None."""
    res = (template.get('resources') or {}).get(resource)
    if not isinstance(res, dict):
        return None
    kind = res.get('type')
    if isinstance(kind, str) and kind in registry:
        return resolve_service(kind, registry)   # registry paths are tree-relative
    if isinstance(kind, str) and kind.endswith('.yaml'):
        return os.path.normpath(os.path.join(os.path.dirname(template_path), kind))
    return None


class Templates:
    """Service templates read once, with the nested templates they name."""

    def __init__(self, tree, registry, files):
        self.tree, self.registry, self.files = tree, registry, dict(files)

    def load(self, path):
        if path not in self.files:
            full = os.path.join(self.tree, path)
            self.files[path] = load_yaml(full) if os.path.exists(full) else {}
        return self.files[path]

    def expand(self, path, value, depth=0):
        """VALUE (written in template PATH) with what the raw templates let us
        resolve: a get_attr of a nested template's output is replaced by that
        output as written there, and a map_merge whose members all become
        mappings is merged shallowly in order, as Heat's map_merge does.
        Anything else (get_param, if, yaql...) stays as written."""
        if depth > 10:
            return value
        if isinstance(value, dict) and list(value) == ['get_attr'] and \
                isinstance(value['get_attr'], list) and len(value['get_attr']) >= 2:
            resource, output, *rest = value['get_attr']
            nested = resource_template(path, self.load(path), resource, self.registry)
            if nested and isinstance(output, str):
                outputs = (self.load(nested).get('outputs') or {})
                if output in outputs and isinstance(outputs[output], dict):
                    result = self.expand(nested, outputs[output].get('value'), depth + 1)
                    for step in rest:
                        if isinstance(result, dict) and not is_function(result) and step in result:
                            result = self.expand(nested, result[step], depth + 1)
                        else:
                            return value
                    return result
            return value
        if isinstance(value, dict) and list(value) == ['map_merge'] and \
                isinstance(value['map_merge'], list):
            members = [self.expand(path, m, depth + 1) for m in value['map_merge']]
            if all(isinstance(m, dict) and not is_function(m) for m in members):
                merged = {}
                for m in members:
                    merged.update(m)
                return merged
            return {'map_merge': members}
        return value

    def section(self, path, name):
        """role_data[name] of template PATH, expanded; None when absent."""
        value = self.expand(path, role_data_value(self.load(path)))
        if isinstance(value, dict) and not is_function(value):
            if name not in value:
                return None
            return self.expand(path, value[name])
        return {'unresolved role_data': next(iter(value)) if isinstance(value, dict) else None}


def resolve_service(name, registry):
    """Follow registry aliases; None for OS::Heat::None or no entry."""
    seen = set()
    kind = name
    while kind in registry and kind not in seen:
        seen.add(kind)
        kind = registry[kind]
        if isinstance(kind, str) and kind.endswith('.yaml'):
            return kind
    return None


def yaql_merge_kind(a, b):
    """What yaql's mergeWith (the role aggregation of config_settings) does
    with two values of one key, a from the earlier service, b the later."""
    if isinstance(b, dict) and not is_function(b):
        return 'deep-merged' if isinstance(a, dict) and not is_function(a) else 'TypeError'
    if isinstance(b, list):
        return 'union (distinct a+b)' if isinstance(a, list) else 'TypeError'
    return 'later wins'


def mapping_items(value, condition=None):
    """(key, value, condition) of a mapping as written, later ones winning,
    and the Heat functions left unresolved in it. A map_merge that could not
    be merged whole gives the keys of its literal members, and both branches
    of an `if` member with the condition named; any other member (a
    get_param, a yaql...) could still add or override keys there."""
    if value is None:
        return [], []
    if isinstance(value, dict) and not is_function(value):
        return [(k, v, condition) for k, v in value.items()], []
    if isinstance(value, dict) and list(value) == ['if'] and \
            isinstance(value['if'], list) and len(value['if']) == 3:
        cond = json.dumps(value['if'][0], sort_keys=True)
        items, notes = [], []
        for branch, label in ((value['if'][1], 'true'), (value['if'][2], 'false')):
            inner, inner_notes = mapping_items(branch, '%s is %s' % (cond, label))
            items += inner
            notes += inner_notes
        return items, notes
    if isinstance(value, dict) and list(value) == ['map_merge']:
        items, notes = [], []
        for member in value['map_merge']:
            inner, inner_notes = mapping_items(member, condition)
            items += inner
            notes += inner_notes
        return items, notes
    return [], ['unresolved ' + (next(iter(value)) if isinstance(value, dict)
                                 else type(value).__name__)]


def hiera_layers(tree, roles, registry, files):
    """For each role, the hiera keys of its service_configs hieradata
    (overcloud.j2.yaml <Role>ServiceConfigSettings) that more than one
    setter gives, with different values as written. Setters, lowest first:
    config_settings of the role's services (chain order, yaql mergeWith),
    global_config_settings of every role's services (map_merge, later wins),
    service_config_settings of any role's services addressed to a service
    name enabled on this role (map_merge over the rest, later wins)."""
    templates = Templates(tree, registry, files)
    enabled = {}
    for role in roles:
        services = []
        for service in role.get('ServicesDefault') or []:
            path = resolve_service(service, registry)
            if path is not None:
                services.append((service, path))
        enabled[role['name']] = services
    report, opaque, shared = {}, collections.Counter(), {}

    def collect(layer, service, path, section):
        items, notes = mapping_items(templates.section(path, section))
        for note in notes:
            opaque[section + ': ' + note] += 1
        return [{'layer': layer, 'service': service, 'file': path, 'key': k, 'value': v,
                 'condition': c} for k, v, c in items]

    global_setters = []
    for role in roles:
        for service, path in enabled[role['name']]:
            global_setters += collect('global_config_settings of ' + role['name'],
                                      service, path, 'global_config_settings')
    for role in roles:
        names = set()
        for service, path in enabled[role['name']]:
            name = templates.section(path, 'service_name')
            if isinstance(name, str):
                names.add(name)
        if 'keystone' in names:          # overcloud.j2.yaml extra_services
            names |= {'keystone_admin_api', 'keystone_public_api'}
        setters = []
        for service, path in enabled[role['name']]:
            setters += collect('config_settings', service, path, 'config_settings')
        setters += global_setters
        for other in roles:
            for service, path in enabled[other['name']]:
                items, notes = mapping_items(templates.section(path, 'service_config_settings'))
                for note in notes:
                    opaque['service_config_settings: ' + note] += 1
                for target, settings, _ in items:
                    if target not in names:
                        continue
                    inner, inner_notes = mapping_items(settings)
                    for note in inner_notes:
                        opaque['service_config_settings.%s: %s' % (target, note)] += 1
                    setters += [{'layer': 'service_config_settings[%s] of %s' % (target, other['name']),
                                 'service': service, 'file': path, 'key': k, 'value': v,
                                 'condition': c} for k, v, c in inner]
        by_key = collections.defaultdict(list)
        for setter in setters:
            by_key[setter['key']].append({k: v for k, v in setter.items()
                                          if k != 'key' and (k != 'condition' or v)})
        clashes = []
        shared[role['name']] = sum(1 for found in by_key.values()
                                   if len({f['service'] for f in found}) > 1)
        for key, found in sorted(by_key.items()):
            distinct = {json.dumps(f['value'], sort_keys=True) for f in found}
            if len(distinct) > 1 and len({f['service'] for f in found}) > 1:
                clashes.append({
                    'key': key,
                    'setters': found,
                    'all_literal': not any(contains_function(f['value']) for f in found),
                    'same_layer_merge': yaql_merge_kind(found[-2]['value'], found[-1]['value'])
                    if found[-1]['layer'] == found[-2]['layer'] == 'config_settings' else None,
                })
        report[role['name']] = clashes
    return report, dict(opaque), shared


def contains_function(value):
    if is_function(value):
        return True
    if isinstance(value, dict):
        return any(contains_function(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_function(v) for v in value)
    return False


# ---------------------------------------------------------------- role-specific parameters

def role_specific_parameters(files):
    """Parameters tagged role_specific, and parameters a template actually
    reads from RoleParameters: as a value name in the inner map_replace of
    a RoleParametersValue resource, or by get_param [RoleParameters, NAME]."""
    tagged, honoured = collections.defaultdict(set), collections.defaultdict(set)

    def reads(node, path):
        if isinstance(node, dict):
            if list(node) == ['get_param'] and isinstance(node['get_param'], list) and \
                    len(node['get_param']) > 1 and node['get_param'][0] == 'RoleParameters':
                honoured[node['get_param'][1]].add(path)
            if list(node) == ['map_replace'] and isinstance(node['map_replace'], list) and \
                    len(node['map_replace']) == 2 and \
                    node['map_replace'][1] == {'values': {'get_param': ['RoleParameters']}} and \
                    isinstance(node['map_replace'][0], dict):
                for name in node['map_replace'][0].values():
                    if isinstance(name, str):
                        honoured[name].add(path)
            for value in node.values():
                reads(value, path)
        elif isinstance(node, list):
            for value in node:
                reads(value, path)

    for rel, data in files.items():
        if not isinstance(data, dict) or 'heat_template_version' not in data:
            continue
        for pname, pdef in (data.get('parameters') or {}).items():
            if isinstance(pdef, dict) and 'role_specific' in (pdef.get('tags') or []):
                tagged[pname].add(rel)
        for section in ('conditions', 'resources', 'outputs'):
            reads(data.get(section) or {}, rel)
    return {
        'tagged': len(tagged),
        'read_from_RoleParameters': len(honoured),
        'tagged_but_never_read_from_RoleParameters': sorted(set(tagged) - set(honoured)),
        'read_from_RoleParameters_but_not_tagged': sorted(set(honoured) - set(tagged)),
    }


# ---------------------------------------------------------------- main

def main():
    tree, config_py, out = sys.argv[1:4]
    steps_of = load_step_split(config_py)
    files = tree_yaml(tree)
    templates = service_templates(files)
    registry = load_yaml(os.path.join(tree, 'overcloud-resource-registry-puppet.yaml'))['resource_registry']

    section_counts = collections.Counter()
    section_files = collections.defaultdict(list)
    forms = collections.defaultdict(collections.Counter)
    when_forms = collections.OrderedDict()
    nested_when = collections.Counter()
    no_when = collections.Counter()
    for path, template in templates.items():
        value = role_data_value(template)
        for key in plain_keys(value):
            section_counts[key] += 1
            section_files[key].append(path)
            if not TASK_SECTION.match(key):
                continue
            section = section_value(value, key)
            forms[key][section_form(section)] += 1
            for task, how in task_items(section):
                if not isinstance(task, dict) or '<heat function>' in task:
                    continue
                when = task.get('when')
                if when is None:
                    no_when[key] += 1
                entry = when_forms.setdefault(when_key(when), {
                    'when': when, 'count': 0, 'sections': collections.Counter(),
                    'example': None})
                entry['count'] += 1
                entry['sections'][key] += 1
                if entry['example'] is None:
                    entry['example'] = {'file': path, 'section': key, 'name': task.get('name')}
                for inner in ('block', 'rescue', 'always'):
                    for sub in task.get(inner) or []:
                        if isinstance(sub, dict) and isinstance(sub.get('when'), (str, list)) and \
                                'step' in json.dumps(sub['when']):
                            nested_when[key] += 1

    step_forms = []
    for entry in when_forms.values():
        step_forms.append({
            'when': entry['when'],
            'count': entry['count'],
            'sections': dict(sorted(entry['sections'].items())),
            'steps': steps_of({'name': 'x', 'when': entry['when']} if entry['when'] is not None
                              else {'name': 'x'}),
            'example': entry['example'],
        })
    step_forms.sort(key=lambda e: (-e['count'], when_key(e['when'])))

    roles = load_yaml(os.path.join(tree, 'roles_data.yaml'))
    clashes, opaque, shared = hiera_layers(tree, roles, registry, files)
    facts = {
        'service_templates': len(templates),
        'sections': {k: {'templates': section_counts[k],
                         'forms': dict(forms[k]) if k in forms else None}
                     for k in sorted(section_counts, key=lambda k: (-section_counts[k], k))},
        'tasks_without_when': dict(sorted(no_when.items())),
        'nested_tasks_with_step_in_when': dict(sorted(nested_when.items())),
        'when_forms': step_forms,
        'hiera_clashes_default_roles': clashes,
        'hiera_keys_set_by_two_services': shared,
        'role_specific_parameters': role_specific_parameters(files),
        'hiera_sections_left_unresolved': opaque,
    }
    text = json.dumps(facts, indent=1, sort_keys=False, default=str) + '\n'
    tmp = out + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, out)

    print('%d service templates' % len(templates))
    for key, info in facts['sections'].items():
        print('  %-32s %4d  %s' % (key, info['templates'], info['forms'] or ''))
    print('%d distinct `when` forms on task-section tasks' % len(step_forms))
    for role, clashes in facts['hiera_clashes_default_roles'].items():
        print('%s: %d hiera keys with different values from two setters as written '
              '(%d all literal)' % (role, len(clashes), sum(c['all_literal'] for c in clashes)))
    print('keys set by two or more services (any values):', shared)
    rs = facts['role_specific_parameters']
    print('role_specific: %d tagged, %d read from RoleParameters, %d tagged but never read, '
          '%d read but not tagged' % (rs['tagged'], rs['read_from_RoleParameters'],
                                      len(rs['tagged_but_never_read_from_RoleParameters']),
                                      len(rs['read_from_RoleParameters_but_not_tagged'])))
    print('left unresolved:', opaque)


if __name__ == '__main__':
    main()
