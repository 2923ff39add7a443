// SPDX-License-Identifier: MIT
/*
 * Description: the vgem provider on the real vgem driver: enumeration of
 * its card node, query, dumb-buffer allocation on the card node (and the
 * render node refusing it), mapping, PRIME export and self-import with
 * the bytes checked through every view, and EOPNOTSUPP for queues.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>

#include <accel/vgemdv.h>

#include "vmtest.h"

static struct accel_device *find_vgem(struct accel_device **list, int num)
{
	int i;

	for (i = 0; i < num; i++)
		if (!strcmp(accel_device_driver(list[i]), "vgem"))
			return list[i];
	return NULL;
}

/* the render node of the same DRM device: /sys/class/drm/cardN/device/drm */
static int open_render_node(const char *card)
{
	char path[512];
	struct dirent *d;
	int fd = -1;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/class/drm/%s/device/drm", card);
	dir = opendir(path);
	if (!dir)
		t_fail("opendir %s: %s", path, strerror(errno));
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "renderD", 7)) {
			snprintf(path, sizeof(path), "/dev/dri/%s", d->d_name);
			fd = open(path, O_RDWR | O_CLOEXEC);
			break;
		}
	closedir(dir);
	if (fd < 0)
		t_fail("no render node beside %s", card);
	return fd;
}

static void check_enumeration(struct accel_device *dev)
{
	struct accel_device_info info;
	char path[300];

	t_assert(!strcmp(accel_device_provider(dev), "vgem"));
	t_assert(!strncmp(accel_device_name(dev), "card", 4));
	snprintf(path, sizeof(path), "/dev/dri/%s", accel_device_name(dev));
	t_assert(accel_device_node(dev) && !strcmp(accel_device_node(dev), path));
	memset(&info, 0xff, sizeof(info));
	t_ok(accel_device_get_info(dev, &info, sizeof(info)));
	t_assert(info.flags & ACCEL_DEVICE_DRM_NODE);
	t_assert(!(info.flags & (ACCEL_DEVICE_USERSPACE | ACCEL_DEVICE_UNCLAIMED)));
	t_assert(info.major == 226);
	t_assert(!strcmp(info.modalias, "platform:vgem"));
	t_info("enumerated %s at %s (226:%u)", accel_device_name(dev),
	       accel_device_node(dev), info.minor);
}

static void check_query(struct accel_context *ctx)
{
	struct accel_device_attr attr;

	memset(&attr, 0xff, sizeof(attr));
	t_ok(accel_query_device(ctx, &attr, sizeof(attr)));
	t_assert(!strcmp(attr.driver, "vgem"));
	t_assert(!strcmp(attr.provider, "vgem"));
	t_assert(attr.caps & ACCEL_CAP_DMABUF_EXPORT);
	t_assert(attr.caps & ACCEL_CAP_DMABUF_IMPORT);
	t_assert(attr.caps & ACCEL_CAP_HOST_MAP);
	t_assert(!(attr.caps & ACCEL_CAP_SUBMIT));
	t_assert(attr.bo_align == (uint64_t)sysconf(_SC_PAGESIZE));
	t_assert(attr.max_bo_size >= (UINT64_C(1) << 31));
	t_info("vgem %u.%u.%u, max BO %llu", attr.driver_version_major,
	       attr.driver_version_minor, attr.driver_version_patch,
	       (unsigned long long)attr.max_bo_size);
}

/* vgem's render node cannot create dumb buffers: the kernel's rule */
static void check_render_node_refuses(const char *card)
{
	struct drm_mode_create_dumb c = { .width = 4096, .height = 1, .bpp = 8 };
	int fd = open_render_node(card);

	t_assert(ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c) == -1);
	if (errno != EACCES)
		t_fail("render node CREATE_DUMB: %s, expected EACCES",
		       strerror(errno));
	close(fd);
}

static void check_bo(struct accel_context *ctx, uint64_t size, uint32_t seed)
{
	struct accel_bo *bo, *self;
	void *p, *q, *d;
	uint32_t h1, h2;
	int fd;
	long bad;

	bo = t_ptr(accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE));
	t_assert(accel_bo_size(bo) >= size);
	t_assert(accel_bo_size(bo) % (uint64_t)sysconf(_SC_PAGESIZE) == 0);
	size = accel_bo_size(bo);
	p = t_ptr(accel_bo_map(bo));
	t_assert(accel_bo_map(bo) == p);	/* one mapping per BO */
	/* fresh shmem pages read as zero */
	t_assert(((uint8_t *)p)[0] == 0 && ((uint8_t *)p)[size - 1] == 0);
	t_pattern_fill(p, size, seed);

	/* the dma-buf sees the same pages */
	fd = t_ok(accel_bo_export_dmabuf(bo, O_RDWR));
	t_assert(lseek(fd, 0, SEEK_END) == (off_t)size);
	d = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	t_assert(d != MAP_FAILED);
	t_ok(t_dmabuf_sync(fd, true, false));
	bad = t_pattern_check(d, size, seed);
	t_ok(t_dmabuf_sync(fd, false, false));
	if (bad >= 0)
		t_fail("dma-buf view differs at %ld of %llu", bad,
		       (unsigned long long)size);

	/* importing our own export gives the same GEM handle back */
	self = t_ptr(accel_bo_import_dmabuf(ctx, fd));
	t_ok(vgemdv_bo_handle(bo, &h1));
	t_ok(vgemdv_bo_handle(self, &h2));
	t_assert(h1 == h2);
	t_assert(accel_bo_size(self) == size);
	q = t_ptr(accel_bo_map(self));
	t_assert(q != p);
	bad = t_pattern_check(q, size, seed);
	if (bad >= 0)
		t_fail("self-import view differs at %ld", bad);

	/* the shared handle lives on until its last BO goes */
	t_ok(accel_bo_free(bo));
	t_ok(vgemdv_bo_handle(self, &h2));
	t_assert(h2 == h1);
	{
		int fd2 = t_ok(accel_bo_export_dmabuf(self, O_RDWR));

		close(fd2);
	}
	t_ok(t_dmabuf_sync(fd, true, true));
	t_pattern_fill(d, size, seed + 1);
	t_ok(t_dmabuf_sync(fd, false, true));
	bad = t_pattern_check(q, size, seed + 1);
	if (bad >= 0)
		t_fail("write through the dma-buf not seen at %ld", bad);
	t_ok(accel_bo_free(self));
	/* the mapping of the dma-buf outlives every handle */
	bad = t_pattern_check(d, size, seed + 1);
	if (bad >= 0)
		t_fail("dma-buf mapping lost its pages at %ld", bad);
	munmap(d, size);
	close(fd);
}

int main(void)
{
	struct accel_device **list, *dev;
	struct accel_context *ctx;
	struct accel_bo *bo;
	int num;

	t_require_vm();
	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	list = t_ptr(accel_get_device_list(&num));
	dev = find_vgem(list, num);
	if (!dev)
		t_fail("vgem is loaded but not listed");
	check_enumeration(dev);
	ctx = t_ptr(accel_open_device(dev));
	t_assert(vgemdv_is_vgem_context(ctx));
	check_query(ctx);
	check_render_node_refuses(accel_device_name(dev));

	check_bo(ctx, 1, 1);
	check_bo(ctx, 4096, 2);
	check_bo(ctx, 3 * 1024 * 1024 + 5, 3);

	t_null(accel_bo_alloc(ctx, 4096, ACCEL_BO_CONTIGUOUS), EINVAL);
	t_null(accel_queue_create(ctx, NULL), EOPNOTSUPP);
	/* more than a dumb buffer can describe (pitch * height in 32 bits) */
	t_null(accel_bo_alloc(ctx, UINT64_C(1) << 33, 0), EINVAL);

	/* BOs left at close are released with the context */
	bo = t_ptr(accel_bo_alloc(ctx, 8192, 0));
	t_ptr(accel_bo_map(bo));
	t_ok(accel_close_device(ctx));
	accel_free_device_list(list);
	t_info("ok");
	return T_PASS;
}
