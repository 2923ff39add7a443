# SPDX-License-Identifier: MIT
"""Fixtures of the accel test suite: the soft device of the build tree
(python/tests/CMakeLists.txt sets ACCEL_PROVIDERS=soft and the paths)."""
import os

import pytest

import accel
import accel.soft as soft

SEC = 1.0


@pytest.fixture
def ctx():
    c = accel.open(driver="soft")
    yield c
    c.close()


@pytest.fixture
def q(ctx):
    return ctx.queue()


@pytest.fixture
def cmd(ctx):
    """A 64 KiB command BO."""
    return ctx.bo(64 << 10, accel.BOFlag.HOST_VISIBLE, usage=accel.Usage.COMMAND)


def run(q, cmd, build, bos=(), timeout=10, **kw):
    """Write commands with build(stream) into cmd, submit, wait."""
    with soft.Stream(cmd) as cs:
        build(cs)
        n = len(cs)
    seq = q.submit(cmd, 0, n, bos=bos, **kw)
    assert q.wait(seq, timeout)
    return seq


def fd_count():
    return len(os.listdir("/proc/self/fd"))
