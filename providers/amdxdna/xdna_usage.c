// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for amdxdna: 7.2 has no sysfs telemetry, so this
 * opens the node for a moment (amdxdna takes any number of opens) and
 * asks GET_INFO: CLOCK_METADATA (the H clock, which the power levels
 * set), RESOURCE_INFO (its maximum, npu_clk_max) and SENSORS (aie2_get_sensors(): total power, then one
 * utilization percent per column).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "amdxdna.h"

#define XDNA_MAX_SENSORS 9	/* power and up to 8 columns */

static void sensors(int fd, struct accel_usage *u)
{
	struct amdxdna_drm_query_sensor s[XDNA_MAX_SENSORS] = { 0 };
	uint32_t size = sizeof(s), n, i, cols = 0, busy = 0;

	if (xdna_get_info(fd, DRM_AMDXDNA_QUERY_SENSORS, s, &size))
		return;
	n = size / sizeof(s[0]);
	for (i = 0; i < n && i < XDNA_MAX_SENSORS; i++) {
		if (s[i].type == AMDXDNA_SENSOR_TYPE_POWER) {
			/* value * 10^unitm watts */
			uint64_t uw = s[i].input;
			int e;

			for (e = s[i].unitm + 6; e > 0; e--)
				uw *= 10;
			for (; e < 0; e++)
				uw /= 10;
			u->power_uw = uw;
			u->present |= ACCEL_USAGE_POWER;
		} else if (s[i].type == AMDXDNA_SENSOR_TYPE_COLUMN_UTILIZATION) {
			busy += s[i].input;
			cols++;
		}
	}
	if (cols) {
		u->utilization = busy / cols;
		u->present |= ACCEL_USAGE_UTILIZATION;
	}
}

int xdna_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	struct amdxdna_drm_query_clock_metadata clk = { 0 };
	struct amdxdna_drm_get_resource_info res = { 0 };
	uint32_t size;
	int fd;

	if (!dev->node[0])
		return -ENOENT;
	fd = open(dev->node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return accel_set_reason(-errno, "amdxdna: cannot open %s for its sensors",
					dev->node);
	size = sizeof(clk);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_CLOCK_METADATA, &clk, &size)) {
		u->clock_mhz = clk.h_clock.freq_mhz;
		u->present |= ACCEL_USAGE_CLOCK;
	}
	size = sizeof(res);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_RESOURCE_INFO, &res, &size) &&
	    res.npu_clk_max <= UINT32_MAX) {
		u->clock_max_mhz = (uint32_t)res.npu_clk_max;
		u->present |= ACCEL_USAGE_CLOCK_MAX;
	}
	sensors(fd, u);
	close(fd);
	return 0;
}
