# SPDX-License-Identifier: MIT
"""Buffer objects on soft: allocation, mapping and the buffer protocol,
CPU access brackets, dma-bufs, and what a freed BO answers."""
import errno
import os
import struct

import pytest

import accel

try:
    import numpy
except ImportError:
    numpy = None


def test_alloc_map_free(ctx):
    bo = ctx.bo(10000, accel.BOFlag.HOST_VISIBLE)
    assert bo.size == len(bo) >= 10000
    assert bo.device_addr != 0
    assert bo.context is ctx
    m = bo.map()
    assert isinstance(m, memoryview)
    assert m.format == "B" and not m.readonly and m.nbytes == bo.size
    m[0:4] = b"\x01\x02\x03\x04"
    m2 = bo.map()               # the same mapping
    assert bytes(m2[:4]) == b"\x01\x02\x03\x04"
    assert bo.exports == 2
    m.release()
    m2.release()
    assert bo.exports == 0
    bo.free()
    assert bo.closed
    bo.free()                   # idempotent
    assert "closed" in repr(bo)


def test_context_manager_frees(ctx):
    with ctx.bo(4096) as bo:
        with memoryview(bo) as m:
            m[0] = 7
    assert bo.closed


def test_live_view_blocks_free(ctx):
    bo = ctx.bo(4096)
    m = bo.map()
    with pytest.raises(BufferError):
        bo.free()
    with pytest.raises(BufferError):
        bo.unmap()
    with pytest.raises(BufferError):
        ctx.close()
    assert not ctx.closed and not bo.closed
    m[0] = 1                    # still mapped
    m.release()
    bo.unmap()
    assert bytes(bo.map()[:1]) == b"\x01"   # maps again, same memory
    bo.free()


def test_domain_usage_init(ctx):
    dom = ctx.mem_domains()[0]
    bo = ctx.bo(8192, domain=dom, init=b"hello")
    assert bytes(bo.map()[:5]) == b"hello"
    bo2 = ctx.bo(8192, domain=dom.id, usage=accel.Usage.COMMAND,
                 init=bytearray(b"\xff" * 8192))
    assert bytes(bo2.map()[8191:]) == b"\xff"
    with pytest.raises(accel.AccelError) as e:
        ctx.bo(4096, domain=77)
    assert e.value.errno == errno.EINVAL and e.value.reason
    with pytest.raises(accel.AccelError) as e:
        ctx.bo(4096, init=bytes(8192))          # init larger than size
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        ctx.bo(4096, init="text")


def test_bad_sizes_flags(ctx):
    with pytest.raises(accel.AccelError) as e:
        ctx.bo(0)
    assert e.value.errno == errno.EINVAL
    assert e.value.reason and "accel_bo_alloc" in e.value.reason
    assert e.value.function == "accel_bo_alloc_ex"
    assert accel.last_error() == e.value.reason
    with pytest.raises(accel.AccelError) as e:
        ctx.bo(4096, flags=1 << 20)
    assert e.value.errno in (errno.EINVAL, errno.EOPNOTSUPP)
    with pytest.raises((TypeError, OverflowError)):
        ctx.bo(-1)
    with pytest.raises(TypeError):
        ctx.bo("4096")


def test_stale_after_free_and_close(ctx):
    bo = ctx.bo(4096)
    bo.free()
    for call in (bo.map, lambda: bo.device_addr, bo.cpu_fini, bo.cpu_prep,
                 bo.export_dmabuf, bo.unmap, lambda: memoryview(bo)):
        with pytest.raises(accel.AccelError) as e:
            call()
        assert e.value.errno == errno.ESTALE
        assert "BO is closed" in str(e.value)
    bo2 = ctx.bo(4096)
    q = ctx.queue()
    ctx.close()
    assert bo2.closed and q.closed
    with pytest.raises(accel.AccelError) as e:
        bo2.map()
    assert e.value.errno == errno.ESTALE
    with pytest.raises(accel.AccelError) as e:
        ctx.bo(4096)
    assert e.value.errno == errno.ESTALE
    with pytest.raises(accel.AccelError) as e:
        with ctx:
            pass
    assert e.value.errno == errno.ESTALE
    bo2.free()                  # nothing left to free: no error


def test_cpu_prep_fini(ctx):
    bo = ctx.bo(4096)
    bo.cpu_prep()
    bo.cpu_prep(accel.Access.READ, timeout=0)
    bo.cpu_fini()
    with pytest.raises(accel.AccelError) as e:
        bo.cpu_prep(0)
    assert e.value.errno == errno.EINVAL


@pytest.mark.skipif(numpy is None, reason="python3-numpy is not installed")
def test_numpy_zero_copy(ctx):
    bo = ctx.bo(1 << 16)
    a = numpy.frombuffer(bo, dtype=numpy.uint32)
    assert a.size == bo.size // 4
    assert a.flags.writeable
    a[:] = numpy.arange(a.size, dtype=numpy.uint32)
    m = bo.map()
    assert struct.unpack_from("=I", m, 4 * 1234)[0] == 1234   # same memory
    m.release()
    # the array keeps the mapping: the BO cannot go away under it
    with pytest.raises(BufferError):
        bo.free()
    del a
    bo.free()


def test_export_import(ctx):
    bo = ctx.bo(8192)
    if not ctx.query().caps & accel.Cap.DMABUF_EXPORT:
        with pytest.raises(accel.AccelError) as e:
            bo.export_dmabuf()
        assert e.value.errno == errno.EOPNOTSUPP and e.value.reason
        pytest.skip("no udmabuf here: soft cannot export")
    with bo.export_dmabuf() as fd:
        assert os.get_inheritable(fd.fileno()) is False
        assert os.lseek(fd.fileno(), 0, os.SEEK_END) == 8192
        bo.map()[100] = 0x42
        imp = ctx.import_dmabuf(fd)
        assert bytes(imp.map()[100:101]) == b"\x42"
        imp.free()
    assert fd.closed


def test_import_bad_fds(ctx):
    with pytest.raises(accel.AccelError) as e:
        ctx.import_dmabuf(-1)
    assert e.value.errno == errno.EBADF
    r, w = os.pipe()
    try:
        with pytest.raises(accel.AccelError) as e:
            ctx.import_dmabuf(r)
        assert e.value.errno == errno.EINVAL
    finally:
        os.close(r)
        os.close(w)
    with open("/proc/self/exe", "rb") as f:      # an object with fileno()
        with pytest.raises(accel.AccelError) as e:
            ctx.import_dmabuf(f)
        assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        ctx.import_dmabuf("3")


def test_fd_object():
    r, w = os.pipe()
    f = accel.Fd(r, "pipe")
    assert f.fileno() == r and not f.closed and "pipe" in repr(f)
    f.close()
    f.close()
    assert f.closed
    with pytest.raises(ValueError):
        f.fileno()
    g = accel.Fd(w)
    n = g.detach()
    assert g.closed and n == w
    os.close(w)
