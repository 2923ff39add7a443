# SPDX-License-Identifier: MIT
"""The package on an emulated kernel driver: an Intel NPU (ivpu, Meteor
Lake) through the uAPI emulator (tests/shim), preloaded into a Python
subprocess."""
import os
import subprocess
import sys
import textwrap

import pytest

SHIM = os.environ.get("ACCEL_TEST_SHIM")

CHILD = textwrap.dedent(r'''
    import errno, struct, sys
    import accel

    devs = accel.devices()
    assert [d.name for d in devs] == ["accel0"], devs
    d = devs[0]
    assert d.driver == "intel_vpu" and d.provider == "ivpu", d
    assert d.node.endswith("/accel0"), d.node
    assert d.info.pci_vendor_id == 0x8086 and d.info.pci_device_id == 0x7d1d
    with d.open() as ctx:
        a = ctx.query()
        assert a.card_name == "Intel NPU (Meteor Lake)", a
        assert a.caps & accel.Cap.SUBMIT and a.caps & accel.Cap.HOST_MAP
        doms = ctx.mem_domains()
        assert len(doms) == 6 and doms[0].name == "user-cached", doms
        assert doms[0].flags & accel.DomainFlag.COMMAND
        engs = ctx.engines()
        assert len(engs) == 1 and engs[0].name == "compute", engs
        assert engs[0].max_in_flight == 62

        # a firmware program of one BARRIER (ivpudv.h): header then command
        hdr = struct.pack("=IIQQQQQ", 48 + 8, 48, 0, 0, 0, 0, 0)
        barrier = struct.pack("=HHI", 0x0103, 8, 0)
        cmd = ctx.bo(4096, usage=accel.Usage.COMMAND, init=hdr + barrier)
        data = ctx.bo(3 * 4096)
        assert 0xa0000000 <= data.device_addr < 0xa0000000 + (511 << 20)
        with data.map() as m:
            m[:] = b"\xab" * data.size
        q = ctx.queue()
        seq = q.submit(cmd, 0, 64, bos=[(data, accel.Access.RW)])
        assert seq == 1
        assert q.wait(seq, 5)
        st = q.status(seq)
        assert st.state == accel.JobState.DONE, st
        with data.map() as m:
            assert m[2 * 4096] == 0xab
        # a misaligned command buffer: the provider's reason comes through
        try:
            q.submit(cmd, 4, 64)
            raise AssertionError("submit at offset 4 succeeded")
        except accel.AccelError as e:
            assert e.errno == errno.EINVAL and e.reason, e
        if a.caps & accel.Cap.DMABUF_EXPORT:
            with data.export_dmabuf() as fd:
                imp = ctx.import_dmabuf(fd)
                with imp.map() as m:
                    assert m[0] == 0xab
                imp.free()
        q.destroy()
    print("ivpu through the shim: ok")
''')


@pytest.mark.skipif(not SHIM, reason="the shim (ENABLE_SHIM) is not built")
def test_ivpu_through_shim(tmp_path):
    conf = tmp_path / "conf"
    conf.mkdir()
    preload = SHIM
    first = os.environ.get("ACCEL_TEST_PRELOAD_FIRST")
    if first:
        preload = f"{first}:{SHIM}"
    env = dict(os.environ, LD_PRELOAD=preload, ACCEL_SHIM_DEVICES="mtl",
               ACCEL_SHIM_DIR=str(tmp_path / "tree"), ACCEL_PROVIDERS="ivpu",
               ACCEL_CONFIG_DIR=str(conf))
    r = subprocess.run([sys.executable, "-c", CHILD], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert "ivpu through the shim: ok" in r.stdout
