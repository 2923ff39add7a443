#!/bin/bash
# accel_devinfo on an emulated Meteor Lake NPU: the listing, the verbose
# text and the JSON.
# Usage: devinfo_ivpu.sh ACCEL_DEVINFO LIBACCEL_SHIM [PRELOAD_FIRST]
set -euo pipefail
devinfo=$1 shim=$2 first=${3:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo-ivpu.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export ACCEL_SHIM_DIR=$dir/tree ACCEL_SHIM_DEVICES=mtl

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in accel_devinfo ${args[*]}"; }

args=(-l); run "${args[@]}"
has '^accel0$'
args=(-v -d accel0); run "${args[@]}"
for s in 'driver:.*intel_vpu' 'provider:.*ivpu' 'pci_id:.*8086:7d1d' \
	 'card_name:.*Intel NPU (Meteor Lake)' 'fw_version:.*JSM API 3\.34' \
	 'driver_version:.*1\.0\.0' 'caps:.*submit' 'bo_align:.*4096' \
	 'mem_domain 0:.*user-cached.*command' 'mem_domain 5:.*dma-wc' \
	 'engine 0:.*compute.*in_order.*in_flight 62'; do
	has "$s"
done
args=(--json -v -d accel0); run "${args[@]}"
if command -v python3 >/dev/null; then
	python3 - "$dir/out" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
x = [x for x in d["devices"] if x["name"] == "accel0"][0]
assert x["driver"] == "intel_vpu" and x["provider"] == "ivpu", x
assert x["pci_vendor_id"] == 0x8086 and x["pci_device_id"] == 0x7d1d, x
assert x["attributes"]["card_name"] == "Intel NPU (Meteor Lake)", x
PY
else
	has '"driver": "intel_vpu"'
fi
echo "accel_devinfo on the emulated Meteor Lake: ok"
