#!/bin/bash
# accel_top on the emulated Gaudi2 (accel0) and Meteor Lake NPU (accel1):
# the JSON sample (checked with python3), the plain and CSV output, the
# option errors, and the live view driven in a real terminal (tmux).
# Usage: accel_top.sh ACCEL_TOP LIBACCEL_SHIM [PRELOAD_FIRST]
set -uo pipefail
top=$1 shim=$2 first=${3:-}
preload=$shim
[ -n "$first" ] && preload="$first:$shim"

dir=$(mktemp -d "${TMPDIR:-/tmp}/accel-top.XXXXXX")
sock=accel_top_test_$$
cleanup() {
	command -v tmux >/dev/null && tmux -L "$sock" kill-server 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
export ACCEL_SHIM_DIR=$dir/tree ACCEL_SHIM_DEVICES=gaudi2,mtl

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$dir/out"; exit 1; }
run() { LD_PRELOAD=$preload "$top" "$@" > "$dir/out" 2> "$dir/err"; }

# JSON: one object, the Gaudi2's power from HL_INFO, the NPU's busy time
run -n 1 --json || fail "accel_top -n 1 --json exited $?"
python3 - "$dir/out" <<'PY' || fail "JSON check"
import json, sys
d = json.load(open(sys.argv[1]))
devs = {x["name"]: x for x in d["devices"]}
hl, npu = devs["accel0"], devs["accel1"]
assert hl["driver"] == "habanalabs", hl
assert hl["power_uw"] == 60000000, hl
assert hl["clock_max_mhz"] == 1650, hl
assert hl["mem_total"] > 0, hl
assert npu["driver"] == "intel_vpu", npu
assert "busy_ns" in npu and npu["clock_max_mhz"] == 1400, npu
assert isinstance(d["processes"], list)
PY

# plain lines when stdout is not a terminal
run -n 2 -i 0.1 || fail "plain exited $?"
grep -q '^accel0 *habanalabs .* 60.0W 1000/1650MHz' "$dir/out" || fail "no Gaudi2 line"
grep -q '^accel1 *intel_vpu ' "$dir/out" || fail "no NPU line"
[ "$(grep -c '^DEVICE' "$dir/out")" = 2 ] || fail "not two samples"
grep -q $'\033' "$dir/out" && fail "escape sequences in plain output"

# CSV: a header, then a row per device
run -n 1 --csv -d accel1 || fail "csv exited $?"
head -1 "$dir/out" | grep -q '^kind,time,device,driver,busy_pct' || fail "no CSV header"
grep -q '^device,[0-9.]*,accel1,intel_vpu,' "$dir/out" || fail "no CSV NPU row"
grep -q 'accel0' "$dir/out" && fail "-d accel1 shows accel0"

# errors
run -n 1 -d nosuch; [ $? = 3 ] || fail "-d nosuch did not exit 3"
run -i 0; [ $? = 2 ] || fail "-i 0 did not exit 2"
run -s bogus; [ $? = 2 ] || fail "-s bogus did not exit 2"

# the live view in a terminal
if ! command -v tmux >/dev/null; then
	echo "SKIP: tmux is not installed (buildlib/install-deps.sh installs it)"
	exit 77
fi
: > "$dir/out"
tmux -L "$sock" new-session -d -x 120 -y 30 \
	"env LD_PRELOAD='$preload' ACCEL_SHIM_DIR='$ACCEL_SHIM_DIR' ACCEL_SHIM_DEVICES='$ACCEL_SHIM_DEVICES' ACCEL_PROVIDERS='${ACCEL_PROVIDERS:-}' ACCEL_PROVIDER_PATH='${ACCEL_PROVIDER_PATH:-}' ACCEL_CONFIG_DIR='${ACCEL_CONFIG_DIR:-}' '$top' -i 0.2 2> '$dir/err'; sleep 0.5" ||
	fail "tmux new-session"
screen() { tmux -L "$sock" capture-pane -p > "$dir/out" 2>/dev/null; }
wait_for() {
	local i
	for i in $(seq 50); do
		screen
		grep -q -- "$1" "$dir/out" && return 0
		sleep 0.1
	done
	return 1
}
wait_for '^accel0 *habanalabs' || fail "no device line on the screen: $(cat "$dir/err")"
grep -q '^accel_top - 2 devices' "$dir/out" || fail "no title line"
grep -q 'sorted by engine' "$dir/out" || fail "not sorted by engine"
grep -q '^ *PID USER' "$dir/out" || fail "no process table"
tmux -L "$sock" send-keys m
wait_for 'sorted by mem' || fail "m did not sort by memory"
tmux -L "$sock" send-keys q
for i in $(seq 50); do
	screen || break
	# accel_top left: the pane's command is now the sleep after it
	[ "$(tmux -L "$sock" display -p '#{pane_current_command}' 2>/dev/null)" != accel_top ] && break
	sleep 0.1
done
[ "$(tmux -L "$sock" display -p '#{pane_current_command}' 2>/dev/null)" = accel_top ] &&
	fail "q did not quit"
echo "ok"
