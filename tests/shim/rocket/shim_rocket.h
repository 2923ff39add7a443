/* SPDX-License-Identifier: MIT */
/*
 * The rocket emulation's controls and its one executed task, for tests.
 *
 * The emulated NPU does not run register command programs. A task whose
 * register commands start with SHIM_ROCKET_OP_COPY is a copy:
 *   regcmd[0] = SHIM_ROCKET_OP_COPY, regcmd[1] = source NPU address,
 *   regcmd[2] = destination NPU address, regcmd[3] = bytes
 * (regcmd_count >= 4; each a little-endian u64). Any other task completes
 * without touching memory.
 */
#ifndef SHIM_ROCKET_H
#define SHIM_ROCKET_H

#include <stdbool.h>
#include <stdint.h>

#define SHIM_ROCKET_OP_COPY 0x59504f434d494853ull	/* "SHIMCOPY" */

/*
 * Hold (true) or release (false) the emulated NPU: while held, submitted
 * jobs stay queued and their fences unsignalled. Defined by the test
 * executable's shim; a weak reference lets tests check it is there.
 */
void accel_shim_rocket_hold(bool hold) __attribute__((weak));
/* the NPU time one job takes, in microseconds (default 1000) */
void accel_shim_rocket_set_delay_us(uint64_t us) __attribute__((weak));

#endif /* SHIM_ROCKET_H */
