#!/usr/bin/env python3
"""Generate tht's Jinja conformance suite: test/fixtures/jinja/<section>.json.

Each section module (cases_*.py) yields (group, template, context, files)
tuples from compact tables; this driver renders every one with Python jinja2
3.1 through tools/jinja/reference.py, the way THT's process-templates.py
renders, and writes the case with jinja2's output or error. Case ids are
`<section>/<group>/<n>`, numbered within their group, so adding a case to one
group leaves the other ids (and test/fixtures/jinja/pending.txt) alone.

Cases whose jinja2 output depends on the Python process (object addresses,
`<generator object ... at 0x...>`) are dropped and counted: no engine could
match them byte for byte.

Usage: python3 tools/jinja/cases.py [--out DIR]   (then tools/jinja-pending.sh)
"""
import argparse
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the worktree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cases_builtins  # noqa: E402
import cases_language  # noqa: E402
import cases_values  # noqa: E402
from reference import encode, jinja2_version, render  # noqa: E402

SECTION_MODULES = (cases_language, cases_builtins, cases_values)
PROCESS_SPECIFIC = re.compile(r" at 0x[0-9a-f]+>")


def build(section, items):
    """The cases of one section, with ids and jinja2's outcome."""
    cases, numbers, dropped = [], {}, 0
    for group, template, context, files in items:
        encoded = {name: encode(v) for name, v in context.items()} if context else None  # before the render, which must not change it
        result = render(template, context, files)
        text = result.get("output", "") + (result.get("error") or {}).get("message", "")
        if PROCESS_SPECIFIC.search(text):
            dropped += 1
            continue
        numbers[group] = numbers.get(group, 0) + 1
        case = {"id": f"{section}/{group}/{numbers[group]}", "section": section, "template": template}
        if files:
            case["files"] = files
        if encoded:
            case["context"] = encoded
        case.update(result)
        cases.append(case)
    return cases, dropped


def write(path, cases):
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "..", "test", "fixtures", "jinja"))
    args = parser.parse_args()
    if jinja2_version() != "3.1.6":
        sys.exit(f"cases.py: the suite is made with jinja2 3.1.6, this python has {jinja2_version()}")
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for module in SECTION_MODULES:
        for section, generate in module.SECTIONS.items():
            cases, dropped = build(section, generate())
            write(os.path.join(args.out, f"{section}.json"), cases)
            errors = sum("error" in c for c in cases)
            total += len(cases)
            note = f", {dropped} dropped (process-specific output)" if dropped else ""
            print(f"{section:28} {len(cases):4} cases ({errors} errors){note}")
    print(f"{'total':28} {total:4} cases")


if __name__ == "__main__":
    main()
