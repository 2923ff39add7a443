// SPDX-License-Identifier: MIT
/*
 * The shim's GEM core (core/shim_gem.h) driven with raw DRM ioctls
 * through the "shimgem" test driver (gemtest/). Devices: accel0 and
 * accel1 "shimgem" (GEM, syncobjs, timelines, foreign import), accel2
 * "shimgem_lite" (GEM only), accel3 gaudi2 (habanalabs: no GEM).
 * Each expectation follows the 7.2 kernel function named beside it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/magic.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <drm.h>

#include "shim_test.h"
#include "shim_gemtest.h"

#define PAGE 4096

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static int open_minor(int minor)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "accel%d", minor);
	fd = open(shim_node(name), O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

static uint32_t create_bo(int fd, uint64_t size, uint64_t *offset)
{
	struct shimgem_create_bo c = { .size = size };

	assert_int_equal(xioctl(fd, DRM_IOCTL_SHIMGEM_CREATE_BO, &c), 0);
	if (offset)
		*offset = c.offset;
	return c.handle;
}

static int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int export(int fd, uint32_t handle, uint32_t flags, int *out)
{
	struct drm_prime_handle p = { .handle = handle, .flags = flags, .fd = -1 };
	int ret = xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	*out = p.fd;
	return ret;
}

__attribute__((unused)) static int import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf };
	int ret = xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	*handle = p.handle;
	return ret;
}

static uint64_t submit(int fd, uint32_t bo, uint32_t usage, uint32_t syncobj,
		       uint64_t point)
{
	struct shimgem_submit s = {
		.handle = bo, .usage = usage, .syncobj = syncobj, .point = point,
	};

	assert_int_equal(xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &s), 0);
	return s.job;
}

static int bo_wait(int fd, uint32_t bo, uint32_t usage, int64_t rel_ns)
{
	struct shimgem_bo_wait w = {
		.handle = bo, .usage = usage,
		.timeout_abs_ns = rel_ns < 0 ? INT64_MAX : now_ns() + rel_ns,
	};

	return xioctl(fd, DRM_IOCTL_SHIMGEM_BO_WAIT, &w);
}

__attribute__((unused)) static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

__attribute__((unused)) static void fd_link(int fd, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, len - 1);
	assert_true(n > 0);
	buf[n] = 0;
}

static uint32_t syncobj_create(int fd, uint32_t flags)
{
	struct drm_syncobj_create c = { .flags = flags };

	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), 0);
	return c.handle;
}

static int syncobj_wait(int fd, uint32_t *h, uint32_t n, int64_t rel_ns,
			uint32_t flags, uint32_t *first)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)h, .count_handles = n, .flags = flags,
		.timeout_nsec = rel_ns ? now_ns() + rel_ns : 0,
	};
	int ret = xioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);

	if (first)
		*first = w.first_signaled;
	return ret;
}

__attribute__((unused)) static int timeline_wait(int fd, uint32_t h, uint64_t point, int64_t rel_ns,
			 uint32_t flags)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&h, .points = (uintptr_t)&point,
		.count_handles = 1, .flags = flags,
		.timeout_nsec = rel_ns ? now_ns() + rel_ns : 0,
	};

	return xioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

__attribute__((unused)) static uint64_t query(int fd, uint32_t h, uint32_t flags)
{
	uint64_t point = ~0ull;
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)&h, .points = (uintptr_t)&point,
		.count_handles = 1, .flags = flags,
	};

	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a), 0);
	return point;
}

/* ------------------------------------------------------------------------ */

/* drm_gem_handle_create_tail(): idr from 1, lowest free, per file */
static void test_gem_handles(void **state)
{
	int fd = open_minor(0), fd2 = open_minor(0);
	struct shimgem_create_bo c = { .size = 0 };

	assert_int_equal(create_bo(fd, PAGE, NULL), 1);
	assert_int_equal(create_bo(fd, PAGE, NULL), 2);
	assert_int_equal(create_bo(fd, 1, NULL), 3);
	assert_int_equal(gem_close(fd, 2), 0);
	assert_int_equal(gem_close(fd, 2), -EINVAL);	/* drm_gem_handle_delete */
	assert_int_equal(gem_close(fd, 0), -EINVAL);
	assert_int_equal(gem_close(fd, 77), -EINVAL);
	assert_int_equal(create_bo(fd, PAGE, NULL), 2);
	assert_int_equal(create_bo(fd2, PAGE, NULL), 1);
	assert_int_equal(gem_close(fd2, 2), -EINVAL);
	assert_int_equal(xioctl(fd, DRM_IOCTL_SHIMGEM_CREATE_BO, &c), -EINVAL);
	close(fd2);
	close(fd);
}

/* drm_getcap() and the DRIVER_* gates of drm_gem.c / drm_syncobj.c */
static void test_gem_features(void **state)
{
	static const struct { int minor; uint64_t syncobj, timeline; } want[] = {
		{ 0, 1, 1 }, { 2, 0, 0 }, { 3, 0, 0 },
	};
	struct drm_syncobj_create sc = { 0 };
	struct drm_gem_close gc = { .handle = 1 };
	uint64_t point = 1;
	uint32_t h = 1;
	struct drm_syncobj_timeline_array ta = {
		.handles = (uintptr_t)&h, .points = (uintptr_t)&point, .count_handles = 1,
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct drm_get_cap cap = { .capability = DRM_CAP_PRIME };
		int fd = open_minor(want[i].minor);

		assert_int_equal(xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT);
		cap.capability = DRM_CAP_SYNCOBJ;
		assert_int_equal(xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, want[i].syncobj);
		cap.capability = DRM_CAP_SYNCOBJ_TIMELINE;
		assert_int_equal(xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, want[i].timeline);
		if (!want[i].syncobj) {
			assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc), -EOPNOTSUPP);
			assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EOPNOTSUPP);
		}
		close(fd);
	}
	/* habanalabs: no DRIVER_GEM */
	i = (size_t)open_minor(3);
	assert_int_equal(xioctl((int)i, DRM_IOCTL_GEM_CLOSE, &gc), -EOPNOTSUPP);
	close((int)i);
}

/* drm_gem_mmap(): exact offset, length within, a handle in this file */
static void test_gem_mmap(void **state)
{
	int fd = open_minor(0), fd2 = open_minor(0);
	uint64_t off, off2;
	uint32_t h = create_bo(fd, 2 * PAGE, &off);
	char *p, *q;

	assert_true(off >= 0x100000000ull);
	assert_int_equal(off % PAGE, 0);
	create_bo(fd, PAGE, &off2);
	assert_int_not_equal(off, off2);
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
	assert_true(p != MAP_FAILED);
	q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)off);
	assert_true(q != MAP_FAILED);
	strcpy(p, "gem");
	assert_string_equal(q, "gem");
	munmap(q, PAGE);
	errno = 0;
	assert_true(mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, (off_t)off) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)(off + PAGE)) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	/* another file without a handle: drm_vma_node_is_allowed() */
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd2, (off_t)off) == MAP_FAILED);
	assert_int_equal(errno, EACCES);
	/* the mapping outlives the handle; the offset does not */
	assert_int_equal(gem_close(fd, h), 0);
	assert_string_equal(p, "gem");
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)off) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	munmap(p, 2 * PAGE);
	close(fd2);
	close(fd);
}

/* drm_prime_handle_to_fd_ioctl() / drm_gem_prime_handle_to_dmabuf() */
static void test_prime_export(void **state)
{
	int fd = open_minor(0), buf, buf2, ro;
	uint32_t h = create_bo(fd, 2 * PAGE, NULL), h2 = create_bo(fd, PAGE, NULL);
	struct stat st, st2;
	struct statfs sfs;
	char *p;

	assert_int_equal(export(fd, h, DRM_CLOEXEC | 0x1, &buf), -EINVAL);
	assert_int_equal(export(fd, 99, DRM_CLOEXEC, &buf), -ENOENT);
	assert_int_equal(export(fd, h, DRM_CLOEXEC | DRM_RDWR, &buf), 0);
	assert_int_equal(fcntl(buf, F_GETFD), FD_CLOEXEC);
	assert_int_equal(fstatfs(buf, &sfs), 0);
	assert_int_equal(sfs.f_type, DMA_BUF_MAGIC);
	assert_int_equal(lseek(buf, 0, SEEK_END), 2 * PAGE);
	/* the same dma-buf again, even once every fd of it is closed */
	assert_int_equal(fstat(buf, &st), 0);
	close(buf);
	assert_int_equal(export(fd, h, 0, &buf2), 0);
	assert_int_equal(fcntl(buf2, F_GETFD), 0);
	assert_int_equal(fstat(buf2, &st2), 0);
	assert_int_equal(st.st_ino, st2.st_ino);
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, buf2, 0);
	assert_true(p != MAP_FAILED);
	munmap(p, 2 * PAGE);
	/* dma_buf_mmap_internal(): within the size */
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, buf2, 2 * PAGE) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	close(buf2);
	/* without DRM_RDWR the dma-buf file is read-only */
	assert_int_equal(export(fd, h2, DRM_CLOEXEC, &ro), 0);
	assert_true(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED);
	assert_int_equal(errno, EACCES);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	assert_true(p != MAP_FAILED);
	munmap(p, PAGE);
	close(ro);
	close(fd);
}

/* dma_resv_wait_timeout() with a usage, as a BO_WAIT ioctl uses it */
static void test_resv_wait(void **state)
{
	int fd = open_minor(0);
	uint32_t h = create_bo(fd, PAGE, NULL);
	uint64_t w, b;

	assert_int_equal(bo_wait(fd, h, 3, 0), 0);
	w = submit(fd, h, 1 /* WRITE */, 0, 0);
	b = submit(fd, h, 3 /* BOOKKEEP */, 0, 0);
	assert_int_equal(bo_wait(fd, h, 0 /* KERNEL */, 0), 0);
	assert_int_equal(bo_wait(fd, h, 1, 0), -ETIMEDOUT);
	assert_int_equal(bo_wait(fd, h, 2, 10000000), -ETIMEDOUT);
	assert_int_equal(shimgem_job_signal(w, 0, 20000000), 0);
	assert_int_equal(bo_wait(fd, h, 2, 2000000000), 0);
	assert_int_equal(bo_wait(fd, h, 3, 0), -ETIMEDOUT);
	assert_int_equal(shimgem_job_signal(b, -EIO, 0), 0);
	assert_int_equal(bo_wait(fd, h, 3, 0), 0);
	close(fd);
}

/* drm_syncobj.c: create, wait, reset, signal, destroy */
static void test_syncobj_binary(void **state)
{
	int fd = open_minor(0);
	uint32_t bo = create_bo(fd, PAGE, NULL), s, s2, first = 0, hs[2];
	struct drm_syncobj_create c = { .flags = 2 };
	struct drm_syncobj_destroy d = { .handle = 1, .pad = 1 };
	struct drm_syncobj_array a = { .count_handles = 1 };
	uint64_t job;

	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), -EINVAL);
	s = syncobj_create(fd, 0);
	assert_int_equal(s, 1);
	s2 = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	assert_int_equal(s2, 2);
	/* no fence: EINVAL, or ETIME waiting for a submission */
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 0, NULL), -EINVAL);
	assert_int_equal(syncobj_wait(fd, &s, 1, 5000000,
				      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, NULL), -ETIME);
	assert_int_equal(syncobj_wait(fd, &s2, 1, 0, 0, NULL), 0);
	assert_int_equal(syncobj_wait(fd, &s, 0, 0, 0, NULL), 0);
	hs[0] = 9;
	assert_int_equal(syncobj_wait(fd, hs, 1, 0, 0, NULL), -ENOENT);
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 1u << 7, NULL), -EINVAL);
	job = submit(fd, bo, 1, s, 0);
	assert_int_equal(syncobj_wait(fd, &s, 1, 1000000, 0, NULL), -ETIME);
	hs[0] = s;
	hs[1] = s2;
	assert_int_equal(syncobj_wait(fd, hs, 2, 0, 0, &first), 0);
	assert_int_equal(first, 1);
	assert_int_equal(syncobj_wait(fd, hs, 2, 1000000,
				      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL), -ETIME);
	assert_int_equal(shimgem_job_signal(job, 0, 10000000), 0);
	assert_int_equal(syncobj_wait(fd, hs, 2, 2000000000,
				      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL), 0);
	/* reset: no fence again; signal: a signalled stub */
	a.handles = (uintptr_t)&s;
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a), 0);
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 0, NULL), -EINVAL);
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a), 0);
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 0, NULL), 0);
	a.count_handles = 0;
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a), -EINVAL);
	a.count_handles = 1;
	a.pad = 1;
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a), -EINVAL);
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), -EINVAL);
	d.pad = 0;
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), 0);
	assert_int_equal(xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), -EINVAL);
	assert_int_equal(syncobj_create(fd, 0), 1);
	close(fd);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_gem_handles),
	cmocka_unit_test(test_gem_features),
	cmocka_unit_test(test_gem_mmap),
	cmocka_unit_test(test_prime_export),
	cmocka_unit_test(test_resv_wait),
	cmocka_unit_test(test_syncobj_binary),
);
