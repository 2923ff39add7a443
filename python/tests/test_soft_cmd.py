# SPDX-License-Identifier: MIT
"""accel.soft: the builders against softdv.h's layout, streams into
bytearrays and mapped BOs, and every opcode run on the device."""
import struct
import time

import pytest

import accel
import accel.soft as soft
from conftest import run


def test_layouts():
    # sizes and fields as struct softdv_cmd_* in softdv.h
    assert soft.nop() == struct.pack("=HHI", 0, 8, 0)
    assert len(soft.nop(24)) == 24
    assert soft.copy(1, 2, 3) == struct.pack("=HHIQQQ", 1, 32, 0, 1, 2, 3)
    assert soft.fill(8, 16, 0xdeadbeef) == struct.pack(
        "=HHIQQII", 2, 32, 0, 8, 16, 0xdeadbeef, 0)
    assert soft.write_value(8, 7) == struct.pack("=HHIQQ", 3, 24, 0, 8, 7)
    w = soft.wait_value(8, 1, soft.WaitCmp.LT, 0xff, 5)
    assert w == struct.pack("=HHIQQQIIQ", 4, 48, 0, 8, 1, 0xff, 3, 0, 5)
    assert soft.timestamp(16) == struct.pack("=HHIQ", 5, 16, 0, 16)
    for bad in (0, 4, 12):
        with pytest.raises(ValueError):
            soft.nop(bad)
    with pytest.raises(struct.error):
        soft.write_value(-1, 0)


def test_stream_bytearray():
    cs = soft.Stream()
    assert cs.nop() == 0
    assert cs.write_value(8, 1) == 8
    assert len(cs) == 32 and len(cs.buf) == 32
    assert bytes(cs.buf[8:]) == soft.write_value(8, 1)


def test_stream_fixed_buffer_bounds():
    buf = memoryview(bytearray(40))
    cs = soft.Stream(buf, 8)
    cs.write_value(0, 0)
    with pytest.raises(ValueError):
        cs.write_value(0, 0)        # 8 + 24 + 24 > 40
    assert len(cs) == 24


def test_every_opcode_runs(ctx, q, cmd):
    src, dst = ctx.bo(8192), ctx.bo(8192)
    t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)

    def build(cs):
        cs.nop(16)
        cs.fill(src.device_addr, 4096, 0x01020304)
        cs.copy(dst.device_addr, src.device_addr, 4096)
        cs.write_value(dst.device_addr + 4096, 0x1122334455667788)
        cs.wait_value(dst.device_addr + 4096, 0x55667788, soft.WaitCmp.EQ,
                      0xffffffff)
        cs.timestamp(dst.device_addr + 4104)
    run(q, cmd, build, bos=[(src, accel.Access.RW), (dst, accel.Access.RW)])
    with dst.map() as m:
        assert bytes(m[:8]) == struct.pack("=II", 0x01020304, 0x01020304)
        v, ts = struct.unpack_from("=QQ", m, 4096)
    assert v == 0x1122334455667788
    assert t0 <= ts <= time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def test_stream_from_bytearray_into_init(ctx, q):
    """Commands built in a bytearray become a command BO's contents."""
    out = ctx.bo(4096)
    cs = soft.Stream()
    cs.write_value(out.device_addr, 99)
    cmd = ctx.bo(4096, usage=accel.Usage.COMMAND, init=cs.buf)
    seq = q.submit(cmd, 0, len(cs), bos=[out])
    assert q.wait(seq, 10)
    with out.map() as m:
        assert struct.unpack_from("=Q", m)[0] == 99
