#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: RDMA interop with accelerator memory over rxe. Two
# accel_rdma_pingpong processes move data between soft BOs with RDMA WRITE
# through rxe on the loopback netdev. rxe cannot take dma-buf MRs, so
# ibv_reg_dmabuf_mr must answer EOPNOTSUPP for every BO, the host-mapping
# fallback must carry the data, and every byte must arrive; with the
# fallback forbidden (-m dmabuf) registration must fail.
# Usage: rdma_pingpong.sh PATH_TO_accel_rdma_pingpong
set -u
pp=$1
iters=200
size=65536
dir=$(mktemp -d)

fail() {
	echo "FAIL: $*"
	for f in "$dir"/*.log; do
		[ -f "$f" ] && { echo "--- $(basename "$f")"; cat "$f"; }
	done
	exit 1
}

modprobe rdma_rxe || fail "modprobe rdma_rxe"
ip link set lo up || fail "ip link set lo up"
if ! rdma link show rxe0/1 > /dev/null 2>&1; then
	rdma link add rxe0 type rxe netdev lo || fail "rdma link add rxe0"
fi
rdma link show rxe0/1
export ACCEL_SOFT_MEMORY=memfd

# the server reports back through its log and exit status
"$pp" -e -d rxe0 -D soft0 -p 18515 -s $size -n $iters > "$dir/server.log" 2>&1 &
spid=$!
"$pp" -e -d rxe0 -D soft0 -p 18515 -s $size -n $iters 127.0.0.1 > "$dir/client.log" 2>&1
crc=$?
wait $spid
src=$?
cat "$dir/client.log"
[ $crc -eq 0 ] || fail "client exited $crc"
[ $src -eq 0 ] || fail "server exited $src"
for side in server client; do
	for bo in source destination; do
		grep -q "^$bo BO: mr path host, ibv_reg_dmabuf_mr EOPNOTSUPP\$" "$dir/$side.log" ||
			fail "$side: $bo BO was not registered by the fallback after EOPNOTSUPP"
	done
	grep -q "^verified $iters transfers of $size bytes from the peer\$" "$dir/$side.log" ||
		fail "$side did not verify every transfer"
done

# no fallback allowed: the registration itself must fail, saying why
# (it fails before it listens; a wrong success would wait: the timeout)
timeout 60 "$pp" -d rxe0 -D soft0 -p 18516 -m dmabuf > "$dir/dmabuf-only.log" 2>&1
drc=$?
cat "$dir/dmabuf-only.log"
[ $drc -eq 1 ] || fail "-m dmabuf on rxe exited $drc, expected 1"
grep -q "registration failed: Operation not supported" "$dir/dmabuf-only.log" ||
	fail "-m dmabuf on rxe did not fail with EOPNOTSUPP"
rm -rf "$dir"
echo "ok"
