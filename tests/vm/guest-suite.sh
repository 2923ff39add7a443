#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs inside the test VM (as accel-vm-run's command): every test of the
# manifest in order, each under a timeout, writing RESULTS/<name>.rc,
# .log and .secs. A test that exits 0 but leaves a kernel BUG, WARNING,
# Oops, lockdep, KASAN or UBSAN report in the log fails. Exits 0 once
# every test has a result.
# Usage: guest-suite.sh MANIFEST RESULTS   (manifest: "name seconds cmd...")
manifest=$1
results=$2
mkdir -p "$results" || exit 2
[ -r "$manifest" ] || { echo "guest-suite: cannot read $manifest"; exit 2; }
echo "accel-vm: kernel $(uname -r), $(nproc) CPUs" > "$results/guest-info"

# BUG/WARNING/Oops, and what lockdep, KASAN, UBSAN, kmemleak, RCU and the
# hung-task watchdog print (a lockdep splat's first line is a WARNING, the
# rest name it; a debug kernel is needed for them to appear at all)
kernel_patterns='BUG:|WARNING:|Oops|kernel BUG at|general protection|Call Trace'
kernel_patterns="$kernel_patterns|possible circular locking|possible recursive locking"
kernel_patterns="$kernel_patterns|inconsistent lock state|possible irq lock inversion"
kernel_patterns="$kernel_patterns|suspicious RCU usage|lockdep|BUG: KASAN|KASAN|UBSAN:|UBSAN"
kernel_patterns="$kernel_patterns|kmemleak|blocked for more than|refcount_t:|list_add corruption|list_del corruption"

kernel_problems() {
	# the log from our marker on
	dmesg | sed -n "/accel-vm-test: start $1\$/,\$p" |
		grep -E "$kernel_patterns"
}

while read -r name secs cmd; do
	case $name in ''|'#'*) continue ;; esac
	echo "accel-vm-test: start $name" > /dev/kmsg
	echo "=== $name"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	timeout -k 5 "$secs" $cmd > "$results/$name.log" 2>&1 < /dev/null
	rc=$?
	[ $rc -eq 124 ] && echo "TIMEOUT after $secs s" >> "$results/$name.log"
	if problems=$(kernel_problems "$name"); then
		{ echo "the kernel logged during this test:"; echo "$problems"; } >> "$results/$name.log"
		[ $rc -eq 0 ] && rc=1
	fi
	echo $(($(date +%s) - t0)) > "$results/$name.secs"
	echo $rc > "$results/$name.rc"
	echo "=== $name: exit $rc ($(cat "$results/$name.secs") s)"
done < "$manifest"
dmesg > "$results/dmesg"
exit 0
