/* SPDX-License-Identifier: MIT */
#ifndef ACCEL_DEVINFO_HL_H
#define ACCEL_DEVINFO_HL_H

#include <accel/accel.h>
#include <accel/hldv.h>

/*
 * Ask a habanalabs device through its control node, which answers while
 * another process holds the compute node. libhldv is loaded on demand,
 * so accel_devinfo runs where the habanalabs provider is not installed.
 * 0 and *info filled, or a negative errno (-ENOSYS without libhldv).
 */
int devinfo_hl_query(const struct accel_device *dev, struct hldv_device_info *info);
const char *devinfo_hl_status(uint32_t status);

#endif
