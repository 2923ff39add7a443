// SPDX-License-Identifier: MIT
/*
 * Target "vgem": the vgem provider against raw DRM ioctls (dumb create,
 * MAP_DUMB + mmap, PRIME export and import) on a real kernel, which on
 * this project means the QEMU tier. Not written yet: the target reports
 * itself skipped, with the reason, so the table says what is missing.
 * The place to add it: vgem_setup() opens the vgem card node both
 * through libaccel and by hand, and adds ops the way bench_hl.c does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static int vgem_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)out;
	(void)short_mode;
	snprintf(why, len, "not written yet: raw DRM dumb/PRIME vs libaccel on vgem belongs in the QEMU tier (bench_vgem.c)");
	return -ENOSYS;
}

static void vgem_teardown(void *st)
{
	(void)st;
}

static size_t vgem_get_ops(void *st, const struct bench_op **ops)
{
	(void)st;
	*ops = NULL;
	return 0;
}

const struct bench_target bench_target_vgem = {
	.name = "vgem",
	.desc = "the vgem provider vs raw DRM ioctls (QEMU tier)",
	.setup = vgem_setup,
	.teardown = vgem_teardown,
	.get_ops = vgem_get_ops,
};
