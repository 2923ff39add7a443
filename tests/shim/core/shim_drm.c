// SPDX-License-Identifier: MIT
/*
 * The DRM core's ioctl dispatch for accel files, after drm_ioctl() in
 * drivers/gpu/drm/drm_ioctl.c: type 'd' or ENOTTY; nr 0x40..0x9f index the
 * driver's table (past its end: EINVAL); the handler is chosen by nr alone
 * and gets a zero-padded kernel copy of max(user, kernel) size; the user's
 * size and direction bits only decide what is copied in and out, and the
 * copy-out happens whatever the handler returned.
 */
#include <errno.h>
#include <linux/ioctl.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

#define DRM_NR_VERSION		0x00
#define DRM_NR_GEM_CLOSE	0x09
#define DRM_NR_GET_CAP		0x0c
#define DRM_NR_PRIME_HANDLE_TO_FD 0x2d
#define DRM_NR_PRIME_FD_TO_HANDLE 0x2e
#define DRM_COMMAND_BASE_NR	0x40
#define DRM_COMMAND_END_NR	0xa0

#define DRM_CAP_PRIME			0x5
#define DRM_CAP_TIMESTAMP_MONOTONIC	0x6

struct shim_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

struct shim_drm_get_cap {
	uint64_t capability;
	uint64_t value;
};

/* drm_copy_field(): copy what fits, report the full length, no NUL */
static void copy_field(char *buf, size_t *buf_len, const char *value)
{
	size_t len = strlen(value);

	if (len > *buf_len)
		len = *buf_len;
	*buf_len = strlen(value);
	if (len && buf)
		memcpy(buf, value, len);
}

static int drm_version(struct shim_file *f, void *arg)
{
	const struct shim_driver *drv = f->dev->drv;
	struct shim_drm_version *v = arg;

	v->version_major = drv->version[0];
	v->version_minor = drv->version[1];
	v->version_patchlevel = drv->version[2];
	copy_field(v->name, &v->name_len, drv->name);
	/* the driver date is deprecated: always "0" */
	copy_field(v->date, &v->date_len, "0");
	copy_field(v->desc, &v->desc_len, drv->desc);
	return 0;
}

static int drm_get_cap(struct shim_file *f, void *arg)
{
	struct shim_drm_get_cap *c = arg;

	/* accel files: no DRIVER_MODESET, so only the generic caps answer */
	switch (c->capability) {
	case DRM_CAP_TIMESTAMP_MONOTONIC:
		c->value = 1;
		return 0;
	case DRM_CAP_PRIME:
		c->value = 3;	/* always IMPORT|EXPORT, even without GEM */
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* GEM ioctls on a driver without DRIVER_GEM */
static int drm_no_gem(struct shim_file *f, void *arg)
{
	return -EOPNOTSUPP;
}

int shim_drm_ioctl(struct shim_file *f, unsigned long cmd, void *uarg)
{
	const struct shim_driver *drv = f->dev->drv;
	unsigned int nr = _IOC_NR(cmd);
	size_t in_size, out_size, drv_size, ksize;
	unsigned long kcmd;
	shim_ioctl_fn fn;
	char *kdata;
	int ret;

	if (_IOC_TYPE(cmd) != 'd')
		return -ENOTTY;
	if (nr >= DRM_COMMAND_BASE_NR && nr < DRM_COMMAND_END_NR) {
		unsigned int index = nr - DRM_COMMAND_BASE_NR;

		if (index >= drv->num_ioctls || !drv->ioctls[index].fn)
			return -EINVAL;
		kcmd = drv->ioctls[index].cmd;
		fn = drv->ioctls[index].fn;
	} else {
		switch (nr) {
		case DRM_NR_VERSION:
			kcmd = _IOWR('d', 0x00, struct shim_drm_version);
			fn = drm_version;
			break;
		case DRM_NR_GET_CAP:
			kcmd = _IOWR('d', 0x0c, struct shim_drm_get_cap);
			fn = drm_get_cap;
			break;
		case DRM_NR_GEM_CLOSE:
			kcmd = _IOW('d', 0x09, uint64_t);
			fn = drm_no_gem;
			break;
		case DRM_NR_PRIME_HANDLE_TO_FD:
		case DRM_NR_PRIME_FD_TO_HANDLE:
			kcmd = _IOWR('d', nr, char[12]);
			fn = drm_no_gem;
			break;
		default:
			/* the other core ioctls are not emulated */
			return -EINVAL;
		}
	}

	drv_size = _IOC_SIZE(kcmd);
	in_size = out_size = _IOC_SIZE(cmd);
	if (!(cmd & kcmd & (_IOC_WRITE << _IOC_DIRSHIFT)))
		in_size = 0;
	if (!(cmd & kcmd & (_IOC_READ << _IOC_DIRSHIFT)))
		out_size = 0;
	ksize = in_size > out_size ? in_size : out_size;
	if (drv_size > ksize)
		ksize = drv_size;
	kdata = calloc(1, ksize ? ksize : 1);
	if (!kdata)
		return -ENOMEM;
	/* a bad user pointer faults in the process, as a test would want */
	if (in_size)
		memcpy(kdata, uarg, in_size);
	ret = fn(f, kdata);
	if (out_size)
		memcpy(uarg, kdata, out_size);
	free(kdata);
	return ret;
}
