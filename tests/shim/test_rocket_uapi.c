// SPDX-License-Identifier: MIT
/*
 * The emulated rocket driver (tests/shim/rocket) answered through raw
 * ioctls, each expectation after the 7.2 function named beside it. The
 * device: accel0, an RK3588 NPU on the facade platform device "rknn".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <drm.h>

#include <uapi/drm/rocket_accel.h>

#include "shim_test.h"
#include "shim_rocket.h"

#define PAGE 4096u

static int open_rocket(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static struct drm_rocket_create_bo create(int fd, uint32_t size)
{
	struct drm_rocket_create_bo c = { .size = size };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_CREATE_BO, &c), 0);
	assert_int_not_equal(c.handle, 0);
	return c;
}

static void *map(int fd, const struct drm_rocket_create_bo *c, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)c->offset);

	assert_true(p != MAP_FAILED);
	return p;
}

static int prep(int fd, uint32_t handle, int64_t abs_ns)
{
	struct drm_rocket_prep_bo p = { .handle = handle, .timeout_ns = abs_ns };

	return shim_xioctl(fd, DRM_IOCTL_ROCKET_PREP_BO, &p);
}

/* one job of the given tasks, in and out lists */
static int submit1(int fd, const struct drm_rocket_task *t, uint32_t nt,
		   const uint32_t *in, uint32_t nin, const uint32_t *out, uint32_t nout)
{
	struct drm_rocket_job j = {
		.tasks = (uintptr_t)t, .task_count = nt,
		.task_struct_size = sizeof(*t),
		.in_bo_handles = (uintptr_t)in, .in_bo_handle_count = nin,
		.out_bo_handles = (uintptr_t)out, .out_bo_handle_count = nout,
	};
	struct drm_rocket_submit s = {
		.jobs = (uintptr_t)&j, .job_count = 1, .job_struct_size = sizeof(j),
	};

	return shim_xioctl(fd, DRM_IOCTL_ROCKET_SUBMIT, &s);
}

/* the version rocket_drm_driver answers, and the platform device */
static void test_rocket_version_and_sysfs(void **state)
{
	char name[16] = "", path[512], buf[128];
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
	int fd = open_rocket();
	ssize_t n;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	assert_string_equal(name, "rocket");
	/* rocket_drm_driver sets no major/minor */
	assert_int_equal(v.version_major, 0);
	assert_int_equal(v.version_minor, 0);
	close(fd);

	shim_read_line("sys/class/accel/accel0/device/modalias", buf, sizeof(buf));
	assert_string_equal(buf, "platform:rknn\n");
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/driver",
		 accel_shim_root());
	n = readlink(path, buf, sizeof(buf));
	assert_true(n < 0);	/* the facade device has no driver */
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device", accel_shim_root());
	n = readlink(path, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = 0;
	assert_non_null(strstr(buf, "rknn"));
}

/*
 * rocket_ioctl_create_bo(): a page-aligned NPU address per file, best fit
 * from the bottom of the aperture; an mmap offset; the mapping aliases.
 */
static void test_rocket_create_bo(void **state)
{
	int fd = open_rocket(), fd2 = open_rocket();
	struct drm_rocket_create_bo a, b, c, d;
	struct drm_gem_close gc = { 0 };
	char *p, *q;

	(void)state;
	a = create(fd, 100);
	b = create(fd, PAGE + 1);
	assert_int_equal(a.dma_address, 0);
	assert_int_equal(b.dma_address, PAGE);
	/* another file has its own address space */
	d = create(fd2, PAGE);
	assert_int_equal(d.dma_address, 0);
	/* a freed hole is reused: best fit */
	gc.handle = a.handle;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc), 0);
	c = create(fd, PAGE);
	assert_int_equal(c.dma_address, 0);
	c = create(fd, PAGE);
	assert_int_equal(c.dma_address, 3 * PAGE);
	/* two mappings of one BO alias */
	p = map(fd, &b, 2 * PAGE);
	q = map(fd, &b, 2 * PAGE);
	p[PAGE] = 42;
	assert_int_equal(q[PAGE], 42);
	munmap(p, 2 * PAGE);
	munmap(q, 2 * PAGE);
	close(fd);
	close(fd2);
}

/* rocket_ioctl_prep_bo() and rocket_ioctl_fini_bo(): their refusals */
static void test_rocket_prep_fini_errors(void **state)
{
	int fd = open_rocket();
	struct drm_rocket_create_bo a = create(fd, PAGE);
	struct drm_rocket_prep_bo p = { .handle = a.handle, .reserved = 1 };
	struct drm_rocket_fini_bo f = { .handle = a.handle, .reserved = 1 };

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_PREP_BO, &p), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_FINI_BO, &f), -EINVAL);
	p.reserved = 0;
	f.reserved = 0;
	p.handle = f.handle = 77;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_PREP_BO, &p), -ENOENT);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_FINI_BO, &f), -ENOENT);
	/* an idle BO: a poll, a past and a future deadline all answer 0 */
	assert_int_equal(prep(fd, a.handle, 0), 0);
	assert_int_equal(prep(fd, a.handle, -1), 0);
	assert_int_equal(prep(fd, a.handle, shim_test_now_ns() + 1000000), 0);
	f.handle = a.handle;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_FINI_BO, &f), 0);
	close(fd);
}

/* rocket_ioctl_submit(): the checks before any job, in their order */
static void test_rocket_submit_errors(void **state)
{
	int fd = open_rocket();
	struct drm_rocket_job j = { 0 };
	struct drm_rocket_submit s = { .jobs = (uintptr_t)&j, .job_count = 1,
				       .job_struct_size = sizeof(j) - 1, .reserved = 1 };

	(void)state;
	/* 0 jobs: nothing is checked */
	s.job_count = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_SUBMIT, &s), 0);
	s.job_count = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_SUBMIT, &s), -EINVAL);
	s.job_struct_size = sizeof(j);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_SUBMIT, &s), -EINVAL);
	s.reserved = 0;
	s.jobs = 8;	/* unmapped */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ROCKET_SUBMIT, &s), -EFAULT);
	close(fd);
}

/*
 * rocket_ioctl_submit_job() refusals are dropped: SUBMIT answers 0 and
 * no fence lands on the out BO.
 */
static void test_rocket_submit_job_dropped(void **state)
{
	int fd = open_rocket();
	struct drm_rocket_create_bo cmd = create(fd, PAGE), out = create(fd, PAGE);
	struct drm_rocket_task t = { .regcmd = (uint32_t)cmd.dma_address, .regcmd_count = 0 };
	uint32_t o[2] = { out.handle, out.handle }, bad = 99;

	(void)state;
	accel_shim_rocket_hold(true);
	/* no task */
	assert_int_equal(submit1(fd, &t, 0, NULL, 0, o, 1), 0);
	/* regcmd_count 0 */
	assert_int_equal(submit1(fd, &t, 1, NULL, 0, o, 1), 0);
	t.regcmd_count = 1;
	/* an unknown handle */
	assert_int_equal(submit1(fd, &t, 1, &bad, 1, o, 1), 0);
	/* a BO twice: drm_gem_lock_reservations() says EALREADY */
	assert_int_equal(submit1(fd, &t, 1, NULL, 0, o, 2), 0);
	assert_int_equal(submit1(fd, &t, 1, o, 1, o, 1), 0);
	/* none of them fenced the out BO */
	assert_int_equal(prep(fd, out.handle, 0), 0);
	/* a good job does, while the NPU is held */
	assert_int_equal(submit1(fd, &t, 1, NULL, 0, o, 1), 0);
	assert_int_equal(prep(fd, out.handle, 0), -EBUSY);
	assert_int_equal(prep(fd, out.handle, -5), -EBUSY);
	assert_int_equal(prep(fd, out.handle, shim_test_now_ns() + 20000000), -ETIMEDOUT);
	accel_shim_rocket_hold(false);
	assert_int_equal(prep(fd, out.handle, shim_test_now_ns() + 5000000000LL), 0);
	close(fd);
}

/* the shim's copy task; in BOs get no fence, out BOs do */
static void test_rocket_copy_task(void **state)
{
	int fd = open_rocket();
	struct drm_rocket_create_bo cmd = create(fd, PAGE), src = create(fd, PAGE),
				    dst = create(fd, PAGE);
	uint64_t *c = map(fd, &cmd, PAGE);
	char *s = map(fd, &src, PAGE), *d = map(fd, &dst, PAGE);
	struct drm_rocket_task t = { .regcmd = (uint32_t)cmd.dma_address, .regcmd_count = 4 };
	uint32_t in[2] = { cmd.handle, src.handle }, out = dst.handle;

	(void)state;
	c[0] = SHIM_ROCKET_OP_COPY;
	c[1] = src.dma_address + 16;
	c[2] = dst.dma_address + 32;
	c[3] = 12;
	strcpy(s + 16, "hello rocket");
	accel_shim_rocket_hold(true);
	assert_int_equal(submit1(fd, &t, 1, in, 2, &out, 1), 0);
	assert_int_equal(prep(fd, dst.handle, 0), -EBUSY);
	assert_int_equal(prep(fd, src.handle, 0), 0);	/* an in BO: no fence */
	accel_shim_rocket_hold(false);
	assert_int_equal(prep(fd, dst.handle, INT64_MAX), 0);
	assert_memory_equal(d + 32, "hello rocket", 12);
	close(fd);
}

/* PRIME: export, import back (its own object), in another file too */
static void test_rocket_prime(void **state)
{
	int fd = open_rocket(), fd2 = open_rocket();
	struct drm_rocket_create_bo a = create(fd, PAGE);
	struct drm_prime_handle h = { .handle = a.handle, .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_prime_handle i = { 0 };

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &h), 0);
	i.fd = h.fd;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &i), 0);
	assert_int_equal(i.handle, a.handle);
	i.handle = 0;
	assert_int_equal(shim_xioctl(fd2, DRM_IOCTL_PRIME_FD_TO_HANDLE, &i), 0);
	assert_int_not_equal(i.handle, 0);
	close(h.fd);
	close(fd);
	close(fd2);
}

static void ne_create_bo_0(int fd)
{
	struct drm_rocket_create_bo c = { .size = 0 };

	ioctl(fd, DRM_IOCTL_ROCKET_CREATE_BO, &c);
}

/* CREATE_BO of size 0 is a path the shim does not trace: it aborts */
static void test_rocket_not_emulated_aborts(void **state)
{
	(void)state;
	shim_expect_not_emulated("accel0", ne_create_bo_0,
				 "rocket DRM_IOCTL_ROCKET_CREATE_BO of size 0");
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_rocket_version_and_sysfs),
	cmocka_unit_test(test_rocket_create_bo),
	cmocka_unit_test(test_rocket_prep_fini_errors),
	cmocka_unit_test(test_rocket_submit_errors),
	cmocka_unit_test(test_rocket_submit_job_dropped),
	cmocka_unit_test(test_rocket_copy_task),
	cmocka_unit_test(test_rocket_prime),
	cmocka_unit_test(test_rocket_not_emulated_aborts),
);
