# SPDX-License-Identifier: MIT
"""Plain-data types of the accel package: the exception, the file
descriptor object and the records that queries return. Pure Python, so
they pickle and print like any dataclass."""
from __future__ import annotations

import dataclasses
import os
from typing import Optional

__all__ = ["AccelError", "Fd", "DeviceInfo", "DeviceAttr", "MemDomain",
           "EngineInfo", "JobStatus", "MonitorEvent"]


class AccelError(OSError):
    """A libaccel call failed.

    An :class:`OSError`: ``errno`` is the error number the call returned
    (``errno.ESTALE`` for a closed object, ``errno.EINVAL`` for a bad
    argument, ...), ``strerror`` its text, and ``reason`` the library's
    one-line explanation (``accel_last_error()``), for example
    ``"accel_submit: bos[2]: BO of another context"``. ``function`` names
    the C function that failed. A failed job (``EIO`` from
    :meth:`accel.Queue.wait`) also carries its :class:`JobStatus` as
    ``status``.
    """

    def __init__(self, err: int, reason: Optional[str] = None,
                 function: Optional[str] = None,
                 status: Optional["JobStatus"] = None) -> None:
        super().__init__(err, os.strerror(err))
        self.reason = reason
        self.function = function
        self.status = status

    def __str__(self) -> str:
        s = f"[Errno {self.errno}] {self.strerror}"
        if self.reason:
            s += f": {self.reason}"
        elif self.function:
            s += f": {self.function}"
        return s

    def __reduce__(self):
        return (type(self), (self.errno, self.reason, self.function,
                             self.status))


class Fd:
    """An owned file descriptor (a dma-buf or a sync_file).

    ``fileno()`` gives the number for ``select``/``poll``/``os`` calls;
    ``close()`` closes it, as does leaving a ``with`` block or the object
    being garbage collected. ``detach()`` hands the number over without
    closing it.
    """

    __slots__ = ("_fd", "kind", "__weakref__")

    def __init__(self, fd: int, kind: str = "fd") -> None:
        self._fd = int(fd)
        self.kind = kind

    def fileno(self) -> int:
        if self._fd < 0:
            raise ValueError("I/O operation on closed file descriptor")
        return self._fd

    @property
    def closed(self) -> bool:
        return self._fd < 0

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def detach(self) -> int:
        """Return the descriptor and stop owning it."""
        fd = self.fileno()
        self._fd = -1
        return fd

    def __enter__(self) -> "Fd":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except OSError:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._fd < 0 else f"fd={self._fd}"
        return f"<accel.Fd {self.kind} {state}>"


@dataclasses.dataclass(frozen=True)
class DeviceInfo:
    """Enumeration facts about a device, from sysfs (``accel_device_info``)."""
    flags: int
    pci_vendor_id: int
    pci_device_id: int
    pci_subsys_vendor_id: int
    pci_subsys_device_id: int
    numa_node: int
    minor: int
    major: int
    modalias: str


@dataclasses.dataclass(frozen=True)
class DeviceAttr:
    """What a device is and can do (``accel_device_attr``); ``caps`` is an
    :class:`accel.Cap`, ``state`` an :class:`accel.DeviceState`."""
    driver: str
    provider: str
    fw_version: str
    card_name: str
    driver_version: tuple
    caps: int
    pci_vendor_id: int
    pci_device_id: int
    mem_total: int
    mem_free: int
    max_bo_size: int
    bo_align: int
    max_queues: int
    num_engines: int
    num_mem_domains: int
    state: int
    in_use: bool


@dataclasses.dataclass(frozen=True)
class MemDomain:
    """One kind of memory a context allocates from (``accel_mem_domain``);
    ``flags`` is an :class:`accel.DomainFlag`."""
    id: int
    flags: int
    name: str
    granule: int
    max_bo_size: int
    va_start: int
    va_end: int
    total: int
    free: int


@dataclasses.dataclass(frozen=True)
class EngineInfo:
    """One class of engine (``accel_engine_info``); ``flags`` is an
    :class:`accel.EngineFlag`."""
    id: int
    flags: int
    name: str
    count: int
    min_priority: int
    max_priority: int
    max_in_flight: int
    max_bos: int


@dataclasses.dataclass(frozen=True)
class JobStatus:
    """How a submission ended (``accel_job_status``): ``state`` is an
    :class:`accel.JobState`; ``error`` what wait answers (0 or a negative
    errno), ``device_error`` the device's own errno, ``provider_status``
    the driver's raw code, ``reason`` one line."""
    state: int
    error: int
    device_error: int
    provider_status: int
    reason: str


@dataclasses.dataclass(frozen=True)
class MonitorEvent:
    """A device added or removed (``accel_monitor_event``)."""
    type: int
    name: str
    node: str
    driver: str
