# SPDX-License-Identifier: MIT
"""Device listing and attributes, as tests/soft and accel_devinfo see them."""
import errno
import re

import pytest

import accel


def test_devices_lists_soft0():
    devs = accel.devices()
    assert [d.name for d in devs] == ["soft0"]
    d = devs[0]
    assert d.driver == "soft" and d.provider == "soft"
    assert d.node is None or isinstance(d.node, str)
    assert "soft0" in repr(d)
    assert "soft0" in repr(accel.devices())


def test_info_and_describe():
    d = accel.devices()[0]
    info = d.info
    assert info.flags & accel.DeviceFlag.USERSPACE
    assert info.numa_node >= -1
    attr = d.describe()
    assert attr.provider == "soft"


def test_open_query():
    d = accel.devices()[0]
    with d.open() as ctx:
        assert not ctx.closed
        assert ctx.device is d
        a = ctx.query()
        assert a.driver == "soft" and a.provider == "soft"
        assert a.caps & accel.Cap.SUBMIT and a.caps & accel.Cap.HOST_MAP
        assert a.bo_align == 4096
        assert a.num_engines == len(ctx.engines()) == 1
        assert a.num_mem_domains == len(ctx.mem_domains())
        dom = ctx.mem_domains()[0]
        assert dom.flags & accel.DomainFlag.HOST_VISIBLE
        assert dom.granule == 4096 and dom.va_end > dom.va_start
        eng = ctx.engines()[0]
        assert eng.flags & accel.EngineFlag.IN_ORDER
        assert eng.count >= 1
    assert ctx.closed
    ctx.close()                 # idempotent


def test_context_constructor():
    d = accel.devices()[0]
    ctx = accel.Context(d)
    assert repr(ctx) == "<accel.Context soft0 open>"
    ctx.close()
    assert repr(ctx) == "<accel.Context soft0 closed>"
    with pytest.raises(TypeError):
        accel.Context(None)
    with pytest.raises(TypeError):
        accel.Context("soft0")
    with pytest.raises(TypeError):
        accel.Device()


def test_open_by_name():
    with accel.open("soft0") as ctx:
        assert ctx.device.name == "soft0"
    with pytest.raises(accel.AccelError) as e:
        accel.open("nosuch7")
    assert e.value.errno == errno.ENODEV
    assert "nosuch7" in str(e.value)


def test_version_and_report():
    assert re.match(r"^\d+\.\d+\.\d+", accel.version())
    assert accel.__version__ == accel.version()
    assert isinstance(accel.scan_report(), str)


def test_device_outlives_list():
    d = accel.devices()[0]
    import gc
    gc.collect()
    with d.open() as ctx:
        assert ctx.query().provider == "soft"


def test_monitor():
    try:
        mon = accel.Monitor()
    except accel.AccelError as e:
        pytest.skip(f"no udev monitor here: {e}")
    with mon:
        assert mon.fileno() >= 0
        assert mon.receive() is None
    with pytest.raises(accel.AccelError) as e:
        mon.fileno()
    assert e.value.errno == errno.ESTALE
