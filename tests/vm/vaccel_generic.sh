#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: examples/accel_generic, the one program for every device,
# on the real vaccel module: fill on one queue, copy on a second queue
# that waits for the first, job status, read back, dma-buf and sync_file
# export. Run once as a user would (no -d: the first device the example
# can encode for, a kernel device before soft) and once per engine count.
# Usage: vaccel_generic.sh PATH_TO_accel_generic PATH_TO_vaccel.ko
set -eu
generic=$1
ko=$2
[ -f "$ko" ] || { echo "SKIP: vaccel.ko not built ($ko)"; exit 77; }

load=$(dirname "$0")/vaccel-load.sh

for params in "engines=1" "engines=2 devices=2"; do
	# shellcheck disable=SC2086
	"$load" "$ko" $params
	node=$(ls /sys/devices/platform/vaccel.0/accel)
	echo "--- vaccel $params: $node"
	out=$("$generic" -s 262144)
	echo "$out"
	echo "$out" | grep -q "^device $node (driver vaccel)$" ||
		{ echo "FAIL: the example did not pick $node"; exit 1; }
	"$generic" -d "$node" -s 4096
done
rmmod vaccel
echo "accel_generic on vaccel: ok"
