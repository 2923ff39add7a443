// SPDX-License-Identifier: MIT
/*
 * The emulated ethosu driver (tests/shim/ethosu) answered through raw
 * ioctls, each expectation after the 7.2 function named beside it.
 * Devices: accel0 an Ethos-U65 (256 KiB SRAM), accel1 an Ethos-U85.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <drm.h>

#include <uapi/drm/ethosu_accel.h>

#include "shim_test.h"
#include "shim_ethosu.h"
#include "ethosu_stream.h"

#define PAGE 4096u

static int open_npu(int minor)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "accel%d", minor);
	fd = open(shim_node(name), O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

static uint32_t bo_create(int fd, uint64_t size, uint32_t flags)
{
	struct drm_ethosu_bo_create c = { .size = size, .flags = flags };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c), 0);
	return c.handle;
}

static void *bo_map(int fd, uint32_t handle, size_t len)
{
	struct drm_ethosu_bo_mmap_offset m = { .handle = handle };
	void *p;

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m), 0);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)m.offset);
	assert_true(p != MAP_FAILED);
	return p;
}

static int cmdstream(int fd, const struct eu_stream *s, uint32_t size, uint32_t *handle)
{
	struct drm_ethosu_cmdstream_bo_create c = { .size = size, .data = (uintptr_t)s->w };
	int ret = shim_xioctl(fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c);

	*handle = c.handle;
	return ret;
}

static int submit(int fd, const struct drm_ethosu_job *j, uint32_t n)
{
	struct drm_ethosu_submit s = { .jobs = (uintptr_t)j, .job_count = n };

	return shim_xioctl(fd, DRM_IOCTL_ETHOSU_SUBMIT, &s);
}

static int bo_wait(int fd, uint32_t handle, int64_t abs_ns)
{
	struct drm_ethosu_bo_wait w = { .handle = handle, .timeout_ns = abs_ns };

	return shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_WAIT, &w);
}

static void test_ethosu_version_and_sysfs(void **state)
{
	char name[16] = "", path[512], buf[256];
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
	int fd = open_npu(0);
	ssize_t n;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	assert_string_equal(name, "ethosu");
	assert_int_equal(v.version_major, 1);
	assert_int_equal(v.version_minor, 0);
	close(fd);
	shim_read_line("sys/class/accel/accel0/device/modalias", buf, sizeof(buf));
	assert_string_equal(buf, "of:NnpuT(null)Carm,ethos-u65\n");
	shim_read_line("sys/class/accel/accel1/device/of_node/compatible", buf, sizeof(buf));
	assert_string_equal(buf, "arm,ethos-u85");
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/driver",
		 accel_shim_root());
	n = readlink(path, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = 0;
	assert_non_null(strstr(buf, "bus/platform/drivers/ethosu"));
}

/* ethosu_ioctl_dev_query() */
static void test_ethosu_dev_query(void **state)
{
	int fd = open_npu(0);
	uint32_t big[4] = { 0, 0, 0, 0xdeadbeef };
	struct drm_ethosu_npu_info info;
	struct drm_ethosu_dev_query q = { .type = DRM_ETHOSU_DEV_QUERY_NPU_INFO };

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), 0);
	assert_int_equal(q.size, sizeof(info));
	q.type = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), -EINVAL);
	q.type = DRM_ETHOSU_DEV_QUERY_NPU_INFO;
	q.pointer = (uintptr_t)&info;
	q.size = 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), -EINVAL);
	q.size = sizeof(info);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), 0);
	assert_int_equal(DRM_ETHOSU_ARCH_MAJOR(info.id), 1);
	assert_int_equal(info.sram_size, 256 << 10);
	/* a larger user struct: the rest is zeroed */
	q.pointer = (uintptr_t)big;
	q.size = sizeof(big);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), 0);
	assert_int_equal(big[0], info.id);
	assert_int_equal(big[3], 0);
	q.pointer = 8;
	q.size = sizeof(info);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q), -EFAULT);
	close(fd);
}

/* BO_CREATE, BO_MMAP_OFFSET, mmap and NO_MMAP */
static void test_ethosu_bo(void **state)
{
	int fd = open_npu(0);
	struct drm_ethosu_bo_create c = { .size = 0 };
	struct drm_ethosu_bo_mmap_offset m = { .handle = 0 };
	uint32_t h, nomap;
	char *p;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c), -EINVAL);
	c.size = 100;
	c.flags = 2;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c), -EINVAL);
	c.flags = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c), 0);
	assert_int_equal(c.size, PAGE);	/* the page-aligned size comes back */
	h = c.handle;
	p = bo_map(fd, h, PAGE);
	p[10] = 7;
	munmap(p, PAGE);
	/* the CMA pool runs out */
	c.size = 65ull << 20;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &c), -ENOMEM);
	/* BO_MMAP_OFFSET */
	m.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m), -EINVAL);
	m.pad = 0;
	m.handle = 55;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m), -ENOENT);
	/* NO_MMAP: an offset, but mmap refuses (ethosu_gem_mmap()) */
	nomap = bo_create(fd, PAGE, DRM_ETHOSU_BO_NO_MMAP);
	m.handle = nomap;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m), 0);
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)m.offset) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	close(fd);
}

/* CMDSTREAM_BO_CREATE and the validator's refusals */
static void test_ethosu_cmdstream(void **state)
{
	int fd = open_npu(0);
	struct drm_ethosu_cmdstream_bo_create c = { 0 };
	struct drm_ethosu_bo_mmap_offset m = { 0 };
	struct eu_stream s = { .n = 0 };
	uint32_t size, h;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c), -EINVAL);
	c.size = 4;
	c.data = (uintptr_t)s.w;
	c.flags = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c), -EINVAL);
	c.flags = 0;
	c.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c), -EINVAL);
	/* no STOP */
	eu_cmd(&s, 0x104, 3);
	assert_int_equal(cmdstream(fd, &s, 4, &h), -EINVAL);
	/* a STOP that is not last */
	s.n = 0;
	eu_stop(&s);
	eu_cmd(&s, 0x104, 3);
	assert_int_equal(cmdstream(fd, &s, 8, &h), -EINVAL);
	/* a 64-bit command cut off */
	s.n = 0;
	eu_cmd(&s, EU_SET_DMA0_SRC, 0);
	assert_int_equal(cmdstream(fd, &s, 4, &h), -EINVAL);
	/* RESIZE */
	s.n = 0;
	eu_cmd(&s, EU_OP_RESIZE, 0);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &h), -EINVAL);
	/* a DMA whose length was never set */
	s.n = 0;
	eu_cmd(&s, EU_SET_DMA0_SRC_REGION, 0);
	eu_cmd(&s, EU_SET_DMA0_DST_REGION, 1);
	eu_cmd(&s, EU_OP_DMA_START, 0);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &h), -EINVAL);
	/* a fault in the user's words */
	c.pad = 0;
	c.size = 8;
	c.data = 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c), -EFAULT);
	/* a good one; it cannot be mapped */
	s.n = 0;
	eu_dma(&s, 0, 0, 1, 0, 64);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &h), 0);
	m.handle = h;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &m), 0);
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, (off_t)m.offset) == MAP_FAILED);
	close(fd);
}

/* ethosu_ioctl_submit() and ethosu_ioctl_submit_job(), in their order */
static void test_ethosu_submit_errors(void **state)
{
	int fd = open_npu(0);
	struct eu_stream s = { .n = 0 };
	struct drm_ethosu_submit sub = { .pad = 1 };
	struct drm_ethosu_job j[2];
	uint32_t cmd, a = bo_create(fd, PAGE, 0), b = bo_create(fd, PAGE, 0),
		 small = bo_create(fd, PAGE, 0), size;

	(void)state;
	eu_dma(&s, 0, 0, 1, PAGE - 64, 64);	/* region 1 must hold 4 KiB */
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &cmd), 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_SUBMIT, &sub), -EINVAL);
	sub.pad = 0;
	sub.job_count = 1;
	sub.jobs = 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_SUBMIT, &sub), -EFAULT);
	memset(j, 0, sizeof(j));
	j[0].cmd_bo = cmd;
	j[0].region_bo_handles[0] = a;
	j[0].region_bo_handles[1] = b;
	/* region 2 with SRAM; more SRAM than there is */
	j[0].region_bo_handles[2] = small;
	j[0].sram_size = 1;
	assert_int_equal(submit(fd, j, 1), -EINVAL);
	j[0].region_bo_handles[2] = 0;
	j[0].sram_size = (256 << 10) + 1;
	assert_int_equal(submit(fd, j, 1), -EINVAL);
	j[0].sram_size = 0;
	/* the command stream: unknown, or not one */
	j[0].cmd_bo = 77;
	assert_int_equal(submit(fd, j, 1), -ENOENT);
	j[0].cmd_bo = a;
	assert_int_equal(submit(fd, j, 1), -EINVAL);
	j[0].cmd_bo = cmd;
	/* a used region without a BO; a BO for an unused region */
	j[0].region_bo_handles[1] = 0;
	assert_int_equal(submit(fd, j, 1), -ENOENT);
	j[0].region_bo_handles[1] = b;
	j[0].region_bo_handles[5] = small;
	assert_int_equal(submit(fd, j, 1), -EINVAL);
	j[0].region_bo_handles[5] = 0;
	/* a command stream as a region */
	j[0].region_bo_handles[0] = cmd;
	assert_int_equal(submit(fd, j, 1), -EINVAL);
	/* one BO in two regions: drm_gem_lock_reservations() */
	j[0].region_bo_handles[0] = b;
	assert_int_equal(submit(fd, j, 1), -EALREADY);
	j[0].region_bo_handles[0] = a;
	/* the first job of two goes in, the second's refusal comes back */
	accel_shim_ethosu_hold(true);
	j[1] = j[0];
	j[1].cmd_bo = 99;
	assert_int_equal(submit(fd, j, 2), -ENOENT);
	assert_int_equal(bo_wait(fd, b, 0), -ETIME);
	accel_shim_ethosu_hold(false);
	assert_int_equal(bo_wait(fd, b, INT64_MAX), 0);
	close(fd);
}

/* a region past its BO's end: EOVERFLOW */
static void test_ethosu_submit_overflow(void **state)
{
	int fd = open_npu(0);
	struct eu_stream s = { .n = 0 };
	struct drm_ethosu_job j = { 0 };
	uint32_t cmd, a = bo_create(fd, PAGE, 0), b = bo_create(fd, PAGE, 0), size;

	(void)state;
	eu_dma(&s, 0, 0, 1, PAGE, 1);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &cmd), 0);
	j.cmd_bo = cmd;
	j.region_bo_handles[0] = a;
	j.region_bo_handles[1] = b;
	assert_int_equal(submit(fd, &j, 1), -EOVERFLOW);
	close(fd);
}

/* a DMA copy runs; the fence goes on the output region only */
static void test_ethosu_dma_copy(void **state)
{
	int fd = open_npu(1);
	struct eu_stream s = { .n = 0 };
	struct drm_ethosu_job j = { 0 };
	struct drm_ethosu_bo_wait w = { .pad = 1 };
	uint32_t cmd, a = bo_create(fd, PAGE, 0), b = bo_create(fd, PAGE, 0), size;
	char *pa = bo_map(fd, a, PAGE), *pb = bo_map(fd, b, PAGE);

	(void)state;
	strcpy(pa + 100, "ethos copy");
	eu_dma(&s, 3, 100, 6, 200, 11);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &cmd), 0);
	j.cmd_bo = cmd;
	j.region_bo_handles[3] = a;
	j.region_bo_handles[6] = b;
	accel_shim_ethosu_hold(true);
	assert_int_equal(submit(fd, &j, 1), 0);
	assert_int_equal(bo_wait(fd, b, 0), -ETIME);
	assert_int_equal(bo_wait(fd, b, shim_test_now_ns() + 10000000), -ETIME);
	assert_int_equal(bo_wait(fd, a, 0), 0);	/* an input: no fence */
	assert_int_equal(bo_wait(fd, 66, 0), -EINVAL);
	w.handle = b;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_ETHOSU_BO_WAIT, &w), -EINVAL);
	accel_shim_ethosu_hold(false);
	assert_int_equal(bo_wait(fd, b, shim_test_now_ns() + 5000000000LL), 0);
	assert_string_equal(pb + 200, "ethos copy");
	close(fd);
}

/* through the SRAM: region 1 -> SRAM (region 2) -> region 4 */
static void test_ethosu_sram(void **state)
{
	int fd = open_npu(0);
	struct eu_stream s = { .n = 0 };
	struct drm_ethosu_job j = { 0 };
	uint32_t cmd, a = bo_create(fd, PAGE, 0), b = bo_create(fd, PAGE, 0), size;
	char *pa = bo_map(fd, a, PAGE), *pb = bo_map(fd, b, PAGE);

	(void)state;
	strcpy(pa, "via sram");
	eu_dma(&s, 1, 0, 2, 512, 9);
	eu_dma(&s, 2, 512, 4, 0, 9);
	size = eu_stop(&s);
	assert_int_equal(cmdstream(fd, &s, size, &cmd), 0);
	j.cmd_bo = cmd;
	j.region_bo_handles[1] = a;
	j.region_bo_handles[4] = b;
	j.sram_size = 256;	/* the stream reaches 521 bytes into it */
	assert_int_equal(submit(fd, &j, 1), -EINVAL);
	j.sram_size = 1024;
	assert_int_equal(submit(fd, &j, 1), 0);
	assert_int_equal(bo_wait(fd, b, INT64_MAX), 0);
	assert_string_equal(pb, "via sram");
	close(fd);
}

static void ne_strided_dma(int fd)
{
	struct eu_stream s = { .n = 0 };
	struct drm_ethosu_job j = { 0 };
	uint32_t cmd, size;

	eu_cmd(&s, EU_SET_DMA0_SRC_REGION, 0 | 1 << 9);	/* mode 1 */
	eu_cmd(&s, EU_SET_DMA0_DST_REGION, 1);
	eu_cmd(&s, 0x132, 1);				/* SIZE0 */
	eu_cmd64(&s, 0x4033, 0);			/* SRC_STRIDE0 */
	eu_cmd64(&s, 0x4035, 0);			/* DST_STRIDE0 */
	eu_cmd64(&s, EU_SET_DMA0_SRC, 0);
	eu_cmd64(&s, EU_SET_DMA0_DST, 0);
	eu_cmd64(&s, EU_SET_DMA0_LEN, 16);
	eu_cmd(&s, EU_OP_DMA_START, 0);
	size = eu_stop(&s);
	if (cmdstream(fd, &s, size, &cmd))
		_exit(3);
	j.cmd_bo = cmd;
	j.region_bo_handles[0] = bo_create(fd, PAGE, 0);
	j.region_bo_handles[1] = bo_create(fd, PAGE, 0);
	if (submit(fd, &j, 1))
		_exit(4);
	bo_wait(fd, j.region_bo_handles[1], INT64_MAX);
}

/* a strided DMA is not emulated: the process aborts */
static void test_ethosu_not_emulated_aborts(void **state)
{
	(void)state;
	shim_expect_not_emulated("accel0", ne_strided_dma,
				 "ethosu a strided DMA (mode 1 or 2)");
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_ethosu_version_and_sysfs),
	cmocka_unit_test(test_ethosu_dev_query),
	cmocka_unit_test(test_ethosu_bo),
	cmocka_unit_test(test_ethosu_cmdstream),
	cmocka_unit_test(test_ethosu_submit_errors),
	cmocka_unit_test(test_ethosu_submit_overflow),
	cmocka_unit_test(test_ethosu_dma_copy),
	cmocka_unit_test(test_ethosu_sram),
	cmocka_unit_test(test_ethosu_not_emulated_aborts),
);
