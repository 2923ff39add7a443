#!/bin/sh
# SPDX-License-Identifier: MIT
# Description: accel_devinfo --json in the real kernel lists the vgem card
# with what sysfs says about it (node and its device number, bus id,
# modalias, driver), kernel devices before userspace ones, and an open
# that works (-v: attributes from DRM_IOCTL_VERSION).
# Usage: devinfo_json.sh PATH_TO_accel_devinfo
set -eu
devinfo=$1
command -v python3 > /dev/null || { echo "SKIP: python3 is missing"; exit 77; }
modprobe vgem
out=$(mktemp)
"$devinfo" --json -v > "$out"
cat "$out"
rc=0
python3 - "$out" <<'PY' || rc=$?
import json, os, sys

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

doc = json.load(open(sys.argv[1]))
devs = doc["devices"]
vgem = [d for d in devs if d["driver"] == "vgem"]
if len(vgem) != 1:
    fail("expected one vgem device, got %d" % len(vgem))
d = vgem[0]
name = d["name"]
cls = "/sys/class/drm/" + name
if not name.startswith("card") or not os.path.isdir(cls):
    fail("%s is not a DRM card in sysfs" % name)
sysdev = open(cls + "/dev").read().strip()
st = os.stat(d["node"])
if "%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev)) != sysdev:
    fail("node %s is not device %s" % (d["node"], sysdev))
if d["node"] != "/dev/dri/" + name:
    fail("node " + d["node"])
if d["bus_id"] != os.path.basename(os.path.realpath(cls + "/device")):
    fail("bus_id %r" % d["bus_id"])
if d["modalias"] != open(cls + "/device/modalias").read().strip():
    fail("modalias %r" % d["modalias"])
if d["provider"] != "vgem" or not d["drm_node"] or d["userspace"]:
    fail("flags or provider: %r" % d)
if not d["accessible"] or "attributes" not in d:
    fail("could not open %s: %r" % (name, d.get("open_error")))
if "dmabuf_export" not in d["attributes"]["caps"]:
    fail("caps %r" % d["attributes"]["caps"])
kinds = [x["userspace"] for x in devs]
if kinds != sorted(kinds):
    fail("userspace devices listed before kernel devices: %r" %
         [x["name"] for x in devs])
print("vgem listed as %s (%s, %s, %s)" % (name, d["node"], sysdev, d["modalias"]))
PY

rm -f "$out"
exit $rc
