#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: RDMA between two machines (runs in both guests of
# accel-vm-pair, rxe0 on each guest's NIC). accel_rdma_pingpong moves
# data between soft BOs of the two guests with SEND, RDMA WRITE and RDMA
# READ at every size from 1 B to 64 MiB, both ways in every iteration
# (fewer iterations past CAP bytes), each side verifying every byte it
# receives; then the roles swap (the other guest serves) for one 4 MiB
# exchange of each verb. rxe takes no dma-buf MRs: each BO's
# ibv_reg_dmabuf_mr must answer EOPNOTSUPP and the host-mapping fallback
# must carry the data; with the fallback forbidden (-m dmabuf) the
# registration must fail with EOPNOTSUPP. Then the same between vaccel BOs
# (kmod/vaccel loaded in both guests: real dma-bufs of a real accel
# driver, which rxe refuses alike) for one 4 MiB exchange of each verb.
# Usage: rdma_pair.sh PATH_TO_accel_rdma_pingpong ITERS CAP VACCEL_KO DIR
#   DIR: shared by both guests (the work directory), empty at the start:
#   ready files and logs
set -u
pp=$1 iters=$2 cap=$3 ko=$4 dir=$5
dev=soft0
me=$ACCEL_VM_ROLE
peer_ip=$ACCEL_VM_PEER_IP
mkdir -p "$dir" || exit 2
export ACCEL_SOFT_MEMORY=memfd
# a kernel oops in full on the console (the ctest log)
dmesg -n 8

fail() {
	echo "FAIL ($me): $*"
	exit 1
}

# wait_file FILE SECONDS: the peer guest's signal through the shared dir
wait_file() {
	n=0
	while [ ! -e "$1" ]; do
		n=$((n + 1))
		[ $n -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}

# check LOG NSIZES: what every side must print
check() {
	for bo in source destination; do
		grep -q "^$bo BO: mr path host, ibv_reg_dmabuf_mr EOPNOTSUPP\$" "$1" ||
			fail "$1: the $bo BO was not registered by the fallback after EOPNOTSUPP"
	done
	for verb in SEND "RDMA WRITE" "RDMA READ"; do
		# the verb's table: its header up to the next rule
		n=$(sed -n "/^ $verb, RC, $dev BOs, mr path host\$/,/^---/p" "$1" |
		    grep -c '^verified [0-9]* transfers of [0-9]* bytes from the peer$')
		[ "$n" -eq "$2" ] || fail "$1: $verb verified $n sizes, not $2"
	done
}

# run ROUND SERVER_ROLE ARGS...: one exchange, SERVER_ROLE's guest serving
run() {
	round=$1 srv=$2
	shift 2
	log=$dir/$round-$me.log
	if [ "$me" = "$srv" ]; then
		"$pp" -d rxe0 -D "$dev" -p 18515 "$@" > "$log" 2>&1 &
		pid=$!
		# listening: tell the client guest
		for _ in $(seq 300); do
			grep -q "^waiting for a client" "$log" && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		touch "$dir/$round.ready"
		wait $pid
		rc=$?
	else
		wait_file "$dir/$round.ready" 120 || fail "$round: the server never got ready"
		"$pp" -d rxe0 -D "$dev" -p 18515 "$@" "$peer_ip" > "$log" 2>&1
		rc=$?
	fi
	cat "$log"
	[ $rc -eq 0 ] || fail "$round: exited $rc"
}

run round1 a -a -V all -n "$iters" -c "$cap"
check "$dir/round1-$me.log" 27		# 1 B .. 64 MiB
grep -q "^verified 1 transfers of 67108864 bytes from the peer\$" "$dir/round1-$me.log" ||
	fail "round1: 64 MiB was not verified"
grep -q "^verified $iters transfers of 1 bytes from the peer\$" "$dir/round1-$me.log" ||
	fail "round1: 1 byte was not verified $iters times"
echo "round1 ($me): ok"
run round2 b -s 4194304 -V all -n 2
check "$dir/round2-$me.log" 1
echo "round2 ($me): ok"

# no fallback allowed: the registration itself must fail, saying why
timeout 60 "$pp" -d rxe0 -D soft0 -p 18516 -m dmabuf > "$dir/dmabuf-only-$me.log" 2>&1
drc=$?
cat "$dir/dmabuf-only-$me.log"
[ $drc -eq 1 ] || fail "-m dmabuf on rxe exited $drc, expected 1"
grep -q "registration failed: Operation not supported" "$dir/dmabuf-only-$me.log" ||
	fail "-m dmabuf on rxe did not fail with EOPNOTSUPP"

# vaccel BOs on both sides: the module is built with the tree's kernel
# headers (stage 00-deps installs them); without it there is nothing to run
if [ -f "$ko" ]; then
	"$(dirname "$0")/vaccel-load.sh" "$ko" || fail "vaccel did not load"
	dev=accel0
	run round3 a -s 4194304 -V all -n 2
	check "$dir/round3-$me.log" 1
	echo "round3, vaccel BOs ($me): ok"
else
	echo "round3 skipped ($me): $ko was not built"
fi
echo "ok"
