// SPDX-License-Identifier: MIT
/*
 * The emulator's ivpu answers, checked at the uAPI level against Linux
 * 7.2 (drivers/accel/ivpu). accel0 is an emulated Meteor Lake under OS
 * scheduling, accel1 a Lunar Lake under hardware scheduling
 * (ACCEL_SHIM_DEVICES=mtl,lnl).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <accel/ivpudv.h>
#include <uapi/drm/ivpu_accel.h>

#include "accel_shim_ivpu.h"
#include "shim_test.h"

#define PAGE 4096ull

struct drm_gem_close_u {
	uint32_t handle;
	uint32_t pad;
};

struct drm_prime_handle_u {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

#define DRM_IOCTL_GEM_CLOSE_U _IOW('d', 0x09, struct drm_gem_close_u)
#define DRM_IOCTL_PRIME_HANDLE_TO_FD_U _IOWR('d', 0x2d, struct drm_prime_handle_u)
#define DRM_IOCTL_PRIME_FD_TO_HANDLE_U _IOWR('d', 0x2e, struct drm_prime_handle_u)

static int open_npu(int minor)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "accel%d", minor);
	fd = open(shim_node(name), O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

static int get_param(int fd, uint32_t param, uint32_t index, uint64_t *v)
{
	struct drm_ivpu_param p = { .param = param, .index = index };
	int ret = shim_xioctl(fd, DRM_IOCTL_IVPU_GET_PARAM, &p);

	*v = p.value;
	return ret;
}

static uint32_t bo_create(int fd, uint64_t size, uint32_t flags, uint64_t *va)
{
	struct drm_ivpu_bo_create c = { .size = size, .flags = flags };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), 0);
	if (va)
		*va = c.vpu_addr;
	return c.handle;
}

/* a firmware program of one BARRIER at off (header and command) */
static void write_program(uint8_t *p, uint32_t off)
{
	struct ivpudv_cmd_buffer_header h = {
		.cmd_buffer_size = sizeof(h) + sizeof(struct ivpudv_cmd_barrier),
		.cmd_offset = sizeof(h),
	};
	struct ivpudv_cmd_barrier b = { .header = { IVPUDV_CMD_BARRIER, sizeof(b) } };

	memcpy(p + off, &h, sizeof(h));
	memcpy(p + off + sizeof(h), &b, sizeof(b));
}

/* a command BO with programs at offsets 0 and 64 */
static uint32_t cmd_create(int fd)
{
	struct drm_ivpu_bo_info info = { 0 };
	uint8_t *p;

	info.handle = bo_create(fd, PAGE, 0, NULL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_INFO, &info), 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)info.mmap_offset);
	assert_true(p != MAP_FAILED);
	write_program(p, 0);
	write_program(p, 64);
	munmap(p, PAGE);
	return info.handle;
}

static int submit(int fd, const uint32_t *h, uint32_t n, uint32_t offset)
{
	struct drm_ivpu_submit s = {
		.buffers_ptr = (uintptr_t)h, .buffer_count = n,
		.engine = DRM_IVPU_ENGINE_COMPUTE, .commands_offset = offset,
	};

	return shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s);
}

static int bo_wait(int fd, uint32_t h, int64_t abs_ns, uint32_t *status)
{
	struct drm_ivpu_bo_wait w = { .handle = h, .timeout_ns = abs_ns };
	int ret = shim_xioctl(fd, DRM_IOCTL_IVPU_BO_WAIT, &w);

	if (status)
		*status = w.job_status;
	return ret;
}

static void test_ivpu_get_param(void **state)
{
	int fd = open_npu(0), fd2 = open_npu(0);
	uint64_t v, id1, id2;
	struct drm_ivpu_param p = { .param = 0 };

	(void)state;
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_DEVICE_ID, 0, &v), 0);
	assert_int_equal(v, 0x7d1d);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_PLATFORM_TYPE, 0, &v), 0);
	assert_int_equal(v, DRM_IVPU_PLATFORM_TYPE_SILICON);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CORE_CLOCK_RATE, 0, &v), 0);
	assert_int_equal(v, 1400000000ull);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CONTEXT_BASE_ADDRESS, 0, &v), 0);
	assert_int_equal(v, 0xa0000000ull);
	/* each open file is its own context, ids from 2 (the first SSID) */
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CONTEXT_ID, 0, &id1), 0);
	assert_int_equal(get_param(fd2, DRM_IVPU_PARAM_CONTEXT_ID, 0, &id2), 0);
	assert_true(id1 >= 2 && id2 >= 2 && id1 != id2);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_FW_API_VERSION, 4, &v), 0);
	assert_int_equal(v >> 16, 3);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_FW_API_VERSION, 16, &v), -EINVAL);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_ENGINE_HEARTBEAT, 1, &v), -EINVAL);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CAPABILITIES,
				   DRM_IVPU_CAP_MANAGE_CMDQ, &v), 0);
	assert_int_equal(v, 0);	/* OS scheduling */
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CAPABILITIES,
				   DRM_IVPU_CAP_BO_CREATE_FROM_USERPTR, &v), 0);
	assert_int_equal(v, 1);
	/* an unknown capability is 0, not an error */
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CAPABILITIES, 99, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_UNIQUE_INFERENCE_ID, 0, &id1), 0);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_UNIQUE_INFERENCE_ID, 0, &id2), 0);
	assert_true(id2 > id1);
	/* the deprecated CONTEXT_PRIORITY and unknown ids */
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CONTEXT_PRIORITY, 0, &v), -EINVAL);
	assert_int_equal(get_param(fd, 15, 0, &v), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SET_PARAM, &p), -EINVAL);
	close(fd);
	close(fd2);
}

static void test_ivpu_bo_create(void **state)
{
	int fd = open_npu(0);
	struct drm_ivpu_bo_create c = { .size = PAGE };
	struct drm_ivpu_bo_info info = { 0 };
	uint64_t va;
	uint32_t h;
	char *p;

	(void)state;
	c.flags = 0x100;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), -EINVAL);
	c.flags = DRM_IVPU_BO_UNCACHED;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), -EINVAL);
	c.flags = DRM_IVPU_BO_CACHE_MASK;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), -EINVAL);
	c.flags = 0;
	c.size = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), -EINVAL);
	/* ranges by flags: user, SHAVE (HIGH_MEM), DMA */
	h = bo_create(fd, 100, DRM_IVPU_BO_MAPPABLE, &va);
	assert_true(va >= 0xa0000000ull && va < 0xa0000000ull + (511ull << 20));
	bo_create(fd, PAGE, DRM_IVPU_BO_HIGH_MEM | DRM_IVPU_BO_WC, &va);
	assert_true(va >= 0x180000000ull && va < 0x200000000ull);
	bo_create(fd, PAGE, DRM_IVPU_BO_DMA_MEM, &va);
	assert_true(va >= 0x200000000ull);
	/* the user range is 511 MiB on 37xx */
	c.size = 512ull << 20;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &c), -ENOSPC);

	info.handle = 999;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_INFO, &info), -ENOENT);
	info.handle = h;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_INFO, &info), 0);
	assert_int_equal(info.size, PAGE);	/* page aligned */
	assert_int_equal(info.flags, DRM_IVPU_BO_MAPPABLE);
	assert_true(info.mmap_offset != 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)info.mmap_offset);
	assert_true(p != MAP_FAILED);
	memset(p, 0x5a, PAGE);
	assert_int_equal(p[PAGE - 1], 0x5a);
	munmap(p, PAGE);
	/* an offset no object has */
	assert_true(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 4096) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	close(fd);
}

static void test_ivpu_userptr(void **state)
{
	int fd = open_npu(0);
	struct drm_ivpu_bo_create_from_userptr u = { 0 };
	char *mem, *ro;

	(void)state;
	mem = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(mem != MAP_FAILED && ro != MAP_FAILED);
	u.user_ptr = (uintptr_t)mem;
	u.size = 2 * PAGE;
	u.flags = DRM_IVPU_BO_MAPPABLE;	/* not a userptr flag */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EINVAL);
	u.flags = 0;
	u.size = 100;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EINVAL);
	u.size = PAGE;
	u.user_ptr = (uintptr_t)mem + 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EINVAL);
	u.user_ptr = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EINVAL);
	u.user_ptr = (uintptr_t)mem;
	u.size = 4 * PAGE;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), 0);
	assert_true(u.handle > 0 && u.vpu_addr >= 0xa0000000ull);
	/* a read-only mapping pins only for a READ_ONLY BO */
	u.user_ptr = (uintptr_t)ro;
	u.size = PAGE;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EFAULT);
	u.flags = DRM_IVPU_BO_READ_ONLY;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), 0);
	/* an unmapped range does not pin */
	munmap(mem + 2 * PAGE, 2 * PAGE);
	u.user_ptr = (uintptr_t)mem;
	u.size = 4 * PAGE;
	u.flags = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR, &u), -EFAULT);
	close(fd);
	munmap(mem, 2 * PAGE);
	munmap(ro, PAGE);
}

static void test_ivpu_submit_checks(void **state)
{
	int fd = open_npu(0);
	struct drm_ivpu_submit s = { 0 };
	uint32_t h[3], bad[2];

	(void)state;
	h[0] = cmd_create(fd);
	h[1] = bo_create(fd, PAGE, 0, NULL);
	h[2] = h[1];
	s.buffers_ptr = (uintptr_t)h;
	s.buffer_count = 2;
	s.engine = DRM_IVPU_ENGINE_COPY;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s), -EINVAL);
	s.engine = DRM_IVPU_ENGINE_COMPUTE;
	s.priority = DRM_IVPU_JOB_PRIORITY_REALTIME + 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s), -EINVAL);
	s.priority = 0;
	s.buffer_count = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s), -EINVAL);
	s.buffer_count = 65536;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s), -EINVAL);
	s.buffer_count = 2;
	s.commands_offset = 4;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_SUBMIT, &s), -EINVAL);
	/* the offset must lie inside the command BO */
	assert_int_equal(submit(fd, h, 2, PAGE), -EINVAL);
	bad[0] = h[0];
	bad[1] = 77;
	assert_int_equal(submit(fd, bad, 2, 0), -ENOENT);
	/* a BO listed twice: its reservation would be locked twice */
	assert_int_equal(submit(fd, h, 3, 0), -EALREADY);
	/* the CMDQ ioctls need hardware scheduling */
	{
		struct drm_ivpu_cmdq_create cc = { 0 };
		struct drm_ivpu_cmdq_destroy cd = { .cmdq_id = 1 };
		struct drm_ivpu_cmdq_submit cs = { .buffers_ptr = (uintptr_t)h,
						   .buffer_count = 2, .cmdq_id = 1 };

		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_CREATE, &cc), -ENODEV);
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_DESTROY, &cd), -ENODEV);
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -ENODEV);
	}
	assert_int_equal(submit(fd, h, 2, 64), 0);
	assert_int_equal(bo_wait(fd, h[0], shim_test_now_ns() + 1000000000ll, NULL), 0);
	close(fd);
}

static void test_ivpu_busy_and_wait(void **state)
{
	int fd = open_npu(0);
	uint32_t h[2], st = 99;
	int64_t t0;

	(void)state;
	h[0] = cmd_create(fd);
	h[1] = bo_create(fd, PAGE, 0, NULL);
	accel_shim_ivpu_set_job_delay(200000000);	/* 200 ms */
	assert_int_equal(submit(fd, h, 2, 0), 0);
	/* the command BO is busy until its job ends */
	assert_int_equal(submit(fd, h, 2, 0), -EBUSY);
	/* the data BO carries a BOOKKEEP fence: BO_WAIT does not see it */
	assert_int_equal(bo_wait(fd, h[1], 0, NULL), 0);
	/* 0 is a poll; so is a past time */
	t0 = shim_test_now_ns();
	assert_int_equal(bo_wait(fd, h[0], 0, NULL), -ETIMEDOUT);
	assert_int_equal(bo_wait(fd, h[0], 1, NULL), -ETIMEDOUT);
	assert_true(shim_test_now_ns() - t0 < 100000000ll);
	/* an unknown handle is EINVAL here, not ENOENT */
	assert_int_equal(bo_wait(fd, 99, 0, NULL), -EINVAL);
	assert_int_equal(bo_wait(fd, h[0], shim_test_now_ns() + 2000000000ll, &st), 0);
	assert_int_equal(st, DRM_IVPU_JOB_STATUS_SUCCESS);
	/* a failing job: its status is the command BO's */
	accel_shim_ivpu_set_job_delay(1000000);
	accel_shim_ivpu_set_job_status(0x1234);
	assert_int_equal(submit(fd, h, 2, 0), 0);
	assert_int_equal(bo_wait(fd, h[0], shim_test_now_ns() + 2000000000ll, &st), 0);
	assert_int_equal(st, 0x1234);
	close(fd);
}

static void test_ivpu_mmu_fault(void **state)
{
	int fd = open_npu(0), other = open_npu(0);
	uint32_t h[2], o[2], st = 0;

	(void)state;
	h[0] = cmd_create(fd);
	h[1] = bo_create(fd, PAGE, 0, NULL);
	o[0] = cmd_create(other);
	o[1] = bo_create(other, PAGE, 0, NULL);
	accel_shim_ivpu_fault_next_job();
	assert_int_equal(submit(fd, h, 2, 0), 0);
	assert_int_equal(bo_wait(fd, h[0], shim_test_now_ns() + 2000000000ll, &st), 0);
	assert_int_equal(st, DRM_IVPU_JOB_STATUS_ABORTED);
	/* the file is poisoned for good; another file is not */
	assert_int_equal(submit(fd, h, 2, 0), -EBADFD);
	assert_int_equal(submit(other, o, 2, 0), 0);
	close(fd);
	close(other);
}

static void test_ivpu_cmdq(void **state)
{
	int fd = open_npu(1);
	struct drm_ivpu_cmdq_create cc = { .priority = 5 };
	struct drm_ivpu_cmdq_destroy cd = { .cmdq_id = 42 };
	struct drm_ivpu_cmdq_submit cs = { 0 };
	uint32_t h[3], st = 0;
	uint64_t v;

	(void)state;
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_CAPABILITIES, DRM_IVPU_CAP_MANAGE_CMDQ,
				   &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(get_param(fd, DRM_IVPU_PARAM_PREEMPT_BUFFER_SIZE, 0, &v), 0);
	assert_true(v > 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_CREATE, &cc), -EINVAL);
	cc.priority = DRM_IVPU_JOB_PRIORITY_FOCUS;
	cc.flags = DRM_IVPU_CMDQ_FLAG_TURBO;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_CREATE, &cc), 0);
	assert_int_equal(cc.cmdq_id, 1);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_DESTROY, &cd), -ENOENT);

	h[0] = cmd_create(fd);
	h[1] = bo_create(fd, PAGE, 0, NULL);
	h[2] = bo_create(fd, v, DRM_IVPU_BO_MAPPABLE, NULL);
	cs.buffers_ptr = (uintptr_t)h;
	cs.buffer_count = 2;
	cs.cmdq_id = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	cs.cmdq_id = 256;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	cs.cmdq_id = 9;		/* no such queue */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	cs.cmdq_id = cc.cmdq_id;
	cs.preempt_buffer_index = 2;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	/* a preemption buffer must not be MAPPABLE, nor too small */
	cs.buffer_count = 3;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	h[2] = bo_create(fd, PAGE, 0, NULL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), -EINVAL);
	h[2] = bo_create(fd, v, 0, NULL);
	/* destroying a queue aborts its jobs */
	accel_shim_ivpu_set_job_hang(true);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_SUBMIT, &cs), 0);
	assert_int_equal(bo_wait(fd, h[0], 0, NULL), -ETIMEDOUT);
	cd.cmdq_id = cc.cmdq_id;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_DESTROY, &cd), 0);
	assert_int_equal(bo_wait(fd, h[0], 0, &st), 0);
	assert_int_equal(st, DRM_IVPU_JOB_STATUS_ABORTED);
	accel_shim_ivpu_set_job_hang(false);
	/* SUBMIT's legacy queue takes an id too, and cannot be destroyed */
	assert_int_equal(submit(fd, h, 2, 0), 0);
	cd.cmdq_id = 2;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_CMDQ_DESTROY, &cd), -ENOENT);
	close(fd);
}

static void test_ivpu_metric_streamer(void **state)
{
	int fd = open_npu(0);
	struct drm_ivpu_metric_streamer_start st = { .metric_group_mask = 1,
						     .sampling_period_ns = 10000000,
						     .read_period_samples = 10 };
	struct drm_ivpu_metric_streamer_get_data gd = { .metric_group_mask = 1 };
	struct drm_ivpu_metric_streamer_stop sp = { .metric_group_mask = 1 };

	(void)state;
	st.sampling_period_ns = 1000;	/* below MS_MIN_SAMPLE_PERIOD_NS */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_START, &st), -EINVAL);
	st.sampling_period_ns = 10000000;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_START, &st), 0);
	assert_true(st.sample_size > 0 && st.max_data_size >= st.sample_size);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_START, &st), -EALREADY);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA, &gd), 0);
	gd.buffer_size = 64;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA, &gd), -EINVAL);
	gd.metric_group_mask = 2;
	gd.buffer_size = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA, &gd), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_STOP, &sp), 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_STOP, &sp), -EINVAL);
	gd.metric_group_mask = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO, &gd), -EINVAL);
	close(fd);
}

static int export_bo(int fd, uint32_t h)
{
	struct drm_prime_handle_u p = { .handle = h, .flags = O_CLOEXEC | O_RDWR };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD_U, &p), 0);
	return p.fd;
}

static uint32_t import_bo(int fd, int dmabuf)
{
	struct drm_prime_handle_u p = { .fd = dmabuf };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE_U, &p), 0);
	return p.handle;
}

/* is the job's fence on the dma-buf, as a sync_file export at READ sees? */
static bool sync_file_signaled(int dmabuf)
{
	struct dma_buf_export_sync_file e = { .flags = DMA_BUF_SYNC_READ, .fd = -1 };
	struct pollfd p = { .events = POLLIN };
	bool ret;

	assert_int_equal(shim_xioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e), 0);
	p.fd = e.fd;
	ret = poll(&p, 1, 0) == 1;
	close(e.fd);
	return ret;
}

static void test_ivpu_gem_prime(void **state)
{
	int fd = open_npu(0), other = open_npu(0);
	struct drm_gem_close_u gc = { 0 };
	struct drm_ivpu_bo_info info = { 0 };
	uint32_t h[2], imp;
	int cmd_buf, data_buf;
	char *p;

	(void)state;
	h[0] = cmd_create(fd);
	h[1] = bo_create(fd, 2 * PAGE, DRM_IVPU_BO_DMA_MEM, NULL);
	/* a dma-buf of the data BO, imported by another file: a new handle */
	data_buf = export_bo(fd, h[1]);
	assert_true(data_buf >= 0);
	imp = import_bo(other, data_buf);
	info.handle = imp;
	assert_int_equal(shim_xioctl(other, DRM_IOCTL_IVPU_BO_INFO, &info), 0);
	assert_int_equal(info.size, 2 * PAGE);
	assert_int_equal(info.flags, 0);	/* imports land in the user range */
	assert_true(info.vpu_addr >= 0xa0000000ull &&
		    info.vpu_addr < 0xa0000000ull + (511ull << 20));
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, other,
		 (off_t)info.mmap_offset);
	assert_true(p != MAP_FAILED);
	p[0] = 42;
	munmap(p, 2 * PAGE);
	/* the same file importing its own export gets its own handle back */
	assert_int_equal(import_bo(fd, data_buf), h[1]);

	/* the job's fence is on the command BO only (WRITE); data: BOOKKEEP */
	cmd_buf = export_bo(fd, h[0]);
	accel_shim_ivpu_set_job_delay(300000000);
	assert_int_equal(submit(fd, h, 2, 0), 0);
	assert_false(sync_file_signaled(cmd_buf));
	assert_true(sync_file_signaled(data_buf));
	assert_int_equal(bo_wait(fd, h[0], shim_test_now_ns() + 2000000000ll, NULL), 0);
	assert_true(sync_file_signaled(cmd_buf));

	gc.handle = h[0];
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE_U, &gc), 0);
	info.handle = h[0];
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_IVPU_BO_INFO, &info), -ENOENT);
	assert_int_equal(bo_wait(fd, h[0], 0, NULL), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE_U, &gc), -EINVAL);
	close(cmd_buf);
	close(data_buf);
	close(fd);
	close(other);
}

static void ne_metric_streamer_get_info(int fd)
{
	struct drm_ivpu_metric_streamer_get_data gd = { .metric_group_mask = 1 };

	ioctl(fd, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO, &gd);
}

/* an item not emulated ends the process with its name */
static void test_ivpu_not_emulated_aborts(void **state)
{
	(void)state;
	shim_expect_not_emulated("accel0", ne_metric_streamer_get_info,
				 "intel_vpu DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO");
}

SHIM_TEST_LIST(cmocka_unit_test(test_ivpu_get_param),
	       cmocka_unit_test(test_ivpu_bo_create),
	       cmocka_unit_test(test_ivpu_userptr),
	       cmocka_unit_test(test_ivpu_submit_checks),
	       cmocka_unit_test(test_ivpu_busy_and_wait),
	       cmocka_unit_test(test_ivpu_mmu_fault),
	       cmocka_unit_test(test_ivpu_cmdq),
	       cmocka_unit_test(test_ivpu_metric_streamer),
	       cmocka_unit_test(test_ivpu_gem_prime),
	       cmocka_unit_test(test_ivpu_not_emulated_aborts));
