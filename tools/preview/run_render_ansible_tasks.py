#!/usr/bin/env python3
"""Run THT's tools/render-ansible-tasks.py once for one role and one section,
then write what it produced as a compact JSON fixture.

Usage: run_render_ansible_tasks.py TREE SCRIPT ROLE SECTION FIXTURE_JSON

TREE is a rendered THT tree (process-templates.py has run in it), SCRIPT the
render-ansible-tasks.py to run, unchanged. The script runs in-process, from
TREE (it opens ./overcloud-resource-registry-puppet.yaml and ./roles/ROLE.yaml),
with one thing provided, because the script predates PyYAML 6:

  yaml.load(stream) without Loader= is a TypeError since PyYAML 6.0; from
  PyYAML 5.1 to 5.4 (current when the script was last changed) it meant
  Loader=FullLoader, with a warning. Here that default is put back, for the
  duration of the run; nothing else is changed or stubbed.

The script prints one line per service of the role that has a registry entry,
in ServicesDefault order: the Python repr of that service's task list, or
"This is a nested Heat resource" (the entry maps to another resource type,
e.g. OS::Heat::None), or "There are no tasks in the configuration file" (the
yaql query raised: the section is missing, or is not a plain list). Services
without a registry entry print nothing. The fixture attributes each task to
its service by walking the role's services beside those lines; it then checks
that the tasks so attributed are exactly, in order, the tasks of the YAML file
the script wrote, and fails otherwise.

The fixture (one JSON document, one line per entry):
  header    the command, role, section, the file the script wrote (null: it
            writes none when there are no tasks) and the task count
  services  tasks: {service: {template, count}} for services that gave tasks;
            no_tasks: {service: template} where the query raised;
            maps_to_a_type: {type: [services]} (OS::Heat::None, aliases);
            not_in_registry: [services] the script ignores silently
  tasks     in the script's order: service, name, `when` as written, the
            task's top-level keys, and same_as (index of an identical earlier
            task, which the role aggregation's distinct() would drop)
"""
import ast
import contextlib
import functools
import io
import json
import os
import runpy
import sys
import tempfile

import yaml

NESTED = 'This is a nested Heat resource'
NO_TASKS = 'There are no tasks in the configuration file'


def role_services(tree, role):
    """ServicesDefault of roles/ROLE.yaml flattened and deduplicated, the
    order the script walks them in."""
    with open(os.path.join(tree, 'roles', role + '.yaml')) as f:
        role_file = yaml.safe_load(f)
    seen, order = set(), []
    for entry in role_file:
        for name in entry.get('ServicesDefault') or []:
            if name not in seen:
                seen.add(name)
                order.append(name)
    return order


def run_script(tree, script, role, section, out_dir):
    """Run the script as `python3 SCRIPT --output OUT --roles-list ROLE
    --ansible-tasks SECTION` from TREE and return its stdout lines."""
    argv = [script, '--output', out_dir, '--roles-list', role,
            '--ansible-tasks', section]
    saved_argv, saved_cwd, saved_load = sys.argv, os.getcwd(), yaml.load
    stdout = io.StringIO()
    try:
        sys.argv = argv
        os.chdir(tree)
        yaml.load = functools.partial(saved_load, Loader=yaml.FullLoader)
        with contextlib.redirect_stdout(stdout):
            runpy.run_path(script, run_name='__main__')
    finally:
        sys.argv, yaml.load = saved_argv, saved_load
        os.chdir(saved_cwd)
    return stdout.getvalue().splitlines()


def attribute(tree, role, lines):
    """Pair the script's stdout lines with the role's services."""
    with open(os.path.join(tree, 'overcloud-resource-registry-puppet.yaml')) as f:
        registry = yaml.safe_load(f)['resource_registry']
    services = {'tasks': {}, 'no_tasks': {}, 'maps_to_a_type': {}, 'not_in_registry': []}
    tasks = []
    pending = list(lines)
    for name in role_services(tree, role):
        target = registry.get(name)
        if target is None:
            services['not_in_registry'].append(name)
            continue
        if not pending:
            sys.exit('%s: stdout ended before service %s' % (role, name))
        line = pending.pop(0)
        if line == NESTED:
            services['maps_to_a_type'].setdefault(target, []).append(name)
        elif line == NO_TASKS:
            services['no_tasks'][name] = target
        else:
            listed = ast.literal_eval(line)
            services['tasks'][name] = {'template': target, 'count': len(listed)}
            tasks.extend({'service': name, 'task': t} for t in listed)
    if pending:
        sys.exit('%s: %d stdout lines left after the last service' % (role, len(pending)))
    return services, tasks


def task_summaries(tasks):
    """One compact record per task: its service, name, `when` as written and
    top-level keys. `same_as` gives the index of an earlier task that is
    identical as written: the role aggregation (distinct() over the whole
    role in common/services/role.role.j2.yaml) drops such a repeat, the
    script (distinct() per service) keeps it."""
    first_index, out = {}, []
    for index, entry in enumerate(tasks):
        task = entry['task']
        record = {'service': entry['service']}
        if isinstance(task, dict):
            record['name'] = task.get('name')
            if 'when' in task:
                record['when'] = task['when']
            record['keys'] = sorted(task)
        else:
            record['not_a_mapping'] = task
        canonical = json.dumps(task, sort_keys=True)
        if canonical in first_index:
            record['same_as'] = first_index[canonical]
        else:
            first_index[canonical] = index
        out.append(record)
    return out


def main():
    tree, script, role, section, fixture = sys.argv[1:6]
    tree, script = os.path.abspath(tree), os.path.abspath(script)
    with tempfile.TemporaryDirectory() as out_dir:
        lines = run_script(tree, script, role, section, out_dir)
        services, tasks = attribute(tree, role, lines)
        written = os.path.join(out_dir, role + '_' + section + '.yml')
        if os.path.exists(written):
            with open(written) as f:
                file_tasks = yaml.safe_load(f)
        else:
            file_tasks = []
        # The file went through json.dumps and yaml.dump: compare the same way.
        attributed = json.loads(json.dumps([e['task'] for e in tasks]))
        if attributed != file_tasks:
            sys.exit('%s %s: the attributed tasks differ from %s' % (role, section, written))
        header = {
            'command': 'python3 tools/render-ansible-tasks.py --output OUT'
                       ' --roles-list %s --ansible-tasks %s' % (role, section),
            'role': role,
            'section': section,
            'file_written': os.path.basename(written) if os.path.exists(written) else None,
            'task_count': len(tasks),
        }
    body = ['{', '  "header": ' + json.dumps(header, sort_keys=True) + ',',
            '  "services": {']
    body.append(',\n'.join('    %s: %s' % (json.dumps(k), json.dumps(v, sort_keys=True))
                            for k, v in services.items()))
    body.append('  },')
    body.append('  "tasks": [')
    body.append(',\n'.join('    ' + json.dumps(t, sort_keys=True, ensure_ascii=False)
                            for t in task_summaries(tasks)))
    body.append('  ]')
    body.append('}')
    text = '\n'.join(line for line in body if line != '') + '\n'
    json.loads(text)  # the fixture is one valid JSON document
    tmp = fixture + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, fixture)


if __name__ == '__main__':
    main()
