#!/bin/bash
# accel_devinfo on the emulated Strix NPU (amdxdna): verbose text and JSON.
# Usage: devinfo_xdna.sh ACCEL_DEVINFO LIBACCEL_SHIM [PRELOAD_FIRST]
set -euo pipefail
devinfo=$1 shim=$2 first=${3:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo-xdna.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export ACCEL_SHIM_DIR=$dir/tree ACCEL_SHIM_DEVICES=npu4 ACCEL_PROVIDERS=amdxdna

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in accel_devinfo ${args[*]}"; }

args=(-v -d accel0); run "${args[@]}"
for s in 'driver:.*amdxdna' 'provider:.*amdxdna' 'pci_id:.*1022:17f0' \
	 'driver_version:.*0\.10\.0' 'card_name:.*RyzenAI-npu4' 'fw_version:.*1\.1\.0\.0' \
	 'state:.*operational' 'caps:.*fence_export' 'caps:.*cpu_prep' 'max_queues:.*16' \
	 'mem_domain 0:.*share' 'mem_domain 2:.*dev (host_visible cached device_local)' \
	 'engine 0:.*hwctx.*needs_program.*in_flight 4'; do
	has "$s"
done

args=(--json -v -d accel0); run "${args[@]}"
if command -v python3 >/dev/null; then
	python3 - "$dir/out" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
x = [x for x in d["devices"] if x["name"] == "accel0"][0]
assert x["driver"] == "amdxdna" and x["provider"] == "amdxdna", x
assert x["pci_vendor_id"] == 0x1022 and x["pci_device_id"] == 0x17f0, x
PY
else
	has '"driver": "amdxdna"'
fi
echo ok
