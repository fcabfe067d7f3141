#!/bin/sh
# Writes the outputs of `tht preview` and `tht explain` on the fixture tree into OUT,
# one file per invocation (stdout, then stderr and the exit code), so two builds can
# be compared with `diff -r`: tools/preview-outputs.sh [THT_ROOT] OUT
# (THT_ROOT defaults to this checkout; its dist/ must be built).
set -u
if [ $# -eq 2 ]; then root=$1; out=$2; else root=$(dirname "$0")/..; out=$1; fi
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$here/test/fixtures/tht-master
all=$here/test/fixtures/roles_data_all.yaml
env1=$tree/environments/docker-ha.yaml
mkdir -p "$out"
n=0
run() {
  n=$((n + 1))
  name=$(printf '%03d' $n)
  printf '%s\n' "$*" > "$out/$name.args"
  NO_COLOR=1 node "$root/bin/tht.js" "$@" > "$out/$name.out" 2> "$out/$name.err"
  echo "exit $?" >> "$out/$name.err"
}
for roles in '' "$all"; do
  for role in Controller Compute ComputeHCI; do
    if [ -n "$roles" ]; then r="-r $roles"; else r=''; fi
    run preview $role -p "$tree" $r -f json
    run preview $role -p "$tree" $r
  done
done
for role in CephStorage ObjectStorage Networker ComputeDVR; do
  run preview $role -p "$tree" -r "$all" -f json
done
run preview Compute -p "$tree" -f yaml
run preview Compute -p "$tree" --changed
run preview Compute -p "$tree" --changed -f json
run preview Controller -p "$tree" --section upgrade_tasks
run preview Controller -p "$tree" --section upgrade_tasks -f json
run preview Compute -p "$tree" --param '*Nova*'
run preview Compute -p "$tree" -r "$all" --diff ComputeHCI
run preview Compute -p "$tree" -r "$all" --diff ComputeHCI -f json
run preview Controller -p "$tree" --diff Compute -f json
run preview Compute -p "$tree" -e "$env1" -f json
run preview Controller -p "$tree" -e "$env1" -f json
run explain NovaReservedHostMemory -p "$tree"
run explain NovaReservedHostMemory -p "$tree" -f json
run explain ControllerExtraConfig -p "$tree" -f json
run explain DockerPuppetDebug -p "$tree" -r "$all" -f json
run explain NtpServer -p "$tree" -e "$env1" -f json
