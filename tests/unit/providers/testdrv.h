/* SPDX-License-Identifier: MIT */
/*
 * What the unit tests know of testdrv's pretend hardware: a submission
 * completes when the 64-bit word at cmd_bo + cmd_offset becomes nonzero.
 */
#ifndef TESTDRV_H
#define TESTDRV_H

#include <stdint.h>

/* the job succeeded */
#define TESTDRV_DONE 1
/* the device died: the context is lost (-ENOTRECOVERABLE) */
#define TESTDRV_LOST 2
/* a negative value: the job failed with that device errno (-EIO) */

/* engines (accel_queue_attr.engine) */
#define TESTDRV_ENGINE_IN_ORDER 0	/* 2 instances, completes in order */
#define TESTDRV_ENGINE_ANY_ORDER 1	/* 1 instance, completes in any order */

/* memory: attr.mem_total; attr.mem_free is what live BOs leave */
#define TESTDRV_MEM_TOTAL (1 << 20)

/* the accel_bo_flags testdrv honours (ops.bo_flags) */
#define TESTDRV_BO_FLAGS 0x3	/* HOST_VISIBLE | DEVICE_LOCAL */

/* the status word of one submission */
static inline void testdrv_complete(volatile uint64_t *word, int64_t value)
{
	__atomic_store_n((uint64_t *)word, (uint64_t)value, __ATOMIC_RELEASE);
}

#endif
