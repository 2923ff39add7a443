// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for ivpu: the attributes ivpu_sysfs.c of 7.2 puts
 * on the PCI device, readable by anyone with no open of the node.
 */
#include <errno.h>
#include <stdlib.h>

#include "ivpu.h"

static bool attr_u64(struct accel_device *dev, const char *attr, uint64_t *v)
{
	char buf[32], *end;

	if (accel_read_sysfs(dev, attr, buf, sizeof(buf)) <= 0)
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !errno && end != buf && !*end && buf[0] != '-';
}

int ivpu_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	uint64_t v;

	/* npu_busy_time_us: time with jobs at the firmware, running total */
	if (attr_u64(dev, "device/npu_busy_time_us", &v) && v <= UINT64_MAX / 1000) {
		u->busy_ns = v * 1000;
		u->present |= ACCEL_USAGE_BUSY_TIME;
	}
	/* bytes of resident BOs of every context */
	if (attr_u64(dev, "device/npu_memory_utilization", &v)) {
		u->mem_used = v;
		u->present |= ACCEL_USAGE_MEM_USED;
	}
	/* 0 while the NPU is runtime suspended: still a reading */
	if (attr_u64(dev, "device/npu_current_frequency_mhz", &v) && v <= UINT32_MAX) {
		u->clock_mhz = (uint32_t)v;
		u->present |= ACCEL_USAGE_CLOCK;
	}
	if (attr_u64(dev, "device/npu_max_frequency_mhz", &v) && v <= UINT32_MAX) {
		u->clock_max_mhz = (uint32_t)v;
		u->present |= ACCEL_USAGE_CLOCK_MAX;
	}
	return u->present ? 0 : -ENOENT;
}
