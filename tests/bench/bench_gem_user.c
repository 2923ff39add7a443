// SPDX-License-Identifier: MIT
/*
 * bench_gem_user: the userspace of vgem's import+free and alloc+free,
 * libaccel against the raw sequence, with the GEM ioctls and the lseek
 * answered in userspace by the gem_fake preload (linked in: see
 * CMakeLists.txt). Both sides pay the same fake calls, so the difference
 * is the library's own work: its lookups, registry, GEM table, locks and
 * allocations. Run it in the QEMU guest with vgem loaded (a context needs
 * the real node to open; the first vgem device is used); prints per-op
 * nanoseconds, never judges.
 *
 *   bench_gem_user [ITERS [ROUNDS]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>
#include <drm_mode.h>
#include <accel/accel.h>

extern int gem_fake_enable;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* the provider's dumb buffer: a page wide, 8 bpp, 16 rows = 64 KiB */
static int raw_create(int fd, uint32_t *handle)
{
	struct drm_mode_create_dumb c = { .width = 4096, .height = 16, .bpp = 8 };

	if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -errno;
	*handle = c.handle;
	return 0;
}

static int raw_close(int fd, uint32_t handle)
{
	struct drm_gem_close gc = { .handle = handle };

	return ioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc) ? -errno : 0;
}

static int lib_import(struct accel_context *ctx, int dmabuf)
{
	struct accel_bo *bo = accel_bo_import_dmabuf(ctx, dmabuf);

	return bo ? accel_bo_free(bo) : -errno;
}

static int raw_import(int fd, int dmabuf)
{
	struct drm_prime_handle h = { .fd = dmabuf };

	if (lseek(dmabuf, 0, SEEK_END) <= 0)
		return -EINVAL;
	if (ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h))
		return -errno;
	return raw_close(fd, h.handle);
}

static int lib_alloc(struct accel_context *ctx)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 64 << 10, 0);

	return bo ? accel_bo_free(bo) : -errno;
}

static int raw_alloc(int fd)
{
	uint32_t h = 0;
	int ret = raw_create(fd, &h);

	return ret ? ret : raw_close(fd, h);
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 50000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	struct drm_prime_handle p = { .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1 };
	struct accel_context *ctx = NULL;
	struct accel_device **list, *dev = NULL;
	int fd = -1, ret = 1, d;
	uint32_t handle = 0;

	list = accel_get_device_list(NULL);
	for (d = 0; list && list[d] && !dev; d++)
		if (!strcmp(accel_device_driver(list[d]), "vgem"))
			dev = list[d];
	if (!dev) {
		fprintf(stderr, "bench_gem_user: no vgem device (modprobe vgem)\n");
		ret = 77;
		goto out;
	}
	ctx = accel_open_device(dev);
	if (!ctx) {
		fprintf(stderr, "bench_gem_user: open: %s\n", accel_last_error());
		goto out;
	}
	fd = open(accel_device_node(dev), O_RDWR | O_CLOEXEC);
	if (fd < 0 || (errno = -raw_create(fd, &handle))) {
		fprintf(stderr, "bench_gem_user: %s: %s\n", accel_device_node(dev),
			strerror(errno));
		goto out;
	}
	/* a real dma-buf: the library checks the fd's size on it */
	p.handle = handle;
	if (ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p)) {
		perror("bench_gem_user: PRIME_HANDLE_TO_FD");
		goto out;
	}
	gem_fake_enable = 1;
	printf("per op, ns of userspace    lib    raw   over\n");
	for (int r = 0; r < rounds; r++) {
		double t[5];
		long i;

		t[0] = now_ns();
		for (i = 0; i < iters; i++)
			if (lib_import(ctx, p.fd))
				goto fail;
		t[1] = now_ns();
		for (i = 0; i < iters; i++)
			if (raw_import(fd, p.fd))
				goto fail;
		t[2] = now_ns();
		for (i = 0; i < iters; i++)
			if (lib_alloc(ctx))
				goto fail;
		t[3] = now_ns();
		for (i = 0; i < iters; i++)
			if (raw_alloc(fd))
				goto fail;
		t[4] = now_ns();
		printf("import+free            %6.0f %6.0f %6.0f\n",
		       (t[1] - t[0]) / iters, (t[2] - t[1]) / iters,
		       (t[1] - t[0] - (t[2] - t[1])) / iters);
		printf("alloc+free 64K         %6.0f %6.0f %6.0f\n",
		       (t[3] - t[2]) / iters, (t[4] - t[3]) / iters,
		       (t[3] - t[2] - (t[4] - t[3])) / iters);
	}
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "bench_gem_user: %s\n", accel_last_error());
out:
	gem_fake_enable = 0;
	if (p.fd >= 0)
		close(p.fd);
	if (fd >= 0)
		close(fd);
	if (ctx)
		accel_close_device(ctx);
	if (list)
		accel_free_device_list(list);
	return ret;
}
