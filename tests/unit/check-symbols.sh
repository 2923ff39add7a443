#!/bin/bash
# The symbol interface of the build, in rdma-core's check-build manner:
#  - libaccel.so.1 defines only accel_* symbols (plus its version nodes),
#    each with a version: a public ACCEL_1.<minor> or ACCEL_PRIVATE_<PABI>;
#  - each provider plugin lib<name>-accelv<N>.so takes libaccel's private
#    API at exactly one version, ACCEL_PRIVATE_<N>, the N of its file name
#    (the three-way ABI lock), and registers through
#    accel_register_provider_<N>;
#  - a plugin exports nothing, unless it is a symlink to a public provider
#    library (rdma-core's mlx5 model: libhldv.so.1 for accel/hldv.h); then
#    everything it exports is versioned, and none of it is libaccel's.
# Usage: check-symbols.sh LIBACCEL PROVIDER_DIR PABI
set -uo pipefail
lib=$1 provdir=$2 pabi=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }

syms=$(nm -D --defined-only "$lib") || { bad "nm $lib"; exit 1; }
[ -n "$syms" ] || bad "$lib defines no symbol"
npublic=0
while read -r _ type name; do
	case $type:$name in
	A:ACCEL_1.[0-9] | A:ACCEL_1.[0-9][0-9] | A:ACCEL_PRIVATE_"$pabi") continue ;;
	esac
	base=${name%%@*}
	ver=${name#*@@}
	[[ $name == *@@* ]] || { bad "$lib: $name has no default version"; continue; }
	[[ $base == accel_* ]] || bad "$lib exports $name, not an accel_* symbol"
	case $ver in
	# one stanza per minor release (ACCEL_1.1 is Core 2)
	ACCEL_1.[0-9] | ACCEL_1.[0-9][0-9]) npublic=$((npublic + 1)) ;;
	ACCEL_PRIVATE_"$pabi") ;;
	*) bad "$lib: $name has version $ver" ;;
	esac
done <<< "$syms"
[ "$npublic" -gt 0 ] || bad "$lib exports no ACCEL_1.0 symbol"
for need in accel_get_device_list@@ACCEL_1.0 \
	    accel_register_provider_"$pabi"@@ACCEL_PRIVATE_"$pabi"; do
	grep -q " $need\$" <<< "$syms" || bad "$lib lacks $need"
done

nprov=0
for p in "$provdir"/lib*-accelv*.so; do
	[ -e "$p" ] || continue
	nprov=$((nprov + 1))
	f=$(basename "$p")
	n=${f##*-accelv}
	n=${n%.so}
	[ "$n" = "$pabi" ] || bad "$f: provider ABI $n, libaccel has $pabi"
	exported=$(nm -D --defined-only "$p" | awk '$2 != "A" && $2 != "w" {print $3}')
	if [ -L "$p" ]; then
		for e in $exported; do
			[[ $e == *@@* ]] || bad "$f (-> $(readlink "$p")) exports unversioned $e"
			[[ $e == accel_* || $e == *@@ACCEL_* ]] &&
				bad "$f (-> $(readlink "$p")) exports libaccel's $e"
		done
	else
		[ -z "$exported" ] || bad "$f exports symbols: $(echo $exported)"
	fi
	# no "nm | grep -q" under pipefail: grep's early exit fails nm
	undef=$(nm -D --undefined-only "$p")
	vers=$(sed -n 's/.*@\(ACCEL_PRIVATE_[A-Z_0-9.]*\)$/\1/p' <<< "$undef" | sort -u)
	[ "$vers" = "ACCEL_PRIVATE_$n" ] ||
		bad "$f references private versions '$(echo $vers)', want exactly ACCEL_PRIVATE_$n"
	grep -q " accel_register_provider_$n@ACCEL_PRIVATE_$n\$" <<< "$undef" ||
		bad "$f does not register through accel_register_provider_$n"
	unver=$(awk '{print $NF}' <<< "$undef" | grep '^accel_' | grep -v @)
	[ -z "$unver" ] || bad "$f references unversioned $(echo $unver)"
done
echo "$lib: $(wc -l <<< "$syms") symbols; $nprov provider(s) in $provdir"
[ "$fail" -eq 0 ] && echo "symbols ok"
exit "$fail"
