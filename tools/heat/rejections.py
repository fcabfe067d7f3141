"""Every rejection Heat makes for one deployment, not only the first.

usage: /usr/bin/python3 tools/heat/rejections.py --tree DIR [-e ENV]...
         [--limits heat|undercloud] [--max-steps N] [--url-root URL] [-o OUT]

Heat stops at the first error. To see the next one this validates again after
moving past the error just reported, and records each step: a size limit is
lifted (the size Heat's message gives is what the deployment needs), a depth
limit raised by one, and a resource type Heat cannot find is mapped to
OS::Heat::None by one more environment file, given last (added to the request
as heatclient adds an environment file that references no other file). It
stops when Heat accepts the deployment, when an error is of another kind, or
after N steps (default 100).

Heat reports one oversized template per run, so the output also lists every
file of the request that Heat's own size check
(template_format.validate_template_limit, on the root template as the API
measures it and on each file of `files` as the engine parses it) rejects at
the starting limits.

Output: {"heat", "case", "steps": [{"status", "error", "then": what was
changed to go on}], "accepted": bool, "oversized": [{"file", "error"}]}.
"""
import argparse
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402

EXTRA_ENV = 'heat-rejections-extra-environment.yaml'
LIFTED = 2 ** 31 - 1

# Heat's messages (heat/common/wsgi.py, heat/common/template_format.py,
# heat/engine/resources/stack_resource.py, heat/common/exception.py).
SIZE_LIMITS = [
    (re.compile(r'JSON body size \((\d+) bytes\) exceeds maximum allowed size'), 'max_json_body_size'),
    (re.compile(r'Template size \((\d+) bytes\) exceeds maximum allowed size'), 'max_template_size'),
]
DEPTH = re.compile(r'Recursion depth exceeds (\d+)\.')
RESOURCES = 'Maximum resources per stack exceeded.'
UNKNOWN_TYPE = re.compile(r'The Resource Type \(([^)]+)\) could not be found\.')


def next_step(message, limits, none_types):
    """How to move past MESSAGE (a description), changing LIMITS/NONE_TYPES; None if we cannot."""
    for pattern, name in SIZE_LIMITS:
        m = pattern.search(message)
        if m:
            limits[name] = LIFTED
            return 'lift %s (this request needs %s)' % (name, m.group(1))
    m = DEPTH.search(message)
    if m:
        limits['max_nested_stack_depth'] = int(m.group(1)) + 1
        return 'set max_nested_stack_depth=%d' % (int(m.group(1)) + 1)
    if RESOURCES in message:
        limits['max_resources_per_stack'] = -1
        return 'set max_resources_per_stack=-1'
    m = UNKNOWN_TYPE.search(message)
    if m and m.group(1) not in none_types:
        none_types.append(m.group(1))
        return 'map %s to OS::Heat::None' % m.group(1)
    return None


def with_extra_env(fields, tree, none_types):
    """FIELDS plus an environment file mapping NONE_TYPES to OS::Heat::None, as heatclient adds it."""
    if not none_types:
        return fields
    url = 'file://%s/%s' % (tree, EXTRA_ENV)
    text = 'resource_registry:\n' + ''.join(
        '  %s: OS::Heat::None\n' % json.dumps(t) for t in none_types)
    extended = dict(fields)
    extended['files'] = dict(fields['files'], **{url: text})
    extended['environment_files'] = list(fields.get('environment_files', [])) + [url]
    return extended


def oversized_files(fields, limits):
    """The request's files Heat's size check rejects at LIMITS, with Heat's message."""
    from heat.common import template_format
    found = []
    with inprocess.limits_applied(limits):
        for name, text in [('(root template)', fields['template'])] + sorted(fields['files'].items()):
            try:
                template_format.validate_template_limit(str(text))
            except Exception as ex:
                found.append({'file': name, 'error': str(ex)})
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    inprocess.add_case_arguments(ap)
    ap.add_argument('--max-steps', type=int, default=100)
    args = ap.parse_args(argv)
    import logging
    logging.basicConfig(level=logging.ERROR)

    tree = os.path.abspath(args.tree)
    start = inprocess.resolve_limits(args.limits)
    limits = dict(start)
    fields = inprocess.in_directory(tree, inprocess.build_request, args.template, args.environment)
    none_types = []
    steps = []
    accepted = False
    for _ in range(args.max_steps):
        body = inprocess.request_body(with_extra_env(fields, tree, none_types))
        answer = inprocess.validate_body(body, dict(limits))
        if 'result' in answer:
            accepted = True
            break
        step = {'status': answer['status'], 'error': answer['error']}
        steps.append(step)
        step['then'] = next_step(answer['error']['message'], limits, none_types)
        if step['then'] is None:
            break
    out = {
        'heat': inprocess.versions(),
        'case': {'template': args.template, 'environments': args.environment,
                 'limit_profile': args.limits,
                 'limits': start},
        'steps': steps, 'accepted': accepted,
        'oversized': oversized_files(fields, start),
    }
    inprocess.write_output(inprocess.with_url_root(json.dumps(out, indent=1), tree, args.url_root), args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
