#!/usr/bin/env bash
# Differential check: `tht schema -f heat` against real OpenStack Heat.
#
# Heat is Debian's python3-heat, run in-process by tools/heat/inprocess.py:
# heatclient builds the request exactly as `openstack orchestration template
# validate --show-nested -t overcloud.yaml -e ...` does (template_utils
# process_template_path / process_multiple_environments_and_files, so `files`
# and environment_files are heatclient's), and Heat's own API and engine code
# answer it with an in-memory sqlite database, a made-up request context and
# no services. The stand-ins, and why each leaves the answer unchanged, are
# listed in tools/heat/inprocess.py. Heat runs with the limits of TripleO's
# undercloud Heat (environments/undercloud.yaml), Heat's defaults elsewhere.
#
# For each case (a roles file plus environment files) the THT tree is
# rendered with `tht render -o`, validated by Heat (with
# overcloud-resource-registry-puppet.yaml first, as tht does), and compared
# with `tht schema -f heat` entry by entry (tools/heat/compare.py): every
# parameter entry of every nested stack (Type, Default, Value, NoEcho, Label,
# Description, constraints, Tags), every stack's Type and Description,
# ParameterGroups and the Environment. Mismatches are printed grouped by kind
# with counts and examples. A case Heat rejects prints every rejection
# (tools/heat/rejections.py). Categories and their causes in Heat's source:
# tools/heat/README.md.
#
# Usage: tools/compare-heat.sh [--keep] [--update-fixtures] [--only STEP]... [CASE...]
#   CASE               case names (default: all, see `cases` below)
#   --only STEP        compare | probes | yaql (default: all three)
#   --update-fixtures  rewrite test/fixtures/heat/ from this run: Heat's
#                      answers for the pinned cases, the all-roles
#                      rejections, the limit and value probes
#                      (tools/heat/probes.py) and the yaql reference
#   --keep             keep the work dir for inspection
# Environment:
#   THT_GIT      git dir of a tripleo-heat-templates clone
#                (default: /work/.mirror/openstack+tripleo-heat-templates/repo/.git)
#   THT_REF      the THT revision to check (default: master, the commit
#                test/fixtures/tht-master was taken from)
#   THT_BIN      the tht CLI entry (default: bin/tht.js next to this script)
#   HEAT_PYTHON  the python that has the Debian packages (default: /usr/bin/python3;
#                the pyenv python3 on PATH does not see them)
#   WORK         work dir to use (default: a fresh mktemp -d)
# Needs root (or sudo) the first time, to install python3-heat and
# python3-heatclient (apt-get update once, then apt-get install -y).
# Exit: 0 when every case matches, 1 when anything differs or fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$here")
tht_git=${THT_GIT:-/work/.mirror/openstack+tripleo-heat-templates/repo/.git}
tht_ref=${THT_REF:-master}
tht_bin=${THT_BIN:-$repo_root/bin/tht.js}
heat_python=${HEAT_PYTHON:-/usr/bin/python3}
fixtures=$repo_root/test/fixtures/heat
url_root=file:///tht/

# cases: name | roles file (relative to the tree, or absolute) | environments (relative to the tree)
cases() {
  cat <<EOF
default|roles_data.yaml|
default-designate|roles_data.yaml|environments/enable-designate.yaml
default-designate-config|roles_data.yaml|environments/enable-designate.yaml environments/designate-config.yaml
default-network-isolation|roles_data.yaml|environments/network-isolation.yaml environments/network-environment.yaml
default-tls-everywhere|roles_data.yaml|environments/ssl/enable-internal-tls.yaml environments/ssl/tls-everywhere-endpoints-dns.yaml
default-low-memory|roles_data.yaml|environments/low-memory-usage.yaml
undercloud|roles_data_undercloud.yaml|environments/undercloud.yaml
allroles|$repo_root/test/fixtures/roles_data_all.yaml|
EOF
}
# Cases whose Heat answers the tests pin (committed, gzipped).
pinned_cases=(default default-designate default-designate-config)

keep=0 update=0
steps=() wanted=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --keep) keep=1 ;;
    --update-fixtures) update=1 ;;
    --only) shift; steps+=("${1:?--only needs a step}") ;;
    -h|--help) sed -n '2,46p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "compare-heat: unknown option $1" >&2; exit 2 ;;
    *) wanted+=("$1") ;;
  esac
  shift
done
[[ ${#steps[@]} -eq 0 ]] && steps=(compare probes yaql)
step_on() { local s; for s in "${steps[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }

# Heat, heatclient and yaql from Debian, for /usr/bin/python3.
ensure_heat() {
  "$heat_python" -c 'import heat.engine.service, heatclient.common.template_utils, yaql' 2>/dev/null && return 0
  echo "compare-heat: installing python3-heat and python3-heatclient"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y python3-heat python3-heatclient
  "$heat_python" -c 'import heat.engine.service, heatclient.common.template_utils, yaql'
}
ensure_heat
if [[ ! -f $repo_root/dist/cli/main.js ]]; then
  echo "compare-heat: tht is not built (run npm ci or npm run build)" >&2
  exit 1
fi

work=${WORK:-$(mktemp -d -t tht-compare-heat.XXXXXX)}
mkdir -p "$work"
if [[ $keep -eq 0 && -z ${WORK:-} ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "work dir: $work"
fi

tree=$work/tht
echo "== THT $tht_ref ($(git --git-dir="$tht_git" rev-parse --short "$tht_ref")), $("$heat_python" -c '
import sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); import inprocess
print(", ".join("%s %s" % kv for kv in inprocess.versions().items()))' "$here/heat")"
rm -rf "$tree" && mkdir -p "$tree"
git --git-dir="$tht_git" archive "$tht_ref" | tar -x -C "$tree"
# The fixture tree is THT master without the files tht never reads (docs,
# scripts); Heat needs those too (get_file), so the check runs on the full
# export. Say so if the two disagree on a file they share.
if [[ $tht_ref == master ]] && diff -rq "$repo_root/test/fixtures/tht-master" "$tree" | grep -v '^Only in' >/dev/null; then
  echo "  note: test/fixtures/tht-master differs from $tht_ref on these files:"
  diff -rq "$repo_root/test/fixtures/tht-master" "$tree" | grep -v '^Only in' | sed 's/^/    /'
fi

failures=0
summary=()
mkdir -p "$fixtures"

# render_for ROLES: the rendered tree for that roles file (rendered once).
render_for() {
  local roles=$1 slug out
  slug=$(basename "$roles" .yaml)
  out=$work/render-$slug
  if [[ ! -d $out ]]; then
    node "$tht_bin" render -p "$tree" -r "$roles" -o "$out" -q >"$work/render-$slug.log" 2>&1 || {
      echo "  tht render failed:"; sed 's/^/    /' "$work/render-$slug.log"; return 1; }
  fi
  echo "$out"
}

gz() { gzip -9 -n -c "$1" >"$2.part" && mv "$2.part" "$2"; }

run_case() {
  local name=$1 roles=$2 envs=$3 rendered env_args=() tht_env_args=() e
  echo "-- $name: $(basename "$roles")${envs:+ + $envs}"
  rendered=$(render_for "$roles") || { failures=$((failures + 1)); summary+=("$name: render failed"); return; }
  env_args=(-e overcloud-resource-registry-puppet.yaml)
  for e in $envs; do env_args+=(-e "$e"); tht_env_args+=(-e "$tree/$e"); done

  if ! node "$tht_bin" schema -p "$tree" -r "$roles" "${tht_env_args[@]}" -f heat -o "$work/$name.tht.json" \
      2>"$work/$name.tht.log"; then
    echo "  tht schema failed:"; sed 's/^/    /' "$work/$name.tht.log"
    failures=$((failures + 1)); summary+=("$name: tht failed"); return
  fi
  "$heat_python" "$here/heat/validate.py" --tree "$rendered" "${env_args[@]}" --url-root "$url_root" \
    -o "$work/$name.heat.json" 2>"$work/$name.heat.log"
  if "$heat_python" -c 'import json,sys; sys.exit(0 if "result" in json.load(open(sys.argv[1])) else 1)' \
      "$work/$name.heat.json"; then
    if "$heat_python" "$here/heat/compare.py" "$work/$name.heat.json" "$work/$name.tht.json" \
        --tree "$rendered" --url-root "$url_root" --label "$name" --json "$work/$name.mismatches.json"; then
      summary+=("$name: identical")
    else
      failures=$((failures + 1)); summary+=("$name: $(python3 -c 'import json,sys
k=json.load(open(sys.argv[1]))["kinds"]; print("%d mismatches in %d kinds" % (sum(v["count"] for v in k.values()), len(k)))' \
        "$work/$name.mismatches.json")")
    fi
  else
    # Heat refuses the deployment: list every rejection, not only the first.
    "$heat_python" "$here/heat/rejections.py" --tree "$rendered" "${env_args[@]}" --url-root "$url_root" \
      -o "$work/$name.rejections.json" 2>"$work/$name.rejections.log"
    python3 - "$work/$name.rejections.json" "$work/$name.tht.log" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print('  Heat rejects this deployment (%d errors, one per validate%s):'
      % (len(d['steps']), '; accepted after them' if d['accepted'] else ''))
for s in d['steps']:
    print('    [%s] %s: %s' % (s['status'], s['error']['type'], s['error']['message']))
for o in d['oversized']:
    print('    oversized: %s: %s' % (o['file'], o['error']))
warnings = [l for l in open(sys.argv[2]) if l.strip()]
print('  tht schema said nothing of it (%d warning lines on stderr)' % len(warnings))
PY
    failures=$((failures + 1)); summary+=("$name: Heat rejects it")
    if [[ $update -eq 1 && $name == allroles ]]; then
      cp "$work/$name.rejections.json" "$fixtures/master-allroles.rejections.json"
    fi
  fi
  if [[ $update -eq 1 ]] && printf '%s\n' "${pinned_cases[@]}" | grep -qx "$name"; then
    gz "$work/$name.heat.json" "$fixtures/master-$name.validate.json.gz"
  fi
  return 0
}

if step_on compare; then
  while IFS='|' read -r name roles envs; do
    if [[ ${#wanted[@]} -gt 0 ]] && ! printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then continue; fi
    run_case "$name" "$roles" "$envs"
  done < <(cases)
fi

if step_on probes; then
  echo "-- probes: small generated templates at each side of every limit, and validate-time values"
  "$heat_python" "$here/heat/probes.py" -o "$work/probes.json" 2>&1 | sed 's/^/  /'
  if [[ $update -eq 1 ]]; then cp "$work/probes.json" "$fixtures/probes.json"; fi
  summary+=("probes: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["probes"]))' "$work/probes.json") run")
fi

if step_on yaql; then
  echo "-- yaql: every yaql expression of THT (master and stable branches) and generated ones"
  yaql_out=$work/yaql-reference.json
  "$heat_python" "$here/heat/yaql_reference.py" --tht-git "$tht_git" --tht-bin "$tht_bin" --work "$work/yaql" \
    -o "$yaql_out" 2>&1 | sed 's/^/  /'
  if [[ $update -eq 1 ]]; then gz "$yaql_out" "$fixtures/yaql-reference.json.gz"; fi
  summary+=("yaql: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$yaql_out") cases evaluated by Python yaql")
fi

echo "== summary"
printf '  %s\n' "${summary[@]}"
if [[ $update -eq 1 ]]; then echo "  fixtures written to ${fixtures#"$repo_root"/}"; fi
if [[ $failures -gt 0 ]]; then
  echo "compare-heat: $failures case(s) differ from Heat or are rejected by it"
  exit 1
fi
if step_on compare; then echo "compare-heat: every case matches Heat"; else echo "compare-heat: done"; fi
