#!/bin/bash
# accel_devinfo on the emulated platform-device NPUs: the verbose text and
# the JSON of one device of the given model.
# Usage: devinfo_npu.sh ACCEL_DEVINFO LIBACCEL_SHIM MODEL [PRELOAD_FIRST]
set -euo pipefail
devinfo=$1 shim=$2 model=$3 first=${4:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export ACCEL_SHIM_DIR=$dir/tree ACCEL_SHIM_DEVICES=$model

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in accel_devinfo ${args[*]}"; }

case $model in
rk3588)
	want=('driver:.*rocket' 'provider:.*rocket' 'bus_id:.*rknn'
	      'modalias:.*platform:rknn' 'card_name:.*RK3588' 'caps:.*cpu_prep'
	      'max_bo_size:.*4294963200' 'mem_domain 0:.*shmem'
	      'engine 0:.*npu x1 (in_order')
	driver=rocket bus=rknn ;;
ethos-u65)
	want=('driver:.*ethosu' 'provider:.*ethosu' 'bus_id:.*4a900000.npu'
	      'modalias:.*of:NnpuT(null)Carm,ethos-u65' 'card_name:.*Ethos-U65'
	      'mem_total:.*262144' 'mem_domain 0:.*cma' 'mem_domain 1:.*cmdstream'
	      'mem_domain 2:.*sram' 'engine 0:.*npu x1 (in_order')
	driver=ethosu bus=4a900000.npu ;;
*)
	echo "unknown model $model"; exit 2 ;;
esac

args=(-v -d accel0); run "${args[@]}"
for s in "${want[@]}"; do
	has "$s"
done

args=(--json -v -d accel0); run "${args[@]}"
if command -v python3 >/dev/null; then
	python3 - "$dir/out" "$driver" "$bus" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
x = [x for x in d["devices"] if x["name"] == "accel0"][0]
assert x["driver"] == sys.argv[2] and x["provider"] == sys.argv[2], x
assert x["bus_id"] == sys.argv[3], x
assert x["pci_vendor_id"] == 0 and x["pci_device_id"] == 0, x
assert x["mem_domains"] and x["engines"], x
PY
fi
echo "ok"
