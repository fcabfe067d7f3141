"""Compare Heat's validate answer with `tht schema -f heat`, entry by entry.

usage: python3 tools/heat/compare.py HEAT.json THT.json --tree DIR
         [--url-root URL] [--label TEXT] [--json OUT] [--examples N]

HEAT.json is tools/heat/validate.py output, THT.json what `tht schema -f heat`
wrote for the same tree and environments; DIR is the rendered tree, used to
find what each parent passes to a nested stack (so a Value mismatch can name
the intrinsic functions behind it) and which templates the request carried.

Every stack is matched by its resource path. Compared: each stack's Type,
Description and ParameterGroups, every parameter entry's keys (Type,
Description, NoEcho, Label, Default, Value, Tags and the constraint keys),
and the Environment (parameters, parameter_defaults, resource_registry,
event_sinks). Values are compared with their JSON types: 0 and 0.0 differ.

A mismatch gets a kind: the field, then the shape of the difference:
  file-url        Heat has heatclient's file:// URL where tht has the path as
                  written, and both name the same file
  no-description  Heat's "No description" (HOT's default) against tht's ""
  float-form      equal numbers, one an int and the other a float
  only-heat / only-tht / differs
and, for Value, the intrinsic functions of the property the parent passes
(`Value only-heat [get_attr yaql]`); for an Environment parameter_defaults key
only tht keeps, whether any template Heat received declares it. Prints the
kinds with counts and examples; exit status 0 when nothing differs, 1 otherwise.
"""
import argparse
import collections
import json
import os
import posixpath
import sys

import yaml

PARAM_KEYS = ('Type', 'Description', 'NoEcho', 'Label', 'Default', 'Value', 'Tags',
              'MinValue', 'MaxValue', 'MinLength', 'MaxLength', 'AllowedValues',
              'AllowedPattern', 'CustomConstraint', 'Step', 'Offset',
              'ConstraintDescription')
HOT_FUNCTIONS = {
    'get_param', 'get_attr', 'get_resource', 'get_file', 'list_join', 'str_replace',
    'str_replace_strict', 'str_replace_vstrict', 'map_merge', 'map_replace', 'yaql',
    'if', 'equals', 'not', 'and', 'or', 'contains', 'repeat', 'digest', 'str_split',
    'list_concat', 'list_concat_unique', 'filter', 'make_url', 'resource_facade',
}
GROUP_TYPES = {'OS::Heat::ResourceGroup': 'resource_def', 'OS::Heat::ResourceChain': None}


def json_same(a, b):
    """Equality with JSON types: bool, int, float, str, None, list, dict (key order ignored)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(json_same(x, y) for x, y in zip(a, b))
    return a == b


def numbers_unified(v):
    """The value with every float that is integral made an int (to spot float-form mismatches)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return {k: numbers_unified(x) for k, x in v.items()}
    if isinstance(v, list):
        return [numbers_unified(x) for x in v]
    return v


def shape(a, b, missing):
    if a is missing:
        return 'only-tht'
    if b is missing:
        return 'only-heat'
    if json_same(numbers_unified(a), numbers_unified(b)):
        return 'float-form'
    return 'differs'


def functions_in(value):
    found = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in HOT_FUNCTIONS:
                    found.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(value)
    return sorted(found)


class Tree:
    """The rendered tree as Heat saw it: file URLs, the registry, the templates."""

    def __init__(self, root, url_root, registry):
        self.root = os.path.abspath(root)
        self.url_root = url_root or 'file://' + self.root + '/'
        self.registry = {k: v for k, v in registry.items() if isinstance(v, str)}
        self._templates = {}

    def path_of_url(self, url):
        """Tree-relative path of a file URL under the tree, else None."""
        if isinstance(url, str) and url.startswith(self.url_root):
            return url[len(self.url_root):]
        return None

    def template(self, rel):
        if rel not in self._templates:
            try:
                with open(os.path.join(self.root, rel), encoding='utf-8') as f:
                    self._templates[rel] = yaml.safe_load(f)
            except (OSError, yaml.YAMLError):
                self._templates[rel] = None
        return self._templates[rel]

    def file_of_type(self, rtype, parent_rel):
        """Tree-relative template file a resource type leads to, following registry aliases."""
        for _ in range(20):
            if not isinstance(rtype, str):
                return None
            rel = self.path_of_url(rtype)
            if rel is not None:
                return rel
            if rtype.endswith(('.yaml', '.template')):
                return posixpath.normpath(posixpath.join(posixpath.dirname(parent_rel or ''), rtype))
            if rtype not in self.registry:
                return None
            rtype = self.registry[rtype]
        return None

    def resource(self, rel, name):
        t = self.template(rel) if rel else None
        res = (t or {}).get('resources') or {}
        r = res.get(name)
        return r if isinstance(r, dict) else None


class Comparison:
    def __init__(self, tree, examples):
        self.tree = tree
        self.kinds = collections.OrderedDict()
        self.examples = examples
        self.counts = collections.Counter()

    def add(self, kind, where, heat, tht, note=None):
        entry = self.kinds.setdefault(kind, {'count': 0, 'examples': []})
        entry['count'] += 1
        if len(entry['examples']) < self.examples:
            ex = {'where': where, 'heat': heat, 'tht': tht}
            if note:
                ex['note'] = note
            entry['examples'].append(ex)

    # -- stacks ---------------------------------------------------------
    def stacks(self, heat, tht, path, file_rel, kind_of_parent, parent_file):
        self.counts['stacks'] += 1
        where = '/'.join(path) or '(root)'
        if path:
            self.stack_type(heat.get('Type'), tht.get('Type'), where, parent_file)
        self.stack_description(heat.get('Description'), tht.get('Description'), where)
        if not json_same(heat.get('ParameterGroups'), tht.get('ParameterGroups')):
            self.add('ParameterGroups ' + shape(heat.get('ParameterGroups', MISSING),
                                                 tht.get('ParameterGroups', MISSING), MISSING),
                     where, heat.get('ParameterGroups'), tht.get('ParameterGroups'))
        self.parameters(heat.get('Parameters', {}), tht.get('Parameters', {}), path,
                        kind_of_parent)
        hn, tn = heat.get('NestedParameters', {}), tht.get('NestedParameters', {})
        for name in sorted(set(hn) | set(tn)):
            if name not in tn:
                self.add('stack only-heat', '/'.join(path + [name]), hn[name].get('Type'), None)
                continue
            if name not in hn:
                self.add('stack only-tht', '/'.join(path + [name]), None, tn[name].get('Type'))
                continue
            child_type = hn[name].get('Type')
            child_file = self.tree.file_of_type(child_type, file_rel)
            context = (path, file_rel, name, kind_of_parent, parent_file)
            self.stacks(hn[name], tn[name], path + [name], child_file,
                        (child_type, context), file_rel)

    def stack_type(self, heat_type, tht_type, where, parent_file):
        if heat_type == tht_type:
            return
        heat_rel = self.tree.path_of_url(heat_type)
        if heat_rel is not None and isinstance(tht_type, str) and \
                self.tree.file_of_type(tht_type, parent_file) == heat_rel:
            self.add('stack Type file-url', where, heat_type, tht_type)
        else:
            self.add('stack Type differs', where, heat_type, tht_type)

    def stack_description(self, heat_d, tht_d, where):
        if heat_d == tht_d:
            return
        kind = 'no-description' if heat_d == 'No description' and tht_d == '' else 'differs'
        self.add('stack Description ' + kind, where, heat_d, tht_d)

    # -- parameter entries ----------------------------------------------
    def parameters(self, heat, tht, path, parent):
        where_stack = '/'.join(path) or '(root)'
        for name in sorted(set(heat) | set(tht)):
            self.counts['parameter entries'] += 1
            where = '%s: %s' % (where_stack, name)
            if name not in tht:
                self.add('parameter only-heat', where, heat[name], None)
                continue
            if name not in heat:
                self.add('parameter only-tht', where, None, tht[name])
                continue
            a, b = heat[name], tht[name]
            extra = sorted(set(a) | set(b) - set(PARAM_KEYS))
            same = True
            for key in PARAM_KEYS + tuple(k for k in extra if k not in PARAM_KEYS):
                va, vb = a.get(key, MISSING), b.get(key, MISSING)
                if va is MISSING and vb is MISSING or json_same(va, vb):
                    continue
                same = False
                kind = '%s %s' % (key, shape(va, vb, MISSING))
                note = None
                if key == 'Value':
                    passed = self.passed_property(parent, name)
                    fns = functions_in(passed)
                    kind += ' [%s]' % (' '.join(fns) if fns else 'literal')
                    note = {'parent passes': passed}
                self.add(kind, where, none_if_missing(va), none_if_missing(vb), note)
            if same:
                self.counts['identical parameter entries'] += 1

    def passed_property(self, parent, name):
        """The property expression the parent resource passes for parameter NAME."""
        if parent is None:
            return None
        child_type, (path, file_rel, res_name, grand, parent_file) = parent
        props = None
        if file_rel is None and grand is not None:
            # A group or chain member: its properties come from the group resource.
            group_type, (_, gfile, gname, _, _) = grand
            group = self.tree.resource(gfile, gname) or {}
            gprops = group.get('properties') or {}
            if group_type == 'OS::Heat::ResourceGroup':
                props = ((gprops.get('resource_def') or {}).get('properties')) or {}
            elif group_type == 'OS::Heat::ResourceChain':
                props = gprops.get('resource_properties') or {}
        else:
            res = self.tree.resource(file_rel, res_name) or {}
            props = res.get('properties') or {}
        return props.get(name) if isinstance(props, dict) else None

    # -- environment ------------------------------------------------------
    def environment(self, heat, tht, declared):
        for section in sorted(set(heat) | set(tht)):
            a, b = heat.get(section, MISSING), tht.get(section, MISSING)
            if isinstance(a, dict) and isinstance(b, dict):
                for key in sorted(set(a) | set(b)):
                    va, vb = a.get(key, MISSING), b.get(key, MISSING)
                    where = 'Environment.%s.%s' % (section, key)
                    if section == 'resource_registry' and key == 'resources':
                        if not json_same(va, vb):
                            self.add('Environment resource_registry.resources differs', where, va, vb)
                        continue
                    self.counts['environment entries'] += 1
                    if va is not MISSING and vb is not MISSING and json_same(va, vb):
                        continue
                    kind = shape(va, vb, MISSING)
                    if section == 'resource_registry' and kind == 'differs' and \
                            self.tree.path_of_url(va) == vb:
                        kind = 'file-url'
                    if section == 'parameter_defaults' and kind == 'only-tht':
                        kind += ' (%s)' % ('declared by a template Heat received'
                                           if key in declared else
                                           'declared by no template Heat received')
                    self.add('Environment %s %s' % (section, kind), where,
                             none_if_missing(va), none_if_missing(vb))
            elif not json_same(a, b):
                self.add('Environment %s %s' % (section, shape(a, b, MISSING)),
                         'Environment.' + section, none_if_missing(a), none_if_missing(b))


class _Missing:
    def __repr__(self):
        return 'MISSING'


MISSING = _Missing()


def none_if_missing(v):
    return None if v is MISSING else v


def declared_parameters(tree, request_files):
    """Every parameter name a template among the request's files declares (Heat's all_param_schemata)."""
    names = set()
    for url in request_files:
        rel = tree.path_of_url(url)
        t = tree.template(rel) if rel else None
        if isinstance(t, dict) and isinstance(t.get('parameters'), dict) and \
                'heat_template_version' in t:
            names.update(t['parameters'])
    return names


def report(label, cmp, out):
    total = sum(k['count'] for k in cmp.kinds.values())
    out.write('== %s\n' % label)
    out.write('   %d stacks, %d parameter entries (%d identical), %d environment entries compared; '
              '%d mismatches in %d kinds\n' % (
                  cmp.counts['stacks'], cmp.counts['parameter entries'],
                  cmp.counts['identical parameter entries'], cmp.counts['environment entries'],
                  total, len(cmp.kinds)))
    for kind, entry in sorted(cmp.kinds.items(), key=lambda kv: (-kv[1]['count'], kv[0])):
        out.write('   %5d  %s\n' % (entry['count'], kind))
        for ex in entry['examples']:
            line = '            %s: heat=%s tht=%s' % (
                ex['where'], json.dumps(ex['heat'])[:160], json.dumps(ex['tht'])[:100])
            if 'note' in ex:
                line += '  parent passes %s' % json.dumps(ex['note']['parent passes'])[:160]
            out.write(line + '\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('heat')
    ap.add_argument('tht')
    ap.add_argument('--tree', required=True)
    ap.add_argument('--url-root')
    ap.add_argument('--label')
    ap.add_argument('--json')
    ap.add_argument('--examples', type=int, default=2)
    args = ap.parse_args(argv)
    with open(args.heat, encoding='utf-8') as f:
        heat_doc = json.load(f)
    with open(args.tht, encoding='utf-8') as f:
        tht = json.load(f)
    label = args.label or args.tht
    if 'result' not in heat_doc:
        sys.stdout.write('== %s\n   Heat refused: %s\n' % (label, json.dumps(heat_doc.get('error'))))
        return 1
    heat = heat_doc['result']
    tree = Tree(args.tree, args.url_root, heat.get('Environment', {}).get('resource_registry', {}))
    cmp = Comparison(tree, args.examples)
    cmp.stacks(heat, tht, [], heat_doc['case']['template'], None, None)
    declared = declared_parameters(tree, heat_doc.get('request_files', []))
    cmp.environment(heat.get('Environment', {}), tht.get('Environment', {}), declared)
    report(label, cmp, sys.stdout)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump({'label': label, 'counts': cmp.counts, 'kinds': cmp.kinds}, f, indent=1)
            f.write('\n')
    return 1 if cmp.kinds else 0


if __name__ == '__main__':
    sys.exit(main())
