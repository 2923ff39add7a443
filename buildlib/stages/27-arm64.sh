#!/bin/bash
# The arm64 cross build (issue 15): libaccel, every provider and the
# utilities built for aarch64 with -Werror by Debian's cross gcc against an
# arm64 sysroot of Debian's packages (buildlib/arm64-sysroot.sh; the
# machine's apt sources and dpkg architectures stay as they are), as the
# rocket and ethosu boards run them. Checks that every library, plugin and
# program is AArch64 ELF and that each plugin's undefined symbols resolve:
# the core's against the cross-built libaccel (ACCEL_PRIVATE_<N>), the rest
# against the libraries it names. Under qemu-aarch64, when there is one,
# accel_devinfo lists the soft device and the soft examples run.
set -uo pipefail
cd "$ACCEL_SRC" || exit 1
"$ACCEL_SRC/buildlib/install-deps.sh" gcc-aarch64-linux-gnu \
	debian-archive-keyring file qemu-user-static || exit 1

top=$ACCEL_SRC/build-arm64
sysroot=$top/sysroot
build=$top/build
triple=aarch64-linux-gnu
pabi=$(sed -n 's/^set(ACCEL_PABI_VERSION \([0-9]*\))/\1/p' CMakeLists.txt)

buildlib/arm64-sysroot.sh "$top" >/dev/null || exit 1
cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE="$ACCEL_SRC/cmake/toolchain-aarch64.cmake" \
	-DACCEL_SYSROOT="$sysroot" -DIN_PLACE=ON -DENABLE_WERROR=ON \
	-DENABLE_VERBS=ON -DNO_MAN_PAGES=ON -DBUILD_TESTING=OFF >/dev/null || exit 1
cmake --build "$build" -j"$(nproc)" >/dev/null || exit 1

pass=0 fail=0 skip=0
check() {
	if "$@"; then pass=$((pass + 1)); echo "ok: $*"; else fail=$((fail + 1)); echo "FAIL: $*"; fi
}

is_aarch64() {
	file -L "$1" | grep -q 'ELF 64-bit LSB .*ARM aarch64' &&
		readelf -h "$1" | grep -q 'Machine: *AArch64'
}

# The library a DT_NEEDED name is found as: ours from the build tree, the
# others from the sysroot.
find_needed() {
	local d
	for d in "$build/lib" "$sysroot/lib/$triple" "$sysroot/usr/lib/$triple"; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

# Every undefined, non-weak symbol of a plugin is defined by a library it
# names; one in an ACCEL_* version must be libaccel's, in that version, and
# the plugin registers through accel_register_provider_<N>@ACCEL_PRIVATE_<N>.
plugin_resolves() {
	local plugin=$1 defs und lib name missing=0 ok=0
	defs=$(mktemp) und=$(mktemp)
	for lib in $(readelf -d "$plugin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		lib=$(find_needed "$lib") || { echo "  $plugin: $lib not found"; missing=1; continue; }
		readelf --dyn-syms -W "$lib" | awk '$7 != "UND" && $5 != "LOCAL" { print $8 }' |
			sed 's/@@/@/' >> "$defs"
	done
	readelf --dyn-syms -W "$plugin" | awk '$7 == "UND" && $5 == "GLOBAL" { print $8 }' > "$und"
	while read -r name; do
		case $name in
		*@ACCEL_*) ;;
		accel_*) echo "  $plugin: $name has no version"; missing=1; continue ;;
		esac
		if [[ $name == *@* ]]; then
			grep -qxF "$name" "$defs"
		else
			grep -q "^${name}\(@.*\)\?$" "$defs"
		fi || { echo "  $plugin: $name unresolved"; missing=1; }
		[ "$name" = "accel_register_provider_$pabi@ACCEL_PRIVATE_$pabi" ] && ok=1
	done < "$und"
	[ $ok -eq 1 ] || echo "  $plugin: no accel_register_provider_$pabi@ACCEL_PRIVATE_$pabi"
	rm -f "$defs" "$und"
	[ $missing -eq 0 ] && [ $ok -eq 1 ]
}

# At least the providers that run on arm64 boards, and the others built.
for prov in soft vgem rocket ethosu; do
	check test -e "$build/lib/libaccel/lib$prov-accelv$pabi.so"
done
for f in "$build"/lib/*.so.*.*.* "$build"/lib/libaccel/*.so "$build"/bin/*; do
	check is_aarch64 "$f"
done
for f in "$build"/lib/libaccel/*.so; do
	check plugin_resolves "$f"
done

qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
if [ -n "$qemu" ]; then
	# The in-place build's .driver files name the arm64 plugins.
	run() { env -u ACCEL_CONFIG_DIR "$qemu" -L "$sysroot" "$@"; }
	lists_soft0() { run "$build/bin/accel_devinfo" -l | grep -qx soft0; }
	check lists_soft0
	check run "$build/bin/accel_fill_copy"
	check run "$build/bin/accel_pipeline" -d soft0
else
	echo "skip: no qemu-aarch64 to run the arm64 programs"
	skip=3
fi
echo "$pass $fail $skip" >> "$ACCEL_RESULTS/counts"
[ "$fail" -eq 0 ]
