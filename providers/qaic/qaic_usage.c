// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for qaic: the RAS counters qaic_ras.c of 7.2 puts
 * on the PCI device once the firmware's RAS channel probes (ce_count,
 * ue_count, ue_nonfatal_count; they saturate at UINT_MAX). qaic has no
 * hwmon and no busy or memory attribute.
 */
#include <errno.h>
#include <stdlib.h>

#include "qaic.h"

static bool attr_u64(struct accel_device *dev, const char *attr, uint64_t *v)
{
	char buf[32], *end;

	if (accel_read_sysfs(dev, attr, buf, sizeof(buf)) <= 0)
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !errno && end != buf && !*end && buf[0] != '-';
}

int qaic_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	uint64_t ce, ue, ue_nf;

	if (attr_u64(dev, "device/ce_count", &ce)) {
		u->errors_corrected = ce;
		u->present |= ACCEL_USAGE_ERRORS_CORRECTED;
	}
	if (attr_u64(dev, "device/ue_count", &ue) &&
	    attr_u64(dev, "device/ue_nonfatal_count", &ue_nf)) {
		u->errors_uncorrected = ue + ue_nf;
		u->present |= ACCEL_USAGE_ERRORS_UNCORRECTED;
	}
	return 0;
}
