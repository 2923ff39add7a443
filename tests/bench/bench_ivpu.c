// SPDX-License-Identifier: MIT
/*
 * Target "ivpu": the ivpu provider on an emulated Meteor Lake NPU (OS
 * scheduling) against the same ivpu ioctls issued by hand on a second
 * file of the same device, both through the preloaded shim. The shim's
 * job delay is set to 0 so submit+wait measures the software path.
 *
 * submit+wait: a command BO holding a firmware program of one BARRIER,
 * submitted alone (SUBMIT, compute engine) and waited for by BO_WAIT on
 * the command BO, as the provider does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <drm.h>
#include <accel/ivpudv.h>
#include <uapi/drm/ivpu_accel.h>

#include "bench_npu.h"

/*
 * The shim's ivpu backend keeps a freed BO's object (and its memfd) until
 * the file closes, and looks BOs up in a list of them all: allocation is
 * timed last, and at most this many times, so that neither the fd limit
 * nor the longer lookups reach the other figures.
 */
#define IVPU_ALLOC_ITERS 300u
#define IVPU_PAGE 4096u
/* the provider's default domain: user range, cached, mappable */
#define IVPU_BO_FLAGS (DRM_IVPU_BO_CACHED | DRM_IVPU_BO_MAPPABLE)

struct ivpu_bst {
	struct accel_bo *cmd;		/* libaccel's command BO */
	uint32_t raw_cmd;		/* raw: its command BO */
};

static struct ivpu_bst *drv(struct npu_st *s)
{
	return s->drv;
}

static int bo_create(int fd, uint64_t size, uint32_t *handle)
{
	struct drm_ivpu_bo_create a = { .size = size, .flags = IVPU_BO_FLAGS };
	int ret = bench_ioctl(fd, DRM_IOCTL_IVPU_BO_CREATE, &a);

	*handle = a.handle;
	return ret;
}

static int bo_info(int fd, uint32_t handle, struct drm_ivpu_bo_info *i)
{
	memset(i, 0, sizeof(*i));
	i->handle = handle;
	return bench_ioctl(fd, DRM_IOCTL_IVPU_BO_INFO, i);
}

/* jobs end when submitted */
static int no_delay(void *fn)
{
	((void (*)(int64_t))fn)(0);
	return 0;
}

static int op_map_raw(void *p)
{
	struct npu_st *s = p;
	struct drm_ivpu_bo_info i;
	int ret = bo_info(s->fd, s->raw_bo, &i);

	return ret ? ret : npu_raw_mmap(s->fd, i.mmap_offset, i.size);
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct accel_submit sub = {
		.cmd_bo = drv(s)->cmd, .cmd_size = 64,
	};

	return accel_submit(s->q, &sub, seq);
}

static int raw_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	uint32_t h = drv(s)->raw_cmd;
	struct drm_ivpu_submit a = {
		.buffers_ptr = (uintptr_t)&h, .buffer_count = 1,
		.engine = DRM_IVPU_ENGINE_COMPUTE,
		.priority = DRM_IVPU_JOB_PRIORITY_DEFAULT,
	};

	*seq = 0;
	return bench_ioctl(s->fd, DRM_IOCTL_IVPU_SUBMIT, &a);
}

static int raw_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;
	struct drm_ivpu_bo_wait w = {
		.handle = drv(s)->raw_cmd, .timeout_ns = npu_deadline(),
	};
	int ret;

	(void)seq;
	ret = bench_ioctl(s->fd, DRM_IOCTL_IVPU_BO_WAIT, &w);
	if (ret)
		return ret;
	return w.job_status == DRM_IVPU_JOB_STATUS_SUCCESS ? 0 : -EPROTO;
}

/* one BARRIER: the smallest program the firmware (and the shim) runs */
static void write_program(void *p)
{
	struct ivpudv_cmd_buffer_header h = {
		.cmd_buffer_size = sizeof(h) + sizeof(struct ivpudv_cmd_barrier),
		.cmd_offset = sizeof(h),
	};
	struct ivpudv_cmd_barrier b = {
		.header = { IVPUDV_CMD_BARRIER, sizeof(b) },
	};

	memcpy(p, &h, sizeof(h));
	memcpy((char *)p + sizeof(h), &b, sizeof(b));
}

static int make_cmds(struct npu_st *s, char *why, size_t len)
{
	struct accel_bo_alloc_args a = {
		.size = IVPU_PAGE, .usage = ACCEL_BO_USAGE_COMMAND,
	};
	struct drm_ivpu_bo_info i;
	void *p;
	int ret;

	s->q = accel_queue_create(s->ctx, NULL);
	drv(s)->cmd = s->q ? accel_bo_alloc_ex(s->ctx, &a, sizeof(a)) : NULL;
	p = drv(s)->cmd ? accel_bo_map(drv(s)->cmd) : NULL;
	if (!p) {
		ret = -errno;
		snprintf(why, len, "queue and command BO: %s", strerror(errno));
		return ret;
	}
	write_program(p);
	ret = bo_create(s->fd, IVPU_PAGE, &drv(s)->raw_cmd);
	if (!ret)
		ret = bo_info(s->fd, drv(s)->raw_cmd, &i);
	if (ret) {
		snprintf(why, len, "raw command BO: %s", strerror(-ret));
		return ret;
	}
	p = mmap(NULL, i.size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd,
		 (off_t)i.mmap_offset);
	if (p == MAP_FAILED) {
		ret = -errno;
		snprintf(why, len, "raw command BO mmap: %s", strerror(errno));
		return ret;
	}
	write_program(p);
	munmap(p, i.size);
	return 0;
}

static const struct npu_driver ivpu_npu = {
	.prov = "ivpu",
	.drv_size = sizeof(struct ivpu_bst),
	.delay_fn = "accel_shim_ivpu_set_job_delay",
	.no_delay = no_delay,
	.create_bo = bo_create,
	.make_jobs = make_cmds,
	.alloc = { "BO_CREATE, GEM_CLOSE", 2 },
	.map = { "BO_INFO, mmap, munmap", 3, op_map_raw },
	.alloc_max_iters = IVPU_ALLOC_ITERS,
	.lib_submit = lib_submit,
	.raw = { raw_submit, raw_wait },
	.submit_desc = "SUBMIT (1 BO, a BARRIER), BO_WAIT",
	.raw_names = "SUBMIT / BO_WAIT",
};

static int ivpu_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)short_mode;
	return npu_setup(out, &ivpu_npu, why, len);
}

const struct bench_target bench_target_ivpu = {
	.name = "ivpu",
	.desc = "the ivpu provider vs raw ivpu ioctls, both on the shim",
	.setup = ivpu_setup,
	NPU_TARGET_HOOKS,
	.shim_devices = "mtl",
};
