// SPDX-License-Identifier: MIT
/*
 * Deadlines. accel_wait() turns its relative timeout into one absolute
 * CLOCK_MONOTONIC time once; every backend converts from that into its
 * kernel's unit (absolute ns for syncobjs and BO waits, relative ms for
 * qaic, relative us for habanalabs) without overflow, so a loop of
 * kernel waits ends when the caller's time is up and not later.
 */
#include <time.h>

#include "accel_internal.h"

ACCEL_EXPORT int64_t accel_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

ACCEL_EXPORT int64_t accel_deadline(int64_t timeout_ns)
{
	int64_t now;

	if (timeout_ns < 0)
		return ACCEL_DEADLINE_NEVER;
	if (!timeout_ns)
		return 0;
	now = accel_now_ns();
	/* a deadline past the clock's range is no deadline */
	if (timeout_ns >= ACCEL_DEADLINE_NEVER - now)
		return ACCEL_DEADLINE_NEVER;
	return now + timeout_ns;
}

ACCEL_EXPORT int64_t accel_deadline_left_ns(int64_t abs_deadline_ns)
{
	int64_t now;

	if (abs_deadline_ns == ACCEL_DEADLINE_NEVER)
		return ACCEL_DEADLINE_NEVER;
	if (abs_deadline_ns <= 0)
		return 0;
	now = accel_now_ns();
	return abs_deadline_ns > now ? abs_deadline_ns - now : 0;
}

/* rounded up, so a short wait does not become a poll; at most max */
static uint64_t left_in(int64_t abs_deadline_ns, uint64_t unit, uint64_t max)
{
	int64_t left = accel_deadline_left_ns(abs_deadline_ns);
	uint64_t v;

	if (left == ACCEL_DEADLINE_NEVER)
		return max;
	v = (uint64_t)left / unit + ((uint64_t)left % unit != 0);
	return v < max ? v : max;
}

ACCEL_EXPORT uint64_t accel_deadline_left_ms(int64_t abs_deadline_ns,
					     uint64_t max)
{
	return left_in(abs_deadline_ns, 1000000, max);
}

ACCEL_EXPORT uint64_t accel_deadline_left_us(int64_t abs_deadline_ns,
					     uint64_t max)
{
	return left_in(abs_deadline_ns, 1000, max);
}
