# SPDX-License-Identifier: MIT
"""The soft device's command format (accel/softdv.h, accel_soft(7)) as
builders.

A :class:`Stream` appends commands to a ``bytearray`` (or writes them into
any writable buffer, such as a mapped :class:`accel.BO`, from an offset)::

    cs = accel.soft.Stream(cmd_bo)          # writes into the BO's mapping
    cs.fill(dst.device_addr, 4096, 0xdeadbeef)
    cs.copy(dst.device_addr + 4096, dst.device_addr, 4096)
    seq = q.submit(cmd_bo, 0, len(cs), bos=[dst])

The module-level functions return one command as ``bytes``. Addresses are
device addresses (:attr:`accel.BO.device_addr`); fields are host order.
"""
import enum
import struct

__all__ = ["Op", "WaitCmp", "CMD_VERSION", "MAX_CMD_SIZE", "nop", "copy",
           "fill", "write_value", "wait_value", "timestamp", "Stream"]

CMD_VERSION = 1
MAX_CMD_SIZE = 4 << 20


class Op(enum.IntEnum):
    """enum softdv_opcode"""
    NOP = 0x00
    COPY = 0x01
    FILL = 0x02
    WRITE_VALUE = 0x03
    WAIT_VALUE = 0x04
    TIMESTAMP = 0x05


class WaitCmp(enum.IntEnum):
    """enum softdv_wait_cmp: (*addr & mask) <cmp> value"""
    EQ = 0
    NEQ = 1
    GTE = 2
    LT = 3


# struct softdv_cmd_header then the payload, as in softdv.h
_HDR = "=HHI"
_COPY = struct.Struct(_HDR + "QQQ")
_FILL = struct.Struct(_HDR + "QQII")
_WRITE = struct.Struct(_HDR + "QQ")
_WAIT = struct.Struct(_HDR + "QQQIIQ")
_TS = struct.Struct(_HDR + "Q")
_NOP = struct.Struct(_HDR)


def nop(size: int = 8) -> bytes:
    """A NOP of ``size`` bytes (a multiple of 8, at least 8): padding."""
    if size < 8 or size % 8 or size > 0xFFFF:
        raise ValueError("a NOP is a multiple of 8 bytes, 8 to 65528")
    return _NOP.pack(Op.NOP, size, 0) + bytes(size - 8)


def copy(dst: int, src: int, size: int) -> bytes:
    """Copy ``size`` bytes from ``src`` to ``dst`` (must not overlap)."""
    return _COPY.pack(Op.COPY, _COPY.size, 0, dst, src, size)


def fill(dst: int, size: int, pattern: int) -> bytes:
    """Fill ``size`` bytes at ``dst`` with a 32-bit pattern (dst and size
    multiples of 4)."""
    return _FILL.pack(Op.FILL, _FILL.size, 0, dst, size, pattern, 0)


def write_value(dst: int, value: int) -> bytes:
    """Store a 64-bit value at ``dst`` (8-byte aligned), with release
    ordering."""
    return _WRITE.pack(Op.WRITE_VALUE, _WRITE.size, 0, dst, value)


def wait_value(addr: int, value: int, cmp: int = WaitCmp.GTE,
               mask: int = 0xFFFFFFFFFFFFFFFF, timeout_ns: int = 0) -> bytes:
    """Stall the queue until ``(*addr & mask) <cmp> value``; timeout_ns 0
    waits until satisfied or the queue is destroyed."""
    return _WAIT.pack(Op.WAIT_VALUE, _WAIT.size, 0, addr, value, mask, cmp,
                      0, timeout_ns)


def timestamp(dst: int) -> bytes:
    """Store CLOCK_MONOTONIC in ns at ``dst`` (8-byte aligned)."""
    return _TS.pack(Op.TIMESTAMP, _TS.size, 0, dst)


class Stream:
    """A command stream written into ``buf`` from ``offset``.

    ``buf`` is a ``bytearray`` (default: a new one), which grows as
    commands are appended, or any writable buffer of fixed size (a
    memoryview, a mapped :class:`accel.BO`), written in place; writing
    past its end raises ``ValueError``. ``len(stream)`` is the byte count
    written, the ``size`` to submit; each method returns the offset of its
    command.
    """

    def __init__(self, buf=None, offset: int = 0) -> None:
        if buf is None:
            buf = bytearray()
        self._grow = isinstance(buf, bytearray)
        self._mv = None if self._grow else memoryview(buf).cast("B")
        self.buf = buf
        self.start = offset
        self.offset = offset

    def __len__(self) -> int:
        return self.offset - self.start

    def _put(self, cmd: bytes) -> int:
        at, end = self.offset, self.offset + len(cmd)
        if self._grow:
            if len(self.buf) < end:
                self.buf.extend(bytes(end - len(self.buf)))
            self.buf[at:end] = cmd
        else:
            if end > len(self._mv):
                raise ValueError(f"command at {at} ends past the buffer "
                                 f"({len(self._mv)} bytes)")
            self._mv[at:end] = cmd
        self.offset = end
        return at

    def release(self) -> None:
        """Drop the view of a fixed buffer (so a BO can be freed)."""
        if self._mv is not None:
            self._mv.release()
            self._mv = None

    def __enter__(self) -> "Stream":
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def nop(self, size: int = 8) -> int:
        return self._put(nop(size))

    def copy(self, dst: int, src: int, size: int) -> int:
        return self._put(copy(dst, src, size))

    def fill(self, dst: int, size: int, pattern: int) -> int:
        return self._put(fill(dst, size, pattern))

    def write_value(self, dst: int, value: int) -> int:
        return self._put(write_value(dst, value))

    def wait_value(self, addr: int, value: int, cmp: int = WaitCmp.GTE,
                   mask: int = 0xFFFFFFFFFFFFFFFF, timeout_ns: int = 0) -> int:
        return self._put(wait_value(addr, value, cmp, mask, timeout_ns))

    def timestamp(self, dst: int) -> int:
        return self._put(timestamp(dst))
