// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for soft: the device lives in the process, so its
 * usage is this process's: time its queues spent running commands and
 * bytes of BOs allocated (imports are the exporter's memory).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

static _Atomic uint64_t busy_ns[SOFT_MAX_DEVICES];
static _Atomic uint64_t mem_used[SOFT_MAX_DEVICES];

static unsigned int ctx_index(struct accel_context *ctx)
{
	return to_soft_ctx(ctx)->index % SOFT_MAX_DEVICES;
}

void soft_usage_busy(struct soft_queue *q, int64_t ns)
{
	if (ns > 0)
		atomic_fetch_add(&busy_ns[ctx_index(q->base.ctx)], (uint64_t)ns);
}

void soft_usage_mem(struct accel_bo *bo, bool add)
{
	_Atomic uint64_t *m = &mem_used[ctx_index(bo->ctx)];
	uint64_t size = to_soft_bo(bo)->mem_size;

	if (add)
		atomic_fetch_add(m, size);
	else
		atomic_fetch_sub(m, size);
}

int soft_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	unsigned long i = strtoul(dev->name + strlen("soft"), NULL, 10);

	if (i >= SOFT_MAX_DEVICES)
		return 0;
	u->busy_ns = atomic_load(&busy_ns[i]);
	u->mem_used = atomic_load(&mem_used[i]);
	u->present |= ACCEL_USAGE_BUSY_TIME | ACCEL_USAGE_MEM_USED;
	return 0;
}
