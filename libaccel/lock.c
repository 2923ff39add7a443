// SPDX-License-Identifier: MIT
/* The contended halves of struct accel_lock (accel_lock.h). */
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "accel_internal.h"

void accel_lock_wait(struct accel_lock *l)
{
	/* 2: whoever drops it next must wake a sleeper */
	while (atomic_exchange_explicit(&l->v, 2, memory_order_acquire))
		syscall(SYS_futex, &l->v, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
}

void accel_lock_wake(struct accel_lock *l)
{
	syscall(SYS_futex, &l->v, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
