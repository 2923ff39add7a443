// SPDX-License-Identifier: MIT
/*
 * Target "rocket": the rocket provider on an emulated RK3588 NPU against
 * the same rocket ioctls issued by hand on a second file of the same
 * device, both through the preloaded shim. The shim's per-job NPU time
 * (1 ms by default) is set to 0 so submit+wait measures the software path.
 *
 * submit+wait: one job of one task of one register command (not the
 * shim's copy: it completes without touching memory) in a BO listed as
 * the job's out BO; SUBMIT, then PREP_BO on that BO (the provider's wait).
 * libaccel's side goes through rocketdv_submit_tasks() (header only).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <drm.h>
#include <accel/rocketdv.h>
#include <uapi/drm/rocket_accel.h>

#include "bench_npu.h"

#define ROCKET_BO_SIZE (64u << 10)
#define ROCKET_CMD_SIZE 4096u

struct rocket_bst {
	struct accel_queue *q;
	struct accel_bo *cmd;		/* libaccel: the task's commands */
	uint32_t raw_cmd;		/* raw: its BO */
	uint32_t raw_cmd_addr;		/* and its NPU address */
	uint64_t raw_bo_off;		/* raw: the map/export BO's offset */
};

static struct rocket_bst *drv(struct npu_st *s)
{
	return s->drv;
}

static int create_bo(int fd, uint32_t size, struct drm_rocket_create_bo *a)
{
	memset(a, 0, sizeof(*a));
	a->size = size;
	return npu_ioctl(fd, DRM_IOCTL_ROCKET_CREATE_BO, a);
}

/* CREATE_BO gives the handle, NPU address and mmap offset; GEM_CLOSE */
static int op_alloc_raw(void *p)
{
	struct npu_st *s = p;
	struct drm_rocket_create_bo a;
	int ret = create_bo(s->fd, (uint32_t)s->bo_size, &a);

	return ret ? ret : npu_gem_close(s->fd, a.handle);
}

/* the offset is CREATE_BO's: mmap, munmap */
static int op_map_raw(void *p)
{
	struct npu_st *s = p;

	return npu_raw_mmap(s->fd, drv(s)->raw_bo_off, s->bo_size);
}

static int op_export_raw(void *p)
{
	struct npu_st *s = p;

	return npu_raw_export(s->fd, s->raw_bo);
}

static int lib_submit(struct npu_st *s, uint64_t *seq)
{
	struct rocketdv_task t = {
		.regcmd = (uint32_t)accel_bo_device_addr(drv(s)->cmd),
		.regcmd_count = 1,
	};
	struct accel_bo_ref ref = {
		.bo = drv(s)->cmd, .access = ACCEL_ACCESS_READ,
		.slot = ROCKETDV_SLOT_OUT,
	};

	return rocketdv_submit_tasks(drv(s)->q, &t, 1, &ref, 1, seq);
}

static int lib_wait(struct npu_st *s, uint64_t seq)
{
	return accel_wait(drv(s)->q, seq, -1);
}

static int op_submit_lib(void *p)
{
	uint64_t seq;
	int ret = lib_submit(p, &seq);

	return ret ? ret : lib_wait(p, seq);
}

static int raw_submit(struct npu_st *s, uint64_t *seq)
{
	struct rocket_bst *d = drv(s);
	struct drm_rocket_task t = { .regcmd = d->raw_cmd_addr, .regcmd_count = 1 };
	struct drm_rocket_job j = {
		.tasks = (uintptr_t)&t, .task_count = 1,
		.task_struct_size = sizeof(t),
		.out_bo_handles = (uintptr_t)&d->raw_cmd, .out_bo_handle_count = 1,
	};
	struct drm_rocket_submit a = {
		.jobs = (uintptr_t)&j, .job_count = 1, .job_struct_size = sizeof(j),
	};

	*seq = 0;
	return npu_ioctl(s->fd, DRM_IOCTL_ROCKET_SUBMIT, &a);
}

static int raw_wait(struct npu_st *s, uint64_t seq)
{
	struct drm_rocket_prep_bo w = {
		.handle = drv(s)->raw_cmd, .timeout_ns = npu_deadline(),
	};

	(void)seq;
	return npu_ioctl(s->fd, DRM_IOCTL_ROCKET_PREP_BO, &w);
}

static int op_submit_raw(void *p)
{
	uint64_t seq;
	int ret = raw_submit(p, &seq);

	return ret ? ret : raw_wait(p, seq);
}

static int make_jobs(struct npu_st *s, char *why, size_t len)
{
	struct rocket_bst *d = drv(s);
	struct drm_rocket_create_bo a;
	int ret;

	d->q = accel_queue_create(s->ctx, NULL);
	d->cmd = d->q ? accel_bo_alloc(s->ctx, ROCKET_CMD_SIZE, 0) : NULL;
	if (!d->cmd) {
		ret = -errno;
		snprintf(why, len, "queue and command BO: %s (%s)", strerror(errno),
			 accel_last_error());
		return ret;
	}
	ret = create_bo(s->fd, ROCKET_CMD_SIZE, &a);
	if (ret) {
		snprintf(why, len, "raw command BO: %s", strerror(-ret));
		return ret;
	}
	d->raw_cmd = a.handle;
	d->raw_cmd_addr = (uint32_t)a.dma_address;
	return 0;
}

static int rocket_count_allocs(void *p, struct bench_result *r)
{
	return npu_count_allocs(p, r, lib_submit, lib_wait, raw_submit,
				raw_wait, "SUBMIT / PREP_BO");
}

static void rocket_teardown(void *p)
{
	struct npu_st *s = p;

	if (!s)
		return;
	npu_close(s);
	free(s->drv);
	free(s);
}

static int rocket_setup(void **out, bool short_mode, char *why, size_t len)
{
	void (*set_delay)(uint64_t);
	struct drm_rocket_create_bo a;
	struct npu_st *s;
	int ret;

	(void)short_mode;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->drv = calloc(1, sizeof(struct rocket_bst));
	s->bo_size = ROCKET_BO_SIZE;
	if (!s->drv) {
		free(s);
		return -ENOMEM;
	}
	ret = npu_open(s, "rocket", why, len);
	if (ret)
		goto err;
	/* jobs end when they run: the software path alone */
	set_delay = (void (*)(uint64_t))npu_sym(NULL, "accel_shim_rocket_set_delay_us");
	if (!set_delay) {
		ret = -ENOSYS;
		snprintf(why, len, "the shim has no accel_shim_rocket_set_delay_us()");
		goto err;
	}
	set_delay(0);
	s->bo = accel_bo_alloc(s->ctx, s->bo_size, 0);
	ret = s->bo ? create_bo(s->fd, (uint32_t)s->bo_size, &a) : -errno;
	if (ret) {
		snprintf(why, len, "BOs for map and export: %s", strerror(-ret));
		goto err;
	}
	s->raw_bo = a.handle;
	drv(s)->raw_bo_off = a.offset;
	ret = make_jobs(s, why, len);
	if (ret)
		goto err;
	npu_add_op(s, "bo alloc+free 64K", "CREATE_BO, GEM_CLOSE", 2,
		   npu_alloc_lib, op_alloc_raw);
	npu_add_op(s, "bo map+unmap", "mmap, munmap (offset from CREATE_BO)", 2,
		   npu_map_lib, op_map_raw);
	npu_add_op(s, "dmabuf export+close", "PRIME_HANDLE_TO_FD, close", 2,
		   npu_export_lib, op_export_raw);
	npu_add_op(s, "submit+wait", "SUBMIT (1 job, 1 task), PREP_BO", 2,
		   op_submit_lib, op_submit_raw);
	*out = s;
	return 0;
err:
	rocket_teardown(s);
	return ret ? ret : -EIO;
}

const struct bench_target bench_target_rocket = {
	.name = "rocket",
	.desc = "the rocket provider vs raw rocket ioctls, both on the shim",
	.setup = rocket_setup,
	.teardown = rocket_teardown,
	.get_ops = npu_get_ops,
	.count_allocs = rocket_count_allocs,
	.needs_shim = true,
	.shim_devices = "rk3588",
};
