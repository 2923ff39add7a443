// SPDX-License-Identifier: MIT
/*
 * The harness of the emulated-NPU targets: see bench_npu.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>

#include "bench_npu.h"

int npu_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return bench_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

int npu_raw_mmap(int fd, uint64_t offset, uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)offset);

	if (p == MAP_FAILED)
		return -errno;
	return munmap(p, size) ? -errno : 0;
}

int64_t npu_deadline(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec + NPU_WAIT_NS;
}

static int no_delay(const struct npu_driver *d, char *why, size_t len)
{
	void *fn = bench_sym(NULL, d->delay_fn);
	int ret;

	if (!fn) {
		snprintf(why, len, "the shim has no %s()", d->delay_fn);
		return -ENOSYS;
	}
	ret = d->no_delay(fn);
	if (ret)
		snprintf(why, len, "%s: %s", d->delay_fn, strerror(-ret));
	return ret;
}

static int alloc_lib(void *p)
{
	struct npu_st *s = p;
	struct accel_bo *bo = accel_bo_alloc(s->ctx, NPU_BO_SIZE, 0);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

static int map_lib(void *p)
{
	struct npu_st *s = p;

	if (!accel_bo_map(s->bo))
		return -errno;
	return accel_bo_unmap(s->bo);
}

static int export_lib(void *p)
{
	struct npu_st *s = p;
	int fd = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fd;
	return close(fd) ? -errno : 0;
}

/* the driver's create, GEM_CLOSE */
static int alloc_raw(void *p)
{
	struct npu_st *s = p;
	uint32_t h;
	int ret = s->d->create_bo(s->fd, NPU_BO_SIZE, &h);

	return ret ? ret : npu_gem_close(s->fd, h);
}

/* PRIME_HANDLE_TO_FD, close */
static int export_raw(void *p)
{
	struct npu_st *s = p;
	struct drm_prime_handle a = {
		.handle = s->raw_bo, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};
	int ret = bench_ioctl(s->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &a);

	if (ret)
		return ret;
	return close(a.fd) ? -errno : 0;
}

static int lib_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;

	return accel_wait(s->q, seq, -1);
}

static int submit_lib(void *p)
{
	struct npu_st *s = p;
	uint64_t seq;
	int ret = s->d->lib_submit(p, &seq);

	return ret ? ret : lib_wait(p, seq);
}

static int submit_raw(void *p)
{
	struct npu_st *s = p;
	uint64_t seq;
	int ret = s->d->raw.submit(p, &seq);

	return ret ? ret : s->d->raw.wait(p, seq);
}

int npu_count_allocs(void *p, struct bench_result *r)
{
	struct npu_st *s = p;
	const struct bench_sw lib = { s->d->lib_submit, lib_wait };

	return bench_count_sw_allocs(p, &lib, &s->d->raw, s->d->raw_names, r);
}

/* a private config dir naming only prov; list, open ctx and fd on device 0 */
static int npu_open(struct npu_st *s, const char *prov, char *why, size_t len)
{
	const char *provs[] = { prov, NULL };
	int n, ret;

	/* the shim sets it when it loads */
	if (!getenv("ACCEL_SYSFS_PATH")) {
		snprintf(why, len, "needs the uAPI emulator: set ACCEL_BENCH_SHIM to libaccel_shim.so (the ctest does)");
		return -ENODEV;
	}
	ret = bench_config_dir(provs, s->cfg, sizeof(s->cfg));
	if (ret) {
		s->cfg[0] = '\0';
		snprintf(why, len, "no %s provider in this build", prov);
		return ret;
	}
	setenv("ACCEL_CONFIG_DIR", s->cfg, 1);
	unsetenv("ACCEL_PROVIDERS");
	s->list = accel_get_device_list(&n);
	if (!s->list || n < 1) {
		snprintf(why, len, "the shim shows no %s device", prov);
		return -ENODEV;
	}
	s->ctx = accel_open_device(s->list[0]);
	if (!s->ctx) {
		ret = -errno;
		snprintf(why, len, "open %s: %s", accel_device_name(s->list[0]),
			 strerror(errno));
		return ret;
	}
	s->fd = open(accel_device_node(s->list[0]), O_RDWR | O_CLOEXEC);
	if (s->fd < 0) {
		ret = -errno;
		snprintf(why, len, "raw open: %s", strerror(errno));
		return ret;
	}
	return 0;
}

void npu_teardown(void *p)
{
	struct npu_st *s = p;

	if (!s)
		return;
	if (s->ctx)
		accel_close_device(s->ctx);	/* frees its BOs and queues */
	if (s->fd >= 0)
		close(s->fd);		/* and the raw file its objects */
	if (s->list)
		accel_free_device_list(s->list);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
	free(s->drv);
	free(s);
}

static void add_ops(struct npu_st *s)
{
	const struct npu_driver *d = s->d;
	int (*raw_alloc)(void *) = d->alloc.op ? d->alloc.op : alloc_raw;

	if (!d->alloc_max_iters)
		bench_add_op(s->ops, &s->nops, "bo alloc+free 64K", d->alloc.desc,
			     d->alloc.min_sys, alloc_lib, raw_alloc);
	bench_add_op(s->ops, &s->nops, "bo map+unmap", d->map.desc,
		     d->map.op ? d->map.min_sys : -1, map_lib, d->map.op);
	bench_add_op(s->ops, &s->nops, "dmabuf export+close",
		     "PRIME_HANDLE_TO_FD, close", 2, export_lib, export_raw);
	/* a submit and a wait ioctl */
	bench_add_op(s->ops, &s->nops, "submit+wait", d->submit_desc, 2,
		     submit_lib, submit_raw);
	if (d->alloc_max_iters) {
		bench_add_op(s->ops, &s->nops, "bo alloc+free 64K", d->alloc.desc,
			     d->alloc.min_sys, alloc_lib, raw_alloc);
		s->ops[s->nops - 1].max_iters = d->alloc_max_iters;
	}
}

int npu_setup(void **out, const struct npu_driver *d, char *why, size_t len)
{
	struct npu_st *s;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->d = d;
	s->fd = -1;
	s->drv = calloc(1, d->drv_size);
	if (!s->drv) {
		free(s);
		return -ENOMEM;
	}
	ret = npu_open(s, d->prov, why, len);
	if (!ret && d->delay_fn)
		ret = no_delay(d, why, len);
	if (ret)
		goto err;
	s->bo = accel_bo_alloc(s->ctx, NPU_BO_SIZE, 0);
	if (!s->bo)
		ret = -errno;
	else if (d->raw_bo)
		ret = d->raw_bo(s);
	else
		ret = d->create_bo(s->fd, NPU_BO_SIZE, &s->raw_bo);
	if (ret) {
		snprintf(why, len, "BOs for map and export: %s", strerror(-ret));
		goto err;
	}
	ret = d->make_jobs(s, why, len);
	if (ret)
		goto err;
	add_ops(s);
	*out = s;
	return 0;
err:
	npu_teardown(s);
	return ret ? ret : -EIO;
}

size_t npu_get_ops(void *p, const struct bench_op **ops)
{
	struct npu_st *s = p;

	*ops = s->ops;
	return s->nops;
}
