// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for qaic: the RAS counters qaic_ras.c of 7.2 puts
 * on the PCI device once the firmware's RAS channel probes (ce_count,
 * ue_count, ue_nonfatal_count; they saturate at UINT_MAX). qaic has no
 * hwmon and no busy or memory attribute.
 */
#include <errno.h>

#include "qaic.h"

int qaic_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	uint64_t ce, ue, ue_nf;

	if (!accel_read_sysfs_u64(dev, "device/ce_count", &ce)) {
		u->errors_corrected = ce;
		u->present |= ACCEL_USAGE_ERRORS_CORRECTED;
	}
	if (!accel_read_sysfs_u64(dev, "device/ue_count", &ue) &&
	    !accel_read_sysfs_u64(dev, "device/ue_nonfatal_count", &ue_nf)) {
		u->errors_uncorrected = ue + ue_nf;
		u->present |= ACCEL_USAGE_ERRORS_UNCORRECTED;
	}
	return 0;
}
