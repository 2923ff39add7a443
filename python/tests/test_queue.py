# SPDX-License-Identifier: MIT
"""Queues on soft: the timeline, waits and job status, dependencies, the
queue fd, and bad submissions (the C tier's tests/soft/test_soft_queue.c)."""
import errno
import os
import select
import struct
import threading
import time

import pytest

import accel
import accel.soft as soft
from conftest import run

MASK = 0xFFFFFFFFFFFFFFFF


def u64(bo, off=0):
    with bo.map() as m:
        return struct.unpack_from("=Q", m, off)[0]


def test_fill_copy(ctx, q, cmd):
    src, dst = ctx.bo(1 << 16), ctx.bo(1 << 16)
    run(q, cmd, lambda cs: (cs.fill(src.device_addr, src.size, 0xA5A5A5A5),
                            cs.copy(dst.device_addr, src.device_addr, src.size)),
        bos=[(src, accel.Access.RW), (dst, accel.Access.WRITE, 0)])
    with dst.map() as m:
        assert bytes(m) == b"\xa5" * dst.size


def test_timeline(ctx, q, cmd):
    bo = ctx.bo(4096)
    seqs = []
    for i in range(1, 6):
        with soft.Stream(cmd, 64 * i) as cs:
            cs.write_value(bo.device_addr, i)
        seqs.append(q.submit(cmd, 64 * i, len(cs), bos=[bo]))
    assert seqs == list(range(1, 6))
    assert q.wait(5)
    assert q.completed() == 5
    assert u64(bo) == 5
    st = q.status(3)
    assert st.state == accel.JobState.DONE and st.error == 0
    with pytest.raises(accel.AccelError) as e:
        q.wait(99)              # never handed out
    assert e.value.errno == errno.EINVAL


def test_wait_timeout_and_failed_job(ctx, q, cmd):
    flag = ctx.bo(4096)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1, soft.WaitCmp.EQ, MASK,
                      timeout_ns=200_000_000)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=[flag])
    assert q.wait(seq, timeout=0) is False           # polls
    assert q.status(seq).state == accel.JobState.PENDING
    with pytest.raises(accel.AccelError) as e:
        q.wait(seq, timeout=10)
    err = e.value
    assert err.errno == errno.EIO
    assert err.status.state == accel.JobState.FAILED
    assert err.status.device_error == -errno.ETIME
    assert err.status.reason and err.status.reason in str(err)


def test_wait_value_released(ctx, q, cmd):
    flag, out = ctx.bo(4096), ctx.bo(4096)
    q2 = ctx.queue()
    cmd2 = ctx.bo(4096)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1, soft.WaitCmp.GTE)
        cs.write_value(out.device_addr, 42)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=[flag, out])
    assert q.wait(seq, 0.05) is False
    run(q2, cmd2, lambda cs: cs.write_value(flag.device_addr, 1), bos=[flag])
    assert q.wait(seq, 10)
    assert u64(out) == 42


def test_cross_queue_wait_points(ctx, cmd):
    a, b = ctx.queue(), ctx.queue()
    bo = ctx.bo(4096)
    cmd2 = ctx.bo(4096)
    flag = ctx.bo(4096)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1)
        cs.write_value(bo.device_addr, 1)
        n = len(cs)
    sa = a.submit(cmd, 0, n, bos=[flag, bo])
    with soft.Stream(cmd2) as cs:
        cs.write_value(bo.device_addr + 8, 2)
        n2 = len(cs)
    sb = b.submit(cmd2, 0, n2, bos=[bo], wait_points=[(a, sa)])
    assert b.wait(sb, 0.05) is False                # held by a
    with flag.map() as m:
        struct.pack_into("=Q", m, 0, 1)
    assert b.wait(sb, 10) and a.wait(sa, 10)
    assert u64(bo) == 1 and u64(bo, 8) == 2


def test_queue_fd_polls(ctx, q, cmd):
    bo = ctx.bo(4096)
    fd = q.fileno()
    assert fd == q.fileno()
    r, _, _ = select.select([q], [], [], 0)
    assert r == []
    seq = run(q, cmd, lambda cs: cs.timestamp(bo.device_addr), bos=[bo])
    r, _, _ = select.select([q], [], [], 5)
    assert r == [q]
    assert struct.unpack("=Q", os.read(fd, 8))[0] >= 1
    assert q.completed() == seq
    assert 0 < u64(bo) <= time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def test_bad_submissions(ctx, q, cmd):
    bo = ctx.bo(4096)
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, 7)
    assert e.value.errno == errno.EINVAL
    assert "multiples of 8" in e.value.reason
    with pytest.raises(accel.AccelError) as e:   # size 0
        q.submit(cmd, 0, 0)
    assert e.value.errno == errno.EINVAL and e.value.reason
    with pytest.raises(accel.AccelError) as e:   # past the BO's end
        q.submit(cmd, 0, cmd.size + 8)
    assert e.value.errno == errno.EINVAL
    # access 0 is refused, a command touching an unlisted BO too
    with soft.Stream(cmd) as cs:
        cs.write_value(bo.device_addr, 1)
        n = len(cs)
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, n, bos=[(bo, 0)])
    assert e.value.errno == errno.EINVAL
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, n)
    assert e.value.errno == errno.EINVAL and e.value.reason
    # a BO of another context
    with accel.open("soft0") as other:
        foreign = other.bo(4096)
        with pytest.raises(accel.AccelError) as e:
            q.submit(cmd, 0, n, bos=[bo, foreign])
        assert e.value.errno == errno.EXDEV
        assert "bos[1]" in e.value.reason
    # Python-side types
    with pytest.raises(TypeError):
        q.submit(cmd, 0, n, bos=[42])
    with pytest.raises(TypeError):
        q.submit(cmd, 0, n, bos=[(bo,)])
    with pytest.raises(TypeError):
        q.submit("cmd", 0, n)
    with pytest.raises(TypeError):
        q.submit(cmd, 0, n, bos=[bo], wait_points=[("q", 1)])
    with pytest.raises(TypeError):
        q.submit(cmd, 0, n, bos=[bo], in_fences=["x"])
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, n, bos=[bo], wait_points=[(q, 1000)])
    assert e.value.errno == errno.EINVAL
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, n, bos=[bo], in_fences=[-1])
    assert e.value.errno in (errno.EBADF, errno.EINVAL)
    # a freed BO in the list
    bo.free()
    with pytest.raises(accel.AccelError) as e:
        q.submit(cmd, 0, n, bos=[bo])
    assert e.value.errno == errno.ESTALE


def test_fences(ctx, q, cmd):
    bo = ctx.bo(4096)
    caps = ctx.query().caps
    with soft.Stream(cmd) as cs:
        cs.write_value(bo.device_addr, 5)
        n = len(cs)
    if caps & accel.Cap.FENCE_EXPORT:
        seq, f = q.submit(cmd, 0, n, bos=[bo], out_fence=True)
        with f:
            assert select.select([f], [], [], 10)[0] == [f]
        with q.export_fence(seq) as f2:
            assert f2.fileno() >= 0
    else:
        with pytest.raises(accel.AccelError) as e:
            q.submit(cmd, 0, n, bos=[bo], out_fence=True)
        assert e.value.errno == errno.EOPNOTSUPP and e.value.reason
        seq = q.submit(cmd, 0, n, bos=[bo])
        assert q.wait(seq, 10)
        with pytest.raises(accel.AccelError) as e:
            q.export_fence(seq)
        assert e.value.errno == errno.EOPNOTSUPP


def test_queue_attrs(ctx):
    eng = ctx.engines()[0]
    with ctx.queue(engine=eng, instance=0, priority=0) as q:
        assert not q.closed
    assert q.closed
    q.destroy()                 # idempotent
    with pytest.raises(accel.AccelError) as e:
        ctx.queue(engine=99)
    assert e.value.errno == errno.EINVAL and e.value.reason
    with pytest.raises(accel.AccelError) as e:
        q.submit(None, 0, 8)
    assert e.value.errno == errno.ESTALE
    for call in (q.completed, q.fileno, lambda: q.wait(1), lambda: q.status(1)):
        with pytest.raises(accel.AccelError) as e:
            call()
        assert e.value.errno == errno.ESTALE


def test_destroy_wakes_waiter(ctx, cmd):
    q = ctx.queue()
    flag = ctx.bo(4096)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=[flag])
    got = []

    def waiter():
        try:
            got.append(q.wait(seq, 30))
        except accel.AccelError as e:
            got.append(e.errno)
    t = threading.Thread(target=waiter)
    t.start()
    time.sleep(0.1)
    q.destroy()         # the GIL is free while the waiter blocks
    t.join(30)
    assert not t.is_alive()
    assert got and got[0] in (errno.EIO, errno.ESTALE, errno.ECANCELED)


def test_free_busy_bo(ctx, q, cmd):
    flag, data = ctx.bo(4096), ctx.bo(4096)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1)
        cs.write_value(data.device_addr, 9)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=[flag, data])
    data.free()                 # the job keeps its memory
    cmd.free()
    with flag.map() as m:
        struct.pack_into("=Q", m, 0, 1)
    assert q.wait(seq, 10)
