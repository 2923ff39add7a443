// SPDX-License-Identifier: MIT
/*
 * Target "vgem": the vgem provider against raw DRM ioctls on the card node
 * of the kernel's vgem driver (load it first: modprobe vgem). vgem exists
 * on a real kernel only, so on this project the target runs in the QEMU
 * tier (tests/vm: bench_vgem.sh); elsewhere it reports itself skipped.
 * Its device list is also measured against libdrm's drmGetDevices2().
 *
 * The card node is opened three times: libaccel's context, the raw fd,
 * and the open op's own open+close. Buffers are dumb buffers, as the
 * provider makes them (a page wide, 8 bpp). Import crosses over, so that
 * neither side imports its own buffer (a self-import answers the handle
 * the file already has, which GEM_CLOSE would then take away): libaccel
 * imports a dma-buf of a raw BO, the raw side one of a libaccel BO.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>
#include <xf86drm.h>
#include <accel/accel.h>

#include "bench.h"

#define VGEM_BO_SIZE (64u << 10)

struct vgem_st {
	char cfg[PATH_MAX];
	char node[PATH_MAX];
	struct accel_device **list;
	struct accel_device *dev;
	struct accel_context *ctx;
	struct accel_bo *bo;		/* mapped and exported by the ops */
	int ncards;			/* cardN entries of /sys/class/drm */
	int fd;				/* raw: the card node */
	uint32_t raw_handle;		/* raw: a dumb BO */
	uint64_t raw_size;
	int lib_dmabuf;			/* of bo: the raw side imports it */
	int raw_dmabuf;			/* of raw_handle: libaccel imports it */
	struct bench_op ops[BENCH_MAX_OPS];
	size_t nops;
};

/* a cardN entry, not a connector (card0-Virtual-1) or renderD */
static bool is_card(const char *name)
{
	return !strncmp(name, "card", 4) && !strchr(name, '-');
}

static int op_list_lib(void *p)
{
	struct accel_device **l;
	int n, i, found = 0;

	(void)p;
	l = accel_get_device_list(&n);
	if (!l)
		return -errno;
	for (i = 0; i < n; i++)
		found += !strcmp(accel_device_driver(l[i]), "vgem");
	accel_free_device_list(l);
	return found ? 0 : -ENODEV;
}

/*
 * By hand: list /sys/class/drm, read each card's device link. vgem's
 * platform device is bound to no driver (no device/driver link); it is
 * named "vgem", which the link's last component shows.
 */
static int op_list_raw(void *p)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct dirent *d;
	int found = 0;
	DIR *dir;

	(void)p;
	dir = opendir("/sys/class/drm");
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		const char *base;
		ssize_t l;

		if (!is_card(d->d_name))
			continue;
		bench_fmt(path, sizeof(path), "/sys/class/drm/%s/device", d->d_name);
		l = readlink(path, target, sizeof(target) - 1);
		if (l <= 0)
			continue;
		target[l] = '\0';
		base = strrchr(target, '/');
		found += !strcmp(base ? base + 1 : target, "vgem");
	}
	closedir(dir);
	return found ? 0 : -ENODEV;
}

/*
 * libdrm's own enumeration of the same nodes: every DRM device of
 * /sys/class/drm with its bus facts (flags 0: no PCI revision read, which
 * would wake a sleeping GPU). Lists all DRM devices, as the library does
 * of the ones its providers claim (only vgem's here).
 */
static int op_list_drm(void *p)
{
	struct vgem_st *s = p;
	drmDevicePtr devs[64];
	int n, i, found = 0;

	n = drmGetDevices2(0, devs, 64);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		found += (devs[i]->available_nodes & (1 << DRM_NODE_PRIMARY)) &&
			 !strcmp(devs[i]->nodes[DRM_NODE_PRIMARY], s->node);
	drmFreeDevices(devs, n);
	return found ? 0 : -ENODEV;
}

static int op_open_lib(void *p)
{
	struct vgem_st *s = p;
	struct accel_context *c = accel_open_device(s->dev);

	if (!c)
		return -errno;
	return accel_close_device(c);
}

/* What opening takes: the node, and the driver's name to be sure of it */
static int op_open_raw(void *p)
{
	struct vgem_st *s = p;
	char name[32];
	struct drm_version v = { .name = name, .name_len = sizeof(name) };
	int fd, ret;

	fd = open(s->node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = bench_ioctl(fd, DRM_IOCTL_VERSION, &v);
	close(fd);
	return ret < 0 ? ret : 0;
}

static int op_query_lib(void *p)
{
	struct vgem_st *s = p;
	struct accel_device_attr attr;

	return accel_query_device(s->ctx, &attr, sizeof(attr));
}

/* The provider's answer: the driver's name and version */
static int op_query_raw(void *p)
{
	struct vgem_st *s = p;
	char name[32], date[32], desc[64];
	struct drm_version v = {
		.name = name, .name_len = sizeof(name),
		.date = date, .date_len = sizeof(date),
		.desc = desc, .desc_len = sizeof(desc),
	};
	int ret = bench_ioctl(s->fd, DRM_IOCTL_VERSION, &v);

	return ret < 0 ? ret : 0;
}

static int op_alloc_lib(void *p)
{
	struct vgem_st *s = p;
	struct accel_bo *bo = accel_bo_alloc(s->ctx, VGEM_BO_SIZE, 0);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

static int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return bench_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int raw_create(int fd, uint32_t *handle, uint64_t *size)
{
	long page = sysconf(_SC_PAGESIZE);
	struct drm_mode_create_dumb c = {
		.width = (uint32_t)page,
		.height = (uint32_t)(VGEM_BO_SIZE / page),
		.bpp = 8,
	};
	int ret = bench_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c);

	if (ret)
		return ret;
	*handle = c.handle;
	*size = c.size;
	return 0;
}

/* CREATE_DUMB, GEM_CLOSE */
static int op_alloc_raw(void *p)
{
	struct vgem_st *s = p;
	uint32_t handle;
	uint64_t size;
	int ret;

	ret = raw_create(s->fd, &handle, &size);
	return ret ? ret : gem_close(s->fd, handle);
}

static int op_map_lib(void *p)
{
	struct vgem_st *s = p;

	if (!accel_bo_map(s->bo))
		return -errno;
	return accel_bo_unmap(s->bo);
}

/* MAP_DUMB for the fake offset, mmap of the card node, munmap */
static int op_map_raw(void *p)
{
	struct vgem_st *s = p;
	struct drm_mode_map_dumb m = { .handle = s->raw_handle };
	void *ptr;
	int ret;

	ret = bench_ioctl(s->fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
	if (ret)
		return ret;
	ptr = mmap(NULL, s->raw_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd,
		   (off_t)m.offset);
	if (ptr == MAP_FAILED)
		return -errno;
	return munmap(ptr, s->raw_size) ? -errno : 0;
}

static int op_export_lib(void *p)
{
	struct vgem_st *s = p;
	int fd = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fd;
	return close(fd) ? -errno : 0;
}

static int raw_export(int fd, uint32_t handle, int *out)
{
	struct drm_prime_handle h = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};
	int ret = bench_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &h);

	if (!ret)
		*out = h.fd;
	return ret;
}

/* PRIME_HANDLE_TO_FD, close */
static int op_export_raw(void *p)
{
	struct vgem_st *s = p;
	int fd, ret;

	ret = raw_export(s->fd, s->raw_handle, &fd);
	if (ret)
		return ret;
	return close(fd) ? -errno : 0;
}

static int op_import_lib(void *p)
{
	struct vgem_st *s = p;
	struct accel_bo *bo = accel_bo_import_dmabuf(s->ctx, s->raw_dmabuf);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

/* Its size (lseek), PRIME_FD_TO_HANDLE; GEM_CLOSE */
static int op_import_raw(void *p)
{
	struct vgem_st *s = p;
	struct drm_prime_handle h = { .fd = s->lib_dmabuf };
	off_t size;
	int ret;

	size = lseek(s->lib_dmabuf, 0, SEEK_END);
	if (size <= 0)
		return size ? -errno : -EINVAL;
	ret = bench_ioctl(s->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h);
	return ret ? ret : gem_close(s->fd, h.handle);
}

static void vgem_teardown(void *p)
{
	struct vgem_st *s = p;

	if (!s)
		return;
	if (s->lib_dmabuf >= 0)
		close(s->lib_dmabuf);
	if (s->raw_dmabuf >= 0)
		close(s->raw_dmabuf);
	if (s->ctx)
		accel_close_device(s->ctx);	/* frees its BOs */
	if (s->fd >= 0)
		close(s->fd);	/* and with it the raw handle */
	if (s->list)
		accel_free_device_list(s->list);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
	free(s);
}

static int count_cards(void)
{
	struct dirent *d;
	int n = 0;
	DIR *dir = opendir("/sys/class/drm");

	if (!dir)
		return 0;
	while ((d = readdir(dir)))
		n += is_card(d->d_name);
	closedir(dir);
	return n;
}

static struct accel_device *find_vgem(struct accel_device **l, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(accel_device_driver(l[i]), "vgem"))
			return l[i];
	return NULL;
}

static int make_bos(struct vgem_st *s, char *why, size_t len)
{
	int ret;

	s->ctx = accel_open_device(s->dev);
	s->bo = s->ctx ? accel_bo_alloc(s->ctx, VGEM_BO_SIZE, 0) : NULL;
	if (!s->bo) {
		ret = -errno;
		snprintf(why, len, "open %s and allocate: %s", s->node,
			 strerror(errno));
		return ret;
	}
	s->lib_dmabuf = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);
	if (s->lib_dmabuf < 0) {
		ret = s->lib_dmabuf;
		snprintf(why, len, "libaccel export: %s", strerror(-ret));
		return ret;
	}
	s->fd = open(s->node, O_RDWR | O_CLOEXEC);
	ret = s->fd < 0 ? -errno : raw_create(s->fd, &s->raw_handle, &s->raw_size);
	if (!ret)
		ret = raw_export(s->fd, s->raw_handle, &s->raw_dmabuf);
	if (ret)
		snprintf(why, len, "raw dumb buffer on %s: %s", s->node,
			 strerror(-ret));
	return ret;
}

static int vgem_setup(void **out, bool short_mode, char *why, size_t len)
{
	static const char *const provs[] = { "vgem", NULL };
	struct vgem_st *s;
	int n, ret;

	(void)short_mode;
	if (access("/sys/module/vgem", F_OK)) {
		snprintf(why, len, "no vgem driver loaded (modprobe vgem; a real kernel: the QEMU tier runs it)");
		return -ENODEV;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = s->lib_dmabuf = s->raw_dmabuf = -1;
	ret = bench_config_dir(provs, s->cfg, sizeof(s->cfg));
	if (ret) {
		s->cfg[0] = '\0';
		snprintf(why, len, "no vgem provider in this build");
		goto err;
	}
	setenv("ACCEL_CONFIG_DIR", s->cfg, 1);
	unsetenv("ACCEL_PROVIDERS");
	s->list = accel_get_device_list(&n);
	s->dev = s->list ? find_vgem(s->list, n) : NULL;
	if (!s->dev) {
		ret = -ENODEV;
		snprintf(why, len, "vgem is loaded but libaccel lists no vgem device");
		goto err;
	}
	bench_copy_str(s->node, sizeof(s->node), accel_device_node(s->dev));
	ret = make_bos(s, why, len);
	if (ret)
		goto err;
	s->ncards = count_cards();

	bench_add_op(s->ops, &s->nops, "device list",
		     "readdir /sys/class/drm, readlink device per card",
		     4 + s->ncards, op_list_lib, op_list_raw);
	/* a libdrm that cannot place vgem's platform device lists it not */
	if (!op_list_drm(s))
		bench_add_op(s->ops, &s->nops, "list vs drmGetDevices2",
			     "libdrm drmGetDevices2(0), drmFreeDevices",
			     4 + s->ncards, op_list_lib, op_list_drm);
	else
		fprintf(stderr, "accel_bench: vgem: drmGetDevices2 does not list %s: no libdrm row\n",
			s->node);
	bench_add_op(s->ops, &s->nops, "open+close",
		     "open, DRM_IOCTL_VERSION, close", 3, op_open_lib,
		     op_open_raw);
	bench_add_op(s->ops, &s->nops, "query", "DRM_IOCTL_VERSION", 1,
		     op_query_lib, op_query_raw);
	bench_add_op(s->ops, &s->nops, "bo alloc+free 64K",
		     "MODE_CREATE_DUMB, GEM_CLOSE", 2, op_alloc_lib,
		     op_alloc_raw);
	bench_add_op(s->ops, &s->nops, "bo map+unmap",
		     "MODE_MAP_DUMB, mmap, munmap", 3, op_map_lib, op_map_raw);
	bench_add_op(s->ops, &s->nops, "dmabuf export+close",
		     "PRIME_HANDLE_TO_FD, close", 2, op_export_lib,
		     op_export_raw);
	bench_add_op(s->ops, &s->nops, "dmabuf import+free",
		     "lseek, PRIME_FD_TO_HANDLE, GEM_CLOSE", 3, op_import_lib,
		     op_import_raw);
	*out = s;
	return 0;
err:
	vgem_teardown(s);
	return ret ? ret : -EIO;
}

static size_t vgem_get_ops(void *p, const struct bench_op **ops)
{
	struct vgem_st *s = p;

	*ops = s->ops;
	return s->nops;
}

const struct bench_target bench_target_vgem = {
	.name = "vgem",
	.desc = "the vgem provider vs raw DRM ioctls on its card node",
	.setup = vgem_setup,
	.teardown = vgem_teardown,
	.get_ops = vgem_get_ops,
};
