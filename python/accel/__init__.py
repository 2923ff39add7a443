# SPDX-License-Identifier: MIT
"""accel: Python bindings of libaccel, the open userspace for Linux compute
accelerators (/dev/accel), in the way pyverbs binds rdma-core.

>>> import accel
>>> accel.devices()
[<accel.Device soft0 driver=soft provider=soft>]
>>> with accel.open("soft0") as ctx, ctx.bo(4096) as bo:
...     bo.map()[:4] = b"abcd"

Objects map one to one onto the C API (libaccel(7)): :class:`Device`,
:class:`Context`, :class:`BO`, :class:`Queue`, :class:`Monitor`. Failures
raise :class:`AccelError` (an ``OSError``) with the errno and the library's
reason. The soft device's command format is in :mod:`accel.soft`.
"""
import atexit as _atexit

from accel._types import (AccelError, Fd, DeviceInfo, DeviceAttr, MemDomain,
                          EngineInfo, JobStatus, MonitorEvent)
from accel._accel import (Device, Context, BO, Queue, Monitor, devices,
                          scan_report, last_error, version, set_log_level,
                          get_log_level, set_log_callback, DeviceFlag, Cap,
                          DeviceState, BOFlag, DomainFlag, Usage, Access,
                          EngineFlag, JobState, LogLevel, MonitorEventType)
from accel import _accel

__all__ = ["AccelError", "Fd", "DeviceInfo", "DeviceAttr", "MemDomain",
           "EngineInfo", "JobStatus", "MonitorEvent", "Device", "Context",
           "BO", "Queue", "Monitor", "devices", "open", "scan_report",
           "last_error", "version", "set_log_level", "get_log_level",
           "set_log_callback", "DeviceFlag", "Cap", "DeviceState", "BOFlag",
           "DomainFlag", "Usage", "Access", "EngineFlag", "JobState",
           "LogLevel", "MonitorEventType"]

__version__ = version()

_atexit.register(_accel._shutdown)


def open(name=None, driver=None):
    """Open a device by name ("soft0", "accel0"), or the first one of a
    driver, or the first device: a :class:`Context`. Raises
    :class:`AccelError` (ENODEV) when there is none; the error's reason is
    the scan report."""
    for d in devices():
        if (name is None or d.name == name) and \
           (driver is None or d.driver == driver):
            return d.open()
    import errno
    want = name or driver or "any device"
    report = scan_report().strip().replace("\n", "; ")
    raise AccelError(errno.ENODEV, f"no device {want}" +
                     (f" ({report})" if report else ""), "accel.open")
