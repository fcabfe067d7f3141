#!/usr/bin/env bash
# Reference fixtures for `tht preview`, from THT's and tripleo-common's own code.
#
# 1. Copies the fixture tree (test/fixtures/tht-master, THT commit
#    04f9e4f73a7f without tools/), adds THT's tools/process-templates.py and
#    tools/render-ansible-tasks.py of that commit from a THT git mirror, and
#    renders the copy in place with process-templates.py (default roles_data,
#    network_data), as THT's own test_tht_ansible_syntax.yml does before it
#    runs render-ansible-tasks.py.
# 2. Runs render-ansible-tasks.py for each ROLE x SECTION (one run each) and
#    writes test/fixtures/preview/render-ansible-tasks/<Role>_<section>.json
#    (run_render_ansible_tasks.py says what the JSON holds).
# 3. Runs scan_role_data.py on the rendered copy with tripleo-common's
#    tripleo_common/utils/config.py of the same time, and writes
#    test/fixtures/preview/role-data-facts.json.
#
# Usage: tools/preview/make-fixtures.sh [--keep]
# Environment:
#   THT_GIT     THT git dir (default /work/.mirror/openstack+tripleo-heat-templates/repo/.git)
#   TC_GIT      tripleo-common git dir (default /work/.mirror/openstack+tripleo-common/repo)
#   PYTHON      a python3 with PyYAML, yaql, jinja2 and six (default: the first
#               of python3, /usr/bin/python3 that imports them; Debian:
#               apt-get install python3-yaql python3-jinja2 python3-six python3-yaml)
# Output goes to a temporary folder first and replaces test/fixtures/preview/
# only when every run succeeded.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
tht_git=${THT_GIT:-/work/.mirror/openstack+tripleo-heat-templates/repo/.git}
tc_git=${TC_GIT:-/work/.mirror/openstack+tripleo-common/repo}
tht_commit=04f9e4f73a7ff72c96852a6d6250cd71509a03d2
# tripleo-common master on the day of the THT commit (2021-03-15)
tc_commit=1ca156439eb8a40f9462a773577a456199964f7a
roles=(Controller Compute CephStorage)
# Every list-of-tasks section THT master's services use, and the ones the
# role aggregation reads that none uses (they give no file).
sections=(deploy_steps_tasks external_deploy_tasks external_post_deploy_tasks
  host_prep_tasks upgrade_tasks post_upgrade_tasks external_upgrade_tasks
  update_tasks post_update_tasks external_update_tasks scale_tasks
  pre_upgrade_rolling_tasks upgrade_batch_tasks pre_deploy_step_tasks)

keep=0
[[ ${1:-} == --keep ]] && keep=1

python=${PYTHON:-}
if [[ -z $python ]]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import yaml, yaql, jinja2, six' 2>/dev/null; then
      python=$candidate; break
    fi
  done
fi
if [[ -z $python ]]; then
  echo "make-fixtures: no python3 with PyYAML, yaql, jinja2 and six" \
    "(Debian: apt-get install python3-yaql python3-jinja2 python3-six python3-yaml)" >&2
  exit 1
fi
for dir in "$tht_git" "$tc_git"; do
  [[ -d $dir ]] || { echo "make-fixtures: git dir $dir not found" >&2; exit 1; }
done

work=$(mktemp -d -t tht-preview-ref.XXXXXX)
if [[ $keep -eq 1 ]]; then echo "work dir: $work"; else trap 'rm -rf "$work"' EXIT; fi
tree=$work/tree
out=$work/out
mkdir -p "$out/render-ansible-tasks"

cp -r "$repo_root/test/fixtures/tht-master" "$tree"
mkdir -p "$tree/tools"
for script in process-templates.py render-ansible-tasks.py; do
  git --git-dir="$tht_git" show "$tht_commit:tools/$script" > "$tree/tools/$script"
done
git --git-dir="$tc_git" show "$tc_commit:tripleo_common/utils/config.py" > "$work/config.py"

(cd "$tree" && "$python" tools/process-templates.py -r roles_data.yaml -n network_data.yaml > "$work/process-templates.log")

for role in "${roles[@]}"; do
  for section in "${sections[@]}"; do
    "$python" "$here/run_render_ansible_tasks.py" "$tree" "$tree/tools/render-ansible-tasks.py" \
      "$role" "$section" "$out/render-ansible-tasks/${role}_${section}.json"
  done
done

"$python" "$here/scan_role_data.py" "$tree" "$work/config.py" "$out/role-data-facts.json"

versions=$("$python" -c 'import importlib.metadata as m, sys
print("python %s, PyYAML %s, yaql %s, jinja2 %s" % (sys.version.split()[0],
      m.version("PyYAML"), m.version("yaql"), m.version("jinja2")))')
cat > "$out/PROVENANCE" <<EOF
Written by tools/preview/make-fixtures.sh (see tools/preview/README.md).
THT commit:            $tht_commit
render-ansible-tasks:  blob $(git --git-dir="$tht_git" rev-parse "$tht_commit:tools/render-ansible-tasks.py")
process-templates:     blob $(git --git-dir="$tht_git" rev-parse "$tht_commit:tools/process-templates.py")
tripleo-common commit: $tc_commit (tripleo_common/utils/config.py blob $(git --git-dir="$tc_git" rev-parse "$tc_commit:tripleo_common/utils/config.py"))
Interpreter:           $versions
Roles:                 ${roles[*]}
Sections:              ${sections[*]}
EOF

target=$repo_root/test/fixtures/preview
rm -rf "$target.new"
cp -r "$out" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
echo "make-fixtures: wrote $(find "$target" -type f | wc -l) files to test/fixtures/preview/"
