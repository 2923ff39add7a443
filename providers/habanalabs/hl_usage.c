// SPDX-License-Identifier: MIT
/*
 * accel_device_usage() for habanalabs: everything through the control
 * node, so it answers while another process holds the compute node.
 * Temperature is the driver's hwmon, which the core reads.
 */
#include <errno.h>

#include "hl.h"

int hl_query_usage(struct accel_device *dev, struct accel_usage *u)
{
	struct hldv_telemetry t = { 0 };
	struct hldv_device_info hi = { 0 };
	int ret, ret2;

	ret = hldv_device_telemetry(accel_object_handle(dev), &t, sizeof(t));
	if (!ret) {
		/* HL_INFO_DEVICE_UTILIZATION: percent over the driver's window */
		if (t.valid & HLDV_TM_UTILIZATION) {
			u->utilization = t.utilization;
			u->present |= ACCEL_USAGE_UTILIZATION;
		}
		if (t.valid & HLDV_TM_CLOCKS) {
			u->clock_mhz = t.cur_clk_mhz;
			u->clock_max_mhz = t.max_clk_mhz;
			u->present |= ACCEL_USAGE_CLOCK | ACCEL_USAGE_CLOCK_MAX;
		}
		/* the firmware's sensors: mW and mJ */
		if (t.valid & HLDV_TM_POWER) {
			u->power_uw = t.power_mw * 1000;
			u->present |= ACCEL_USAGE_POWER;
		}
		if (t.valid & HLDV_TM_ENERGY) {
			u->energy_uj = t.energy_mj * 1000;
			u->present |= ACCEL_USAGE_ENERGY;
		}
	}
	ret2 = hldv_device_query(accel_object_handle(dev), &hi, sizeof(hi));
	if (!ret2) {
		if (hi.dram_size) {
			u->mem_total = hi.dram_size;
			u->mem_used = hi.dram_free <= hi.dram_size ?
				      hi.dram_size - hi.dram_free : 0;
			u->present |= ACCEL_USAGE_MEM_TOTAL | ACCEL_USAGE_MEM_USED;
		}
		u->resets = (uint64_t)hi.hard_reset_count + hi.soft_reset_count;
		u->present |= ACCEL_USAGE_RESETS;
	}
	return ret ? ret : ret2;
}
