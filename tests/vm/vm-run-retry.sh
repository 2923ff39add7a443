#!/bin/bash
# SPDX-License-Identifier: MIT
# accel-vm-run's one retry, against a stand-in qemu-system-x86_64 first in
# PATH (the kernel image and initramfs are the real ones): a guest that
# stops before it booted is booted once more; one that stops after it
# booted, or twice before, gives no exit status (125). Exit 77 where
# accel-vm-run cannot run at all.
# Usage: vm-run-retry.sh ACCEL_VM_RUN
set -uo pipefail
run=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/work"

# The stand-in: MODE says what each boot does; every boot is counted.
cat > "$tmp/bin/qemu-system-x86_64" <<'EOF'
#!/bin/bash
n=$(($(cat "$FAKE_DIR/boots" 2>/dev/null || echo 0) + 1))
echo $n > "$FAKE_DIR/boots"
for a in "$@"; do
	case $a in *accel_vm.work=*) args=$a ;; esac
done
work=$(sed 's/.*accel_vm.work=\([^ ]*\).*/\1/' <<<"$args")
state=$(sed 's/.*accel_vm.state=\([^ ]*\).*/\1/' <<<"$args")
case "$FAKE_MODE:$n" in
early-once:1 | early-always:*)
	echo "Kernel panic - not syncing: Fatal exception in interrupt"
	exit 0 ;;
after-boot:*)
	echo booted > "$work/$state/booted"
	exit 0 ;;
*)
	echo booted > "$work/$state/booted"
	echo 0 > "$work/$state/rc"
	exit 0 ;;
esac
EOF
chmod +x "$tmp/bin/qemu-system-x86_64"

fail=0
# mode, the exit status wanted, the boots wanted
check() {
	local rc boots
	rm -f "$tmp/boots"
	FAKE_DIR=$tmp FAKE_MODE=$1 PATH="$tmp/bin:$PATH" \
		"$run" -w "$tmp/work" -t 60 /bin/true > "$tmp/out" 2>&1
	rc=$?
	[ $rc -eq 77 ] && { cat "$tmp/out"; exit 77; }
	boots=$(cat "$tmp/boots" 2>/dev/null || echo 0)
	if [ $rc -ne "$2" ] || [ "$boots" -ne "$3" ]; then
		echo "FAIL: $1: exit $rc after $boots boots, wanted $2 after $3"
		cat "$tmp/out"
		fail=1
	else
		echo "ok: $1: exit $rc after $boots boots"
	fi
}
check ok 0 1
check early-once 0 2
check after-boot 125 1
check early-always 125 2
grep -q "booting once more" "$tmp/out" ||
	{ echo "FAIL: the retry does not say so"; fail=1; }
exit $fail
