// SPDX-License-Identifier: MIT
/*
 * Environment overrides and run-time paths. Overrides that redirect what
 * the library loads or reads (providers, config, sysfs, log file) go
 * through secure_getenv(), so setuid and setgid programs ignore them.
 */
#include <stdlib.h>
#include <time.h>

#include "accel_internal.h"
#include "config.h"

ACCEL_EXPORT const char *accel_getenv(const char *name)
{
	const char *v = secure_getenv(name);

	return v && v[0] ? v : NULL;
}

ACCEL_EXPORT const char *accel_sysfs_root(void)
{
	const char *p = accel_getenv("ACCEL_SYSFS_PATH");

	return p ? p : "/sys";
}

ACCEL_EXPORT const char *accel_dev_root(void)
{
	const char *p = accel_getenv("ACCEL_DEV_PATH");

	return p ? p : "/dev";
}

ACCEL_EXPORT const char *accel_config_dir(void)
{
	const char *p = accel_getenv("ACCEL_CONFIG_DIR");

	return p ? p : ACCEL_RUN_CONFIG_DIR;
}

const char *accel_provider_dir(void)
{
	const char *p = accel_getenv("ACCEL_PROVIDER_PATH");

	return p ? p : ACCEL_PROVIDER_DIR;
}

ACCEL_EXPORT const char *accel_version(void)
{
	return ACCEL_PACKAGE_VERSION;
}
