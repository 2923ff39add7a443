// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for ivpu: the attributes ivpu_sysfs.c of 7.2 puts
 * on the PCI device, readable by anyone with no open of the node.
 */
#include <errno.h>

#include "ivpu.h"

int ivpu_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	uint64_t v;

	/* npu_busy_time_us: time with jobs at the firmware, running total */
	if (!accel_read_sysfs_u64(dev, "device/npu_busy_time_us", &v) && v <= UINT64_MAX / 1000) {
		u->busy_ns = v * 1000;
		u->present |= ACCEL_USAGE_BUSY_TIME;
	}
	/* bytes of resident BOs of every context */
	if (!accel_read_sysfs_u64(dev, "device/npu_memory_utilization", &v)) {
		u->mem_used = v;
		u->present |= ACCEL_USAGE_MEM_USED;
	}
	/* 0 while the NPU is runtime suspended: still a reading */
	if (!accel_read_sysfs_u64(dev, "device/npu_current_frequency_mhz", &v) && v <= UINT32_MAX) {
		u->clock_mhz = (uint32_t)v;
		u->present |= ACCEL_USAGE_CLOCK;
	}
	if (!accel_read_sysfs_u64(dev, "device/npu_max_frequency_mhz", &v) && v <= UINT32_MAX) {
		u->clock_max_mhz = (uint32_t)v;
		u->present |= ACCEL_USAGE_CLOCK_MAX;
	}
	return u->present ? 0 : -ENOENT;
}
