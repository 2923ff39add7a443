# SPDX-License-Identifier: MIT
"""AccelError: an OSError with the errno and the library's reason."""
import errno
import pickle

import pytest

import accel


def test_is_oserror(ctx):
    with pytest.raises(OSError) as e:
        ctx.bo(0)
    err = e.value
    assert isinstance(err, accel.AccelError)
    assert err.errno == errno.EINVAL
    assert err.strerror == "Invalid argument"
    assert err.reason == accel.last_error()
    assert str(err).startswith("[Errno 22] Invalid argument: ")
    assert err.reason in str(err)


def test_pickles():
    e = accel.AccelError(errno.ESTALE, "the BO is closed", "x")
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.errno, e2.reason, e2.function) == (errno.ESTALE,
                                                 "the BO is closed", "x")


def test_last_error_is_per_thread(ctx):
    import threading
    with pytest.raises(accel.AccelError):
        ctx.bo(0)
    mine = accel.last_error()
    seen = []
    t = threading.Thread(target=lambda: seen.append(accel.last_error()))
    t.start()
    t.join()
    assert mine and seen == [None]


def test_enums():
    assert accel.Access.RW == accel.Access.READ | accel.Access.WRITE
    assert int(accel.LogLevel.DEBUG) == 4
    assert accel.JobState(2) is accel.JobState.FAILED
