#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: vaccel_api (the generic API on the real vaccel module)
# once more under valgrind's memcheck: no invalid access, no definite or
# indirect leak in libaccel and the vaccel, soft and vgem providers, on
# every path the test takes (failed and hung jobs, cross-device waits,
# dma-bufs, hot-unplug under an open context). About 30 s in an idle
# guest. Skips without valgrind.
# Usage: vaccel_valgrind.sh PATH_TO_vm_vaccel_api PATH_TO_vaccel.ko
set -u
api=$1
ko=$2
command -v valgrind > /dev/null || { echo "SKIP: no valgrind"; exit 77; }
[ -f "$ko" ] || { echo "SKIP: vaccel.ko not built ($ko)"; exit 77; }
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect "$api" "$ko"
