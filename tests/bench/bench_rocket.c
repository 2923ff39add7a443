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

#define ROCKET_CMD_SIZE 4096u

struct rocket_bst {
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
	return bench_ioctl(fd, DRM_IOCTL_ROCKET_CREATE_BO, a);
}

/* jobs end when they run */
static int no_delay(void *fn)
{
	((void (*)(uint64_t))fn)(0);
	return 0;
}

static int raw_bo(struct npu_st *s)
{
	struct drm_rocket_create_bo a;
	int ret = create_bo(s->fd, NPU_BO_SIZE, &a);

	s->raw_bo = a.handle;
	drv(s)->raw_bo_off = a.offset;
	return ret;
}

/* CREATE_BO gives the handle, NPU address and mmap offset; GEM_CLOSE */
static int op_alloc_raw(void *p)
{
	struct npu_st *s = p;
	struct drm_rocket_create_bo a;
	int ret = create_bo(s->fd, NPU_BO_SIZE, &a);

	return ret ? ret : npu_gem_close(s->fd, a.handle);
}

/* the offset is CREATE_BO's: mmap, munmap */
static int op_map_raw(void *p)
{
	struct npu_st *s = p;

	return npu_raw_mmap(s->fd, drv(s)->raw_bo_off, NPU_BO_SIZE);
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct rocketdv_task t = {
		.regcmd = (uint32_t)accel_bo_device_addr(drv(s)->cmd),
		.regcmd_count = 1,
	};
	struct accel_bo_ref ref = {
		.bo = drv(s)->cmd, .access = ACCEL_ACCESS_READ,
		.slot = ROCKETDV_SLOT_OUT,
	};

	return rocketdv_submit_tasks(s->q, &t, 1, &ref, 1, seq);
}

static int raw_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
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
	return bench_ioctl(s->fd, DRM_IOCTL_ROCKET_SUBMIT, &a);
}

static int raw_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;
	struct drm_rocket_prep_bo w = {
		.handle = drv(s)->raw_cmd, .timeout_ns = npu_deadline(),
	};

	(void)seq;
	return bench_ioctl(s->fd, DRM_IOCTL_ROCKET_PREP_BO, &w);
}

static int make_jobs(struct npu_st *s, char *why, size_t len)
{
	struct rocket_bst *d = drv(s);
	struct drm_rocket_create_bo a;
	int ret;

	s->q = accel_queue_create(s->ctx, NULL);
	d->cmd = s->q ? accel_bo_alloc(s->ctx, ROCKET_CMD_SIZE, 0) : NULL;
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

static const struct npu_driver rocket_npu = {
	.prov = "rocket",
	.drv_size = sizeof(struct rocket_bst),
	.delay_fn = "accel_shim_rocket_set_delay_us",
	.no_delay = no_delay,
	.raw_bo = raw_bo,
	.make_jobs = make_jobs,
	.alloc = { "CREATE_BO, GEM_CLOSE", 2, op_alloc_raw },
	.map = { "mmap, munmap (offset from CREATE_BO)", 2, op_map_raw },
	.lib_submit = lib_submit,
	.raw = { raw_submit, raw_wait },
	.submit_desc = "SUBMIT (1 job, 1 task), PREP_BO",
	.raw_names = "SUBMIT / PREP_BO",
};

static int rocket_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)short_mode;
	return npu_setup(out, &rocket_npu, why, len);
}

const struct bench_target bench_target_rocket = {
	.name = "rocket",
	.desc = "the rocket provider vs raw rocket ioctls, both on the shim",
	.setup = rocket_setup,
	NPU_TARGET_HOOKS,
	.shim_devices = "rk3588",
};
