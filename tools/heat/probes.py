"""Probe Heat with small generated templates, in-process: its limits, and
the values it computes at validate time.

usage: /usr/bin/python3 tools/heat/probes.py [-o OUT]

Each probe writes a few templates into a temporary folder, validates them
through tools/heat/inprocess.py (heatclient's request, Heat's API and engine,
Heat's default settings plus what the probe sets) and records Heat's answer:
the HTTP status and, when Heat refuses, the exception and its message.
Limit probes come in pairs on either side of a limit, so the fixture shows
both where the limit is and how Heat counts; value probes record the
parameter entries of the nested stacks. Output: {"heat": versions,
"probes": [{"id", "limit", "setting", "what", "measured", "status",
"error"?}]} (`limit` is "values" for the value probes).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402

HOT = '2018-03-02'
DEFAULT_TEMPLATE_SIZE = 524288
DEFAULT_JSON_BODY = 1048576


def hot(resources=None, parameters=None, description=None, outputs=None):
    t = {'heat_template_version': HOT}
    if description is not None:
        t['description'] = description
    if parameters:
        t['parameters'] = parameters
    t['resources'] = resources or {}
    if outputs:
        t['outputs'] = outputs
    return t


def none_resources(n, prefix='r', **extra):
    return {'%s%d' % (prefix, i): dict({'type': 'OS::Heat::None'}, **extra) for i in range(n)}


class Probe:
    def __init__(self, workdir):
        self.workdir = workdir
        self.results = []

    def run(self, pid, limit, setting, what, files, template='root.yaml', envs=(), measured=None):
        """Write FILES ({name: dict | text}) into a fresh folder and validate TEMPLATE."""
        folder = os.path.join(self.workdir, pid)
        os.makedirs(folder)
        for name, content in files.items():
            with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
                f.write(content if isinstance(content, str) else json.dumps(content, indent=1))
        limits = inprocess.resolve_limits('heat', setting)
        answer = inprocess.validate(folder, template, list(envs), limits)
        entry = {'id': pid, 'limit': limit, 'setting': setting, 'what': what,
                 'measured': (measured or (lambda fields: {}))(
                     inprocess.in_directory(folder, inprocess.build_request, template, list(envs))),
                 'status': answer['status']}
        entry['measured']['request_bytes'] = answer.get('request_bytes')
        if PADS:
            entry['measured']['pad'] = PADS.pop()
        if 'error' in answer:
            entry['error'] = answer['error']
        self.last_answer = answer
        self.results.append(entry)
        verdict = 'accepted' if answer['status'] == 200 else 'REJECTED %s: %s' % (
            entry['error']['type'], entry['error']['message'])
        sys.stderr.write('%-28s %s\n' % (pid, verdict[:160]))
        return entry


PADS = []


def padded_to(size, measure, build):
    """BUILD(pad) for the pad length whose MEASURE is SIZE (measure grows by one per pad char).

    The pad length is recorded (`measured.pad` of the next probe run), so a
    test can rebuild the same templates and measure them its own way.
    """
    base = measure(build(0))
    PADS.append(size - base)
    return build(size - base)


def root_repr_size(fields):
    return {'root_str_len': len(str(fields['template']))}


def file_sizes(fields):
    return {'files': {os.path.basename(k): len(v) for k, v in sorted(fields['files'].items())},
            'root_str_len': len(str(fields['template']))}


def template_size_probes(p):
    limit = 'max_template_size'
    # Big files make big request bodies: lift that limit so only this one can trip.
    lift = {'max_json_body_size': 8 * DEFAULT_TEMPLATE_SIZE}
    # The root template: the API measures str() of the parsed template (a Python repr).
    build = lambda n: hot(none_resources(1), description='x' * n)  # noqa: E731
    for pid, target in (('root-at-limit', DEFAULT_TEMPLATE_SIZE), ('root-over-limit', DEFAULT_TEMPLATE_SIZE + 1)):
        t = padded_to(target, lambda t: len(str(t)), build)
        p.run(pid, limit, lift, 'root template whose str(parsed dict) is %d characters' % target,
              {'root.yaml': t}, measured=root_repr_size)
    # A raw file far over the limit whose parsed form is small (YAML comments).
    small = 'heat_template_version: %s\n' % HOT + '#' + 'c' * (DEFAULT_TEMPLATE_SIZE + 1000) + \
        '\nresources:\n  r0: {type: OS::Heat::None}\n'
    p.run('root-raw-over-parsed-under', limit, lift, 'root template file over the limit, '
          'made of a comment; its parsed form is small', {'root.yaml': small}, measured=root_repr_size)
    # A nested template: heatclient puts jsonutils.dumps(parsed template) into files.
    for pid, target in (('nested-at-limit', DEFAULT_TEMPLATE_SIZE), ('nested-over-limit', DEFAULT_TEMPLATE_SIZE + 1)):
        child = padded_to(target, lambda t: len(json.dumps(t)),
                          lambda n: hot(none_resources(1), description='y' * n))
        p.run(pid, limit, lift, 'nested template (type: child.yaml) whose JSON form in files is %d characters' % target,
              {'root.yaml': hot({'c': {'type': 'child.yaml'}}), 'child.yaml': child}, measured=file_sizes)
    # Non-ASCII: each such character is a 6-character \\u escape in heatclient's JSON.
    n = DEFAULT_TEMPLATE_SIZE // 6 + 10
    child = hot(none_resources(1), description='\u00e9' * n)
    p.run('nested-non-ascii', limit, lift, 'nested template with %d non-ASCII characters '
          '(%d bytes as UTF-8, each a \\u escape in files)' % (n, 2 * n),
          {'root.yaml': hot({'c': {'type': 'child.yaml'}}), 'child.yaml': child}, measured=file_sizes)
    # A file that is not a template (get_file) and an environment file.
    big_text = 'z' * (DEFAULT_TEMPLATE_SIZE + 1)
    p.run('get-file-over-limit', limit, lift, 'a get_file target (plain text) over the limit, no environment file',
          {'root.yaml': hot({'v': {'type': 'OS::Heat::Value', 'properties': {'value': {'get_file': 'big.txt'}}}}),
           'big.txt': big_text}, measured=file_sizes)
    env = 'parameter_defaults:\n  Foo: "%s"\n' % ('e' * (DEFAULT_TEMPLATE_SIZE + 1))
    p.run('environment-over-limit', limit, lift, 'an environment file over the limit (environment_files)',
          {'root.yaml': hot(none_resources(1), parameters={'Foo': {'type': 'string'}}), 'env.yaml': env},
          envs=['env.yaml'], measured=file_sizes)


def chain(depth, group=None):
    """root -> l1.yaml -> ... -> l<depth>.yaml; with GROUP, root holds that group of l1.

    A ResourceChain names types, not files (heatclient rewrites only `type:`
    and get_file), so its member is the registry type Probe::L1 (env.yaml).
    """
    files = {}
    for i in range(1, depth + 1):
        inner = {'next': {'type': 'l%d.yaml' % (i + 1)}} if i < depth else none_resources(1)
        files['l%d.yaml' % i] = hot(inner)
    if group == 'ResourceGroup':
        root = {'g': {'type': 'OS::Heat::ResourceGroup',
                      'properties': {'count': 1, 'resource_def': {'type': 'l1.yaml'}}}}
    elif group == 'ResourceChain':
        root = {'g': {'type': 'OS::Heat::ResourceChain', 'properties': {'resources': ['Probe::L1']}}}
        files['env.yaml'] = 'resource_registry:\n  Probe::L1: l1.yaml\n'
    else:
        root = {'next': {'type': 'l1.yaml'}}
    files['root.yaml'] = hot(root)
    return files


def depth_probes(p):
    limit = 'max_nested_stack_depth'
    for depth in (5, 6):
        p.run('depth-templates-%d' % depth, limit, {}, 'root (depth 0) -> template -> ... nested %d deep' % depth,
              chain(depth))
    for depth in (4, 5):
        p.run('depth-group-%d' % depth, limit, {}, 'root -> ResourceGroup (its own stack) -> member '
              'template chain %d deep: deepest stack at depth %d' % (depth, depth + 1), chain(depth, 'ResourceGroup'))
    for depth in (4, 5):
        p.run('depth-chain-%d' % depth, limit, {}, 'root -> ResourceChain (its own stack) -> member '
              'template chain %d deep: deepest stack at depth %d' % (depth, depth + 1),
              chain(depth, 'ResourceChain'), envs=['env.yaml'])
    p.run('depth-templates-7-limit-7', limit, {'max_nested_stack_depth': 7},
          'undercloud setting 7: nested 7 deep', chain(7))
    p.run('depth-templates-8-limit-7', limit, {'max_nested_stack_depth': 7},
          'undercloud setting 7: nested 8 deep', chain(8))


def resource_probes(p):
    limit = 'max_resources_per_stack'
    for n in (1000, 1001):
        p.run('root-resources-%d' % n, limit, {}, 'root template with %d OS::Heat::None resources' % n,
              {'root.yaml': hot(none_resources(n))})
    res = none_resources(1000)
    res['off'] = {'type': 'OS::Heat::None', 'condition': False}
    p.run('root-resources-1000-plus-condition-false', limit, {},
          'root with 1000 resources and one more whose condition is false', {'root.yaml': hot(res)})
    p.run('nested-resources-1001', limit, {}, 'a nested template with 1001 resources (root has 1)',
          {'root.yaml': hot({'c': {'type': 'child.yaml'}}), 'child.yaml': hot(none_resources(1001))})
    p.run('root-600-nested-600', limit, {}, 'root with 600 resources, one of them a nested template with 600',
          {'root.yaml': hot(dict(none_resources(599), c={'type': 'child.yaml'})),
           'child.yaml': hot(none_resources(600))})
    p.run('group-count-1001', limit, {}, 'a ResourceGroup of count 1001 (root has 1 resource)',
          {'root.yaml': hot({'g': {'type': 'OS::Heat::ResourceGroup', 'properties': {
              'count': 1001, 'resource_def': {'type': 'OS::Heat::None'}}}})})
    p.run('root-resources-1001-unlimited', limit, {'max_resources_per_stack': -1},
          'undercloud setting -1: root with 1001 resources', {'root.yaml': hot(none_resources(1001))})


def json_body_probes(p):
    limit = 'max_json_body_size'

    def body_len(t):
        return len(inprocess.request_body({'template': t, 'parameters': {}, 'files': {}, 'environment': {}}))
    for pid, target in (('body-at-limit', DEFAULT_JSON_BODY), ('body-over-limit', DEFAULT_JSON_BODY + 1)):
        t = padded_to(target, body_len, lambda n: hot(none_resources(1), description='x' * n))
        # The template itself must stay under max_template_size: lift that one.
        p.run(pid, limit, {'max_template_size': 2 * DEFAULT_JSON_BODY},
              'request body of %d bytes (max_template_size lifted)' % target, {'root.yaml': t})
    n = DEFAULT_JSON_BODY // 6 + 10
    p.run('body-non-ascii', limit, {'max_template_size': 4 * DEFAULT_JSON_BODY},
          'root template with %d non-ASCII characters: a 6-byte \\u escape each in the body' % n,
          {'root.yaml': hot(none_resources(1), description='\u00e9' * n)})


def yaql_probes(p):
    limit = 'yaql'

    def passing(expression, data_len, where='nested', child_default=None):
        """Root passes yaql over Data (a list of DATA_LEN ints) to parameter In of a nested stack."""
        param = {'Data': {'type': 'json', 'default': {'items': list(range(data_len))}}}
        value = {'yaql': {'expression': expression, 'data': {'get_param': 'Data'}}}
        if where == 'nested':
            child_param = {'type': 'json'}
            if child_default is not None:
                child_param['default'] = child_default
            root = hot({'c': {'type': 'child.yaml', 'properties': {'In': value}}}, parameters=param)
            return {'root.yaml': root, 'child.yaml': hot(none_resources(1), parameters={'In': child_param})}
        return {'root.yaml': hot({'v': {'type': 'OS::Heat::Value', 'properties': {'value': value}}},
                                 parameters=param)}
    probes = [
        ('yaql-iterators-200', {}, 'yaql $.data.items.select($) on 200 items, passed to a nested stack',
         passing('$.data.items.select($)', 200)),
        ('yaql-iterators-201', {}, 'the same on 201 items', passing('$.data.items.select($)', 201)),
        ('yaql-iterators-201-child-default', {}, 'the same on 201 items, the child parameter has a default',
         passing('$.data.items.select($)', 201, child_default={'fallback': True})),
        ('yaql-iterators-201-value-resource', {}, 'the same on 201 items in an OS::Heat::Value property '
         '(no nested stack)', passing('$.data.items.select($)', 201, where='value')),
        ('yaql-iterators-201-limit-10000', {'yaql.limit_iterators': 10000}, 'undercloud setting 10000: 201 items',
         passing('$.data.items.select($)', 201)),
        ('yaql-memory-str-9951', {}, "yaql 'x' * 9951: a str of sys.getsizeof 10000 on CPython 3.11",
         passing("dict(s => 'x' * 9951)", 1)),
        ('yaql-memory-str-9952', {}, "yaql 'x' * 9952: sys.getsizeof 10001", passing("dict(s => 'x' * 9952)", 1)),
        ('yaql-memory-str-9952-quota-200000', {'yaql.memory_quota': 200000},
         "undercloud setting 200000: 'x' * 9952", passing("dict(s => 'x' * 9952)", 1)),
    ]
    for pid, setting, what, files in probes:
        entry = p.run(pid, limit, setting, what, files)
        # At validate a failing yaql is not an error: the property falls back.
        child = p.last_answer.get('result', {}).get('NestedParameters', {}).get('c', {})
        entry['measured']['child_In'] = summarized(child.get('Parameters', {}).get('In'))


def summarized(entry):
    """A parameter entry with a long Value shown by its JSON type and length."""
    if not entry or 'Value' not in entry:
        return entry
    text = json.dumps(entry['Value'])
    if len(text) <= 120:
        return entry
    return dict(entry, Value='<%s, %d characters as JSON>' % (type(entry['Value']).__name__, len(text)))


def nested_entries(answer, *path):
    """The parameter entries of the nested stack at PATH in a validate answer."""
    node = answer.get('result', {})
    for name in path:
        node = node.get('NestedParameters', {}).get(name, {})
    return {k: summarized(v) for k, v in sorted(node.get('Parameters', {}).items())}


def value_probes(p):
    """What a parent passes at validate time, as the nested stack sees it.

    The root passes properties to `c` (child.yaml), which passes each of its
    parameters on to `g` (grandchild.yaml) inside a list_join, so the
    grandchild's Value shows what the child's parameter really holds.
    """
    types = {'S': ('string', 'from-parameter-defaults'), 'N': ('number', 7), 'J': ('json', {'k': 'v'}),
             'L': ('comma_delimited_list', 'a,b'), 'B': ('boolean', True)}
    params = {n: {'type': t} for n, (t, _) in types.items()}
    env = 'parameter_defaults:\n' + ''.join('  %s: %s\n' % (n, json.dumps(v)) for n, (_, v) in types.items())

    def files(passed):
        root = hot({'data': {'type': 'OS::Heat::Value', 'properties': {'value': 'x'}},
                    'c': {'type': 'child.yaml', 'properties': passed}})
        child = hot({'g': {'type': 'grandchild.yaml', 'properties': {
            'Seen%s' % n: {'str_replace': {'template': '<%s>' % n, 'params': {
                '%s' % n: {'yaql': {'expression': 'str($.data)', 'data': {'get_param': n}}}}}}
            for n in types}}}, parameters=params)
        grandchild = hot(none_resources(1), parameters={'Seen%s' % n: {'type': 'string'} for n in types})
        return {'root.yaml': root, 'child.yaml': child, 'grandchild.yaml': grandchild, 'env.yaml': env}
    for pid, what, passed in (
            ('values-not-passed', 'the root passes nothing: each parameter takes its parameter_defaults value', {}),
            ('values-get-attr', 'the root passes each parameter a get_attr of a resource (None at validate)',
             {n: {'get_attr': ['data', 'value']} for n in types}),
            ('values-null', 'the root passes each parameter an explicit null', {n: None for n in types})):
        p.run(pid, 'values', {}, what, files(passed), envs=['env.yaml'])
        p.results[-1]['measured']['child'] = nested_entries(p.last_answer, 'c')
        p.results[-1]['measured']['grandchild'] = nested_entries(p.last_answer, 'c', 'g')
    # Numbers a parent passes to number parameters (Schema.str_to_num on the property): numbers of
    # every kind as they are, texts through int() and else float(), the rest fails to 0.
    passed = [1.0, 0.0, 2.5, 2 ** 70, True, False, '7', ' 7 ', '1_000', '\x85' + '5', '\ufeff' + '5', '\u0663', '0x1f', '1e3', 'inf', 'x']
    names = ['N%d' % i for i in range(len(passed))]
    root_text = 'heat_template_version: %s\nresources:\n  c:\n    type: child.yaml\n    properties:\n%s' % (
        HOT, ''.join('      %s: %s\n' % (n, json.dumps(v)) for n, v in zip(names, passed)))
    child = hot(none_resources(1), parameters={n: {'type': 'number'} for n in names})
    p.run('values-numbers', 'values', {}, 'the root passes number parameters numbers and texts of numbers',
          {'root.yaml': root_text, 'child.yaml': child})
    p.results[-1]['measured']['root'] = root_text
    p.results[-1]['measured']['child_template'] = json.dumps(child, indent=1)
    # JSON would read an integral float back as an int: each Value as Python's json.dumps writes it.
    p.results[-1]['measured']['child_values'] = {
        n: json.dumps(e['Value']) if 'Value' in e else None for n, e in nested_entries(p.last_answer, 'c').items()}
    # Stack names: the root is "dummy", a nested stack "<parent name>-<resource name>".
    root = hot({'c': {'type': 'child.yaml', 'properties': {'Name': {'get_param': 'OS::stack_name'}}},
                'grp': {'type': 'OS::Heat::ResourceGroup', 'properties': {'count': 2, 'resource_def': {
                    'type': 'child.yaml', 'properties': {'Name': {'str_replace': {
                        'template': 'NAME-%index%', 'params': {'NAME': {'get_param': 'OS::stack_name'}}}}}}}}})
    child = hot({'g': {'type': 'grandchild.yaml', 'properties': {'Name': {'get_param': 'OS::stack_name'}}}},
                parameters={'Name': {'type': 'string'}})
    grandchild = hot(none_resources(1), parameters={'Name': {'type': 'string'}})
    p.run('values-stack-names', 'values', {}, 'OS::stack_name in the root, a nested stack and a group member',
          {'root.yaml': root, 'child.yaml': child, 'grandchild.yaml': grandchild})
    p.results[-1]['measured'] = {
        'c': nested_entries(p.last_answer, 'c'), 'c/g': nested_entries(p.last_answer, 'c', 'g'),
        'grp/0': nested_entries(p.last_answer, 'grp', '0'), 'grp/0/g': nested_entries(p.last_answer, 'grp', '0', 'g')}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output')
    args = ap.parse_args(argv)
    import logging
    logging.basicConfig(level=logging.ERROR)
    workdir = tempfile.mkdtemp(prefix='tht-heat-probes.')
    try:
        p = Probe(workdir)
        for group in (template_size_probes, depth_probes, resource_probes, json_body_probes, yaql_probes,
                      value_probes):
            group(p)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = json.dumps({'heat': inprocess.versions(), 'probes': p.results}, indent=1)
    # Temporary folder names are not part of the facts.
    inprocess.write_output(inprocess.with_url_root(text, workdir, 'file:///probe/'), args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
