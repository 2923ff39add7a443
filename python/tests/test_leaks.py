# SPDX-License-Identifier: MIT
"""No descriptor or memory leaks over many cycles of every object."""
import gc
import os
import tracemalloc

import pytest

import accel
import accel.soft as soft
from conftest import fd_count


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def cycle(n):
    for _ in range(n):
        with accel.open("soft0") as ctx:
            q = ctx.queue()
            fd = q.fileno()
            assert fd >= 0
            cmd = ctx.bo(4096, usage=accel.Usage.COMMAND)
            data = ctx.bo(1 << 16)
            with soft.Stream(cmd) as cs:
                cs.fill(data.device_addr, data.size, 0x5a5a5a5a)
                k = len(cs)
            seq = q.submit(cmd, 0, k, bos=[data])
            assert q.wait(seq, 10)
            with data.map() as m:
                assert m[100] == 0x5a
            q.status(seq)
            try:
                ctx.bo(0)
            except accel.AccelError:
                pass
            try:
                ctx.import_dmabuf(-1)
            except accel.AccelError:
                pass
            # objects left for close() to reap: q, cmd, data
            ctx.mem_domains()
            ctx.engines()
            accel.devices()
        # and objects dropped without close, for the garbage collector
        c2 = accel.open("soft0")
        c2.bo(4096).map()
        c2.queue()
        del c2


def test_no_fd_leak():
    cycle(20)
    gc.collect()
    before = fd_count()
    cycle(200)
    gc.collect()
    assert fd_count() == before


def test_no_python_memory_leak():
    cycle(20)
    gc.collect()
    tracemalloc.start()
    cycle(100)
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    cycle(300)
    gc.collect()
    snap2 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in snap2.compare_to(snap1, "filename"))
    # 300 cycles make thousands of objects: a leak of one per cycle shows
    assert grown < 64 * 1024, f"Python heap grew by {grown} bytes"


@pytest.mark.skipif("address" in os.environ.get("ACCEL_TEST_SANITIZER", ""),
                    reason="ASan's quarantine keeps freed memory resident")
def test_rss_bounded():
    cycle(50)
    gc.collect()
    before = rss_kib()
    cycle(400)
    gc.collect()
    # each cycle maps 68 KiB and allocates C objects: a leak grows by MiBs
    assert rss_kib() - before < 8 * 1024
