#!/usr/bin/env python3
"""What jinja2 prints from roles and networks data, as process-templates.py hands them to templates.

Each case is a roles_data.yaml and a network_data.yaml generated from a seeded grammar of the
YAML values PyYAML builds for safe_load (ints, big ints, octal and sexagesimal numbers, floats
with and without a fractional part, inf and nan, dates and timestamps, binary, booleans in
every YAML 1.1 spelling, null, !!set, !!omap and !!pairs, mappings with int, float, bool, null
and date keys, anchors, aliases and merge keys), put under a `data` key of a role and of a
network, and a few one-line templates that print them: str and repr, arithmetic, comparisons,
filters, tests, methods, iteration. The data is prepared as process-templates.py (THT master)
prepares it: yaml.safe_load, the tags implied by role names, each network's idx and name_lower.
Each template is rendered as that script renders one (jinja2.Environment(loader=...)
.from_string(text).render(roles=..., networks=...)); output or the Python exception class is
recorded.

Sets print in CPython's hash order, which for strings changes from run to run; the grammar gives
sets at most one member where a template may print them whole (and more under filters that do
not depend on the order).

Output (JSON): {"jinja2", "pyyaml", "seed", "cases": [{"name", "roles", "networks",
"templates": [{"template", "output"} | {"template", "error"}]}]}

Usage:
  tools/template-data-reference.py --count 150 --seed 1 -o test/fixtures/template-data/reference.json
"""
import argparse
import json
import random

import jinja2
import yaml

SCALARS = [
    '0', '1', '-7', '017', '0x1F', '0b101', '1_000', '190:20:30', '12345678901234567890', '-9007199254740993',
    '1.0', '1500.0', '-0.0', '0.5', '3.14159', '1.5e3', '1.0e-7', '100000000000000000.0', '6.8523015e+5',
    '1:30.5', '.inf', '-.Inf', '.nan', '1e3', '0o17',
    '2021-03-15', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '2002-12-14T01:02:03Z',
    'yes', 'No', 'on', 'OFF', 'true', 'False', 'y', 'null', '~',
    'abc', 'Compute', "'quoted'", '"x\\ty"', "'1.0'", '!!binary aGVsbG8=', '!!str 1', '!!float 1', '!!int "7"',
]
KEYS = ['a', 'b', 'name', '1', '2', '2.5', '1.0', 'true', 'no', 'null', '2021-03-15', '0x10', '-3']
# One-member or empty sets print the same in any order.
SMALL_SETS = ['!!set {}', '!!set {x}', '!!set {1}', '!!set {2021-03-15}']
BIG_SETS = ['!!set {a, b, c}', '!!set {3, 1, 2}']
PAIRS = ['!!omap [a: 1, b: 2.0]', '!!pairs [x: 1, x: 2]', '!!omap []']

TEMPLATES = [
    '{{ d }}', '{{ d|string }}', '{{ [d] }}', '{{ {"k": d} }}', '{{ "%s|%r" % (d, d) }}', '{{ "{}|{!r}".format(d, d) }}',
    '{{ d is mapping }}/{{ d is number }}/{{ d is string }}/{{ d is sequence }}/{{ d is iterable }}',
    '{{ d|tojson }}', '{{ d|length }}', '{{ d|list }}', '{{ d|first }}', '{{ d|sort }}', '{{ d|unique|list }}',
    '{{ d + 1 }}', '{{ d * 2 }}', '{{ d * 1.5 }}', '{{ d / 4 }}', '{{ d // 3 }}', '{{ d % 7 }}', '{{ d ** 2 }}',
    '{{ -d }}', '{{ d|int }}', '{{ d|float }}', '{{ d|round(1) }}', '{{ d|abs }}', '{{ d == 1 }}/{{ d == 1.0 }}/{{ d == true }}',
    '{{ d > 0 }}', '{{ d|e }}', '{{ d.year }}-{{ d.month }}', '{{ d.isoformat() }}', '{{ d.keys()|list }}',
    '{{ d.items()|list }}', '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', '{% for x in d %}[{{ x }}]{% endfor %}',
    '{{ d[1] }}', '{{ d["a"] }}', '{{ d.a }}', '{{ d[0] }}', '{{ 1 in d }}/{{ "a" in d }}/{{ true in d }}', '{{ d|dictsort }}',
    '{{ d|join(",") }}', '{{ d|sum }}', '{{ d|max }}', '{{ d|items|list }}', '{{ d|pprint }}', '{{ d|string|length }}',
    '{{ d is divisibleby 3 }}', '{{ d|default("none") }}', '{{ d or "empty" }}', '{{ d|trim }}', '{{ d.get(1) }}',
    '{{ roles }}', '{{ networks }}', '{{ roles[0].tags }}', '{{ networks[0].idx + 1 }}/{{ networks[0].name_lower }}',
    '{{ roles|map(attribute="name")|list }}', '{{ networks[0].data }}',
]
# Order-independent uses of sets with several members.
SET_TEMPLATES = ['{{ d|sort }}', '{{ d|length }}', '{{ "a" in d }}/{{ 1 in d }}', '{{ d|sum }}', '{{ d is iterable }}',
                 '{{ d.union(d|list)|sort }}/{{ d.intersection(d|list)|length }}/{{ d.difference([d|first])|length }}',
                 '{{ d.issubset(d|list) }}/{{ d.issuperset([]) }}/{{ d.isdisjoint(d) }}/{{ d < d }}/{{ d <= d.copy() }}/{{ d > d - d }}',
                 '{{ (d - d) }}/{{ d.symmetric_difference(d|list) }}/{{ d.copy() == d }}',
                 '{% set c = d.copy() %}{{ c.add(7) }}{{ c.discard(d|first) }}{{ c|length }}/{{ d|length }}/{{ 7 in c }}']

ROLE_NAMES = ['Controller', 'Compute', 'ComputeOvsDpdk', 'CephStorage', 'ObjectStorage', 'Networker', 'HciCephAll']


class Generator:
    def __init__(self, rnd):
        self.r = rnd
        self.anchors = []

    def anchor(self):
        """A new anchor's name; it may be aliased once its node is complete (tht refuses data that contains itself)."""
        self.made = getattr(self, 'made', 0) + 1
        return 'a%d' % self.made

    def scalar(self):
        r = self.r
        if self.anchors and r.random() < 0.08:
            return '*' + r.choice(self.anchors)
        s = r.choice(SCALARS)
        if r.random() < 0.1 and not s.startswith('!!'):
            name = self.anchor()
            self.anchors.append(name)
            return '&%s %s' % (name, s)
        return s

    def flow(self, depth):
        r = self.r
        roll = r.random()
        if depth <= 0 or roll < 0.5:
            return self.scalar()
        if roll < 0.6:
            return r.choice(SMALL_SETS)
        if roll < 0.67:
            return r.choice(PAIRS)
        if roll < 0.8:
            return '[%s]' % ', '.join(self.flow(depth - 1) for _ in range(r.randint(0, 3)))
        keys = r.sample(KEYS, r.randint(0, 3))
        return '{%s}' % ', '.join('%s: %s' % (k, self.flow(depth - 1)) for k in keys)

    def block(self, indent, depth):
        """A block value starting on its own line(s), at `indent` spaces."""
        r = self.r
        pad = ' ' * indent
        roll = r.random()
        if depth <= 0 or roll < 0.35:
            return ' ' + self.flow(depth)
        if roll < 0.65:
            keys = r.sample(KEYS, r.randint(1, 4))
            lines = []
            anchor = self.anchor() if r.random() < 0.2 else None
            if self.anchors and r.random() < 0.1:
                lines.append('%s<<: *%s' % (pad, r.choice(self.anchors)))
            for k in keys:
                lines.append('%s%s:%s' % (pad, k, self.block(indent + 2, depth - 1)))
            if anchor:
                self.anchors.append(anchor)
            return (' &' + anchor if anchor else '') + '\n' + '\n'.join(lines)
        items = ['%s-%s' % (pad, self.block(indent + 2, depth - 1)) for _ in range(r.randint(1, 3))]
        return '\n' + '\n'.join(items)


def prepare(role_data, network_data):
    """process-templates.py (THT master): name tags, idx, name_lower, as it applies them."""
    for role in role_data:
        role['tags'] = role.get('tags', [])
        name = role.get('name', str())
        for tag, prefixes in (('compute', ('Compute', 'HciCeph', 'DistributedCompute')), ('ceph', ('Ceph',)),
                              ('ovsdpdk', ('ComputeOvsDpdk',)), ('storage', ('ObjectStorage', 'BlockStorage', 'Ceph'))):
            if name.startswith(prefixes) and tag not in role['tags']:
                role['tags'].append(tag)
    for idx, net in enumerate(network_data):
        network_data[idx].update({'idx': idx})
    for n in network_data:
        if n.get('enabled') is not False and not n.get('name_lower'):
            n['name_lower'] = n.get('name').lower()


def render(template, role_data, network_data):
    try:
        t = jinja2.Environment(loader=jinja2.loaders.FileSystemLoader(['.'])).from_string(template)
        return {'template': template, 'output': t.render(roles=role_data, networks=network_data)}
    except Exception as e:  # the class is what tht must raise too
        return {'template': template, 'error': type(e).__name__}


def case(rnd, n):
    g = Generator(rnd)
    big_set = rnd.random() < 0.1
    data = ' ' + rnd.choice(BIG_SETS) if big_set else g.block(4, 3)
    name = rnd.choice(ROLE_NAMES)
    roles = '- name: %s\n  data:%s\n' % (name, data)
    if rnd.random() < 0.3:
        roles += '  tags:\n    - %s\n' % rnd.choice(['compute', 'ceph', 'primary'])
    g.anchors = []
    networks = '- name: %s\n  data:%s\n' % (rnd.choice(['Storage', 'InternalApi']), g.block(4, 2))
    if rnd.random() < 0.3:
        networks += '  name_lower: storage_x\n'
    # The data must load, and be data for templates to print: a case whose YAML PyYAML refuses is drawn again.
    try:
        role_data, network_data = yaml.safe_load(roles), yaml.safe_load(networks)
    except yaml.YAMLError:
        return None
    prepare(role_data, network_data)
    pool = SET_TEMPLATES if big_set else TEMPLATES
    templates = ['{%% set d = roles[0].data %%}%s' % t for t in rnd.sample(pool, min(len(pool), 8))]
    return {'name': 'data-%d' % n, 'roles': roles, 'networks': networks,
            'templates': [render(t, role_data, network_data) for t in templates]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--count', type=int, default=150)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('-o', '--output', required=True)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    cases, n = [], 0
    while len(cases) < args.count:
        c = case(rnd, n)
        n += 1
        if c is not None:
            cases.append(c)
    out = {'jinja2': jinja2.__version__, 'pyyaml': yaml.__version__, 'seed': args.seed, 'cases': cases}
    with open(args.output, 'w') as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
