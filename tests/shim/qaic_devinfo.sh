#!/bin/bash
# accel_devinfo on an emulated Cloud AI 100: the listing, the verbose text
# and the JSON.
# Usage: qaic_devinfo.sh ACCEL_DEVINFO LIBACCEL_SHIM [PRELOAD_FIRST]
set -euo pipefail
devinfo=$1 shim=$2 first=${3:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export ACCEL_SHIM_DIR=$dir/tree ACCEL_SHIM_DEVICES=aic100

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in accel_devinfo ${args[*]}"; }

args=(-l); run "${args[@]}"
has '^accel0$'
args=(-v -d accel0); run "${args[@]}"
for s in 'driver:.*qaic' 'provider:.*qaic' 'pci_id:.*17cb:a100' \
	 'card_name:.*Cloud AI 100' 'fw_version:.*NNC 5\.0' 'max_queues:.*16' \
	 'mem_domain 0:.*host' 'engine 0:.*dbc x16.*needs_program'; do
	has "$s"
done
args=(--json -v -d accel0); run "${args[@]}"
if command -v python3 >/dev/null; then
	python3 - "$dir/out" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
x = [x for x in d["devices"] if x["name"] == "accel0"][0]
assert x["driver"] == "qaic", x
assert x["pci_vendor_id"] == 0x17cb and x["pci_device_id"] == 0xa100, x
PY
else
	has '"driver": "qaic"'
fi
echo "ok"
