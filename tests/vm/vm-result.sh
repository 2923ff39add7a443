#!/bin/sh
# SPDX-License-Identifier: MIT
# ctest's vm.<test>: the result of one test of the guest run (vm.boot).
# Usage: vm-result.sh RESULTS NAME
results=$1 name=$2
if [ -f "$results/SKIPPED" ]; then
	cat "$results/SKIPPED"
	exit 77
fi
if [ ! -f "$results/$name.rc" ]; then
	echo "$name has no result: the guest run (vm.boot) did not reach it"
	exit 1
fi
cat "$results/$name.log"
echo "--- $name: exit $(cat "$results/$name.rc") in the VM ($(cat "$results/$name.secs") s)"
exit "$(cat "$results/$name.rc")"
