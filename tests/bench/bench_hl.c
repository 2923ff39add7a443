// SPDX-License-Identifier: MIT
/*
 * Target "habanalabs": the habanalabs provider on the uAPI emulator
 * (tests/shim), against the same HL ioctls issued directly through the
 * same shim. The worker runs with the shim preloaded (ACCEL_BENCH_SHIM,
 * set by the ctest and by stage 70 when the shim is built).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static int hl_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)out;
	(void)short_mode;
	snprintf(why, len, "not measured yet: the habanalabs provider and its shim were still being written when this bench was (hook: bench_hl.c)");
	return -ENODEV;
}

static void hl_teardown(void *st)
{
	(void)st;
}

static size_t hl_get_ops(void *st, const struct bench_op **ops)
{
	(void)st;
	*ops = NULL;
	return 0;
}

const struct bench_target bench_target_hl = {
	.name = "habanalabs",
	.desc = "the habanalabs provider vs raw HL ioctls, both on the shim",
	.setup = hl_setup,
	.teardown = hl_teardown,
	.get_ops = hl_get_ops,
	.needs_shim = true,
};
