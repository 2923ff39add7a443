/* SPDX-License-Identifier: MIT */
/*
 * Test controls of the amdxdna backend of the shim, and the ERT subset it
 * executes.
 *
 * Jobs run when submitted (SHIM_XDNA_RUN) or wait until the test lets
 * them go (SHIM_XDNA_HOLD): accel_shim_xdna_release() runs the oldest n
 * held jobs of the device, accel_shim_xdna_timeout() ends them as the
 * kernel's TDR does (ERT state TIMEOUT). A context holds at most 4 jobs:
 * the 5th EXEC_CMD sleeps until one ends, as the kernel's does.
 *
 * The emulated firmware runs a CU by the first word of its configuration
 * (the DEV BO given to CONFIG_CU): one of enum shim_xdna_kernel. The
 * CU's register map (START_CU words after the CU mask; START_NPU words
 * after its properties) holds device addresses of the job's argument BOs:
 *   COPY: dst_lo dst_hi src_lo src_hi size
 *   FILL: dst_lo dst_hi value size   (value as a u32 pattern)
 *   FAIL: the firmware reports an error (ERT state ERROR)
 * A bad address or size is a firmware error too.
 */
#ifndef ACCEL_SHIM_XDNA_H
#define ACCEL_SHIM_XDNA_H

#include <stdint.h>

enum shim_xdna_kernel {
	SHIM_XDNA_KERNEL_COPY = 0x59504f43,	/* "COPY" */
	SHIM_XDNA_KERNEL_FILL = 0x4c4c4946,	/* "FILL" */
	SHIM_XDNA_KERNEL_FAIL = 0x4c494146,	/* "FAIL" */
};

enum shim_xdna_mode {
	SHIM_XDNA_RUN = 0,
	SHIM_XDNA_HOLD = 1,
};

int accel_shim_xdna_set_mode(int minor, enum shim_xdna_mode mode);
/* run the oldest n held jobs; returns how many ran */
int accel_shim_xdna_release(int minor, int n);
/* end every held job as timed out by the TDR; returns how many */
int accel_shim_xdna_timeout(int minor);
/* jobs held or blocked on the device */
int accel_shim_xdna_pending(int minor);

#endif /* ACCEL_SHIM_XDNA_H */
