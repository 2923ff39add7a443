#!/bin/bash
# The distro packages, built and used the way a distribution would:
# dpkg-buildpackage in a copy of the tree (the source tree stays clean),
# lintian without errors, the .debs installed with apt-get, the installed
# accel_devinfo listing soft0, a program outside the tree built against the
# installed libaccel-dev (pkg-config and CMake, for libaccel and for the
# dv library libaccel-vgem), libaccel-dev's examples built from its doc
# directory with their Makefile, rpmbuild of
# redhat/libaccel.spec and the files of each package. The packages are
# removed again at the end, so the machine stays as it was.
set -uo pipefail
cd "$ACCEL_SRC" || exit 1
"$ACCEL_SRC/buildlib/install-deps.sh" debhelper devscripts lintian rpm fakeroot \
	dpkg-dev pkg-config gcc make dh-python cython3 python3-dev || exit 1

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
out=$ACCEL_RESULTS/packages
work=$(mktemp -d "${TMPDIR:-/tmp}/accel-packages.XXXXXX")
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0
installed=()

# Purges those of the given packages that dpkg knows (apt-get refuses a
# name it has never seen), waiting for another apt or dpkg to finish.
purge_pkgs() {
	local known

	known=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
		awk '$1 != "un" { print $2 }')
	[ -z "$known" ] && return 0
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get purge -y \
		-o DPkg::Lock::Timeout=600 $known
}

cleanup() {
	[ ${#installed[@]} -gt 0 ] && purge_pkgs "${installed[@]}" >> "$out/purge.log" 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

# check NAME COMMAND...: runs the command with its output in $out/NAME.log
check() {
	local name=$1 log=$out/$1.log

	shift
	if "$@" > "$log" 2>&1; then
		pass=$((pass + 1))
		echo "ok: $name"
	else
		fail=$((fail + 1))
		echo "FAIL: $name ($log)"
		tail -n 30 "$log" | sed 's/^/    /'
	fi
}

# The version is set once, in project() of the top CMakeLists.txt; the
# Debian changelog and the spec (its Version and newest %changelog entry)
# must say the same.
ver=$(dpkg-parsechangelog -l debian/changelog -S Version)
upver=${ver%-*}
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
pabi=$(sed -n 's/^set(ACCEL_PABI_VERSION \([0-9]*\))/\1/p' CMakeLists.txt)
versions_agree() {
	local cm spec speclog

	cm=$(sed -n 's/^project(libaccel VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
	spec=$(sed -n 's/^Version:[ \t]*//p' redhat/libaccel.spec)
	speclog=$(sed -n '/^%changelog/,$ s/^\*.* - \([0-9.]*\)-[^-]*$/\1/p' \
		redhat/libaccel.spec | head -1)
	echo "CMakeLists.txt $cm, debian/changelog $upver, redhat/libaccel.spec $spec" \
		"(%changelog $speclog), provider ABI $pabi"
	[ -n "$cm" ] && [ -n "$pabi" ] && [ "$cm" = "$upver" ] &&
		[ "$spec" = "$cm" ] && [ "$speclog" = "$cm" ]
}
check versions-agree versions_agree

# A copy of the tree: the files git tracks, or everything but build output.
src=$work/libaccel-$upver
copy_tree() {
	mkdir -p "$src"
	if git rev-parse --git-dir >/dev/null 2>&1; then
		# shellcheck disable=SC2016
		git ls-files -z --cached | xargs -0 -r -n 200 sh -c \
			'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
			tar --null -cf - -T - | tar -C "$src" -xf -
	else
		tar --exclude=./build --exclude='./build-*' --exclude='./obj-*' \
			--exclude=./.git -cf - . | tar -C "$src" -xf -
	fi
}
check copy-tree copy_tree

# The providers the copy builds, besides soft: each must be packaged.
hw_providers=()
for p in "$src"/providers/*/; do
	p=$(basename "$p")
	[ "$p" != soft ] && [ -e "$src/providers/$p/CMakeLists.txt" ] && hw_providers+=("$p")
done

# The pristine copy is also the RPM source tarball.
rpmtop=$work/rpm
mkdir -p "$rpmtop/SOURCES"
tar -C "$work" -czf "$rpmtop/SOURCES/libaccel-$upver.tar.gz" "libaccel-$upver"

# --- Debian ----------------------------------------------------------------
build_debs() {
	(cd "$src" && dpkg-buildpackage -b -us -uc)
}
check dpkg-buildpackage build_debs
cp "$work"/*.deb "$work"/*.changes "$out/" 2>/dev/null
# Nothing of the package build lands in the source tree.
tree_unchanged() {
	local f found=0

	for f in debian/tmp debian/.debhelper debian/files debian/debhelper-build-stamp \
		 debian/libaccel1 debian/accel-utils build-deb obj-*; do
		[ -e "$f" ] && { echo "left in the source tree: $f"; found=1; }
	done
	return $found
}
check source-tree-clean tree_unchanged
check lintian lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs \
	"$work/libaccel_${ver}_$(dpkg-architecture -qDEB_HOST_ARCH).changes"

debs=()
for d in "$work"/*.deb; do
	[ -e "$d" ] && [[ $d != *-dbgsym_* ]] && debs+=("$d")
done

# the example sources libaccel-dev ships, with their Makefile
examples=(Makefile accel_encoders.h)
for f in examples/*.c; do examples+=("$(basename "$f")"); done

# has_files LIST FILE...: each FILE (an extended regex) is a line of LIST
has_files() {
	local list=$1 f

	shift
	for f in "$@"; do
		grep -qxE "$f" <<< "$list" || { echo "missing: $f"; return 1; }
	done
	echo "holds $*"
}
deb_has() {
	local pkg=$1

	shift
	echo -n "$pkg: "
	has_files "$(dpkg-deb -c "$work/${pkg}_${ver}_"*.deb | awk '{ print $6 }' |
		sed 's|^\./|/|')" "$@"
}
deb_files() {
	local man3=() man7=() ex=() prov=(/lib/udev/rules.d/70-libaccel.rules) p f

	for f in man/*.3; do man3+=("/usr/share/man/man3/$(basename "$f").gz"); done
	for p in "${hw_providers[@]}"; do
		prov+=("/etc/libaccel.d/$p.driver" "/usr/lib/$triplet/libaccel/lib$p-accelv$pabi.so")
	done
	deb_has libaccel1 "/usr/lib/$triplet/libaccel.so.1" &&
	deb_has libaccel-providers "${prov[@]}" &&
	for f in man/*.7; do man7+=("/usr/share/man/man7/$(basename "$f").gz"); done
	for f in "${examples[@]}"; do ex+=("/usr/share/doc/libaccel-dev/examples/$f"); done
	deb_has libaccel-soft /etc/libaccel.d/soft.driver \
		"/usr/lib/$triplet/libaccel/libsoft-accelv$pabi.so" &&
	deb_has libaccel-dev /usr/include/accel/accel.h /usr/include/accel/accel_version.h \
		"/usr/lib/$triplet/libaccel.so" "/usr/lib/$triplet/pkgconfig/libaccel.pc" \
		"/usr/lib/$triplet/pkgconfig/libaccel-verbs.pc" \
		"/usr/lib/$triplet/pkgconfig/libaccel-vgem.pc" "/usr/lib/$triplet/pkgconfig/libhldv.pc" \
		"/usr/lib/$triplet/cmake/libaccel/libaccelConfig.cmake" \
		"/usr/lib/$triplet/cmake/libaccel/libaccelConfigVersion.cmake" "${man3[@]}" \
		"${man7[@]}" "${ex[@]}" &&
	deb_has libaccel-verbs1 "/usr/lib/$triplet/libaccel_verbs.so.1" &&
	deb_has accel-utils /usr/bin/accel_devinfo /usr/share/man/man1/accel_devinfo.1.gz \
		/usr/bin/accel_rdma_pingpong /usr/share/man/man1/accel_rdma_pingpong.1.gz \
		/usr/bin/accel_top /usr/share/man/man1/accel_top.1.gz \
		/usr/share/bash-completion/completions/accel_devinfo \
		/usr/share/bash-completion/completions/accel_top &&
	deb_has python3-accel /usr/lib/python3/dist-packages/accel/__init__.py \
		'/usr/lib/python3/dist-packages/accel/_accel\.cpython-.*\.so'
}
check deb-files deb_files

# The private provider ABI: providers (and libaccel_verbs, which sets
# reasons through it) accept only the libaccel1 of their build.
abi_locked() {
	local p dep brk

	for p in libaccel-providers libaccel-soft libaccel-verbs1; do
		dep=$(dpkg-deb -f "$work/${p}_${ver}_"*.deb Depends)
		echo "$p Depends: $dep"
		grep -qF "libaccel1 (= $ver)" <<< "$dep" || return 1
	done
	brk=$(dpkg-deb -f "$work/libaccel1_${ver}_"*.deb Breaks)
	echo "libaccel1 Breaks: $brk"
	grep -q 'libaccel-providers (<<' <<< "$brk" && grep -q 'libaccel-soft (<<' <<< "$brk" &&
		grep -q 'libaccel-verbs1 (<<' <<< "$brk"
}
check deb-provider-abi-locked abi_locked

# A bare install of the library brings the soft device along.
recommends_soft() {
	local rec

	rec=$(dpkg-deb -f "$work/libaccel1_${ver}_"*.deb Recommends)
	echo "libaccel1 Recommends: $rec"
	grep -qE '(^|, )libaccel-soft(,|$| )' <<< "$rec"
}
check deb-libaccel1-recommends-soft recommends_soft

# Packages of the same version left by an earlier run would not be
# replaced, and the checks below would test them: remove them first.
if [ ${#debs[@]} -gt 0 ]; then
	for d in "${debs[@]}"; do
		installed+=("$(dpkg-deb -f "$d" Package)")
	done
	purge_pkgs "${installed[@]}" > "$out/purge-before.log" 2>&1
fi
apt_install() {
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		-o DPkg::Lock::Timeout=600 "${debs[@]}" &&
	dpkg-query -W "${installed[@]}"
}
check apt-install apt_install

# A libaccel1 of another build cannot join the installed providers: apt
# would have to remove them (asked in simulation; nothing changes).
abi_mismatch_refused() {
	local tmp=$work/mismatch sim

	rm -rf "$tmp" && mkdir -p "$tmp" &&
	dpkg-deb -R "$work/libaccel1_${ver}_"*.deb "$tmp/pkg" &&
	sed -i "s/^Version: .*/Version: $upver+next-1/" "$tmp/pkg/DEBIAN/control" &&
	dpkg-deb -b "$tmp/pkg" "$tmp/libaccel1-next.deb" || return 1
	sim=$(apt-get install --simulate -o Debug::NoLocking=1 "$tmp/libaccel1-next.deb" 2>&1)
	echo "$sim"
	grep -q "^Inst libaccel1 .*$upver+next-1" <<< "$sim" &&
	grep -q '^Remv libaccel-providers ' <<< "$sim" &&
	grep -q '^Remv libaccel-soft ' <<< "$sim"
}
check deb-abi-mismatch-refused abi_mismatch_refused

# The installed tools, with none of the test suite's environment.
clean() {
	env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$@"
}
devinfo_lists_soft0() {
	local list

	list=$(clean /usr/bin/accel_devinfo -l) || return 1
	echo "$list"
	grep -qx soft0 <<< "$list"
}
devinfo_json() {
	clean /usr/bin/accel_devinfo -v --json | python3 -c '
import json, sys
doc = json.load(sys.stdin)
names = [d["name"] for d in doc["devices"]]
print(names)
assert "soft0" in names
'
}
check installed-devinfo-lists-soft0 devinfo_lists_soft0
check installed-devinfo-json devinfo_json
# the installed Python package (python3-accel), from outside the tree
python_import() {
	local out

	out=$(cd "$work" && clean python3 -c 'import accel; print(accel.devices())') || return 1
	echo "$out"
	grep -q "soft0" <<< "$out"
}
check installed-python-import python_import

outside=$work/outside
mkdir -p "$outside"
cp buildlib/packages/outside.c buildlib/packages/outside_dv.c \
	buildlib/packages/CMakeLists.txt "$outside/"
outside_pkg_config() {
	local libdir

	libdir=$(clean pkg-config --variable=libdir libaccel) || return 1
	echo "libaccel.pc: libdir $libdir"
	[ "$libdir" = "/usr/lib/$triplet" ] || return 1
	# shellcheck disable=SC2046
	clean cc -Wall -Wextra -Werror -o "$outside/outside-pc" "$outside/outside.c" \
		$(clean pkg-config --cflags --libs libaccel) && clean "$outside/outside-pc" || return 1
	# a dv library through its own .pc, of the same version
	[ "$(clean pkg-config --modversion libaccel-vgem)" = "$upver" ] || return 1
	# shellcheck disable=SC2046
	clean cc -Wall -Wextra -Werror -o "$outside/outside-dv-pc" "$outside/outside_dv.c" \
		$(clean pkg-config --cflags --libs libaccel-vgem) && clean "$outside/outside-dv-pc"
}
# The installed package config must be the one found, not a build tree's.
outside_cmake() {
	local conf

	conf=$(clean cmake -S "$outside" -B "$outside/build" \
		-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF) || return 1
	echo "$conf"
	grep -qx -- "-- libaccel_DIR=/usr/lib/$triplet/cmake/libaccel" <<< "$conf" &&
	grep -qx -- "-- libaccel_VERSION=$upver" <<< "$conf" &&
		clean cmake --build "$outside/build" && clean "$outside/build/outside" &&
		clean "$outside/build/outside_dv"
}
check outside-pkg-config outside_pkg_config
check outside-cmake outside_cmake
# the same as the package's autopkgtest (debian/tests) runs it
autopkgtest_outside() {
	local tmp=$work/autopkgtest

	mkdir -p "$tmp" &&
	(cd "$src" && clean AUTOPKGTEST_TMP="$tmp" debian/tests/outside-program)
}
check autopkgtest-outside-program autopkgtest_outside
# libaccel-dev's examples, built from /usr/share/doc as they are installed
autopkgtest_examples() {
	local tmp=$work/autopkgtest-examples

	mkdir -p "$tmp" &&
	(cd "$src" && clean AUTOPKGTEST_TMP="$tmp" debian/tests/examples)
}
check autopkgtest-examples autopkgtest_examples

# --- RPM -------------------------------------------------------------------
rpm_build() {
	rpmbuild --define "_topdir $rpmtop" --define 'debug_package %{nil}' \
		--nodeps -bb redhat/libaccel.spec
}
check rpmbuild rpm_build
cp "$rpmtop"/RPMS/*/*.rpm "$out/" 2>/dev/null

rpm_has() {
	local pkg=$1 list

	shift
	list=$(rpm -qlp "$rpmtop"/RPMS/*/"$pkg-$upver"-*.rpm) || return 1
	echo -n "$pkg: "
	has_files "$list" "$@"
}
rpm_files() {
	local libdir docdir man3=() man7=() ex=() prov=() p f

	libdir=$(rpm --eval '%{_libdir}')
	for f in man/*.3; do man3+=("/usr/share/man/man3/$(basename "$f")(\.gz|\.xz)?"); done
	for p in soft "${hw_providers[@]}"; do
		prov+=("/etc/libaccel.d/$p.driver" "$libdir/libaccel/lib$p-accelv$pabi.so")
	done
	for f in man/*.7; do man7+=("/usr/share/man/man7/$(basename "$f")(\.gz|\.xz)?"); done
	docdir=$(rpm --eval '%{_defaultdocdir}')
	for f in "${examples[@]}"; do ex+=("$docdir/libaccel-devel/examples/$f"); done
	rpm_has libaccel "$libdir/libaccel.so.1" "${prov[@]}" \
		'/usr/lib/udev/rules.d/70-libaccel.rules' &&
	rpm_has libaccel-devel /usr/include/accel/accel.h /usr/include/accel/accel_version.h \
		"$libdir/libaccel.so" "$libdir/pkgconfig/libaccel.pc" \
		"$libdir/pkgconfig/libaccel-verbs.pc" "$libdir/pkgconfig/libaccel-vgem.pc" \
		"$libdir/pkgconfig/libhldv.pc" "$libdir/cmake/libaccel/libaccelConfig.cmake" \
		"$libdir/cmake/libaccel/libaccelConfigVersion.cmake" "${man3[@]}" \
		"${man7[@]}" "${ex[@]}" &&
	rpm_has libaccel-verbs "$libdir/libaccel_verbs.so.1" &&
	rpm_has libaccel-utils /usr/bin/accel_devinfo /usr/bin/accel_rdma_pingpong \
		/usr/bin/accel_top '/usr/share/man/man1/accel_devinfo.1(\.gz|\.xz)?' \
		/usr/share/bash-completion/completions/accel_devinfo \
		/usr/share/bash-completion/completions/accel_top &&
	rpm_has python3-accel '.*/accel/__init__\.py' '.*/accel/_accel\.cpython-.*\.so'
}
check rpm-files rpm_files

# --- Leave the machine as it was -------------------------------------------
purge() {
	local left

	[ ${#installed[@]} -gt 0 ] || return 1
	purge_pkgs "${installed[@]}" || return 1
	left=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${installed[@]}" \
		2>/dev/null | awk '$1 != "un"')
	installed=()
	[ -z "$left" ] || { echo "still there: $left"; return 1; }
}
check purge purge

echo "$pass $fail 0" >> "$ACCEL_RESULTS/counts"
[ "$fail" -eq 0 ]
