#!/usr/bin/env bash
# Differential fuzzer for tht's Jinja engine against Python jinja2 3.1.
#
# Generates random templates from a grammar of the whole Jinja2 language
# (tools/jinja/grammar.py: nested statements, every operator, literal form,
# filter, test, method call and global, include/import/extends across
# generated files) with random Python values as context, renders each with
# jinja2 the way THT's process-templates.py does and with tht, and compares
# them as the conformance suite does (output byte for byte; errors by kind,
# template and line), except that CPython's object addresses (`<generator
# object ... at 0x7f...>`, which no engine can print alike) count as equal
# when both sides print an address at the same place. Batched: one python
# process and one node process for the whole run; each tht case runs in a
# worker thread bounded by --timeout, so a hang or an out-of-memory is
# counted, not fatal.
#
# Prints: cases, agreement, tht crashes (a JS exception that is not a
# TemplateFailure, or a dead worker) and hangs; the same per top-level
# statement (each statement of a case rendered on its own with the case's
# files and context); the kinds of disagreement, agreement per
# statement/expression kind, then the first disagreements (of cases and of
# statements) minimised by delta debugging on the template tree.
#
# Usage: tools/jinja-fuzz.sh [--seed N] [--count N] [--timeout MS] [--minimise N] [--budget N] [--json FILE]
#   --seed 1        the same seed gives the same templates and contexts
#   --count 1000    number of cases
#   --timeout 3000  ms a tht case may take before it counts as a hang
#   --minimise 20   disagreements to minimise and print (0: only the figures)
#   --budget 400    renders the minimiser may spend on one disagreement
#   --json FILE     also write the figures as JSON
# Example: tools/jinja-fuzz.sh --seed 7 --count 2000
# Needs python3 with jinja2 3.1 and node_modules (npm ci). Exit 0 whatever
# the agreement: it measures, it does not gate.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
exec python3 tools/jinja/fuzz.py "$@"
