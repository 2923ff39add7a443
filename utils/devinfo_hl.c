// SPDX-License-Identifier: MIT
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include "devinfo_hl.h"

typedef int (*hl_query_fn)(const struct accel_device *, struct hldv_device_info *,
			   size_t);

int devinfo_hl_query(const struct accel_device *dev, struct hldv_device_info *info)
{
	const char *drv = accel_device_driver(dev);
	hl_query_fn query;
	void *h;
	int ret;

	if (!drv || strcmp(drv, "habanalabs"))
		return -ENODEV;
	h = dlopen("libhldv.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -ENOSYS;
	query = (hl_query_fn)dlsym(h, "hldv_device_query");
	ret = query ? query(dev, info, sizeof(*info)) : -ENOSYS;
	/* libhldv is also the provider, already loaded: this only drops our count */
	dlclose(h);
	return ret;
}

const char *devinfo_hl_status(uint32_t status)
{
	static const char *const names[] = {
		[HLDV_STATUS_OPERATIONAL] = "operational",
		[HLDV_STATUS_IN_RESET] = "in reset",
		[HLDV_STATUS_MALFUNCTION] = "malfunction",
		[HLDV_STATUS_NEEDS_RESET] = "needs reset",
		[HLDV_STATUS_IN_DEVICE_CREATION] = "in device creation",
		[HLDV_STATUS_IN_RESET_AFTER_DEVICE_RELEASE] = "in reset after device release",
	};

	return status < sizeof(names) / sizeof(names[0]) && names[status] ?
		       names[status] : "unknown";
}
