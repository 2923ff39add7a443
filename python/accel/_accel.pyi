# SPDX-License-Identifier: MIT
# Type stub of the compiled module accel._accel (see _accel.pyx).
import enum
from typing import (Any, Iterable, List, Literal, Optional, Sequence, Tuple,
                    Union, overload, Callable, Protocol)

from accel._types import (DeviceAttr, DeviceInfo, EngineInfo, Fd, JobStatus,
                          MemDomain, MonitorEvent)

class _HasFileno(Protocol):
    def fileno(self) -> int: ...

_FdLike = Union[int, _HasFileno]
_Buffer = Any  # any object with the buffer protocol

class DeviceFlag(enum.IntFlag):
    USERSPACE: int
    DRM_NODE: int
    UNCLAIMED: int
    NO_ACCESS: int

class Cap(enum.IntFlag):
    DMABUF_EXPORT: int
    DMABUF_IMPORT: int
    SUBMIT: int
    HOST_MAP: int
    QUEUE_FD: int
    FENCE_EXPORT: int
    FENCE_IMPORT: int
    DEPS_ASYNC: int
    CPU_PREP: int
    EXCLUSIVE_OPEN: int

class DeviceState(enum.IntEnum):
    UNKNOWN: int
    OPERATIONAL: int
    IN_RESET: int
    MALFUNCTION: int
    NEEDS_RESET: int

class BOFlag(enum.IntFlag):
    NONE: int
    HOST_VISIBLE: int
    DEVICE_LOCAL: int
    CONTIGUOUS: int
    UNCACHED: int

class DomainFlag(enum.IntFlag):
    HOST_VISIBLE: int
    COHERENT: int
    CACHED: int
    WRITE_COMBINED: int
    CONTIGUOUS: int
    EXPORTABLE: int
    IMPORTABLE: int
    COMMAND: int
    DEVICE_LOCAL: int
    INIT_ONLY: int

class Usage(enum.IntEnum):
    DATA: int
    COMMAND: int

class Access(enum.IntFlag):
    READ: int
    WRITE: int
    RW: int

class EngineFlag(enum.IntFlag):
    IN_ORDER: int
    CMD_BUFFER: int
    NEEDS_PROGRAM: int

class JobState(enum.IntEnum):
    PENDING: int
    DONE: int
    FAILED: int

class LogLevel(enum.IntEnum):
    NONE: int
    ERR: int
    WARN: int
    INFO: int
    DEBUG: int

class MonitorEventType(enum.IntEnum):
    ADD: int
    REMOVE: int

def devices() -> List[Device]: ...
def scan_report() -> str: ...
def last_error() -> Optional[str]: ...
def version() -> str: ...
def set_log_level(level: Union[LogLevel, int, str]) -> None: ...
def get_log_level() -> LogLevel: ...
def set_log_callback(
        callback: Optional[Callable[[LogLevel, str], object]]) -> None: ...

class Device:
    name: str
    driver: str
    node: Optional[str]
    provider: str
    bus_id: Optional[str]
    @property
    def info(self) -> DeviceInfo: ...
    def describe(self) -> DeviceAttr: ...
    def open(self) -> Context: ...

class Context:
    device: Device
    def __init__(self, device: Device) -> None: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Context: ...
    def __exit__(self, *exc: Any) -> None: ...
    def query(self) -> DeviceAttr: ...
    def mem_domains(self) -> List[MemDomain]: ...
    def engines(self) -> List[EngineInfo]: ...
    def bo(self, size: int, flags: Union[BOFlag, int] = ...,
           domain: Union[MemDomain, int, None] = ...,
           usage: Union[Usage, int] = ...,
           init: Optional[_Buffer] = ...) -> BO: ...
    def import_dmabuf(self, fd: _FdLike) -> BO: ...
    def queue(self, engine: Union[EngineInfo, int, None] = ...,
              instance: Optional[int] = ...,
              priority: Optional[int] = ...) -> Queue: ...

class BO:
    context: Context
    size: int
    exports: int
    @property
    def closed(self) -> bool: ...
    @property
    def device_addr(self) -> int: ...
    def map(self) -> memoryview: ...
    def unmap(self) -> None: ...
    def cpu_prep(self, access: Union[Access, int] = ...,
                 timeout: Optional[float] = ...) -> None: ...
    def cpu_fini(self) -> None: ...
    def export_dmabuf(self, flags: int = ...) -> Fd: ...
    def free(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> BO: ...
    def __exit__(self, *exc: Any) -> None: ...
    def __len__(self) -> int: ...
    def __buffer__(self, flags: int) -> memoryview: ...

_BORef = Union[BO, Tuple[BO, Union[Access, int]],
               Tuple[BO, Union[Access, int], int]]

class Queue:
    context: Context
    @property
    def closed(self) -> bool: ...
    @overload
    def submit(self, cmd_bo: Optional[BO] = ..., offset: int = ...,
               size: Optional[int] = ..., bos: Iterable[_BORef] = ...,
               wait_points: Iterable[Tuple[Queue, int]] = ...,
               in_fences: Iterable[_FdLike] = ...,
               out_fence: Literal[False] = ...) -> int: ...
    @overload
    def submit(self, cmd_bo: Optional[BO] = ..., offset: int = ...,
               size: Optional[int] = ..., bos: Iterable[_BORef] = ...,
               wait_points: Iterable[Tuple[Queue, int]] = ...,
               in_fences: Iterable[_FdLike] = ...,
               *, out_fence: Literal[True]) -> Tuple[int, Fd]: ...
    def wait(self, seqno: int, timeout: Optional[float] = ...) -> bool: ...
    def status(self, seqno: int) -> JobStatus: ...
    def completed(self) -> int: ...
    def fileno(self) -> int: ...
    def export_fence(self, seqno: int) -> Fd: ...
    def destroy(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Queue: ...
    def __exit__(self, *exc: Any) -> None: ...

class Monitor:
    def __init__(self) -> None: ...
    def fileno(self) -> int: ...
    def receive(self) -> Optional[MonitorEvent]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Monitor: ...
    def __exit__(self, *exc: Any) -> None: ...
