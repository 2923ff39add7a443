// SPDX-License-Identifier: MIT
/*
 * testmin: a provider of the unit tier with nothing but open and close, so
 * every other call on its contexts must answer EOPNOTSUPP from the core.
 */
#include <errno.h>
#include <stdlib.h>

#include "accel_provider.h"

static void testmin_close(struct accel_context *ctx)
{
	free(ctx);
}

static const struct accel_context_ops testmin_ops = {
	.close = testmin_close,
};

static struct accel_context *testmin_open(struct accel_device *dev, int fd)
{
	struct accel_context *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	accel_init_context(ctx, dev, fd, &testmin_ops);
	return ctx;
}

static const struct accel_match_ent testmin_match[] = {
	ACCEL_DRIVER_MATCH("testmin", NULL),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider testmin_provider = {
	.name = "testmin",
	.match_table = testmin_match,
	.open = testmin_open,
};

ACCEL_PROVIDER(testmin, testmin_provider)
