// SPDX-License-Identifier: MIT
/*
 * The DRM core's ioctl dispatch for accel files, after drm_ioctl() in
 * drivers/gpu/drm/drm_ioctl.c: type 'd' or ENOTTY; nr 0x40..0x9f index the
 * driver's table (past its end: EINVAL); the handler is chosen by nr alone
 * and gets a zero-padded kernel copy of max(user, kernel) size; the user's
 * size and direction bits only decide what is copied in and out, and the
 * copy-out happens whatever the handler returned. The DRM core's own
 * ioctls are answered for the driver's features (struct shim_driver
 * .features: GEM, PRIME and syncobjs in shim_gem.c and shim_syncobj.c;
 * never KMS); the ones not emulated abort (shim_not_emulated()).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "shim_gem.h"

#define DRM_COMMAND_BASE_NR	0x40
#define DRM_COMMAND_END_NR	0xa0

#define DRM_CAP_PRIME			0x5
#define DRM_CAP_TIMESTAMP_MONOTONIC	0x6
#define DRM_CAP_SYNCOBJ			0x13
#define DRM_CAP_SYNCOBJ_TIMELINE	0x14

#define DRM_CLOEXEC		O_CLOEXEC
#define DRM_RDWR		O_RDWR
#define DRM_CLIENT_NAME_MAX_LEN	64

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

struct shim_drm_prime_handle {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

struct shim_drm_set_client_name {
	uint64_t name_len;
	uint64_t name;
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

/* drm_getcap() on a driver without DRIVER_MODESET */
static int drm_get_cap(struct shim_file *f, void *arg)
{
	unsigned int features = f->dev->drv->features;
	struct shim_drm_get_cap *c = arg;

	c->value = 0;
	switch (c->capability) {
	case DRM_CAP_TIMESTAMP_MONOTONIC:
		c->value = 1;
		return 0;
	case DRM_CAP_PRIME:
		c->value = 3;	/* always IMPORT|EXPORT, even without GEM */
		return 0;
	case DRM_CAP_SYNCOBJ:
		c->value = !!(features & SHIM_DRIVER_SYNCOBJ);
		return 0;
	case DRM_CAP_SYNCOBJ_TIMELINE:
		c->value = !!(features & SHIM_DRIVER_SYNCOBJ_TIMELINE);
		return 0;
	default:
		return -EOPNOTSUPP;	/* "only work with KMS drivers" */
	}
}

/* drm_set_client_name() (Linux 6.14+): printable, no spaces, <= 64 bytes */
static int drm_set_client_name(struct shim_file *f, void *arg)
{
	struct shim_drm_set_client_name *a = arg;
	char name[DRM_CLIENT_NAME_MAX_LEN + 1];
	struct iovec l, r;
	uint64_t i;

	if (a->name_len > DRM_CLIENT_NAME_MAX_LEN)
		return -EINVAL;
	if (!a->name_len)
		return 0;
	/* memdup_user_nul() */
	l.iov_base = name;
	l.iov_len = r.iov_len = a->name_len;
	r.iov_base = (void *)(uintptr_t)a->name;
	if (process_vm_readv(getpid(), &l, 1, &r, 1, 0) != (ssize_t)a->name_len)
		return -EFAULT;
	name[a->name_len] = 0;
	if (strlen(name) != a->name_len)
		return -EINVAL;
	for (i = 0; i < a->name_len; i++)
		if (!isgraph((unsigned char)name[i]))
			return -EINVAL;
	return 0;
}

/*
 * The DRM core's own ioctls (drm_ioctls[] in drm_ioctl.c), by number. An
 * entry without a handler exists in the kernel but is not emulated; a
 * number with no entry has no function in the kernel either (EINVAL).
 */
static const struct shim_ioctl_desc drm_core_ioctls[] = {
	[0x00] = { _IOWR('d', 0x00, struct shim_drm_version), drm_version,
		   "DRM_IOCTL_VERSION" },
	[0x01] = { 0, NULL, "DRM_IOCTL_GET_UNIQUE" },
	[0x02] = { 0, NULL, "DRM_IOCTL_GET_MAGIC" },
	[0x05] = { 0, NULL, "DRM_IOCTL_GET_CLIENT" },
	[0x06] = { 0, NULL, "DRM_IOCTL_GET_STATS" },
	[0x07] = { 0, NULL, "DRM_IOCTL_SET_VERSION" },
	[0x09] = { _IOW('d', 0x09, uint64_t), shim_gem_close_ioctl,
		   "DRM_IOCTL_GEM_CLOSE" },
	[0x0a] = { _IOWR('d', 0x0a, uint64_t), shim_gem_flink_ioctl,
		   "DRM_IOCTL_GEM_FLINK" },
	[0x0b] = { _IOWR('d', 0x0b, char[16]), shim_gem_open_ioctl,
		   "DRM_IOCTL_GEM_OPEN" },
	[0x0c] = { _IOWR('d', 0x0c, struct shim_drm_get_cap), drm_get_cap,
		   "DRM_IOCTL_GET_CAP" },
	[0x0d] = { 0, NULL, "DRM_IOCTL_SET_CLIENT_CAP" },
	[0x10] = { 0, NULL, "DRM_IOCTL_SET_UNIQUE" },
	[0x11] = { 0, NULL, "DRM_IOCTL_AUTH_MAGIC" },
	[0x12] = { 0, NULL, "DRM_IOCTL_BLOCK" },
	[0x13] = { 0, NULL, "DRM_IOCTL_UNBLOCK" },
	[0x1e] = { 0, NULL, "DRM_IOCTL_SET_MASTER" },
	[0x1f] = { 0, NULL, "DRM_IOCTL_DROP_MASTER" },
	[0x27] = { 0, NULL, "DRM_IOCTL_ADD_DRAW" },
	[0x28] = { 0, NULL, "DRM_IOCTL_RM_DRAW" },
	[0x2c] = { 0, NULL, "DRM_IOCTL_FINISH" },
	[0x2d] = { _IOWR('d', 0x2d, struct shim_drm_prime_handle),
		   shim_prime_handle_to_fd_ioctl, "DRM_IOCTL_PRIME_HANDLE_TO_FD" },
	[0x2e] = { _IOWR('d', 0x2e, struct shim_drm_prime_handle),
		   shim_prime_fd_to_handle_ioctl, "DRM_IOCTL_PRIME_FD_TO_HANDLE" },
	[0x3a] = { 0, NULL, "DRM_IOCTL_WAIT_VBLANK" },
	[0x3b] = { 0, NULL, "DRM_IOCTL_CRTC_GET_SEQUENCE" },
	[0x3c] = { 0, NULL, "DRM_IOCTL_CRTC_QUEUE_SEQUENCE" },
	[0x3f] = { 0, NULL, "DRM_IOCTL_UPDATE_DRAW" },
	/* 0xa0..0xbe, 0xc6..0xc9, 0xce, 0xd0: KMS, see drm_core_name() */
	/* drm_syncobj.c: each handler checks DRIVER_SYNCOBJ(_TIMELINE) first */
	[0xbf] = { _IOWR('d', 0xbf, char[8]), shim_syncobj_create_ioctl,
		   "DRM_IOCTL_SYNCOBJ_CREATE" },
	[0xc0] = { _IOWR('d', 0xc0, char[8]), shim_syncobj_destroy_ioctl,
		   "DRM_IOCTL_SYNCOBJ_DESTROY" },
	[0xc1] = { _IOWR('d', 0xc1, char[24]), shim_syncobj_handle_to_fd_ioctl,
		   "DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD" },
	[0xc2] = { _IOWR('d', 0xc2, char[24]), shim_syncobj_fd_to_handle_ioctl,
		   "DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE" },
	[0xc3] = { _IOWR('d', 0xc3, char[40]), shim_syncobj_wait_ioctl,
		   "DRM_IOCTL_SYNCOBJ_WAIT" },
	[0xc4] = { _IOWR('d', 0xc4, char[16]), shim_syncobj_reset_ioctl,
		   "DRM_IOCTL_SYNCOBJ_RESET" },
	[0xc5] = { _IOWR('d', 0xc5, char[16]), shim_syncobj_signal_ioctl,
		   "DRM_IOCTL_SYNCOBJ_SIGNAL" },
	[0xca] = { _IOWR('d', 0xca, char[48]), shim_syncobj_timeline_wait_ioctl,
		   "DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT" },
	[0xcb] = { _IOWR('d', 0xcb, char[24]), shim_syncobj_query_ioctl,
		   "DRM_IOCTL_SYNCOBJ_QUERY" },
	[0xcc] = { _IOWR('d', 0xcc, char[32]), shim_syncobj_transfer_ioctl,
		   "DRM_IOCTL_SYNCOBJ_TRANSFER" },
	[0xcd] = { _IOWR('d', 0xcd, char[24]), shim_syncobj_timeline_signal_ioctl,
		   "DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL" },
	[0xcf] = { _IOWR('d', 0xcf, char[24]), shim_syncobj_eventfd_ioctl,
		   "DRM_IOCTL_SYNCOBJ_EVENTFD" },
	[0xd1] = { _IOWR('d', 0xd1, struct shim_drm_set_client_name),
		   drm_set_client_name, "DRM_IOCTL_SET_CLIENT_NAME" },
};

#define DRM_CORE_IOCTL_COUNT \
	(sizeof(drm_core_ioctls) / sizeof(drm_core_ioctls[0]))

static bool drm_core_is_kms(unsigned int nr)
{
	return (nr >= 0xa0 && nr <= 0xbe) || (nr >= 0xc6 && nr <= 0xc9) ||
	       nr == 0xce || nr == 0xd0;
}

int shim_drm_ioctl(struct shim_file *f, unsigned long cmd, void *uarg)
{
	const struct shim_driver *drv = f->dev->drv;
	const struct shim_ioctl_desc *desc;
	const char *who = "drm core";
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

		if (index >= drv->num_ioctls)
			return -EINVAL;
		desc = &drv->ioctls[index];
		who = drv->name;
		if (!desc->fn && !desc->name)
			return -EINVAL;	/* a hole in the driver's table */
	} else {
		char name[48];

		if (drm_core_is_kms(nr)) {
			snprintf(name, sizeof(name), "DRM_IOCTL_MODE_* (nr 0x%02x)", nr);
			shim_not_emulated("drm core", name);
		}
		if (nr >= DRM_CORE_IOCTL_COUNT || !drm_core_ioctls[nr].name)
			return -EINVAL;	/* drm_ioctl(): "no function" */
		desc = &drm_core_ioctls[nr];
	}
	if (!desc->fn)
		shim_not_emulated(who, desc->name);
	kcmd = desc->cmd;
	fn = desc->fn;

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
