// SPDX-License-Identifier: MIT
/*
 * accel_device_usage(): a sample of a device's telemetry. The core reads
 * what is standard (the hwmon class under the device's parent, see
 * Documentation/hwmon/sysfs-interface.rst), the provider adds what its
 * driver exposes (provider op query_usage).
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>

#include "accel_internal.h"
#include "sysfs.h"

static bool read_u64(const char *dir, const char *attr, uint64_t *out)
{
	char buf[64], *end;
	unsigned long long v;

	if (accel_read_attr(dir, attr, buf, sizeof(buf)) <= 0)
		return false;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf || *end || buf[0] == '-')
		return false;
	*out = v;
	return true;
}

static bool read_s64(const char *dir, const char *attr, int64_t *out)
{
	char buf[64], *end;
	long long v;

	if (accel_read_attr(dir, attr, buf, sizeof(buf)) <= 0)
		return false;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf || *end)
		return false;
	*out = v;
	return true;
}

/* the first channel of each kind that answers; hwmon units: m°C, uW, uJ, Hz */
static void hwmon_one(const char *dir, struct accel_usage *u)
{
	uint64_t v;
	int64_t t;

	if (!(u->present & ACCEL_USAGE_TEMP) && read_s64(dir, "temp1_input", &t) &&
	    t >= INT32_MIN && t <= INT32_MAX) {
		u->temp_mc = (int32_t)t;
		u->present |= ACCEL_USAGE_TEMP;
	}
	if (!(u->present & ACCEL_USAGE_POWER) &&
	    (read_u64(dir, "power1_input", &v) || read_u64(dir, "power1_average", &v))) {
		u->power_uw = v;
		u->present |= ACCEL_USAGE_POWER;
	}
	if (!(u->present & ACCEL_USAGE_ENERGY) && read_u64(dir, "energy1_input", &v)) {
		u->energy_uj = v;
		u->present |= ACCEL_USAGE_ENERGY;
	}
	if (!(u->present & ACCEL_USAGE_CLOCK) && read_u64(dir, "freq1_input", &v) &&
	    v / 1000000 <= UINT32_MAX) {
		u->clock_mhz = (uint32_t)(v / 1000000);
		u->present |= ACCEL_USAGE_CLOCK;
	}
}

/* <class entry>/device/hwmon/hwmon* */
static void read_hwmon(const struct accel_device *dev, struct accel_usage *u)
{
	char dir[PATH_MAX], sub[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (!dev->sysfs_path[0] ||
	    !accel_fmt(dir, sizeof(dir), "%s/device/hwmon", dev->sysfs_path))
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "hwmon", 5))
			continue;
		if (accel_fmt(sub, sizeof(sub), "%s/%s", dir, de->d_name))
			hwmon_one(sub, u);
	}
	closedir(d);
}

/* the end of each field, so a caller's older (smaller) struct loses the bits */
static const struct {
	uint64_t bit;
	size_t end;
} field_end[] = {
#define F(b, f) { b, offsetof(struct accel_usage, f) + sizeof(((struct accel_usage *)0)->f) }
	F(ACCEL_USAGE_BUSY_TIME, busy_ns),
	F(ACCEL_USAGE_UTILIZATION, utilization),
	F(ACCEL_USAGE_CLOCK, clock_mhz),
	F(ACCEL_USAGE_CLOCK_MAX, clock_max_mhz),
	F(ACCEL_USAGE_TEMP, temp_mc),
	F(ACCEL_USAGE_MEM_USED, mem_used),
	F(ACCEL_USAGE_MEM_TOTAL, mem_total),
	F(ACCEL_USAGE_POWER, power_uw),
	F(ACCEL_USAGE_ENERGY, energy_uj),
	F(ACCEL_USAGE_ERRORS_CORRECTED, errors_corrected),
	F(ACCEL_USAGE_ERRORS_UNCORRECTED, errors_uncorrected),
	F(ACCEL_USAGE_RESETS, resets),
#undef F
};

ACCEL_EXPORT int accel_device_usage(struct accel_device *dev,
				    struct accel_usage *u, size_t size)
{
	struct accel_usage full = { 0 };
	struct accel_object *obj;
	size_t i;
	int ret = 0;

	accel_call_begin();
	if (!u || size < offsetof(struct accel_usage, busy_ns)) {
		ret = accel_set_reason(-EINVAL, "u is NULL or too small");
		goto out;
	}
	obj = accel_obj_get(dev, ACCEL_OBJ_DEVICE, &ret);
	if (!obj) {
		accel_set_reason(ret, ret == -ESTALE ? "not a device of a live list" :
				 "dev is NULL");
		goto out;
	}
	dev = container_of(obj, struct accel_device, obj);
	full.timestamp_ns = accel_now_ns();
	read_hwmon(dev, &full);
	if (dev->provider && dev->provider->query_usage)
		ret = dev->provider->query_usage(dev, &full);
	/* what could be read is an answer; an error only when nothing was */
	if (ret && full.present)
		ret = 0;
	for (i = 0; i < ARRAY_SIZE(field_end); i++)
		if (field_end[i].end > size)
			full.present &= ~field_end[i].bit;
	if (!ret)
		accel_copy_out(u, size, &full, sizeof(full));
	accel_obj_put(obj);
out:
	return accel_fail(__func__, ret);
}
