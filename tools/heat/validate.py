"""Heat's template-validate answer (show_nested) for one deployment, as JSON.

usage: /usr/bin/python3 tools/heat/validate.py --tree DIR [--template FILE]
         [-e ENV]... [--limits heat|undercloud] [--limit NAME=VALUE]...
         [--url-root URL] [-o OUT]

TREE is a rendered template tree; FILE (default overcloud.yaml) and each ENV
are relative to it, as a user in that folder would pass them to
`openstack orchestration template validate --show-nested`. The output is
{"heat": versions, "case": what was asked, "status": HTTP status,
"request_bytes": size of the request body, "result": Heat's answer | "error":
{type, message}}. With --url-root, the file:// URLs heatclient made from
TREE are rewritten to start with URL instead, and keys are sorted: Heat's
own key order varies from run to run (stable fixtures).
"""
import argparse
import json
import logging
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402


def parse_limit(text):
    name, sep, value = text.partition('=')
    if not sep:
        raise argparse.ArgumentTypeError('--limit wants NAME=VALUE, not %r' % text)
    return name, value


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    inprocess.add_case_arguments(ap)
    ap.add_argument('--limit', action='append', type=parse_limit, default=[])
    args = ap.parse_args(argv)

    # Heat logs deprecation notices (HIDDEN resource types) at WARNING.
    logging.basicConfig(level=logging.ERROR)
    limits = inprocess.resolve_limits(args.limits, dict(args.limit))
    tree = os.path.abspath(args.tree)
    answer = inprocess.validate(tree, args.template, args.environment, limits)
    out = {
        'heat': inprocess.versions(),
        'case': {'template': args.template, 'environments': args.environment,
                 'limit_profile': args.limits, 'limits': limits},
    }
    out.update(answer)
    text = json.dumps(out, separators=(',', ':'), sort_keys=True)
    inprocess.write_output(inprocess.with_url_root(text, tree, args.url_root), args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
