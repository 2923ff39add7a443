// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for vaccel: the engines' busy time from the
 * attribute the module puts on its platform device (busy_time_us, a
 * running total, readable with no open of the node, like ivpu's
 * npu_busy_time_us), and the BO memory from GET_PARAM (MEM_USED of
 * MEM_SIZE) through a short open, which vaccel allows any number of.
 * Per-process figures are the core's: the fdinfo keys of each open file
 * (accel_process_usage()).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "vaccel.h"

int vaccel_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	uint64_t v, size;
	int fd;

	if (!accel_read_sysfs_u64(dev, "device/busy_time_us", &v) &&
	    v <= UINT64_MAX / 1000) {
		u->busy_ns = v * 1000;
		u->present |= ACCEL_USAGE_BUSY_TIME;
	}
	if (!dev->node[0])
		return u->present ? 0 : -ENOENT;
	fd = open(dev->node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return accel_set_reason(-errno, "vaccel: cannot open %s for its memory figures",
					dev->node);
	if (!vaccel_get_param(fd, DRM_VACCEL_PARAM_MEM_SIZE, &size)) {
		u->mem_total = size;
		u->present |= ACCEL_USAGE_MEM_TOTAL;
	}
	if (!vaccel_get_param(fd, DRM_VACCEL_PARAM_MEM_USED, &v)) {
		u->mem_used = v;
		u->present |= ACCEL_USAGE_MEM_USED;
	}
	close(fd);
	return 0;
}
