#!/bin/bash
# Install check: an install-layout build (not IN_PLACE) installed with
# `cmake --install` into a temporary prefix; then a program from outside
# the tree (tests/install/outside.c) is built against that install with
# pkg-config and with CMake find_package(libaccel 1.1) and (1.0), and a
# program using a dv library (buildlib/packages/outside_dv.c) with
# pkg-config libaccel-vgem and libaccel::vgem; the installed examples
# built with their Makefile; all run, finding the installed soft provider
# through the installed .driver files.
set -uo pipefail
cd "$ACCEL_SRC"
results=${ACCEL_RESULTS:-/tmp}
# nothing of the caller's environment may point the library elsewhere
for v in "${!ACCEL_@}"; do
	case $v in ACCEL_SRC | ACCEL_RESULTS) ;; *) unset "$v" ;; esac
done

# The version and the provider ABI, as the top CMakeLists.txt sets them
version=$(sed -n 's/^project(libaccel VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
pabi=$(sed -n 's/^set(ACCEL_PABI_VERSION \([0-9]*\))/\1/p' CMakeLists.txt)

work=$(mktemp -d /tmp/accel-install.XXXXXX)
prefix=$work/prefix
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 skip=0
check() {
	if "$@"; then
		pass=$((pass + 1)); echo "ok: $*"
	else
		fail=$((fail + 1)); echo "FAIL: $*"
	fi
}
finish() {
	echo "$pass $fail $skip" >> "$results/counts"
	echo "install check: $pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}

build=build-install
if ! cmake -S . -B "$build" -DCMAKE_INSTALL_PREFIX="$prefix" -DIN_PLACE=OFF \
	-DBUILD_TESTING=OFF -DENABLE_SHIM=OFF >/dev/null ||
   ! cmake --build "$build" -j"$(nproc)" >/dev/null; then
	echo "FAIL: install-layout build"
	fail=$((fail + 1))
	finish
fi
quiet() { "$@" >/dev/null; }
check quiet cmake --install "$build"
# a staged install (packaging) puts the very same files below DESTDIR
check quiet env DESTDIR="$work/stage" cmake --install "$build"
check bash -c "diff <(cd '$prefix' && find . | sort) <(cd '$work/stage$prefix' && find . | sort)"

pc=$(find "$prefix" -name libaccel.pc | head -1)
cfg=$(find "$prefix" -name libaccelConfig.cmake | head -1)
lib=$(find "$prefix" -name libaccel.so.1 | head -1)
libdir=$(dirname "${lib:-$prefix/lib/none}")
check test -f "$prefix/include/accel/accel.h"
check test -f "$prefix/include/accel/accel_version.h"
check grep -qx "#define ACCEL_VERSION_STRING \"$version\"" "$prefix/include/accel/accel_version.h"
check test -n "$pc" -a -n "$cfg" -a -n "$lib"
check test -f "$prefix/etc/libaccel.d/soft.driver"
check test -f "$libdir/libaccel/libsoft-accelv$pabi.so"
check test -f "$libdir/libaccel.so.$version"
# the installed .driver files name providers, not build-tree paths
check bash -c "! grep -rq '$ACCEL_SRC' '$prefix/etc/libaccel.d'"
check tests/unit/check-symbols.sh "$lib" "$libdir/libaccel" "$pabi"
[ -n "$pc" ] && [ -n "$lib" ] || finish

export PKG_CONFIG_PATH=$(dirname "$pc")
# every public library has a .pc of the one version
for m in libaccel libaccel-verbs libhldv libaccel-vgem; do
	check test "$(pkg-config --modversion "$m")" = "$version"
done

# pkg-config: the public header must build warning-free as C99 and C++
run_env=(env LD_LIBRARY_PATH="$libdir" ACCEL_CONFIG_DIR="$prefix/etc/libaccel.d")
# shellcheck disable=SC2046
check cc -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -pedantic \
	$(pkg-config --cflags libaccel) tests/install/outside.c \
	$(pkg-config --libs libaccel) -o "$work/outside-pc"
if command -v c++ >/dev/null; then
	# shellcheck disable=SC2046
	check bash -c "echo '#include <accel/accel.h>
int main() { int n; accel_free_device_list(accel_get_device_list(&n)); return 0; }' |
		c++ -x c++ -Wall -Wextra -Werror $(pkg-config --cflags libaccel) - \
		$(pkg-config --libs libaccel) -o '$work/outside-cxx'"
else
	skip=$((skip + 1)); echo "skip: no C++ compiler"
fi
check "${run_env[@]}" "$work/outside-pc" --require soft0
# the compiled-in paths of the install are the prefix's: no override needed
check env LD_LIBRARY_PATH="$libdir" "$work/outside-pc" --require soft0
# a dv library through its own .pc
# shellcheck disable=SC2046
check cc -Wall -Wextra -Werror $(pkg-config --cflags libaccel-vgem) \
	buildlib/packages/outside_dv.c $(pkg-config --libs libaccel-vgem) -o "$work/outside-dv-pc"
check "${run_env[@]}" "$work/outside-dv-pc"

# CMake: find_package(libaccel 1.1) -> libaccel::accel, libaccel::vgem;
# 1.0 is the same major and must be found too, 2.0 must not
major=${version%%.*}
for want in "${version%.*}" "$major.0"; do
	check cmake -S tests/install -B "$work/cmake-$want" -DACCEL_WANT="$want" \
		-DCMAKE_PREFIX_PATH="$prefix" >/dev/null
	check cmake --build "$work/cmake-$want" >/dev/null
	check "${run_env[@]}" "$work/cmake-$want/outside" --require soft0
	check "${run_env[@]}" "$work/cmake-$want/outside_dv"
done
check bash -c "! cmake -S tests/install -B '$work/cmake-next' -DACCEL_WANT=$((major + 1)).0 \
	-DCMAKE_PREFIX_PATH='$prefix' >/dev/null 2>&1"

# the examples as installed for libaccel-dev: a copy built with their own
# Makefile through the install's pkg-config files, run on soft0
examples=$(find "$prefix/share/doc" -type d -name examples | head -1)
check test -n "$examples" -a -f "$examples/Makefile"
if [ -n "$examples" ]; then
	cp -r "$examples" "$work/examples"
	check quiet make -C "$work/examples" CFLAGS="-O2 -Werror"
	for ex in accel_fill_copy accel_pipeline accel_generic; do
		check quiet "${run_env[@]}" "$work/examples/$ex" -d soft0
	done
fi

# the installed CLI
check "${run_env[@]}" bash -c "'$prefix/bin/accel_devinfo' -l | grep -qx soft0"
if command -v python3 >/dev/null; then
	check "${run_env[@]}" bash -c "'$prefix/bin/accel_devinfo' --json | python3 -m json.tool >/dev/null"
else
	skip=$((skip + 1)); echo "skip: no python3 to check the JSON"
fi
finish
