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
#include <linux/sync_file.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <drm.h>

#include <accel_provider.h>
#include "shim_test.h"
#include "shim_gemtest.h"

#define PAGE 4096

/* 7.2 uAPI that the installed libdrm's drm.h may predate */
struct syncobj_handle72 {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
	uint32_t pad;
	uint64_t point;
};
#define SYNCOBJ_HANDLE_TO_FD	DRM_IOWR(0xC1, struct syncobj_handle72)
#define SYNCOBJ_FD_TO_HANDLE	DRM_IOWR(0xC2, struct syncobj_handle72)
#ifndef DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE	(1 << 1)
#endif
struct syncobj_eventfd72 {
	uint32_t handle;
	uint32_t flags;
	uint64_t point;
	int32_t fd;
	uint32_t pad;
};
#define SYNCOBJ_EVENTFD		DRM_IOWR(0xCF, struct syncobj_eventfd72)

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

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_CREATE_BO, &c), 0);
	if (offset)
		*offset = c.offset;
	return c.handle;
}

static int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static int export(int fd, uint32_t handle, uint32_t flags, int *out)
{
	struct drm_prime_handle p = { .handle = handle, .flags = flags, .fd = -1 };
	int ret = shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	*out = p.fd;
	return ret;
}

static int import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf };
	int ret = shim_xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	*handle = p.handle;
	return ret;
}

static uint64_t submit(int fd, uint32_t bo, uint32_t usage, uint32_t syncobj,
		       uint64_t point)
{
	struct shimgem_submit s = {
		.handle = bo, .usage = usage, .syncobj = syncobj, .point = point,
	};

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &s), 0);
	return s.job;
}

static int bo_wait(int fd, uint32_t bo, uint32_t usage, int64_t rel_ns)
{
	struct shimgem_bo_wait w = {
		.handle = bo, .usage = usage,
		.timeout_abs_ns = rel_ns < 0 ? INT64_MAX : shim_test_now_ns() + rel_ns,
	};

	return shim_xioctl(fd, DRM_IOCTL_SHIMGEM_BO_WAIT, &w);
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void fd_link(int fd, char *buf, size_t len)
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

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), 0);
	return c.handle;
}

static int syncobj_wait(int fd, uint32_t *h, uint32_t n, int64_t rel_ns,
			uint32_t flags, uint32_t *first)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)h, .count_handles = n, .flags = flags,
		.timeout_nsec = rel_ns ? shim_test_now_ns() + rel_ns : 0,
	};
	int ret = shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);

	if (first)
		*first = w.first_signaled;
	return ret;
}

static int timeline_wait(int fd, uint32_t h, uint64_t point, int64_t rel_ns,
			 uint32_t flags)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&h, .points = (uintptr_t)&point,
		.count_handles = 1, .flags = flags,
		.timeout_nsec = rel_ns ? shim_test_now_ns() + rel_ns : 0,
	};

	return shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

static uint64_t query(int fd, uint32_t h, uint32_t flags)
{
	uint64_t point = ~0ull;
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)&h, .points = (uintptr_t)&point,
		.count_handles = 1, .flags = flags,
	};

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a), 0);
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
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_CREATE_BO, &c), -EINVAL);
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

		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT);
		cap.capability = DRM_CAP_SYNCOBJ;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, want[i].syncobj);
		cap.capability = DRM_CAP_SYNCOBJ_TIMELINE;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP, &cap), 0);
		assert_int_equal(cap.value, want[i].timeline);
		if (!want[i].syncobj) {
			assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &sc),
					 -EOPNOTSUPP);
			assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EOPNOTSUPP);
		}
		close(fd);
	}
	/* habanalabs: no DRIVER_GEM */
	i = (size_t)open_minor(3);
	assert_int_equal(shim_xioctl((int)i, DRM_IOCTL_GEM_CLOSE, &gc), -EOPNOTSUPP);
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

	/* dma_resv_add_fence(): a newer fence of a context replaces the older
	 * one of a usage not below, trusting the context's order */
	{
		struct shimgem_submit q = { .handle = h, .usage = 1, .queue = 1 };
		uint64_t q1, qr, q2;

		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &q), 0);
		q1 = q.job;
		q.usage = 2;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &q), 0);
		qr = q.job;
		/* READ after WRITE: a usage above, both stay */
		assert_int_equal(bo_wait(fd, h, 1, 0), -ETIMEDOUT);
		q.usage = 1;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &q), 0);
		q2 = q.job;
		/* the second WRITE took the first one's slot: q1 is not waited */
		assert_int_equal(shimgem_job_signal(q2, 0, 0), 0);
		assert_int_equal(bo_wait(fd, h, 1, 0), 0);
		assert_int_equal(bo_wait(fd, h, 2, 0), -ETIMEDOUT);
		assert_int_equal(shimgem_job_signal(qr, 0, 0), 0);
		assert_int_equal(bo_wait(fd, h, 2, 0), 0);
		assert_int_equal(shimgem_job_signal(q1, 0, 0), 0);
		q.queue = 2;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SHIMGEM_SUBMIT, &q), -EINVAL);
	}
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

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), -EINVAL);
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
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a), 0);
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 0, NULL), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a), 0);
	assert_int_equal(syncobj_wait(fd, &s, 1, 0, 0, NULL), 0);
	a.count_handles = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a), -EINVAL);
	a.count_handles = 1;
	a.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), -EINVAL);
	d.pad = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d), -EINVAL);
	assert_int_equal(syncobj_create(fd, 0), 1);
	close(fd);
}

/* drm_gem_prime_fd_to_handle(): the prime cache, self-import, foreign */
static void test_prime_import(void **state)
{
	int fd = open_minor(0), fd2 = open_minor(0), other = open_minor(1);
	int lite = open_minor(2), buf, buf2, lbuf, mfd;
	uint64_t off, ooff;
	uint32_t h = create_bo(fd, PAGE, &off), h2, oh, oh2, lh;
	struct shimgem_create_bo info = { .size = PAGE };
	struct stat st, st2;
	char *p, *q;

	assert_int_equal(export(fd, h, DRM_CLOEXEC | DRM_RDWR, &buf), 0);
	/* the exporting file gets its own handle back */
	assert_int_equal(import(fd, buf, &h2), 0);
	assert_int_equal(h2, h);
	/* another file of the device: the same object, a handle of its own */
	create_bo(fd2, PAGE, NULL);
	assert_int_equal(import(fd2, buf, &h2), 0);
	assert_int_equal(h2, 2);
	assert_int_equal(import(fd2, buf, &oh), 0);
	assert_int_equal(oh, 2);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, (off_t)off);
	assert_true(p != MAP_FAILED);
	strcpy(p, "shared");
	/* a foreign device imports an object aliasing the same pages */
	assert_int_equal(import(other, buf, &oh), 0);
	assert_int_equal(oh, 1);
	assert_int_equal(import(other, buf, &oh2), 0);
	assert_int_equal(oh2, oh);
	/* shimgem's own create ioctl is the only one giving offsets: use it
	 * on a fresh BO to learn the offset the importer's object would get */
	(void)info;
	ooff = 0;
	{
		/* the importer's object has no offset yet: map through its dma-buf,
		 * which is the original one (re-export of an import) */
		assert_int_equal(export(other, oh, DRM_CLOEXEC | DRM_RDWR, &buf2), 0);
		assert_int_equal(fstat(buf, &st), 0);
		assert_int_equal(fstat(buf2, &st2), 0);
		assert_int_equal(st.st_ino, st2.st_ino);
		q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, buf2, 0);
		assert_true(q != MAP_FAILED);
		assert_string_equal(q, "shared");
		munmap(q, PAGE);
		close(buf2);
	}
	(void)ooff;
	/* rocket/ethosu: no gem_prime_import_sg_table, foreign is EINVAL */
	assert_int_equal(import(lite, buf, &lh), -EINVAL);
	lh = create_bo(lite, PAGE, NULL);
	assert_int_equal(export(lite, lh, DRM_CLOEXEC, &lbuf), 0);
	assert_int_equal(import(lite, lbuf, &h2), 0);
	assert_int_equal(h2, lh);
	/* dma_buf_get(): EBADF for no file, EINVAL for a file not a dma-buf */
	assert_int_equal(import(fd, 1000, &h2), -EBADF);
	mfd = memfd_create("x", MFD_CLOEXEC);
	assert_int_equal(import(fd, mfd, &h2), -EINVAL);
	assert_int_equal(import(fd, fd2, &h2), -EINVAL);
	/* the object stays while a handle or the dma-buf holds it */
	assert_int_equal(gem_close(fd, h), 0);
	assert_int_equal(import(fd, buf, &h2), 0);
	assert_int_equal(h2, h);
	assert_string_equal(p, "shared");
	munmap(p, PAGE);
	close(mfd);
	close(lbuf);
	close(buf);
	close(lite);
	close(other);
	close(fd2);
	close(fd);
}

/* GEM_FLINK/OPEN are DRM_AUTH: an accel file only passes as CAP_SYS_ADMIN */
static void test_gem_flink(void **state)
{
	int fd = open_minor(0), fd2 = open_minor(0), hl = open_minor(3);
	uint32_t h = create_bo(fd, 2 * PAGE, NULL);
	struct drm_gem_flink fl = { .handle = h };
	struct drm_gem_open op = { 0 };
	bool admin = false;
	char line[256];
	FILE *s = fopen("/proc/self/status", "re");

	while (s && fgets(line, sizeof(line), s)) {
		unsigned long long caps;

		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			admin = caps & (1ull << 21);
	}
	if (s)
		fclose(s);
	if (!admin) {
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_FLINK, &fl), -EACCES);
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_OPEN, &op), -EACCES);
		assert_int_equal(shim_xioctl(hl, DRM_IOCTL_GEM_FLINK, &fl), -EACCES);
		goto out;
	}
	assert_int_equal(shim_xioctl(hl, DRM_IOCTL_GEM_FLINK, &fl), -EOPNOTSUPP);
	fl.handle = 9;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_FLINK, &fl), -ENOENT);
	fl.handle = h;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_FLINK, &fl), 0);
	assert_int_equal(fl.name, 1);
	op.name = fl.name;
	assert_int_equal(shim_xioctl(fd2, DRM_IOCTL_GEM_OPEN, &op), 0);
	assert_int_equal(op.handle, 1);
	assert_int_equal(op.size, 2 * PAGE);
	op.name = 5;
	assert_int_equal(shim_xioctl(fd2, DRM_IOCTL_GEM_OPEN, &op), -ENOENT);
out:
	close(hl);
	close(fd2);
	close(fd);
}

/* DMA_BUF_IOCTL_EXPORT/IMPORT_SYNC_FILE: dma_resv_usage_rw(), sync_files */
static void test_dmabuf_sync_file(void **state)
{
	int fd = open_minor(0), buf, sf, rsf, bsf, fd_other;
	uint32_t h = create_bo(fd, PAGE, NULL);
	struct dma_buf_export_sync_file ex = { .flags = 0 };
	struct dma_buf_import_sync_file im = { .flags = DMA_BUF_SYNC_WRITE };
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	uint64_t w, r, b;
	char link[64];
	int64_t t0;

	assert_int_equal(export(fd, h, DRM_CLOEXEC | DRM_RDWR, &buf), 0);
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), -EINVAL);
	ex.flags = DMA_BUF_SYNC_RW | 4;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), -EINVAL);
	/* no fences: a signalled stub */
	ex.flags = DMA_BUF_SYNC_WRITE;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0);
	assert_true(readable(ex.fd, 0));
	fd_link(ex.fd, link, sizeof(link));
	assert_string_equal(link, "anon_inode:sync_file");
	assert_int_equal(fcntl(ex.fd, F_GETFD), FD_CLOEXEC);
	close(ex.fd);
	b = submit(fd, h, 3 /* BOOKKEEP */, 0, 0);
	r = submit(fd, h, 2 /* READ */, 0, 0);
	/* a reader waits for writers only: none yet */
	ex.flags = DMA_BUF_SYNC_READ;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0);
	assert_true(readable(ex.fd, 0));
	close(ex.fd);
	/* a writer waits for readers, never for BOOKKEEP */
	ex.flags = DMA_BUF_SYNC_WRITE;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0);
	sf = ex.fd;
	assert_false(readable(sf, 0));
	w = submit(fd, h, 1 /* WRITE */, 0, 0);
	ex.flags = DMA_BUF_SYNC_READ;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0);
	rsf = ex.fd;
	assert_false(readable(rsf, 0));
	assert_int_equal(shimgem_job_signal(r, 0, 0), 0);
	assert_true(readable(sf, 0));
	assert_false(readable(rsf, 0));
	/* SYNC_IOC_MERGE: signalled when both are */
	{
		struct sync_merge_data m = { .fd2 = rsf, .name = "m" };

		assert_int_equal(shim_xioctl(sf, SYNC_IOC_MERGE, &m), 0);
		assert_false(readable(m.fence, 0));
		fd_link(m.fence, link, sizeof(link));
		assert_string_equal(link, "anon_inode:sync_file");
		m.fd2 = fd;
		assert_int_equal(shim_xioctl(sf, SYNC_IOC_MERGE, &m), -ENOENT);
		m.fd2 = rsf;
		m.flags = 1;
		assert_int_equal(shim_xioctl(sf, SYNC_IOC_MERGE, &m), -EINVAL);
		close(rsf);
		rsf = m.fence;
	}
	/* signalled later by the shim's timer: poll wakes up */
	assert_int_equal(shimgem_job_signal(w, 0, 20000000), 0);
	assert_true(readable(rsf, 2000));
	close(rsf);
	close(sf);
	/* import: a sync_file's fence joins the resv with the usage */
	b = submit(fd, h, 3, 0, 0);
	fd_other = open_minor(1);
	{
		uint32_t oh = create_bo(fd_other, PAGE, NULL);
		uint64_t oj = submit(fd_other, oh, 1, 0, 0);
		int obuf;

		assert_int_equal(export(fd_other, oh, DRM_CLOEXEC, &obuf), 0);
		ex.flags = DMA_BUF_SYNC_READ;
		assert_int_equal(shim_xioctl(obuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0);
		bsf = ex.fd;
		im.fd = bsf;
		im.flags = 0;
		assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &im), -EINVAL);
		im.flags = DMA_BUF_SYNC_WRITE;
		im.fd = fd;
		assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &im), -EINVAL);
		im.fd = bsf;
		assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &im), 0);
		assert_int_equal(bo_wait(fd, h, 0, 0), 0);
		assert_int_equal(bo_wait(fd, h, 1, 0), -ETIMEDOUT);
		/* DMA_BUF_IOCTL_SYNC START waits for the implicit fences */
		assert_int_equal(shimgem_job_signal(oj, 0, 30000000), 0);
		t0 = shim_test_now_ns();
		assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_SYNC, &sync), 0);
		assert_true(shim_test_now_ns() - t0 >= 20000000);
		assert_int_equal(bo_wait(fd, h, 2, 0), 0);
		close(obuf);
		close(bsf);
	}
	(void)b;
	close(fd_other);
	close(buf);
	close(fd);
}

/* HANDLE_TO_FD / FD_TO_HANDLE: syncobj files and sync_files */
static void test_syncobj_fd(void **state)
{
	int fd = open_minor(0), fd2 = open_minor(0), sf;
	uint32_t bo = create_bo(fd, PAGE, NULL), s = syncobj_create(fd, 0), s2;
	struct syncobj_handle72 a = { .handle = s };
	uint64_t job;
	char link[64];

	a.pad = 1;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &a), -EINVAL);
	a.pad = 0;
	a.flags = 4;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &a), -EINVAL);
	a.flags = 0;
	a.handle = 9;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &a), -EINVAL);
	a.handle = s;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &a), 0);
	assert_int_equal(fcntl(a.fd, F_GETFD), FD_CLOEXEC);
	fd_link(a.fd, link, sizeof(link));
	assert_string_equal(link, "anon_inode:syncobj_file");
	/* the same syncobj in another file */
	a.handle = 0;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), 0);
	s2 = a.handle;
	assert_int_equal(s2, 1);
	close(a.fd);
	job = submit(fd, bo, 1, s, 0);
	assert_int_equal(syncobj_wait(fd2, &s2, 1, 0, 0, NULL), -ETIME);
	/* EXPORT_SYNC_FILE: the current fence as a sync_file */
	a.handle = s2;
	a.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_HANDLE_TO_FD, &a), 0);
	sf = a.fd;
	fd_link(sf, link, sizeof(link));
	assert_string_equal(link, "anon_inode:sync_file");
	assert_false(readable(sf, 0));
	assert_int_equal(shimgem_job_signal(job, 0, 0), 0);
	assert_true(readable(sf, 0));
	assert_int_equal(syncobj_wait(fd2, &s2, 1, 0, 0, NULL), 0);
	/* FD_TO_HANDLE of a sync_file without the flag: not a syncobj file */
	a.flags = 0;
	a.fd = sf;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), -EINVAL);
	a.point = 1;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), -EINVAL);
	a.point = 0;
	/* IMPORT_SYNC_FILE into a fresh syncobj */
	a.handle = syncobj_create(fd2, 0);
	a.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), 0);
	assert_int_equal(syncobj_wait(fd2, &a.handle, 1, 0, 0, NULL), 0);
	a.fd = fd;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), -EINVAL);
	a.fd = sf;
	a.handle = 77;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_FD_TO_HANDLE, &a), -ENOENT);
	/* EXPORT_SYNC_FILE of a syncobj without a fence */
	a.handle = syncobj_create(fd2, 0);
	a.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_HANDLE_TO_FD, &a), -EINVAL);
	a.handle = 99;
	assert_int_equal(shim_xioctl(fd2, SYNCOBJ_HANDLE_TO_FD, &a), -ENOENT);
	close(sf);
	close(fd2);
	close(fd);
}

struct later {
	int fd;
	uint32_t handle;
	uint64_t point;
};

static void *signal_later(void *arg)
{
	struct later *l = arg;
	struct drm_syncobj_timeline_array a = {
		.handles = (uintptr_t)&l->handle, .points = (uintptr_t)&l->point,
		.count_handles = 1,
	};
	struct timespec ts = { 0, 20000000 };

	nanosleep(&ts, NULL);
	shim_xioctl(l->fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &a);
	return NULL;
}

/* timelines: drm_syncobj_add_point(), find_seqno, query, transfer */
static void test_syncobj_timeline(void **state)
{
	int fd = open_minor(0), sf;
	uint32_t bo = create_bo(fd, PAGE, NULL), t = syncobj_create(fd, 0);
	uint32_t bin = syncobj_create(fd, 0), t2;
	struct drm_syncobj_timeline_array ta = {
		.handles = (uintptr_t)&t, .count_handles = 1, .flags = 4,
	};
	struct drm_syncobj_transfer tr = { .src_handle = t, .dst_handle = bin };
	struct syncobj_handle72 hf = { .handle = t };
	struct later l = { .fd = fd, .handle = t, .point = 10 };
	uint64_t j1, j2, j3, pt = 5;
	pthread_t th;

	assert_int_equal(query(fd, t, 0), 0);
	j1 = submit(fd, bo, 1, t, 1);
	j2 = submit(fd, bo, 1, t, 2);
	j3 = submit(fd, bo, 1, t, 3);
	assert_int_equal(query(fd, t, 0), 0);
	assert_int_equal(query(fd, t, DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED), 3);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EINVAL);
	ta.flags = 0;
	ta.count_handles = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EINVAL);
	assert_int_equal(shimgem_job_signal(j1, 0, 0), 0);
	assert_int_equal(query(fd, t, 0), 1);
	assert_int_equal(shimgem_job_signal(j3, 0, 0), 0);
	assert_int_equal(query(fd, t, 0), 1);
	/* point 3 waits for 2 as well; point 4 is not submitted */
	assert_int_equal(timeline_wait(fd, t, 3, 1000000, 0), -ETIME);
	assert_int_equal(timeline_wait(fd, t, 1, 0, 0), 0);
	assert_int_equal(timeline_wait(fd, t, 4, 0, 0), -EINVAL);
	assert_int_equal(timeline_wait(fd, t, 4, 1000000,
				       DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT), -ETIME);
	assert_int_equal(timeline_wait(fd, t, 3, 0,
				       DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE), 0);
	assert_int_equal(timeline_wait(fd, t, 3, 0, 1u << 6), -EINVAL);
	assert_int_equal(shimgem_job_signal(j2, 0, 0), 0);
	assert_int_equal(query(fd, t, 0), 3);
	assert_int_equal(timeline_wait(fd, t, 3, 0, 0), 0);
	/* TIMELINE_SIGNAL from another thread satisfies WAIT_FOR_SUBMIT */
	assert_int_equal(pthread_create(&th, NULL, signal_later, &l), 0);
	assert_int_equal(timeline_wait(fd, t, 10, 2000000000,
				       DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT), 0);
	pthread_join(th, NULL);
	assert_int_equal(query(fd, t, 0), 10);
	ta.points = (uintptr_t)&pt;
	ta.count_handles = 1;
	ta.flags = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &ta), -EINVAL);
	/* TRANSFER: a point to a binary syncobj and to another point */
	tr.src_point = 10;
	tr.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), -EINVAL);
	tr.pad = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), 0);
	assert_int_equal(syncobj_wait(fd, &bin, 1, 0, 0, NULL), 0);
	tr.src_point = 11;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), -EINVAL);
	tr.dst_handle = 55;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), -ENOENT);
	j1 = submit(fd, bo, 1, t, 12);
	tr.src_point = 12;
	t2 = syncobj_create(fd, 0);
	tr.dst_handle = t2;
	tr.dst_point = 7;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), 0);
	assert_int_equal(query(fd, t2, DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED), 7);
	assert_int_equal(query(fd, t2, 0), 0);
	assert_int_equal(timeline_wait(fd, t2, 7, 0, 0), -ETIME);
	/* onto a binary payload that is a chain node: dma_fence_chain_init()
	 * keeps the seqno from going back (a new context at max(10, 7)) */
	tr.dst_handle = bin;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &tr), 0);
	assert_int_equal(query(fd, bin, DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED), 10);
	/* a point as a sync_file (HANDLE_TO_FD TIMELINE|EXPORT_SYNC_FILE) */
	hf.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE |
		   DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE;
	hf.point = 12;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &hf), 0);
	sf = hf.fd;
	assert_false(readable(sf, 0));
	hf.flags = 0;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_HANDLE_TO_FD, &hf), -EINVAL);
	assert_int_equal(shimgem_job_signal(j1, 0, 0), 0);
	assert_true(readable(sf, 0));
	assert_int_equal(timeline_wait(fd, t2, 7, 0, 0), 0);
	assert_int_equal(query(fd, t2, 0), 7);
	assert_int_equal(query(fd, t, 0), 12);
	close(sf);
	close(fd);
}

/* SYNCOBJ_EVENTFD: the eventfd counts when the point signals */
static void test_syncobj_eventfd(void **state)
{
	int fd = open_minor(0), ev = eventfd(0, EFD_CLOEXEC), ev2 = eventfd(0, EFD_CLOEXEC);
	uint32_t bo = create_bo(fd, PAGE, NULL), t = syncobj_create(fd, 0);
	struct syncobj_eventfd72 e = { .handle = t, .point = 2, .fd = ev };
	uint64_t j;

	e.flags = 1;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), -EINVAL);
	e.flags = 0;
	e.pad = 1;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), -EINVAL);
	e.pad = 0;
	e.handle = 9;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), -ENOENT);
	e.handle = t;
	e.fd = 999;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), -EBADF);
	e.fd = fd;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), -EINVAL);
	e.fd = ev;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), 0);
	e.fd = ev2;
	e.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	assert_int_equal(shim_xioctl(fd, SYNCOBJ_EVENTFD, &e), 0);
	assert_false(readable(ev, 0));
	assert_false(readable(ev2, 0));
	j = submit(fd, bo, 1, t, 2);
	assert_false(readable(ev, 0));
	assert_true(readable(ev2, 0));
	assert_int_equal(shimgem_job_signal(j, 0, 10000000), 0);
	assert_true(readable(ev, 2000));
	close(ev2);
	close(ev);
	close(fd);
}

/* libaccel's GEM layer (accel_gem.h) on the emulated core */
static void test_libaccel_gem_layer(void **state)
{
	int fd = open_minor(0), buf, sf, st;
	struct accel_gem_table table;
	uint64_t off, points[2] = { 1, 2 }, got[1];
	uint32_t h = create_bo(fd, 2 * PAGE, &off), imp, t, hs[2];
	void *p;

	assert_int_equal(accel_gem_table_init(&table, fd), 0);
	assert_int_equal(accel_gem_handle_add(&table, h), 0);
	buf = accel_gem_export_dmabuf(fd, h, O_RDWR);
	assert_true(buf >= 0);
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &imp), 0);
	assert_int_equal(imp, h);
	assert_int_equal(accel_gem_handle_refs(&table, h), 2);
	assert_int_equal(accel_gem_mmap(fd, off, 2 * PAGE, PROT_READ | PROT_WRITE, &p), 0);
	strcpy(p, "layer");
	assert_int_equal(accel_gem_munmap(p, 2 * PAGE), 0);
	assert_int_equal(accel_gem_mmap_dmabuf(fd, h, 2 * PAGE, PROT_READ, &p), 0);
	assert_string_equal(p, "layer");
	assert_int_equal(accel_gem_munmap(p, 2 * PAGE), 0);
	assert_int_equal(accel_gem_handle_put(&table, h), 0);
	assert_int_equal(accel_gem_handle_refs(&table, h), 1);
	assert_int_equal(accel_gem_handle_put(&table, h), 0);
	assert_int_equal(gem_close(fd, h), -EINVAL);	/* the layer closed it */
	/* the dma-buf still holds the object: importing gives a new handle */
	assert_int_equal(accel_gem_import_dmabuf(&table, buf, &imp), 0);
	assert_int_equal(accel_gem_handle_put(&table, imp), 0);
	close(buf);
	accel_gem_table_fini(&table);

	/* timeline helpers */
	assert_int_equal(accel_drm_syncobj_create(fd, 0, &t), 0);
	hs[0] = hs[1] = t;
	assert_int_equal(accel_drm_syncobj_timeline_signal(fd, hs, points, 1), 0);
	assert_int_equal(accel_drm_syncobj_query(fd, &t, got, 1, 0), 0);
	assert_int_equal(got[0], 1);
	assert_int_equal(accel_drm_syncobj_timeline_wait(fd, &t, &points[0], 1,
							 shim_test_now_ns(), 0, NULL), 0);
	assert_int_equal(accel_drm_syncobj_timeline_wait(fd, &t, &points[1], 1,
							 shim_test_now_ns(), 0, NULL), -EINVAL);
	assert_int_equal(accel_drm_syncobj_timeline_wait(fd, &t, &points[1], 1,
							 shim_test_now_ns() + 1000000,
							 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
							 NULL), -ETIMEDOUT);
	assert_int_equal(accel_drm_syncobj_timeline_export_sync_file(fd, t, 2, 0, &sf),
			 -EINVAL);
	assert_int_equal(accel_drm_syncobj_timeline_export_sync_file(fd, t, 1, 0, &sf), 0);
	assert_true(readable(sf, 0));
	assert_int_equal(accel_sync_file_wait(sf, 0), 0);
	/* SYNC_IOC_FILE_INFO: signalled, no error */
	assert_int_equal(accel_sync_file_status(sf, &st), 0);
	assert_int_equal(st, 1);
	close(sf);
	assert_int_equal(accel_drm_syncobj_transfer(fd, t, 2, t, 1, 0), 0);
	assert_int_equal(accel_drm_syncobj_query(fd, &t, got, 1, 0), 0);
	assert_int_equal(got[0], 2);
	assert_int_equal(accel_drm_syncobj_destroy(fd, t), 0);
	close(fd);
}

#ifndef SYNC_IOC_SET_DEADLINE	/* Linux 6.4; struct sync_set_deadline */
#define SYNC_IOC_SET_DEADLINE	_IOW(SYNC_IOC_MAGIC, 5, char[16])
#endif

static void ne_set_deadline(int fd)
{
	struct dma_buf_export_sync_file ex = { .flags = DMA_BUF_SYNC_READ };
	char deadline[16] = { 0 };
	int buf;

	export(fd, create_bo(fd, PAGE, NULL), DRM_CLOEXEC, &buf);
	shim_xioctl(buf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex);
	shim_xioctl(ex.fd, SYNC_IOC_SET_DEADLINE, deadline);
}

/* the abort rule for what the GEM core leaves out */
static void test_gem_not_emulated_aborts(void **state)
{
	shim_expect_not_emulated("accel0", ne_set_deadline, "sync_file SYNC_IOC_SET_DEADLINE");
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_gem_handles),
	cmocka_unit_test(test_gem_features),
	cmocka_unit_test(test_gem_mmap),
	cmocka_unit_test(test_prime_export),
	cmocka_unit_test(test_resv_wait),
	cmocka_unit_test(test_syncobj_binary),
	cmocka_unit_test(test_prime_import),
	cmocka_unit_test(test_gem_flink),
	cmocka_unit_test(test_dmabuf_sync_file),
	cmocka_unit_test(test_syncobj_fd),
	cmocka_unit_test(test_syncobj_timeline),
	cmocka_unit_test(test_syncobj_eventfd),
	cmocka_unit_test(test_libaccel_gem_layer),
	cmocka_unit_test(test_gem_not_emulated_aborts),
);
