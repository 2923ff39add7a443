# SPDX-License-Identifier: MIT
"""Logging: the level, and a Python callback the library calls (possibly
from its own threads, taking the GIL)."""
import sys
import threading

import pytest

import accel


@pytest.fixture
def restore():
    old = accel.get_log_level()
    yield
    accel.set_log_callback(None)
    accel.set_log_level(old)


def test_level(restore):
    accel.set_log_level(accel.LogLevel.WARN)
    assert accel.get_log_level() == accel.LogLevel.WARN
    accel.set_log_level("debug")
    assert accel.get_log_level() is accel.LogLevel.DEBUG
    with pytest.raises(ValueError):
        accel.set_log_level(42)
    with pytest.raises(TypeError):
        accel.set_log_callback(42)


def test_callback_gets_messages(restore):
    got = []
    lock = threading.Lock()

    def cb(level, msg):
        with lock:
            got.append((level, msg, threading.get_ident()))
    accel.set_log_callback(cb)
    accel.set_log_level(accel.LogLevel.DEBUG)
    for _ in range(3):
        accel.devices()
        with accel.open("soft0") as ctx:
            ctx.queue().destroy()
            try:
                ctx.bo(0)
            except accel.AccelError:
                pass
    accel.set_log_callback(None)
    assert got, "no message at debug level"
    assert all(isinstance(l, accel.LogLevel) and isinstance(m, str)
               for l, m, _ in got)
    assert not any(m.endswith("\n") for _, m, _ in got)


def test_callback_exception_is_unraisable(restore, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u))

    def bad(level, msg):
        raise RuntimeError("boom")
    accel.set_log_callback(bad)
    accel.set_log_level(accel.LogLevel.DEBUG)
    accel.devices()
    accel.set_log_callback(None)
    assert seen and isinstance(seen[0].exc_value, RuntimeError)


def test_callback_under_threads(restore, ctx):
    """Library threads log while Python threads call in: no deadlock."""
    n = [0]

    def cb(level, msg):
        n[0] += 1
    accel.set_log_callback(cb)
    accel.set_log_level(accel.LogLevel.DEBUG)

    def work():
        for _ in range(50):
            with ctx.bo(4096) as bo:
                bo.map()[0] = 1
            ctx.queue().destroy()
    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert not any(t.is_alive() for t in ts)
