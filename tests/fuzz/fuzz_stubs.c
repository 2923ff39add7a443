// SPDX-License-Identifier: MIT
/*
 * What the fuzzed provider sources need from libaccel and the rest of the
 * soft provider, reduced to what a parser may use: no logging, no
 * environment, no queues.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "soft.h"

int accel_set_reason(int err, const char *fmt, ...)
{
	(void)fmt;
	return err;
}

void accel_log(enum accel_log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void accel_report(const char *fmt, ...)
{
	(void)fmt;
}

const char *accel_getenv(const char *name)
{
	(void)name;
	return NULL;
}

int64_t accel_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool soft_queue_aborting(struct soft_queue *q)
{
	(void)q;
	return true;
}

bool soft_have_system_heap(void)
{
	return false;
}
