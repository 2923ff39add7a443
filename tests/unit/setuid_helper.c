// SPDX-License-Identifier: MIT
/*
 * Run by test_setuid as a setuid-root copy: prints what libaccel made of
 * the environment, one "key value" line each. Leaves with _exit(): leak
 * checkers cannot trace a setuid process.
 */
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "accel_provider.h"

int main(void)
{
	struct accel_device **list;
	int i, n = 0;

	printf("secure %lu\n", getauxval(AT_SECURE));
	printf("sysfs %s\n", accel_sysfs_root());
	printf("dev %s\n", accel_dev_root());
	list = accel_get_device_list(&n);
	for (i = 0; list && i < n; i++)
		printf("device %s %s\n", accel_device_name(list[i]),
		       accel_device_provider(list[i]));
	accel_free_device_list(list);
	fflush(stdout);
	_exit(list ? 0 : 1);
}
