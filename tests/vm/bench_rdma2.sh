#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: the fallback path's cost between two machines (both guests
# of accel-vm-pair, rxe0 on each NIC), in one run: accel_rdma_pingpong
# (soft BOs, host-mapping MRs after ibv_reg_dmabuf_mr's EOPNOTSUPP, every
# byte verified) against perftest's own ib_write_bw and ib_send_lat on the
# same link, printed as ratios. Fails only when a figure is missing;
# never judges a time (BENCHMARKS.md).
# Usage: bench_rdma2.sh PATH_TO_accel_rdma_pingpong ITERS DIR
set -u
pp=$1 iters=$2 dir=$3
me=$ACCEL_VM_ROLE
peer_ip=$ACCEL_VM_PEER_IP
export ACCEL_SOFT_MEMORY=memfd
BW_SIZE=65536	# ib_write_bw's default size
LAT_SIZE=2	# ib_send_lat's
port=18515

fail() {
	echo "FAIL ($me): $*"
	exit 1
}

# step NAME CMD...: guest a serves, guest b connects once a listens
step() {
	name=$1
	shift
	if [ "$me" = a ]; then
		"$@" > "$dir/$name-a.log" 2>&1 &
		pid=$!
		for _ in $(seq 300); do
			ss -Hltn "sport = :$port" | grep -q . && break
			kill -0 $pid 2>/dev/null || break
			sleep 0.1
		done
		touch "$dir/$name.ready"
		wait $pid || fail "$name (server) exited $?: $(cat "$dir/$name-a.log")"
	else
		n=0
		while [ ! -e "$dir/$name.ready" ]; do
			n=$((n + 1))
			[ $n -gt 1200 ] && fail "$name: the server never got ready"
			sleep 0.1
		done
		"$@" "$peer_ip" > "$dir/$name-b.log" 2>&1 ||
			fail "$name (client) exited $?: $(cat "$dir/$name-b.log")"
	fi
}

# perftest's result row: the first line that starts with the size
row() {
	awk -v s="$2" '$1 == s && $2 ~ /^[0-9]+$/ { print; exit }' "$1"
}

gid=1	# rxe0's IPv4 GID on the pair's NIC (0 is the link-local one)
step write_bw ib_write_bw -d rxe0 -x $gid -p $port -s $BW_SIZE -n "$iters"
step pp_write "$pp" -d rxe0 -D soft0 -p $port -V write -s $BW_SIZE -n "$iters"
step send_lat ib_send_lat -d rxe0 -x $gid -p $port -s $LAT_SIZE -n "$iters"
step pp_send "$pp" -d rxe0 -D soft0 -p $port -V send -s $LAT_SIZE -n "$iters"

[ "$me" = b ] || { echo "ok (server side)"; exit 0; }
for f in write_bw send_lat pp_write pp_send; do
	echo "--- $f (client)"
	cat "$dir/$f-b.log"
done
grep -q "^source BO: mr path host, ibv_reg_dmabuf_mr EOPNOTSUPP\$" "$dir/pp_write-b.log" ||
	fail "accel_rdma_pingpong did not take the fallback after EOPNOTSUPP"
# #bytes #iterations BW peak BW average ...
perf_bw=$(row "$dir/write_bw-b.log" $BW_SIZE | awk '{ print $4 }')
# #bytes #iterations t_min t_max t_typical ...
perf_lat=$(row "$dir/send_lat-b.log" $LAT_SIZE | awk '{ print $5 }')
pp_bw=$(row "$dir/pp_write-b.log" $BW_SIZE | awk '{ print $4 }')
pp_lat=$(row "$dir/pp_send-b.log" $LAT_SIZE | awk '{ print $5 }')
for v in "$perf_bw" "$perf_lat" "$pp_bw" "$pp_lat"; do
	case $v in
	''|*[!0-9.]*) fail "a figure is missing: ib_write_bw '$perf_bw' ib_send_lat '$perf_lat' accel_rdma_pingpong '$pp_bw' '$pp_lat'" ;;
	esac
done
echo
echo "rxe between two guests, $iters iterations; MB/sec = 2^20 bytes/s"
awk -v pb="$perf_bw" -v pl="$perf_lat" -v ab="$pp_bw" -v al="$pp_lat" -v bs=$BW_SIZE -v ls=$LAT_SIZE 'BEGIN {
	printf "%-44s %12s %12s %8s\n", "figure", "perftest", "libaccel", "ratio"
	printf "%-44s %12.2f %12.2f %8.2f\n", "RDMA WRITE " bs " B, BW average MB/sec", pb, ab, (pb > 0 ? ab / pb : 0)
	printf "%-44s %12.2f %12.2f %8.2f\n", "SEND " ls " B, latency t_typical usec", pl, al, (pl > 0 ? al / pl : 0)
}'
echo "(ratio: accel_rdma_pingpong / perftest; bandwidth above 1 is faster, latency above 1 slower)"
