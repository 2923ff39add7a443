/* SPDX-License-Identifier: MIT */
/*
 * Control interface of the uAPI emulator for the shim-tier tests.
 *
 * Environment (read when the shim loads):
 *   ACCEL_SHIM_DEVICES   comma list of emulated devices, default "gaudi2"
 *   ACCEL_SHIM_DIR       use (and share) this directory for the fake tree;
 *                        default a new temp directory removed at exit
 *   ACCEL_SHIM_HL_STATUS operational | in_reset | malfunction | needs_reset
 *   ACCEL_SHIM_HL_CS     complete | delay:<us> | hang | timeout | abort
 * The shim sets ACCEL_SYSFS_PATH and ACCEL_DEV_PATH to its tree.
 */
#ifndef ACCEL_SHIM_CONTROL_H
#define ACCEL_SHIM_CONTROL_H

#include <stdint.h>

enum shim_cs_mode {
	SHIM_CS_COMPLETE = 0,	/* done when submitted (or after the delay) */
	SHIM_CS_HANG,		/* never completes: waits stay BUSY */
	SHIM_CS_TIMEOUT,	/* the device times it out: -ETIMEDOUT */
	SHIM_CS_ABORT,		/* aborted by a reset: -EIO */
};

/* root of the fake tree: <root>/sys and <root>/dev */
const char *accel_shim_root(void);
/* the device's state, as the driver's enum hl_device_status */
int accel_shim_hl_set_status(int minor, uint32_t status);
/* how the next submissions complete; delay_us applies to SHIM_CS_COMPLETE */
int accel_shim_hl_set_cs_mode(int minor, enum shim_cs_mode mode,
			      uint64_t delay_us);

/*
 * qaic: how long a DBC transfer takes (a hang: never), and the subsystem
 * restart (SSR) of a DBC: enter releases it and answers EPIPE, exit ends it
 */
int accel_shim_qaic_set_xfer(int minor, uint64_t delay_us, int hang);
int accel_shim_qaic_ssr(int minor, uint32_t dbc_id, int enter);

#endif /* ACCEL_SHIM_CONTROL_H */
