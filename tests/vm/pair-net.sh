#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs in each guest of accel-vm-pair: brings up the NIC of the pair link
# with a static address, adds rxe0 on it and runs the command.
# Usage: pair-net.sh ROLE IP PEER_IP COMMAND...
role=$1 ip=$2 peer=$3
shift 3
# no udev in the guest: the NIC's driver is loaded by hand
modprobe virtio_net || { echo "pair-net: modprobe virtio_net failed" >&2; exit 1; }
iface=
for _ in $(seq 50); do
	for d in /sys/class/net/*; do
		[ "$(cat "$d/type" 2>/dev/null)" = 1 ] && iface=$(basename "$d") && break
	done
	[ -n "$iface" ] && break
	sleep 0.1
done
[ -n "$iface" ] || { echo "pair-net: no Ethernet interface appeared" >&2; exit 1; }
ip link set lo up &&
	ip link set "$iface" mtu "${ACCEL_VM_PAIR_MTU:-9000}" &&
	ip addr add "$ip/24" dev "$iface" &&
	ip link set "$iface" up ||
	{ echo "pair-net: cannot configure $iface" >&2; exit 1; }
modprobe rdma_rxe || { echo "pair-net: modprobe rdma_rxe failed" >&2; exit 1; }
rdma link add rxe0 type rxe netdev "$iface" ||
	{ echo "pair-net: rdma link add rxe0 on $iface failed" >&2; exit 1; }
export ACCEL_VM_ROLE=$role ACCEL_VM_IP=$ip ACCEL_VM_PEER_IP=$peer ACCEL_VM_IFACE=$iface
exec "$@"
