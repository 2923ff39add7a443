#!/bin/bash
# Makes an arm64 sysroot from Debian's arm64 packages, for the cross build
# (cmake/toolchain-aarch64.cmake). apt runs under a private configuration
# (its own state, cache, sources and APT::Architectures) in DIR/apt, so the
# machine's sources, dpkg architectures and package lists stay as they were;
# the packages are only downloaded and unpacked with dpkg-deb -x, never
# installed. A second run with the same DIR reuses the downloaded .debs.
# Usage: buildlib/arm64-sysroot.sh DIR        (the sysroot is DIR/sysroot)
set -euo pipefail
dir=$(realpath -m "$1")
arch=arm64
triple=aarch64-linux-gnu
mirror=${ACCEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The machine's own release, so the sysroot's libc is the one its cross gcc
# was built for.
# shellcheck source=/dev/null
suite=${ACCEL_DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# What the libraries link against, with their own run-time dependencies so
# that ld can follow DT_NEEDED and qemu can run the programs (libibverbs
# needs libnl, and its .pc names libnl-3.0).
PKGS=(libc6 libc6-dev linux-libc-dev libgcc-s1
      libdrm2 libdrm-dev libudev1 libudev-dev
      libibverbs1 libibverbs-dev libnl-3-200 libnl-route-3-200
      libnl-3-dev libnl-route-3-dev)

apt=$dir/apt
sysroot=$dir/sysroot
mkdir -p "$apt"/{etc/apt.conf.d,etc/preferences.d,etc/trusted.gpg.d,state/lists/partial,cache/archives/partial,debs}
cat > "$apt/etc/sources.list" <<EOS
deb [arch=$arch signed-by=$keyring] $mirror $suite main
EOS
cat > "$apt/apt.conf" <<EOC
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
Dir::State "$apt/state";
Dir::State::status "$apt/state/status";
Dir::Cache "$apt/cache";
Dir::Etc "$apt/etc";
Dir::Etc::SourceList "$apt/etc/sources.list";
Dir::Etc::SourceParts "$apt/etc/sources.list.d";
Dir::Etc::Parts "$apt/etc/apt.conf.d";
Dir::Etc::Preferences "$apt/etc/preferences";
Dir::Etc::PreferencesParts "$apt/etc/preferences.d";
Dir::Etc::Trusted "$apt/etc/trusted.gpg";
Dir::Etc::TrustedParts "$apt/etc/trusted.gpg.d";
Acquire::Languages "none";
EOC
# The machine's apt.conf.d is not read (its update hooks would touch the
# machine's caches), but its proxy is used, as the machine's apt would.
for opt in Acquire::http::Proxy Acquire::https::Proxy; do
	val=$(apt-config dump "$opt" | sed -n "s/^$opt \"\(.*\)\";$/\1/p" | head -1)
	if [ -n "$val" ]; then
		echo "$opt \"$val\";" >> "$apt/apt.conf"
	fi
done
touch "$apt/state/status"
export APT_CONFIG=$apt/apt.conf

# The lists are fetched once; delete DIR/apt/state/lists to refresh them.
if ! ls "$apt/state/lists/"*_Packages* >/dev/null 2>&1; then
	apt-get -q update
fi
# apt-get download runs in the current directory; when run as root, apt
# drops to _apt for downloads and that user must be able to write there.
chmod 0777 "$apt/debs" 2>/dev/null || true
missing=()
for p in "${PKGS[@]}"; do
	ls "$apt/debs/${p}_"*"_$arch.deb" >/dev/null 2>&1 ||
		ls "$apt/debs/${p}_"*"_all.deb" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
	# Old lists may name versions the archive no longer has: refresh once.
	(cd "$apt/debs" && apt-get -q download "${missing[@]/%/:$arch}") ||
		(apt-get -q update && cd "$apt/debs" &&
			apt-get -q download "${missing[@]/%/:$arch}")
fi

rm -rf "$sysroot"
mkdir -p "$sysroot"
for deb in "$apt/debs/"*.deb; do
	dpkg-deb -x "$deb" "$sysroot"
done
# Absolute symlinks (libfoo.so -> /lib/...) point at the host; make them
# relative so they stay inside the sysroot.
find "$sysroot" -type l -lname '/*' | while read -r link; do
	target=$(readlink "$link")
	ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link"
done
test -e "$sysroot/usr/lib/$triple/pkgconfig/libdrm.pc"
echo "arm64-sysroot: $sysroot"
