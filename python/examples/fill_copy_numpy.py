#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fill a buffer on the device, copy it, and check both with numpy, which
reads the device memory in place (numpy.frombuffer on a BO: no copy).

The notebook-style walk through the accel package: find a device, open
it, allocate, build soft commands, submit, wait, look at the result.
Runs on the soft device; exits 77 (skipped) without numpy.

    PYTHONPATH=build/python python3 python/examples/fill_copy_numpy.py
"""
import sys

try:
    import numpy as np
except ImportError:
    print("fill_copy_numpy: python3-numpy is not installed: skipped")
    sys.exit(77)

import accel
import accel.soft as soft

N = 1 << 20                     # 1 MiB
PATTERN = 0xC0FFEE00

# 1. the device: soft0 is always there
print("devices:", accel.devices())
with accel.open(driver="soft") as ctx:
    attr = ctx.query()
    print(f"{ctx.device.name}: {attr.card_name}, caps {attr.caps!r}")

    # 2. memory: two data BOs and one for commands
    src = ctx.bo(N, accel.BOFlag.HOST_VISIBLE)
    dst = ctx.bo(N, accel.BOFlag.HOST_VISIBLE)
    cmd = ctx.bo(4096, accel.BOFlag.HOST_VISIBLE, usage=accel.Usage.COMMAND)

    # 3. the CPU writes a ramp into the upper half of src through numpy
    a_src = np.frombuffer(src, dtype=np.uint32)
    a_dst = np.frombuffer(dst, dtype=np.uint32)
    half = a_src.size // 2
    a_src[half:] = np.arange(half, dtype=np.uint32)

    # 4. the device fills the lower half and copies all of src to dst
    with soft.Stream(cmd) as cs:
        cs.fill(src.device_addr, N // 2, PATTERN)
        cs.copy(dst.device_addr, src.device_addr, N)
        size = len(cs)
    q = ctx.queue()
    seq = q.submit(cmd, 0, size, bos=[(src, accel.Access.RW),
                                      (dst, accel.Access.WRITE)])
    q.wait(seq, timeout=10)
    print("job", seq, q.status(seq).state.name)

    # 5. check: the arrays are views of the BOs, updated in place
    dst.cpu_prep(accel.Access.READ)
    assert (a_dst[:half] == PATTERN).all()
    assert (a_dst[half:] == np.arange(half, dtype=np.uint32)).all()
    assert np.array_equal(a_src, a_dst)
    dst.cpu_fini()
    print(f"copied {N} bytes: first word {a_dst[0]:#x}, last {a_dst[-1]}")

    # 6. the arrays hold the mappings: drop them before the BOs go
    del a_src, a_dst
    q.destroy()
print("fill_copy_numpy: ok")
