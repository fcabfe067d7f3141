#!/usr/bin/env bash
# Regenerate data/unicode-names.txt.gz (\N{...} names) and
# data/html5-entities.json (HTML entities for striptags/unescape) from
# Python's unicodedata and html modules: the tables tht's Jinja engine loads
# the first time a template needs them. Needs python3 (3.11, as jinja2 runs
# on it) and Debian's unicode-data package (NameAliases.txt).
# Usage: tools/jinja-tables.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python3 -B "$here/jinja/tables.py"
