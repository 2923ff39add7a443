#!/bin/sh
# SPDX-License-Identifier: MIT
# (Re)loads kmod/vaccel in the test VM, then runs CMD when one is given.
# Usage: vaccel-load.sh VACCEL_KO [PARAM=VALUE...] [-- CMD [ARG...]]
#   vaccel-load.sh build/kmod/vaccel/vaccel.ko devices=2 -- ./prog
# Parameters: devices (1-8, default 1), engines (1-8, 2), job_timeout_ms
# (2000), mem_size (bytes per device, 512 MiB). Exits 77 (skip) when the
# module was not built.
ko=$1
[ -n "$ko" ] || { echo "usage: vaccel-load.sh VACCEL_KO [PARAM=V...] [-- CMD...]" >&2; exit 2; }
shift
[ -f "$ko" ] || { echo "SKIP: $ko not built (no guest kernel headers)"; exit 77; }
params=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	params="$params $1"
	shift
done
[ "$1" = "--" ] && shift
if [ -d /sys/module/vaccel ]; then
	rmmod vaccel || { echo "vaccel-load: rmmod vaccel failed (in use?)" >&2; exit 1; }
fi
modprobe -a drm_shmem_helper gpu_sched || exit 1
# shellcheck disable=SC2086
insmod "$ko" $params || exit 1
udevadm settle 2>/dev/null || true
[ $# -eq 0 ] && exit 0
exec "$@"
