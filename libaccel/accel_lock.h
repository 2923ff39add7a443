/* SPDX-License-Identifier: MIT */
/*
 * A small mutex for the short sections every BO alloc, import and free
 * passes through (the registry's free list, a GEM table, a context's
 * lists): one compare-and-swap to take it, one exchange to drop it, a
 * futex call only under contention ("mutex 2" of Drepper's "Futexes Are
 * Tricky"). A pthread_mutex_lock/unlock pair of glibc is about 55
 * instructions, six pairs a BO, which a TCG guest feels. Not recursive,
 * no owner, process-private; zero is unlocked. Part of the provider ABI
 * only as a field type: providers do not take these locks.
 */
#ifndef ACCEL_LOCK_H
#define ACCEL_LOCK_H

#include <stdatomic.h>

struct accel_lock {
	atomic_int v; /* 0 free, 1 held, 2 held and maybe waited for */
};

#define ACCEL_LOCK_INIT { 0 }

/* the contended halves (lock.c) */
void accel_lock_wait(struct accel_lock *l);
void accel_lock_wake(struct accel_lock *l);

static inline void accel_lock_init(struct accel_lock *l)
{
	atomic_init(&l->v, 0);
}

static inline void accel_lock(struct accel_lock *l)
{
	int free = 0;

	if (!atomic_compare_exchange_strong_explicit(&l->v, &free, 1,
						     memory_order_acquire,
						     memory_order_relaxed))
		accel_lock_wait(l);
}

static inline void accel_unlock(struct accel_lock *l)
{
	if (atomic_exchange_explicit(&l->v, 0, memory_order_release) == 2)
		accel_lock_wake(l);
}

#endif /* ACCEL_LOCK_H */
