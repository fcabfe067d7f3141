"""The resource types Heat itself provides (its plugins), as src/heat/heat-resource-types.ts.

usage: /usr/bin/python3 tools/heat/resource_types.py [-o src/heat/heat-resource-types.ts]

Every type of Heat's global environment (heat.engine.resources.global_env(),
hidden and deprecated ones included: a template may still name them), in
Heat's own configuration (inprocess.py). A type that is neither one of these
nor mapped by the resource registry is one Heat cannot find ("The Resource
Type (...) could not be found.").
"""
import argparse
import logging
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inprocess  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output', default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'heat', 'heat-resource-types.ts'))
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    versions = inprocess.versions()
    from heat.engine import resources
    resources.initialise()
    types = sorted(resources.global_env().get_types(support_status=None))
    lines = ['/**',
             ' * The resource types Heat %s provides itself (its plugins), hidden and' % versions['heat'],
             ' * deprecated ones included. Written by tools/heat/resource_types.py; do not edit.',
             ' */',
             'export const HEAT_RESOURCE_TYPES: ReadonlySet<string> = new Set([']
    lines += ["  '%s'," % t for t in types]
    lines += ['']
    lines[-1] = ']);'
    text = '\n'.join(lines)
    inprocess.write_output(text, args.output)


if __name__ == '__main__':
    main()
