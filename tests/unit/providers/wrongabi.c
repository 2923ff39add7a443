// SPDX-License-Identifier: MIT
/*
 * A provider built as if against a libaccel of another private ABI
 * (TEST_PABI): its registration function is accel_register_provider_<N>
 * of version ACCEL_PRIVATE_<N>, which this libaccel does not have, so the
 * dynamic linker must refuse it. Built as libbadabi-accelv1.so (the right
 * file name, the wrong insides) and libotherabi-accelv99.so.
 */
#undef ACCEL_PABI_VERSION
#define ACCEL_PABI_VERSION TEST_PABI
#include <stdlib.h>

#include "accel_provider.h"

static struct accel_context *wrongabi_open(struct accel_device *dev, int fd)
{
	return NULL;
}

static const struct accel_match_ent wrongabi_match[] = {
	ACCEL_DRIVER_MATCH("baddrv", NULL),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider wrongabi_provider = {
	.name = TEST_PROV_NAME,
	.match_table = wrongabi_match,
	.open = wrongabi_open,
};

ACCEL_PROVIDER(wrongabi, wrongabi_provider)
