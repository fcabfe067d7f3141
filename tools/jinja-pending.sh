#!/usr/bin/env bash
# Rewrite test/fixtures/jinja/pending.txt, the conformance cases tht's Jinja
# engine does not pass yet (they run as expected failures in
# test/jinja-conformance.test.ts), and print the pass figures per section.
# Run it on purpose: after the engine passes more cases, or after
# tools/jinja-cases.sh regenerated the cases.
# Usage: tools/jinja-pending.sh [--check]
#   --check  write nothing; exit 1 when the list is not what the engine gives
# Needs node_modules (npm ci); no python.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
exec node tools/jinja/pending.mjs "$@"
