// SPDX-License-Identifier: MIT
/*
 * Helpers of the emulated-NPU targets: see bench_npu.h.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>

#include "bench_npu.h"

int npu_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && (errno == EINTR || errno == EAGAIN));
	return ret < 0 ? -errno : ret;
}

int npu_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return npu_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

int npu_raw_export(int fd, uint32_t handle)
{
	struct drm_prime_handle a = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};
	int ret = npu_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &a);

	if (ret)
		return ret;
	return close(a.fd) ? -errno : 0;
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

int npu_alloc_lib(void *p)
{
	struct npu_st *s = p;
	struct accel_bo *bo = accel_bo_alloc(s->ctx, s->bo_size, 0);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

int npu_map_lib(void *p)
{
	struct npu_st *s = p;

	if (!accel_bo_map(s->bo))
		return -errno;
	return accel_bo_unmap(s->bo);
}

int npu_export_lib(void *p)
{
	struct npu_st *s = p;
	int fd = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fd;
	return close(fd) ? -errno : 0;
}

void *npu_sym(const char *lib, const char *sym)
{
	void *h = lib ? dlopen(lib, RTLD_NOW | RTLD_NOLOAD) : NULL;
	void *fn = dlsym(h ? h : RTLD_DEFAULT, sym);

	/* the provider holds its own reference: this drops ours only */
	if (h)
		dlclose(h);
	return fn;
}

int npu_open(struct npu_st *s, const char *prov, char *why, size_t len)
{
	const char *provs[] = { prov, NULL };
	int n, ret;

	s->fd = -1;
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

void npu_close(struct npu_st *s)
{
	if (s->ctx)
		accel_close_device(s->ctx);	/* frees its BOs and queues */
	if (s->fd >= 0)
		close(s->fd);		/* and the raw file its objects */
	if (s->list)
		accel_free_device_list(s->list);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
}

void npu_add_op(struct npu_st *s, const char *name, const char *desc,
		int raw_min, int (*lib)(void *), int (*raw)(void *))
{
	struct bench_op *o = &s->ops[s->nops++];

	o->name = name;
	o->raw_desc = desc;
	o->raw_min_sys = raw_min;
	o->lib = lib;
	o->raw = raw;
}

size_t npu_get_ops(void *st, const struct bench_op **ops)
{
	struct npu_st *s = st;

	*ops = s->ops;
	return s->nops;
}

int npu_count_allocs(struct npu_st *s, struct bench_result *r,
		     int (*lib_submit)(struct npu_st *, uint64_t *),
		     int (*lib_wait)(struct npu_st *, uint64_t),
		     int (*raw_submit)(struct npu_st *, uint64_t *),
		     int (*raw_wait)(struct npu_st *, uint64_t),
		     const char *raw_names)
{
	uint64_t seq, a, f, sa = 0, sf = 0, wa = 0, wf = 0, ra = 0, rwa = 0;
	const unsigned int n = 200;
	unsigned int i;
	int ret;

	if (!bench_allocs_available())
		return -ENOSYS;
	for (i = 0; i < n; i++) {
		bench_allocs_begin();
		ret = lib_submit(s, &seq);
		bench_allocs_end(&a, &f);
		if (ret)
			return ret;
		sa += a;
		sf += f;
		bench_allocs_begin();
		ret = lib_wait(s, seq);
		bench_allocs_end(&a, &f);
		if (ret)
			return ret;
		wa += a;
		wf += f;
		bench_allocs_begin();
		ret = raw_submit(s, &seq);
		bench_allocs_end(&a, &f);
		if (ret)
			return ret;
		ra += a;
		bench_allocs_begin();
		ret = raw_wait(s, seq);
		bench_allocs_end(&a, &f);
		if (ret)
			return ret;
		rwa += a;
	}
	r->allocs_submit = (double)sa / n;
	r->frees_submit = (double)sf / n;
	r->allocs_wait = (double)wa / n;
	r->frees_wait = (double)wf / n;
	snprintf(r->note, sizeof(r->note),
		 "raw %s through the same shim: %.2f / %.2f allocs",
		 raw_names, (double)ra / n, (double)rwa / n);
	return 0;
}
