#!/bin/bash
# accel_devinfo -v on soft, for people and for scripts: capabilities and
# flags as JSON arrays, unlimited for zero limits, and why export is
# impossible where the kernel has neither /dev/udmabuf nor the system
# dma-heap (ACCEL_DEV_PATH: an empty /dev); with a /dev/udmabuf the
# capability is there and no reason is given.
# Usage: devinfo_soft.sh ACCEL_DEVINFO
set -euo pipefail
devinfo=$1
command -v python3 > /dev/null || { echo "SKIP: python3 is missing"; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-devinfo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/nodev" "$dir/udmabuf"
: > "$dir/udmabuf/udmabuf"

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { "$devinfo" "$@" > "$dir/out" 2>&1 || fail "accel_devinfo $* exited $?"; }
has() { grep -q -- "$1" "$dir/out" || fail "no '$1' in the output"; }

export ACCEL_DEV_PATH=$dir/nodev
run -v -d soft0
has 'dmabuf_export:.*impossible: .*soft: export needs /dev/udmabuf'
has 'max_queues:.*unlimited'
has 'engine 0:.*in_flight unlimited max_bos unlimited'
grep -q '^	caps:.*dmabuf_export' "$dir/out" && fail "caps claim dmabuf_export"

check_json() {
	python3 - "$dir/out" "$1" <<'PY' || fail "JSON content ($1)"
import json, sys
x = json.load(open(sys.argv[1]))["devices"][0]
a = x["attributes"]
assert x["name"] == "soft0", x
assert isinstance(a["caps"], list) and all(isinstance(c, str) for c in a["caps"]), a
assert "submit" in a["caps"] and "host_map" in a["caps"], a
for m in x["mem_domains"]:
    assert isinstance(m["flags"], list) and "host_visible" in m["flags"], m
for e in x["engines"]:
    assert isinstance(e["flags"], list) and "in_order" in e["flags"], e
if sys.argv[2] == "nodev":
    assert "dmabuf_export" not in a["caps"], a
    assert "exportable" not in x["mem_domains"][0]["flags"], x
    assert "/dev/udmabuf" in a["dmabuf_export_error"], a
else:
    assert "dmabuf_export" in a["caps"], a
    assert "exportable" in x["mem_domains"][0]["flags"], x
    assert a["dmabuf_export_error"] is None, a
PY
}
run -v --json -d soft0
check_json nodev

export ACCEL_DEV_PATH=$dir/udmabuf
run -v -d soft0
grep -q 'dmabuf_export:.*impossible' "$dir/out" && fail "a reason although export is possible"
has '^	caps:.*dmabuf_export'
run -v --json -d soft0
check_json udmabuf
echo ok
