#!/bin/bash
# accel_devinfo on an emulated Gaudi2: the listing, the verbose text, the
# JSON, and a device that another process holds.
# Usage: devinfo.sh ACCEL_DEVINFO LIBACCEL_SHIM HOLDER [PRELOAD_FIRST]
set -euo pipefail
devinfo=$1 shim=$2 holder=$3 first=${4:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo.XXXXXX")
hold_pid=
cleanup() {
	if [ -n "$hold_pid" ]; then
		kill "$hold_pid" 2>/dev/null || true
		wait "$hold_pid" 2>/dev/null || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
export ACCEL_SHIM_DIR=$dir/tree

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in accel_devinfo ${args[*]}"; }

args=(-l); run "${args[@]}"
has '^accel0$'
grep -q control "$dir/out" && fail "the control node is listed as a device"
args=(-d accel0); run "${args[@]}"
has 'driver:.*habanalabs'

args=(-v -d accel0); run "${args[@]}"
for s in 'driver:.*habanalabs' 'provider:.*habanalabs' 'bus_id:.*0000:3b:00.0' \
	 'pci_id:.*1da3:1020' 'card_name:.*HL225' 'driver_version:.*7\.2\.0' \
	 'mem_total:.*102273908736' 'bo_align:.*805306368' 'caps:.*dmabuf_export' \
	 'caps:.*exclusive_open' 'state:.*operational' 'mem_domain 0:.*dram' \
	 'engine 0:.*pdma.*in_order'; do
	has "$s"
done
# the provider's decoded properties (accel_describe_device_props)
for s in '^	properties:' '^	    clocks:' 'current  *1000 MHz' 'power  *60000 mW' \
	 'cpu.out0  *1600 MHz' 'state  *operational' 'tpc_enabled_mask  *0xffffff'; do
	has "$s"
done

args=(--json -v -d accel0); run "${args[@]}"
if command -v python3 >/dev/null; then
	python3 - "$dir/out" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
devs = [x for x in d["devices"] if x["name"] == "accel0"]
assert len(devs) == 1, devs
x = devs[0]
assert x["driver"] == "habanalabs", x
assert x["pci_vendor_id"] == 0x1da3 and x["pci_device_id"] == 0x1020, x
assert x["bus_id"] == "0000:3b:00.0", x
p, u = x["properties"], x["property_units"]
assert p["clocks"]["current"] == 1000 and u["clocks"]["current"] == "MHz", p["clocks"]
assert p["power"]["power"] == 60000 and u["power"]["power"] == "mW", p["power"]
assert p["pll"]["nic.out2"] == 312, p["pll"]
assert p["hw_ip"]["card_name"] == "HL225", p["hw_ip"]
assert p["hw_ip"]["dram_size"] == x["attributes"]["mem_total"], p["hw_ip"]
assert "card_name" not in u["hw_ip"], u["hw_ip"]
PY
else
	has '"driver": "habanalabs"'
	has '"pci_device_id": 4128'
fi

# another process holds the compute node: still listed, still described
coproc HOLD { "$holder"; }
hold_pid=$HOLD_PID
read -r line <&"${HOLD[0]}"
[ "$line" = ready ] || fail "holder did not start"
args=(-v -d accel0); run "${args[@]}"
has 'driver:.*habanalabs'
has 'pci_id:.*1da3:1020'
# the provider describes the busy device without opening it (through its
# control node): the card name and the state come from HL_INFO
has 'open:.*failed'
has 'card_name:.*HL225.*described without opening'
has 'state:.*operational'
has 'in_use:.*yes'
args=(--json -v -d accel0); run "${args[@]}"
has '"name": "accel0"'
has '"described"'
has 'HL225'
has '"in_use": true'
# the properties come through the control node while the device is held
has '"compute_ctx_active": 1'
has '"current": 1000'
echo "ok"
