// SPDX-License-Identifier: MIT
/*
 * The habanalabs test controls of accel_shim.h: device status (a reset
 * aborts what is in flight) and how submissions complete.
 */
#include <errno.h>

#include "shim_hl.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT int accel_shim_hl_set_status(int minor, uint32_t status)
{
	struct shim_device *d;
	int ret;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	shim_shared_lock();
	d->sh->status = status;
	shim_shared_unlock();
	ret = shim_hl_status_changed(d);
	pthread_mutex_unlock(&shim_lock);
	return ret;
}

EXPORT int accel_shim_hl_set_cs_mode(int minor, enum shim_cs_mode mode,
				     uint64_t delay_us)
{
	struct shim_device *d;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	shim_shared_lock();
	d->sh->cs_mode = mode;
	d->sh->cs_delay_us = delay_us;
	shim_shared_unlock();
	return 0;
}
