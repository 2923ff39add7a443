# SPDX-License-Identifier: MIT
# cython: language_level=3, embedsignature=True
"""The compiled core of the accel package: one Python class per libaccel
object. Every call into libaccel runs with the GIL released, so other
Python threads run meanwhile and a library thread that logs through a
Python callback (which takes the GIL) can never deadlock against us."""
import enum
import errno as _errno
import os
import threading
import weakref

cimport cython
from cpython.buffer cimport PyObject_GetBuffer, PyBuffer_Release, PyBUF_SIMPLE
from cpython.buffer cimport PyBUF_WRITABLE, PyBUF_FORMAT, PyBUF_ND, PyBUF_STRIDES
from cpython.exc cimport PyErr_WriteUnraisable, PyErr_SetObject
from libc.errno cimport errno
from libc.stdint cimport uint32_t, int32_t, uint64_t, int64_t
from libc.stdlib cimport malloc, free
from libc.string cimport memset

from accel.libaccel cimport *
from accel._types import (AccelError, Fd, DeviceInfo, DeviceAttr, MemDomain,
                          EngineInfo, JobStatus, MonitorEvent)


# ---------------------------------------------------------------------------
# Constants, as Python enums with the header's values
# ---------------------------------------------------------------------------

class DeviceFlag(enum.IntFlag):
    """``accel_device_flags`` (:attr:`DeviceInfo.flags`)."""
    USERSPACE = ACCEL_DEVICE_USERSPACE
    DRM_NODE = ACCEL_DEVICE_DRM_NODE
    UNCLAIMED = ACCEL_DEVICE_UNCLAIMED
    NO_ACCESS = ACCEL_DEVICE_NO_ACCESS


class Cap(enum.IntFlag):
    """``accel_device_cap`` (:attr:`DeviceAttr.caps`)."""
    DMABUF_EXPORT = ACCEL_CAP_DMABUF_EXPORT
    DMABUF_IMPORT = ACCEL_CAP_DMABUF_IMPORT
    SUBMIT = ACCEL_CAP_SUBMIT
    HOST_MAP = ACCEL_CAP_HOST_MAP
    QUEUE_FD = ACCEL_CAP_QUEUE_FD
    FENCE_EXPORT = ACCEL_CAP_FENCE_EXPORT
    FENCE_IMPORT = ACCEL_CAP_FENCE_IMPORT
    DEPS_ASYNC = ACCEL_CAP_DEPS_ASYNC
    CPU_PREP = ACCEL_CAP_CPU_PREP
    EXCLUSIVE_OPEN = ACCEL_CAP_EXCLUSIVE_OPEN


class DeviceState(enum.IntEnum):
    """``accel_device_state`` (:attr:`DeviceAttr.state`)."""
    UNKNOWN = ACCEL_STATE_UNKNOWN
    OPERATIONAL = ACCEL_STATE_OPERATIONAL
    IN_RESET = ACCEL_STATE_IN_RESET
    MALFUNCTION = ACCEL_STATE_MALFUNCTION
    NEEDS_RESET = ACCEL_STATE_NEEDS_RESET


class BOFlag(enum.IntFlag):
    """``accel_bo_flags``: a shorthand that picks a memory domain."""
    NONE = 0
    HOST_VISIBLE = ACCEL_BO_HOST_VISIBLE
    DEVICE_LOCAL = ACCEL_BO_DEVICE_LOCAL
    CONTIGUOUS = ACCEL_BO_CONTIGUOUS
    UNCACHED = ACCEL_BO_UNCACHED


class DomainFlag(enum.IntFlag):
    """``accel_mem_domain_flags`` (:attr:`MemDomain.flags`)."""
    HOST_VISIBLE = ACCEL_DOMAIN_HOST_VISIBLE
    COHERENT = ACCEL_DOMAIN_COHERENT
    CACHED = ACCEL_DOMAIN_CACHED
    WRITE_COMBINED = ACCEL_DOMAIN_WRITE_COMBINED
    CONTIGUOUS = ACCEL_DOMAIN_CONTIGUOUS
    EXPORTABLE = ACCEL_DOMAIN_EXPORTABLE
    IMPORTABLE = ACCEL_DOMAIN_IMPORTABLE
    COMMAND = ACCEL_DOMAIN_COMMAND
    DEVICE_LOCAL = ACCEL_DOMAIN_DEVICE_LOCAL
    INIT_ONLY = ACCEL_DOMAIN_INIT_ONLY


class Usage(enum.IntEnum):
    """``accel_bo_usage``."""
    DATA = ACCEL_BO_USAGE_DATA
    COMMAND = ACCEL_BO_USAGE_COMMAND


class Access(enum.IntFlag):
    """``accel_access``: how a submission or the CPU touches a BO."""
    READ = ACCEL_ACCESS_READ
    WRITE = ACCEL_ACCESS_WRITE
    RW = ACCEL_ACCESS_RW


class EngineFlag(enum.IntFlag):
    """``accel_engine_flags`` (:attr:`EngineInfo.flags`)."""
    IN_ORDER = ACCEL_ENGINE_IN_ORDER
    CMD_BUFFER = ACCEL_ENGINE_CMD_BUFFER
    NEEDS_PROGRAM = ACCEL_ENGINE_NEEDS_PROGRAM


class JobState(enum.IntEnum):
    """``accel_job_state`` (:attr:`JobStatus.state`)."""
    PENDING = ACCEL_JOB_PENDING
    DONE = ACCEL_JOB_DONE
    FAILED = ACCEL_JOB_FAILED


class LogLevel(enum.IntEnum):
    """``accel_log_level``."""
    NONE = ACCEL_LOG_NONE
    ERR = ACCEL_LOG_ERR
    WARN = ACCEL_LOG_WARN
    INFO = ACCEL_LOG_INFO
    DEBUG = ACCEL_LOG_DEBUG


class MonitorEventType(enum.IntEnum):
    """``accel_monitor_event_type``."""
    ADD = ACCEL_MONITOR_ADD
    REMOVE = ACCEL_MONITOR_REMOVE


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

cdef str _s(const char *p):
    return None if p == NULL else p.decode("utf-8", "replace")


cdef str _last_reason():
    cdef const char *r
    with nogil:
        r = accel_last_error()
    return _s(r)


cdef int _check(int rc, str function) except -1:
    """rc < 0 -> AccelError(-rc, accel_last_error())."""
    if rc < 0:
        raise AccelError(-rc, _last_reason(), function)
    return rc


cdef _raise_errno(str function):
    cdef int err = errno
    raise AccelError(err if err else _errno.EIO, _last_reason(), function)


cdef _stale(str what):
    raise AccelError(_errno.ESTALE, what + " is closed", None)


cdef int64_t _timeout_ns(timeout) except? -2:
    """None -> forever (-1); seconds -> ns."""
    if timeout is None:
        return -1
    t = float(timeout)
    if t < 0:
        return -1
    return <int64_t>(t * 1e9)


cdef int _fileno(obj) except? -1:
    if isinstance(obj, int):
        return obj
    if hasattr(obj, "fileno"):
        return obj.fileno()
    raise TypeError(f"a file descriptor or an object with fileno() is "
                    f"needed, not {type(obj).__name__}")


def last_error():
    """The reason the last failing libaccel call of this thread failed,
    or None (``accel_last_error()``)."""
    return _last_reason()


def version():
    """The library's version string (``accel_version()``)."""
    return _s(accel_version())


def scan_report():
    """Why the last device scan found no device or skipped some, one line
    per reason (``accel_get_scan_report()``)."""
    cdef int n
    cdef bytearray buf
    with nogil:
        n = accel_get_scan_report(NULL, 0)
    _check(n, "accel_get_scan_report")
    buf = bytearray(n + 1)
    cdef char *p = buf
    with nogil:
        n = accel_get_scan_report(p, n + 1)
    _check(n, "accel_get_scan_report")
    return bytes(buf[:n]).decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

# The callable lives here, never behind the C callback's arg: libaccel may
# call a callback it read just before it was replaced, so a pointer to a
# Python object there could be used after it was freed.
_log_callback = None
cdef bint _log_live = False


cdef void _log_trampoline(accel_log_level level, const char *msg,
                          void *arg) nogil:
    if not _log_live:
        return
    with gil:
        cb = _log_callback
        if cb is None:
            return
        try:
            cb(LogLevel(<int>level), _s(msg))
        except BaseException as e:
            # a log callback cannot raise into C: report it as Python does
            PyErr_SetObject(type(e), e)
            PyErr_WriteUnraisable(cb)


def set_log_level(level):
    """Set the library's log level (:class:`LogLevel` or its name); wins
    over ``ACCEL_LOG_LEVEL``."""
    if isinstance(level, str):
        level = LogLevel[level.upper()]
    cdef int v = int(LogLevel(level))
    with nogil:
        accel_set_log_level(<accel_log_level>v)


def get_log_level():
    """The library's log level, a :class:`LogLevel`."""
    cdef accel_log_level v
    with nogil:
        v = accel_get_log_level()
    return LogLevel(<int>v)


def set_log_callback(callback):
    """Send the library's messages to ``callback(level, message)`` instead
    of stderr; None restores the default.

    The callback may run in any thread, including libaccel's own worker
    threads (it takes the GIL there). It must not call into accel, and
    should be quick; exceptions it raises are reported through
    ``sys.unraisablehook`` and otherwise ignored.
    """
    global _log_callback, _log_live
    if callback is not None and not callable(callback):
        raise TypeError("callback must be callable or None")
    _log_callback = callback
    _log_live = callback is not None
    with nogil:
        if _log_live:
            accel_set_log_fn(_log_trampoline, NULL)
        else:
            accel_set_log_fn(NULL, NULL)


def _shutdown():
    """atexit: no Python callback once the interpreter is going away."""
    global _log_live
    _log_live = False
    with nogil:
        accel_set_log_fn(NULL, NULL)


# ---------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------

@cython.final
cdef class _DeviceList:
    """Owns the array from accel_get_device_list(); each Device holds it."""
    cdef accel_device **list
    cdef int n

    def __dealloc__(self):
        if self.list != NULL:
            accel_free_device_list(self.list)
            self.list = NULL


@cython.final
cdef class Device:
    """A device found by :func:`devices`; not opened. ``open()`` (or
    ``Context(device)``) gives a :class:`Context`."""
    cdef accel_device *dev
    cdef _DeviceList _list
    cdef readonly str name
    cdef readonly str driver
    cdef readonly str node
    cdef readonly str provider
    cdef readonly str bus_id

    def __init__(self):
        raise TypeError("devices come from accel.devices()")

    @property
    def info(self):
        """:class:`DeviceInfo`: enumeration facts read from sysfs."""
        cdef accel_device_info i
        cdef int rc
        memset(&i, 0, sizeof(i))
        with nogil:
            rc = accel_device_get_info(self.dev, &i, sizeof(i))
        _check(rc, "accel_device_get_info")
        return DeviceInfo(DeviceFlag(i.flags), i.pci_vendor_id,
                          i.pci_device_id, i.pci_subsys_vendor_id,
                          i.pci_subsys_device_id, i.numa_node, i.minor,
                          i.major, _s(i.modalias))

    def describe(self):
        """:class:`DeviceAttr` of what can be known without opening the
        device (``accel_describe_device()``); unknown fields are 0."""
        cdef accel_device_attr a
        cdef int rc
        memset(&a, 0, sizeof(a))
        with nogil:
            rc = accel_describe_device(self.dev, &a, sizeof(a))
        _check(rc, "accel_describe_device")
        return _attr(&a)

    def open(self):
        """Open the device: a :class:`Context`."""
        return Context(self)

    def __repr__(self):
        return (f"<accel.Device {self.name} driver={self.driver} "
                f"provider={self.provider}>")


def devices():
    """Every device libaccel finds, as a list of :class:`Device`
    (``accel_get_device_list()``). An empty list is not an error:
    :func:`scan_report` says why."""
    cdef int n = 0
    cdef accel_device **l
    cdef _DeviceList owner
    cdef Device d
    with nogil:
        l = accel_get_device_list(&n)
    if l == NULL:
        _raise_errno("accel_get_device_list")
    owner = _DeviceList.__new__(_DeviceList)
    owner.list = l
    owner.n = n
    out = []
    for i in range(n):
        d = Device.__new__(Device)
        d.dev = l[i]
        d._list = owner
        d.name = _s(accel_device_name(l[i]))
        d.driver = _s(accel_device_driver(l[i]))
        d.node = _s(accel_device_node(l[i]))
        d.provider = _s(accel_device_provider(l[i]))
        d.bus_id = _s(accel_device_bus_id(l[i]))
        out.append(d)
    return out


cdef _attr(accel_device_attr *a):
    return DeviceAttr(_s(a.driver), _s(a.provider), _s(a.fw_version),
                      _s(a.card_name),
                      (a.driver_version_major, a.driver_version_minor,
                       a.driver_version_patch),
                      Cap(a.caps), a.pci_vendor_id, a.pci_device_id,
                      a.mem_total, a.mem_free, a.max_bo_size, a.bo_align,
                      a.max_queues, a.num_engines, a.num_mem_domains,
                      DeviceState(a.state) if a.state <= 4 else a.state,
                      bool(a.in_use))


# ---------------------------------------------------------------------------
# Contexts
# ---------------------------------------------------------------------------

@cython.final
cdef class Context:
    """An open device (``accel_open_device()``).

    A context manager: leaving the ``with`` block closes it, and with it
    every :class:`BO` and :class:`Queue` it made (they answer ``ESTALE``
    afterwards). Closing refuses (``BufferError``) while a memoryview of
    one of its BOs is alive, since closing unmaps the memory.
    """
    cdef accel_context *ctx
    cdef readonly Device device
    cdef object _children
    cdef object __weakref__

    def __cinit__(self, Device device not None):
        cdef accel_context *c
        with nogil:
            c = accel_open_device(device.dev)
        if c == NULL:
            _raise_errno("accel_open_device")
        self.ctx = c
        self.device = device
        self._children = weakref.WeakSet()

    def __dealloc__(self):
        cdef accel_context *c = self.ctx
        self.ctx = NULL
        if c != NULL:
            with nogil:
                accel_close_device(c)

    cdef accel_context *_get(self) except NULL:
        if self.ctx == NULL:
            _stale("the context")
        return self.ctx

    @property
    def closed(self):
        return self.ctx == NULL

    def close(self):
        """Close the context and everything it made. Idempotent."""
        cdef accel_context *c = self.ctx
        cdef int rc
        if c == NULL:
            return
        kids = list(self._children)
        for k in kids:
            if isinstance(k, BO) and (<BO>k).exports:
                raise BufferError(f"{k!r} has {(<BO>k).exports} live "
                                  f"memoryview(s): release them first")
        self.ctx = NULL
        for k in kids:
            k._invalidate()
        with nogil:
            rc = accel_close_device(c)
        _check(rc, "accel_close_device")

    def __enter__(self):
        self._get()
        return self

    def __exit__(self, *exc):
        self.close()

    def query(self):
        """:class:`DeviceAttr` of the open device (``accel_query_device()``)."""
        cdef accel_device_attr a
        cdef accel_context *c = self._get()
        cdef int rc
        memset(&a, 0, sizeof(a))
        with nogil:
            rc = accel_query_device(c, &a, sizeof(a))
        _check(rc, "accel_query_device")
        return _attr(&a)

    def mem_domains(self):
        """The memory domains, a list of :class:`MemDomain`."""
        cdef accel_context *c = self._get()
        cdef accel_mem_domain *d
        cdef int n, m, i
        with nogil:
            n = accel_query_mem_domains(c, NULL, 0, sizeof(accel_mem_domain))
        _check(n, "accel_query_mem_domains")
        d = <accel_mem_domain *>malloc(max(n, 1) * sizeof(accel_mem_domain))
        if d == NULL:
            raise MemoryError()
        try:
            with nogil:
                m = accel_query_mem_domains(c, d, n, sizeof(accel_mem_domain))
            _check(m, "accel_query_mem_domains")
            return [MemDomain(d[i].id, DomainFlag(d[i].flags), _s(d[i].name),
                              d[i].granule, d[i].max_bo_size, d[i].va_start,
                              d[i].va_end, d[i].total, d[i].free)
                    for i in range(min(n, m))]
        finally:
            free(d)

    def engines(self):
        """The engine classes, a list of :class:`EngineInfo`."""
        cdef accel_context *c = self._get()
        cdef accel_engine_info *e
        cdef int n, m, i
        with nogil:
            n = accel_query_engines(c, NULL, 0, sizeof(accel_engine_info))
        _check(n, "accel_query_engines")
        e = <accel_engine_info *>malloc(max(n, 1) * sizeof(accel_engine_info))
        if e == NULL:
            raise MemoryError()
        try:
            with nogil:
                m = accel_query_engines(c, e, n, sizeof(accel_engine_info))
            _check(m, "accel_query_engines")
            return [EngineInfo(e[i].id, EngineFlag(e[i].flags), _s(e[i].name),
                               e[i].count, e[i].min_priority,
                               e[i].max_priority, e[i].max_in_flight,
                               e[i].max_bos)
                    for i in range(min(n, m))]
        finally:
            free(e)

    def bo(self, uint64_t size, flags=0, domain=None, usage=Usage.DATA,
           init=None):
        """Allocate a buffer object of ``size`` bytes.

        ``flags`` (:class:`BOFlag`) pick a domain, or ``domain`` (a
        :class:`MemDomain` or its id) names one; ``usage`` is a
        :class:`Usage`; ``init`` (any bytes-like object, at most ``size``
        bytes) gives the initial contents, the only way to fill an
        ``INIT_ONLY`` domain.
        """
        cdef accel_context *c = self._get()
        cdef accel_bo_alloc_args a
        cdef Py_buffer view
        cdef bint have_view = False
        cdef accel_bo *b
        memset(&a, 0, sizeof(a))
        a.size = size
        a.flags = int(flags)
        a.usage = int(usage)
        if domain is not None:
            a.comp_mask |= ACCEL_BO_ALLOC_DOMAIN
            a.domain = domain.id if isinstance(domain, MemDomain) else int(domain)
        if init is not None:
            PyObject_GetBuffer(init, &view, PyBUF_SIMPLE)
            have_view = True
            a.comp_mask |= ACCEL_BO_ALLOC_INIT
            a.init_data = view.buf
            a.init_size = view.len
        try:
            with nogil:
                b = accel_bo_alloc_ex(c, &a, sizeof(a))
            if b == NULL:
                _raise_errno("accel_bo_alloc_ex")
        finally:
            if have_view:
                PyBuffer_Release(&view)
        return BO._new(self, b)

    def import_dmabuf(self, fd):
        """Import a dma-buf (an int or an object with ``fileno()``) as a
        :class:`BO`. The caller keeps its descriptor."""
        cdef accel_context *c = self._get()
        cdef int f = _fileno(fd)
        cdef accel_bo *b
        with nogil:
            b = accel_bo_import_dmabuf(c, f)
        if b == NULL:
            _raise_errno("accel_bo_import_dmabuf")
        return BO._new(self, b)

    def queue(self, engine=None, instance=None, priority=None):
        """Create a :class:`Queue` on an engine (:class:`EngineInfo` or
        its id; default 0) and instance, with a priority (0 normal, <0
        low, >0 high)."""
        cdef accel_context *c = self._get()
        cdef accel_queue_attr a
        cdef accel_queue *q
        memset(&a, 0, sizeof(a))
        if engine is not None:
            a.comp_mask |= ACCEL_QUEUE_ATTR_ENGINE
            a.engine = engine.id if isinstance(engine, EngineInfo) else int(engine)
        if instance is not None:
            a.comp_mask |= ACCEL_QUEUE_ATTR_INSTANCE
            a.instance = int(instance)
        if priority is not None:
            a.comp_mask |= ACCEL_QUEUE_ATTR_PRIORITY
            a.priority = int(priority)
        with nogil:
            q = accel_queue_create(c, &a)
        if q == NULL:
            _raise_errno("accel_queue_create")
        return Queue._new(self, q)

    def __repr__(self):
        state = "closed" if self.ctx == NULL else "open"
        return f"<accel.Context {self.device.name} {state}>"


# ---------------------------------------------------------------------------
# Buffer objects
# ---------------------------------------------------------------------------

@cython.final
@cython.no_gc_clear
cdef class BO:
    """A buffer object (``accel_bo``).

    Supports the buffer protocol over its CPU mapping: ``memoryview(bo)``,
    ``bo.map()`` and ``numpy.frombuffer(bo, ...)`` see the device memory
    itself, with no copy. While such a view is alive the BO cannot be
    freed or unmapped (``BufferError``, as ``mmap.close()``). A context
    manager: leaving the ``with`` block frees it.
    """
    cdef accel_bo *bo
    cdef readonly Context context
    cdef char *ptr
    cdef readonly uint64_t size
    cdef readonly Py_ssize_t exports
    cdef object __weakref__

    def __init__(self):
        raise TypeError("BOs come from Context.bo() or Context.import_dmabuf()")

    @staticmethod
    cdef BO _new(Context ctx, accel_bo *b):
        cdef BO o = BO.__new__(BO)
        o.bo = b
        o.context = ctx
        o.size = accel_bo_size(b)
        ctx._children.add(o)
        return o

    def __dealloc__(self):
        # the context (held by us) is still open if self.bo is set; the
        # GIL is released as for every call (a library thread may log)
        cdef accel_bo *b = self.bo
        self.bo = NULL
        if b != NULL:
            with nogil:
                accel_bo_free(b)

    def _invalidate(self):
        # the context closed: the library destroyed the BO
        self.bo = NULL
        self.ptr = NULL

    cdef accel_bo *_get(self) except NULL:
        if self.bo == NULL:
            _stale("the BO")
        return self.bo

    @property
    def closed(self):
        return self.bo == NULL

    @property
    def device_addr(self):
        """The BO's address in the device's address space (0 if none)."""
        return accel_bo_device_addr(self._get())

    cdef char *_map(self) except NULL:
        cdef accel_bo *b = self._get()
        cdef void *p
        if self.ptr == NULL:
            with nogil:
                p = accel_bo_map(b)
            if p == NULL:
                _raise_errno("accel_bo_map")
            if self.bo != b:
                # freed by another thread meanwhile: p is gone with it
                _stale("the BO")
            self.ptr = <char *>p
        return self.ptr

    def map(self):
        """Map the BO (``accel_bo_map()``) and return a writable
        ``memoryview`` of unsigned bytes over the mapping."""
        self._map()
        return memoryview(self)

    def unmap(self):
        """Remove the CPU mapping; refused while a view is alive."""
        cdef accel_bo *b = self._get()
        cdef int rc
        if self.exports:
            raise BufferError(f"{self!r} has {self.exports} live memoryview(s)")
        if self.ptr == NULL:
            return
        self.ptr = NULL
        with nogil:
            rc = accel_bo_unmap(b)
        _check(rc, "accel_bo_unmap")

    def __getbuffer__(self, Py_buffer *view, int flags):
        cdef char *p = self._map()
        view.buf = p
        view.obj = self
        view.len = <Py_ssize_t>self.size
        view.readonly = 0
        view.itemsize = 1
        view.format = NULL
        if flags & PyBUF_FORMAT:
            view.format = b"B"
        view.ndim = 1
        view.shape = NULL
        if flags & PyBUF_ND:
            view.shape = &view.len
        view.strides = NULL
        if flags & PyBUF_STRIDES:
            view.strides = &view.itemsize
        view.suboffsets = NULL
        view.internal = NULL
        self.exports += 1

    def __releasebuffer__(self, Py_buffer *view):
        self.exports -= 1

    def cpu_prep(self, access=Access.RW, timeout=None):
        """Wait for the device to be done with the BO and make its writes
        visible to the CPU (``accel_bo_cpu_prep()``); timeout in seconds,
        None waits forever."""
        cdef accel_bo *b = self._get()
        cdef uint32_t acc = int(access)
        cdef int64_t t = _timeout_ns(timeout)
        cdef int rc
        with nogil:
            rc = accel_bo_cpu_prep(b, acc, t)
        _check(rc, "accel_bo_cpu_prep")

    def cpu_fini(self):
        """Hand the CPU's writes back to the device (``accel_bo_cpu_fini()``)."""
        cdef accel_bo *b = self._get()
        cdef int rc
        with nogil:
            rc = accel_bo_cpu_fini(b)
        _check(rc, "accel_bo_cpu_fini")

    def export_dmabuf(self, flags=os.O_CLOEXEC | os.O_RDWR):
        """Export the BO as a dma-buf: an :class:`Fd` the caller owns."""
        cdef accel_bo *b = self._get()
        cdef uint32_t f = flags
        cdef int rc
        with nogil:
            rc = accel_bo_export_dmabuf(b, f)
        _check(rc, "accel_bo_export_dmabuf")
        return Fd(rc, "dma-buf")

    def free(self):
        """Free the BO (``accel_bo_free()``); work that still uses it keeps
        its memory until it retires. Refused while a view is alive.
        Idempotent."""
        cdef accel_bo *b = self.bo
        cdef int rc
        if b == NULL:
            return
        if self.exports:
            raise BufferError(f"{self!r} has {self.exports} live memoryview(s): "
                              f"release them first")
        self.bo = NULL
        self.ptr = NULL
        with nogil:
            rc = accel_bo_free(b)
        _check(rc, "accel_bo_free")

    close = free

    def __enter__(self):
        self._get()
        return self

    def __exit__(self, *exc):
        self.free()

    def __len__(self):
        return self.size

    def __repr__(self):
        if self.bo == NULL:
            return f"<accel.BO size={self.size} closed>"
        return (f"<accel.BO size={self.size} "
                f"device_addr={accel_bo_device_addr(self.bo):#x}>")


# ---------------------------------------------------------------------------
# Queues
# ---------------------------------------------------------------------------

cdef JobStatus_from(accel_job_status_t *s):
    return JobStatus(JobState(s.state) if s.state <= 2 else s.state, s.error,
                     s.device_error, s.provider_status, _s(s.reason))


@cython.final
@cython.no_gc_clear
cdef class Queue:
    """A queue of work on one engine (``accel_queue``). Submissions are
    numbered from 1 per queue. A context manager: leaving the ``with``
    block destroys it (waiting for work in flight)."""
    cdef accel_queue *q
    cdef readonly Context context
    cdef object __weakref__

    def __init__(self):
        raise TypeError("queues come from Context.queue()")

    @staticmethod
    cdef Queue _new(Context ctx, accel_queue *q):
        cdef Queue o = Queue.__new__(Queue)
        o.q = q
        o.context = ctx
        ctx._children.add(o)
        return o

    def __dealloc__(self):
        cdef accel_queue *q = self.q
        self.q = NULL
        if q != NULL:
            with nogil:
                accel_queue_destroy(q)

    def _invalidate(self):
        self.q = NULL

    cdef accel_queue *_get(self) except NULL:
        if self.q == NULL:
            _stale("the queue")
        return self.q

    @property
    def closed(self):
        return self.q == NULL

    def submit(self, BO cmd_bo=None, uint64_t offset=0, size=None, bos=(),
               wait_points=(), in_fences=(), bint out_fence=False):
        """Submit work and return its sequence number.

        ``cmd_bo``/``offset``/``size`` locate the commands (``size``
        defaults to the rest of the BO); ``bos`` lists every other BO the
        work touches, each a :class:`BO` (read-write), ``(bo, access)`` or
        ``(bo, access, slot)``; ``wait_points`` are ``(queue, seqno)``
        pairs of any queue to wait for first; ``in_fences`` sync_file
        descriptors (ints or objects with ``fileno()``). With
        ``out_fence=True`` the answer is ``(seqno, Fd)``, the Fd a
        sync_file that signals when the work completes.
        """
        cdef accel_queue *q = self._get()
        cdef accel_submit_args s
        cdef accel_bo_ref *refs = NULL
        cdef accel_fence_point *points = NULL
        cdef int32_t *fences = NULL
        cdef int32_t out_fd = -1
        cdef uint64_t seqno = 0
        cdef int rc, i
        cdef BO b
        cdef Queue wq
        bos = list(bos)
        wait_points = list(wait_points)
        in_fences = list(in_fences)
        memset(&s, 0, sizeof(s))
        try:
            if cmd_bo is not None:
                # a BO of another context: the library answers EXDEV
                s.cmd_bo = cmd_bo._get()
                s.cmd_offset = offset
                if size is None:
                    s.cmd_size = (cmd_bo.size - offset
                                  if offset <= cmd_bo.size else 0)
                else:
                    s.cmd_size = size
            elif size is not None:
                s.cmd_size = size
            if bos:
                refs = <accel_bo_ref *>malloc(len(bos) * sizeof(accel_bo_ref))
                if refs == NULL:
                    raise MemoryError()
                for i, r in enumerate(bos):
                    if isinstance(r, BO):
                        b, acc, slot = r, ACCEL_ACCESS_RW, 0
                    elif isinstance(r, tuple) and 2 <= len(r) <= 3:
                        b = r[0]
                        acc = r[1]
                        slot = r[2] if len(r) == 3 else 0
                    else:
                        raise TypeError(f"bos[{i}]: a BO, (bo, access) or "
                                        f"(bo, access, slot), not {r!r}")
                    refs[i].bo = b._get()
                    refs[i].access = int(acc)
                    refs[i].slot = int(slot)
                s.bos = refs
                s.num_bos = len(bos)
            if wait_points:
                s.comp_mask |= ACCEL_SUBMIT_WAIT
                points = <accel_fence_point *>malloc(
                    len(wait_points) * sizeof(accel_fence_point))
                if points == NULL:
                    raise MemoryError()
                for i, wp in enumerate(wait_points):
                    wq, seq = wp
                    points[i].queue = wq._get()
                    points[i].seqno = seq
                s.wait_points = points
                s.num_wait_points = len(wait_points)
            if in_fences:
                s.comp_mask |= ACCEL_SUBMIT_IN_FENCE
                fences = <int32_t *>malloc(len(in_fences) * sizeof(int32_t))
                if fences == NULL:
                    raise MemoryError()
                for i, f in enumerate(in_fences):
                    fences[i] = _fileno(f)
                s.in_fence_fds = fences
                s.num_in_fences = len(in_fences)
            if out_fence:
                s.comp_mask |= ACCEL_SUBMIT_OUT_FENCE
                s.out_fence_fd = &out_fd
            with nogil:
                rc = accel_submit(q, &s, &seqno)
            _check(rc, "accel_submit")
        finally:
            free(refs)
            free(points)
            free(fences)
        if out_fence:
            return seqno, Fd(out_fd, "sync_file")
        return seqno

    def wait(self, uint64_t seqno, timeout=None):
        """Wait for submission ``seqno``: True when it succeeded, False
        at the timeout (seconds; None waits forever, 0 polls). A failed
        job raises AccelError(EIO) carrying its :class:`JobStatus`; a lost
        context AccelError(ENOTRECOVERABLE)."""
        cdef accel_queue *q = self._get()
        cdef int64_t t = _timeout_ns(timeout)
        cdef int rc
        with nogil:
            rc = accel_wait(q, seqno, t)
        if rc == 0:
            return True
        if rc == -_errno.ETIMEDOUT:
            return False
        reason = _last_reason()
        st = None
        if rc == -_errno.EIO:
            try:
                st = self.status(seqno)
                if st.reason:
                    reason = f"job {seqno}: {st.reason}"
            except AccelError:
                pass
        raise AccelError(-rc, reason, "accel_wait", st)

    def status(self, uint64_t seqno):
        """:class:`JobStatus` of submission ``seqno`` (``accel_job_status()``)."""
        cdef accel_queue *q = self._get()
        cdef accel_job_status_t st
        cdef int rc
        memset(&st, 0, sizeof(st))
        with nogil:
            rc = accel_job_status(q, seqno, &st, sizeof(st))
        _check(rc, "accel_job_status")
        return JobStatus_from(&st)

    def completed(self):
        """The highest seqno such that it and every earlier one are
        complete (``accel_queue_completed()``)."""
        cdef accel_queue *q = self._get()
        cdef uint64_t seq = 0
        cdef int rc
        with nogil:
            rc = accel_queue_completed(q, &seq)
        _check(rc, "accel_queue_completed")
        return seq

    def fileno(self):
        """A non-blocking descriptor that polls readable when work
        completes (``accel_queue_get_fd()``); the queue owns it. Read 8
        bytes to reset it."""
        cdef accel_queue *q = self._get()
        cdef int rc
        with nogil:
            rc = accel_queue_get_fd(q)
        return _check(rc, "accel_queue_get_fd")

    def export_fence(self, uint64_t seqno):
        """A sync_file :class:`Fd` that signals when ``seqno`` completes."""
        cdef accel_queue *q = self._get()
        cdef int rc
        with nogil:
            rc = accel_fence_export_sync_file(q, seqno)
        _check(rc, "accel_fence_export_sync_file")
        return Fd(rc, "sync_file")

    def destroy(self):
        """Destroy the queue (``accel_queue_destroy()``). Idempotent."""
        cdef accel_queue *q = self.q
        cdef int rc
        if q == NULL:
            return
        self.q = NULL
        with nogil:
            rc = accel_queue_destroy(q)
        _check(rc, "accel_queue_destroy")

    close = destroy

    def __enter__(self):
        self._get()
        return self

    def __exit__(self, *exc):
        self.destroy()

    def __repr__(self):
        state = "closed" if self.q == NULL else "open"
        return f"<accel.Queue on {self.context.device.name} {state}>"


# ---------------------------------------------------------------------------
# Hot-plug monitor
# ---------------------------------------------------------------------------

@cython.final
cdef class Monitor:
    """Device hot-plug events (``accel_monitor_*``, libudev). ``fileno()``
    polls readable when an event is pending; ``receive()`` returns a
    :class:`MonitorEvent` or None. A context manager."""
    cdef accel_monitor *mon

    def __cinit__(self):
        cdef accel_monitor *m
        with nogil:
            m = accel_monitor_create()
        if m == NULL:
            _raise_errno("accel_monitor_create")
        self.mon = m

    def __dealloc__(self):
        cdef accel_monitor *m = self.mon
        self.mon = NULL
        if m != NULL:
            with nogil:
                accel_monitor_destroy(m)

    cdef accel_monitor *_get(self) except NULL:
        if self.mon == NULL:
            _stale("the monitor")
        return self.mon

    def fileno(self):
        return _check(accel_monitor_get_fd(self._get()), "accel_monitor_get_fd")

    def receive(self):
        cdef accel_monitor *m = self._get()
        cdef accel_monitor_event ev
        cdef int rc
        memset(&ev, 0, sizeof(ev))
        with nogil:
            rc = accel_monitor_receive(m, &ev, sizeof(ev))
        if _check(rc, "accel_monitor_receive") == 0:
            return None
        return MonitorEvent(MonitorEventType(ev.type), _s(ev.name),
                            _s(ev.node), _s(ev.driver))

    def close(self):
        cdef accel_monitor *m = self.mon
        cdef int rc
        if m == NULL:
            return
        self.mon = NULL
        with nogil:
            rc = accel_monitor_destroy(m)
        _check(rc, "accel_monitor_destroy")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
