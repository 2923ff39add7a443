#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: accel_top -n 1 --json and --csv in the real kernel list a
# process holding a context of DRIVER (vm_top_holder: a mapped, exported
# 1 MiB BO, and on vaccel a FILL job run on an engine): its pid, user,
# command, the device matched by the node's device number, the fds it
# holds on the node, and exactly the memory, engine time and client id the
# kernel's fdinfo of that fd gives. vgem (6.12) prints no drm-* keys (its
# fops are DEFINE_DRM_GEM_FOPS without drm_show_fdinfo), so none may
# appear; vaccel prints them all (drm_show_fdinfo), so all must.
# Usage: top_client.sh PATH_TO_accel_top PATH_TO_vm_top_holder vgem
#        top_client.sh PATH_TO_accel_top PATH_TO_vm_top_holder vaccel VACCEL_KO
set -eu
top=$1
holder=$2
driver=${3:-vgem}
command -v python3 > /dev/null || { echo "SKIP: python3 is missing"; exit 77; }
case $driver in
vgem) modprobe vgem ;;
vaccel) "$(dirname "$0")/vaccel-load.sh" "${4:-}" ;;
*) echo "top_client.sh: unknown driver $driver" >&2; exit 2 ;;
esac
dir=$(mktemp -d)
hpid=
cleanup() {
	exec 3>&- 2> /dev/null || true
	[ -n "$hpid" ] && wait "$hpid" 2> /dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
mkfifo "$dir/in"
"$holder" "$driver" < "$dir/in" > "$dir/holder.out" 2>&1 &
hpid=$!
exec 3> "$dir/in"
i=0
until grep -q '^ready$' "$dir/holder.out"; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 "$hpid" 2> /dev/null; then
		echo "FAIL: the holder did not get ready"
		cat "$dir/holder.out"
		exit 1
	fi
	sleep 0.1
done

"$top" -n 1 --json > "$dir/top.json"
"$top" -n 1 --csv > "$dir/top.csv"
cat "$dir/top.json"
echo
cat "$dir/top.csv"
rc=0
python3 - "$hpid" "$dir/top.json" "$dir/top.csv" "$driver" <<'PY' || rc=$?
import csv, json, os, sys

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

pid = int(sys.argv[1])
doc = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[3])))
driver = sys.argv[4]

# what the kernel says about the holder: its fds on DRM nodes and their fdinfo
fds = {}
for name in os.listdir("/proc/%d/fd" % pid):
    target = os.readlink("/proc/%d/fd/%s" % (pid, name))
    if target.startswith("/dev/dri/") or target.startswith("/dev/accel/"):
        fds[int(name)] = target
if len(set(fds.values())) != 1:
    fail("the holder has not exactly one DRM node open: %r" % fds)
node = list(fds.values())[0]
card = os.path.basename(node)

def fdinfo_sums(fd):
    units = {"": 1, "KiB": 1024, "MiB": 1024 * 1024}
    s = {"total": None, "resident": None, "engine_ns": None, "client_id": None}
    text = open("/proc/%d/fdinfo/%d" % (pid, fd)).read()
    print("kernel fdinfo of %s (fd %d):\n%s" % (node, fd, text))
    for line in text.splitlines():
        key, _, val = line.partition(":")
        val = val.split()
        if key == "drm-client-id":
            s["client_id"] = int(val[0])
        for k, pfx in (("total", "drm-total-"), ("resident", "drm-resident-")):
            if key.startswith(pfx):
                s[k] = (s[k] or 0) + int(val[0]) * units[val[1] if len(val) > 1 else ""]
        if key.startswith("drm-engine-") and not key.startswith("drm-engine-capacity-"):
            s["engine_ns"] = (s["engine_ns"] or 0) + int(val[0])
    return s

want = fdinfo_sums(min(fds))
comm = open("/proc/%d/comm" % pid).read().strip()

devs = [d for d in doc["devices"] if d["name"] == card]
if len(devs) != 1 or devs[0]["driver"] != driver:
    fail("device %s (%s) not listed once: %r" % (card, driver, doc["devices"]))
procs = [p for p in doc["processes"] if p["pid"] == pid]
if len(procs) != 1:
    fail("process %d listed %d times" % (pid, len(procs)))
p = procs[0]
if p["device"] != card or p["driver"] != driver or p["command"] != comm:
    fail("device/driver/command %r" % p)
if p["user"] != "root" or p["fd"] not in fds or p["num_fds"] != len(fds):
    fail("user/fd/num_fds %r, the holder's DRM fds %r" % (p, fds))
for key, k in (("mem_total", "total"), ("mem_resident", "resident"),
               ("engine_ns", "engine_ns"), ("client_id", "client_id")):
    if want[k] is None:
        if key in p:
            fail("%s = %r although the kernel printed none" % (key, p[key]))
    elif p.get(key) != want[k]:
        fail("%s = %r, the kernel's fdinfo says %r" % (key, p.get(key), want[k]))
# vaccel's fdinfo has every key, and the holder made each non-zero
if driver == "vaccel":
    for k in ("total", "resident", "engine_ns", "client_id"):
        if not want[k]:
            fail("vaccel's fdinfo has no (or a zero) %s" % k)
if want["total"] is None and want["resident"] is None and p["regions"]:
    fail("regions %r without drm-total/drm-resident keys" % p["regions"])

crow = [r for r in rows if r["kind"] == "process" and r["pid"] == str(pid)]
drow = [r for r in rows if r["kind"] == "device" and r["device"] == card]
if len(crow) != 1 or len(drow) != 1:
    fail("CSV: %d process rows, %d device rows" % (len(crow), len(drow)))
c = crow[0]
mem = want["total"] if want["total"] is not None else want["resident"]
if (c["device"], c["driver"], c["command"], c["user"]) != (card, driver, comm, "root"):
    fail("CSV row %r" % c)
if c["mem"] != ("" if mem is None else str(mem)):
    fail("CSV mem %r, the kernel's fdinfo says %r" % (c["mem"], mem))
if c["engine_ns"] != ("" if want["engine_ns"] is None else str(want["engine_ns"])):
    fail("CSV engine_ns %r" % c["engine_ns"])
print("accel_top lists pid %d (%s) on %s, %d fd(s); memory %s, engine time %s, "
      "as the kernel's fdinfo gives them" %
      (pid, comm, card, len(fds), "absent" if mem is None else mem,
       "absent" if want["engine_ns"] is None else want["engine_ns"]))
PY
exit $rc
