# SPDX-License-Identifier: MIT
"""Several Python threads submitting and waiting on shared and own queues;
the GIL is released in every call, so waits overlap."""
import struct
import threading
import time

import accel
import accel.soft as soft

THREADS = 6
ROUNDS = 60


def test_threads_own_queues(ctx):
    errors = []
    out = ctx.bo(4096)

    def worker(i):
        try:
            q = ctx.queue()
            cmd = ctx.bo(4096, usage=accel.Usage.COMMAND)
            for r in range(1, ROUNDS + 1):
                with soft.Stream(cmd) as cs:
                    cs.write_value(out.device_addr + 8 * i, r)
                    n = len(cs)
                seq = q.submit(cmd, 0, n, bos=[(out, accel.Access.WRITE)])
                assert seq == r
                assert q.wait(seq, 30)
            q.destroy()
            cmd.free()
        except BaseException as e:      # reported by the main thread
            errors.append(e)
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    assert not errors, errors
    with out.map() as m:
        assert struct.unpack_from(f"={THREADS}Q", m) == (ROUNDS,) * THREADS


def test_threads_shared_queue(ctx):
    q = ctx.queue()
    out = ctx.bo(4096)
    errors, seqs = [], []
    lock = threading.Lock()

    def worker(i):
        try:
            cmd = ctx.bo(4096, usage=accel.Usage.COMMAND)
            with soft.Stream(cmd) as cs:
                cs.write_value(out.device_addr + 8 * i, i + 1)
                n = len(cs)
            for _ in range(ROUNDS):
                seq = q.submit(cmd, 0, n, bos=[out])
                with lock:
                    seqs.append(seq)
                assert q.wait(seq, 30)
        except BaseException as e:
            errors.append(e)
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    assert not errors, errors
    assert sorted(seqs) == list(range(1, THREADS * ROUNDS + 1))
    assert q.completed() == THREADS * ROUNDS


def test_blocked_wait_does_not_hold_the_gil(ctx):
    q = ctx.queue()
    flag = ctx.bo(4096)
    cmd = ctx.bo(4096, usage=accel.Usage.COMMAND)
    with soft.Stream(cmd) as cs:
        cs.wait_value(flag.device_addr, 1)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=[flag])
    done = []
    t = threading.Thread(target=lambda: done.append(q.wait(seq, 30)))
    t.start()
    # this thread runs Python while the other blocks in accel_wait
    spins = 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.2:
        spins += 1
    assert spins > 1000 and not done
    with flag.map() as m:
        struct.pack_into("=Q", m, 0, 1)
    t.join(30)
    assert done == [True]


def test_free_while_other_thread_submits(ctx):
    """A BO freed in one thread while another submits it: ESTALE or
    success, never a crash."""
    q = ctx.queue()
    cmd = ctx.bo(4096, usage=accel.Usage.COMMAND)
    for _ in range(100):
        bo = ctx.bo(4096)
        with soft.Stream(cmd) as cs:
            cs.write_value(bo.device_addr, 1)
            n = len(cs)
        res = []

        def sub():
            try:
                res.append(q.wait(q.submit(cmd, 0, n, bos=[bo]), 30))
            except accel.AccelError as e:
                res.append(e.errno)
        t = threading.Thread(target=sub)
        t.start()
        bo.free()
        t.join(30)
        assert res and res[0] in (True, 116)
