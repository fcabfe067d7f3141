#!/usr/bin/env bash
# Differential check: `tht render` against THT's own tools/process-templates.py.
#
# For each git ref of tripleo-heat-templates, export the tree, then for each
# data set (roles file + network file) render it twice -- once with the tree's
# own process-templates.py under python3/jinja2, once with `tht render` -- and
# compare the two output folders byte for byte.
#
# Usage: tools/compare-reference.sh [--keep] [ref...]
#   ref      git refs of THT (default: master and stable/queens..victoria)
#   --keep   keep the work dir (exported trees and both outputs) for inspection
# Environment:
#   THT_GIT  git dir of a tripleo-heat-templates clone
#            (default: /work/.mirror/openstack+tripleo-heat-templates/repo/.git)
#   THT_BIN  the tht CLI entry (default: bin/tht.js next to this script)
#   WORK     work dir to use (default: a fresh mktemp -d)
# Exit: 0 when every rendered file is identical (or when jinja2 is missing,
# since then there is no reference to compare with), 1 when anything differs
# or either tool fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$here")
tht_git=${THT_GIT:-/work/.mirror/openstack+tripleo-heat-templates/repo/.git}
tht_bin=${THT_BIN:-$repo_root/bin/tht.js}
default_refs=(master origin/stable/queens origin/stable/rocky origin/stable/stein
  origin/stable/train origin/stable/ussuri origin/stable/victoria)

keep=0
refs=()
for arg in "$@"; do
  case $arg in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) refs+=("$arg") ;;
  esac
done
[[ ${#refs[@]} -eq 0 ]] && refs=("${default_refs[@]}")

# The reference needs jinja2, PyYAML and six (process-templates imports all
# three). Without them there is nothing to compare against: skip, not fail.
if ! python3 -c 'import jinja2, yaml, six' 2>/dev/null; then
  echo "compare-reference: python3 with jinja2, PyYAML and six is not available; skipping"
  exit 0
fi
if [[ ! -f $tht_bin ]]; then
  echo "compare-reference: $tht_bin not found (build with: npx tsc -p .)" >&2
  exit 1
fi

work=${WORK:-$(mktemp -d -t tht-compare.XXXXXX)}
mkdir -p "$work"
if [[ $keep -eq 0 && -z ${WORK:-} ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "work dir: $work"
fi

failures=0
summary=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# export_tree REF DIR: a pristine copy of the tree at REF (no .git, no output).
export_tree() {
  rm -rf "$2" && mkdir -p "$2"
  git --git-dir="$tht_git" archive "$1" | tar -x -C "$2"
}

# concat_roles TREE OUT: every roles/*.yaml of TREE in one roles file.
# A role file that is not a YAML list of named roles, or that repeats a role
# name already taken, is left out: process-templates would crash on it (or
# render one role twice), which tests the data, not the renderer.
concat_roles() {
  python3 - "$1" "$2" <<'PY'
import glob, os, sys, yaml
tree, out = sys.argv[1], sys.argv[2]
seen, parts = set(), []
for path in sorted(glob.glob(os.path.join(tree, 'roles', '*.yaml'))):
    text = open(path).read()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        print('  skip role file %s: %s' % (os.path.basename(path), e)); continue
    if not isinstance(data, list) or not all(isinstance(r, dict) and r.get('name') for r in data):
        print('  skip role file %s: not a list of named roles' % os.path.basename(path)); continue
    names = [r['name'] for r in data]
    if seen.intersection(names):
        print('  skip role file %s: duplicate role name' % os.path.basename(path)); continue
    seen.update(names)
    parts.append(text if text.endswith('\n') else text + '\n')
open(out, 'w').write(''.join(parts))
PY
}

# data_sets TREE ALLROLES: prints "name roles-file network-file" lines.
# Every network_data_*.yaml variant is paired with the default roles; the
# undercloud roles go with the undercloud networks when the tree has them.
data_sets() {
  local tree=$1 allroles=$2 f name
  echo "default $tree/roles_data.yaml $tree/network_data.yaml"
  echo "allroles $allroles $tree/network_data.yaml"
  for f in "$tree"/network_data_*.yaml; do
    [[ -e $f ]] || continue
    name=$(basename "$f" .yaml); name=${name#network_data_}
    echo "net-$name $tree/roles_data.yaml $f"
  done
  if [[ -f $tree/roles_data_undercloud.yaml ]]; then
    f=$tree/network_data_undercloud.yaml
    [[ -f $f ]] || f=$tree/network_data.yaml
    echo "undercloud $tree/roles_data_undercloud.yaml $f"
  fi
}

# run_reference TREE ROLES NETS OUT LOG: the tree's own process-templates.
# Run from inside the tree with -p . because older versions take the include
# root from dirname(dirname(__file__)), i.e. '' (the current dir) this way,
# and strip the base path from output dirs only when it is exactly '.'.
run_reference() {
  (cd "$1" && python3 tools/process-templates.py -p . -r "$2" -n "$3" -o "$4") >"$5" 2>&1
}

run_ours() {
  node "$tht_bin" render -p "$1" -r "$2" -n "$3" -o "$4" -q >"$5" 2>&1
}

# compare_outputs TREE REFOUT OUROUT: byte-compare both output folders.
# "Rendered" files are the ones in either output that the tree itself does
# not have; the rest are copies, which are compared too but counted apart.
# Done in one python process: a cmp per file would fork ~3,000 times per set.
# Returns 1 when a file differs or exists on one side only.
compare_outputs() {
  python3 - "$@" <<'PY'
import os, sys
tree, ref, ours = sys.argv[1:4]

def walk(root):
    files, dirs = set(), set()
    for d, subdirs, names in os.walk(root):
        rel = os.path.relpath(d, root)
        dirs.add(rel)
        files.update(os.path.normpath(os.path.join(rel, n)) for n in names)
    return files, dirs

def read(path):
    with open(path, 'rb') as f:
        return f.read()

def first_line_differing(a, b):
    for i, (x, y) in enumerate(zip(a.split(b'\n'), b.split(b'\n')), 1):
        if x != y:
            return i
    return min(a.count(b'\n'), b.count(b'\n')) + 1

ref_files, ref_dirs = walk(ref)
our_files, our_dirs = walk(ours)
# The manifest tht keeps in an -o folder (OUTPUT_MARKER in src/load/tree.ts; README, "The output
# folder's manifest"): tht's own bookkeeping, which process-templates does not write.
our_files.discard('.tht-output.json')
counts = {'rendered': [0, 0], 'copies': [0, 0]}
differ = []
for rel in sorted(ref_files | our_files):
    kind = 'copies' if os.path.exists(os.path.join(tree, rel)) else 'rendered'
    counts[kind][0] += 1
    if rel not in our_files:
        differ.append(rel + ' (only in reference)')
    elif rel not in ref_files:
        differ.append(rel + ' (only in tht)')
    else:
        a, b = read(os.path.join(ref, rel)), read(os.path.join(ours, rel))
        if a == b:
            counts[kind][1] += 1
        else:
            where = 'line %d' % first_line_differing(a, b)
            differ.append('%s (%s%s)' % (rel, 'copy, ' if kind == 'copies' else '', where))
print('  rendered files compared: %d, identical: %d; copies: %d, identical: %d'
      % tuple(counts['rendered'] + counts['copies']))
# process-templates also creates every walked directory, even one whose
# only files are hidden (so not copied). A note only: no file differs.
for d in sorted(ref_dirs ^ our_dirs):
    print('  note: directory only in %s: %s' % ('reference' if d in ref_dirs else 'tht', d))
if differ:
    print('  DIFFERENT (%d):' % len(differ))
    for line in differ:
        print('    ' + line)
    sys.exit(1)
PY
}

for ref in "${refs[@]}"; do
  slug=${ref//\//_}
  tree=$work/$slug/tree
  echo "== $ref ($(git --git-dir="$tht_git" rev-parse --short "$ref"))"
  export_tree "$ref" "$tree"
  concat_roles "$tree" "$work/$slug/roles_all.yaml"
  while read -r name roles nets; do
    out=$work/$slug/$name
    mkdir -p "$out"
    echo "-- $ref / $name: $(basename "$roles") + $(basename "$nets")"

    t0=$(now)
    if ! run_reference "$tree" "$roles" "$nets" "$out/ref" "$out/ref.log"; then
      # A data set the reference itself cannot render says nothing about tht.
      echo "  reference failed, data set skipped: $(tail -n 1 "$out/ref.log")"
      summary+=("$ref $name: skipped (reference failed)")
      continue
    fi
    t1=$(now)
    ours_ok=1
    run_ours "$tree" "$roles" "$nets" "$out/ours" "$out/ours.log" || ours_ok=0
    t2=$(now)
    echo "  time: process-templates $(elapsed "$t0" "$t1")s, tht $(elapsed "$t1" "$t2")s"

    if [[ $ours_ok -eq 0 ]]; then
      echo "  THT RENDER FAILED:"; sed 's/^/    /' "$out/ours.log"
      failures=$((failures + 1)); summary+=("$ref $name: tht failed")
    elif compare_outputs "$tree" "$out/ref" "$out/ours"; then
      summary+=("$ref $name: identical")
    else
      failures=$((failures + 1)); summary+=("$ref $name: DIFFERENT")
    fi
    # Outputs are large (a full tree each); keep them only when asked to.
    [[ $keep -eq 1 ]] || rm -rf "$out/ref" "$out/ours"
  done < <(data_sets "$tree" "$work/$slug/roles_all.yaml")
done

echo "== summary"
printf '  %s\n' "${summary[@]}"
if [[ $failures -gt 0 ]]; then
  echo "compare-reference: $failures data set(s) differ or failed"
  exit 1
fi
echo "compare-reference: all rendered files identical"
