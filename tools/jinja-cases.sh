#!/usr/bin/env bash
# Regenerate tht's Jinja conformance cases (test/fixtures/jinja/<section>.json)
# by rendering them with Python jinja2 3.1.6, then rewrite the pending list
# for today's engine. Needs python3 with jinja2 3.1.6 and node_modules.
# Usage: tools/jinja-cases.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python3 "$here/jinja/cases.py"
"$here/jinja-pending.sh"
