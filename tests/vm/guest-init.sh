#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the accel-vm-run initramfs (static busybox only).
#
# Mounts the host's root filesystem (virtio-9p tag "hostroot", read-only)
# and the work directory (tag "work", read-write, at the same path as on
# the host), chroots into the host root and runs the work directory's
# .accel-vm/cmd script as root. Its exit status goes to .accel-vm/rc; the
# kernel log to .accel-vm/dmesg (.accel-vm: accel_vm.state=, if given).
# Then the machine powers off.

/bin/busybox --install -s /bin
export PATH=/bin
say() { echo "accel-vm: $*"; }
die() { say "$*"; poweroff -f; sleep 5; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

# virtio-9p and its dependencies, in load order (built by accel-vm-run)
for m in $(cat /modules/order); do
	insmod "/modules/$m.ko" || say "insmod $m failed"
done

arg() { sed -n "s/.*accel_vm\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
WORK=$(arg work)
[ -n "$WORK" ] || die "no accel_vm.work= on the command line"
# this guest's state directory in WORK (accel-vm-run -s)
STATE=$(arg state)
STATE=${STATE:-.accel-vm}

# msize: 9p's default of 8 KiB makes every read a round trip; multidevs
# is set on the QEMU side. The host root is never written.
O=trans=virtio,version=9p2000.L,msize=512000
R=/newroot
mkdir -p $R
mount -t 9p -o $O,ro,cache=loose hostroot $R || die "cannot mount the host root"

# The kernel runs /proc/sys/kernel/modprobe for request_module() (crc32
# for rdma_rxe, for instance); the initramfs has no modules, the host
# root has them all.
cat > /bin/host-modprobe <<EOF
#!/bin/sh
exec chroot $R /sbin/modprobe "\$@"
EOF
chmod 755 /bin/host-modprobe
echo /bin/host-modprobe > /proc/sys/kernel/modprobe

mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm 2>/dev/null
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t debugfs debugfs $R/sys/kernel/debug 2>/dev/null
# Writable scratch where programs expect it. Host directories the command
# needs (accel_vm.keep=DIR,DIR: a build tree under /tmp, say) are set
# aside first and put back on top.
KEEP=$(arg keep | tr , ' ')
n=0
for k in $KEEP; do
	mkdir -p /keep/$n && mount -o bind "$R$k" /keep/$n || say "cannot keep $k"
	n=$((n + 1))
done
for d in /tmp /run /var/tmp /var/log /root; do
	[ -d $R$d ] && mount -t tmpfs -o mode=1777 tmpfs $R$d
done
n=0
for k in $KEEP; do
	mkdir -p "$R$k" 2>/dev/null
	mount -o move /keep/$n "$R$k" || say "cannot put $k back"
	n=$((n + 1))
done

# the work directory may sit below a tmpfs just mounted (/tmp/...)
mkdir -p "$R$WORK" 2>/dev/null
mount -t 9p -o $O,rw,cache=none work "$R$WORK" || die "cannot mount $WORK"
echo booted > "$R$WORK/$STATE/booted"

chroot $R /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	TERM=dumb ACCEL_VM_GUEST=1 \
	/bin/sh -c "cd '$WORK' && exec /bin/sh $STATE/cmd"
echo $? > "$R$WORK/$STATE/rc"
dmesg > "$R$WORK/$STATE/dmesg"
sync
umount "$R$WORK"
poweroff -f
sleep 5
