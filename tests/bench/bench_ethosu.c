// SPDX-License-Identifier: MIT
/*
 * Target "ethosu": the ethosu provider on an emulated Ethos-U65 against the
 * same ethosu ioctls issued by hand on a second file of the same device,
 * both through the preloaded shim. The shim has no per-job delay for
 * ethosu (a job ends when it runs, unless held), so nothing is set.
 *
 * submit+wait: a command stream of one 16-byte DMA from region 0 to
 * region 1 (two BOs), SUBMIT, then BO_WAIT on the region 1 BO (the one
 * the stream writes: the provider's wait). libaccel's side goes through
 * ethosudv_submit() (inline); the streams are made once, in the setup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <drm.h>
#include <accel/ethosudv.h>
#include <uapi/drm/ethosu_accel.h>

#include "ethosu_stream.h"
#include "bench_npu.h"

#define ETHOSU_DATA_SIZE 4096u
#define ETHOSU_DMA_LEN 16u

struct ethosu_bst {
	struct accel_bo *cmd, *src, *dst;	/* libaccel's job */
	uint32_t raw_cmd, raw_src, raw_dst;	/* raw: its job */
};

static struct ethosu_bst *drv(struct npu_st *s)
{
	return s->drv;
}

static int create_bo(int fd, uint64_t size, uint32_t *handle)
{
	struct drm_ethosu_bo_create a = { .size = size };
	int ret = bench_ioctl(fd, DRM_IOCTL_ETHOSU_BO_CREATE, &a);

	*handle = a.handle;
	return ret;
}

static int op_map_raw(void *p)
{
	struct npu_st *s = p;
	struct drm_ethosu_bo_mmap_offset a = { .handle = s->raw_bo };
	int ret = bench_ioctl(s->fd, DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET, &a);

	return ret ? ret : npu_raw_mmap(s->fd, a.offset, NPU_BO_SIZE);
}

static int lib_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct accel_bo *regions[ETHOSUDV_MAX_REGIONS] = {
		drv(s)->src, drv(s)->dst,
	};

	return ethosudv_submit(s->q, drv(s)->cmd, regions, 0, seq);
}

static int raw_submit(void *p, uint64_t *seq)
{
	struct npu_st *s = p;
	struct ethosu_bst *d = drv(s);
	struct drm_ethosu_job j = {
		.cmd_bo = d->raw_cmd,
		.region_bo_handles = { d->raw_src, d->raw_dst },
	};
	struct drm_ethosu_submit a = { .jobs = (uintptr_t)&j, .job_count = 1 };

	*seq = 0;
	return bench_ioctl(s->fd, DRM_IOCTL_ETHOSU_SUBMIT, &a);
}

static int raw_wait(void *p, uint64_t seq)
{
	struct npu_st *s = p;
	struct drm_ethosu_bo_wait w = {
		.handle = drv(s)->raw_dst, .timeout_ns = npu_deadline(),
	};

	(void)seq;
	return bench_ioctl(s->fd, DRM_IOCTL_ETHOSU_BO_WAIT, &w);
}

static int make_jobs(struct npu_st *s, char *why, size_t len)
{
	struct ethosu_bst *d = drv(s);
	struct eu_stream st = { .n = 0 };
	struct drm_ethosu_cmdstream_bo_create c = { 0 };
	uint32_t size;
	int ret;

	eu_dma(&st, 0, 0, 1, 0, ETHOSU_DMA_LEN);
	size = eu_stop(&st);
	s->q = accel_queue_create(s->ctx, NULL);
	d->src = s->q ? accel_bo_alloc(s->ctx, ETHOSU_DATA_SIZE, 0) : NULL;
	d->dst = d->src ? accel_bo_alloc(s->ctx, ETHOSU_DATA_SIZE, 0) : NULL;
	d->cmd = d->dst ? ethosudv_cmdstream_alloc(s->ctx, st.w, size) : NULL;
	if (!d->cmd) {
		ret = -errno;
		snprintf(why, len, "queue, BOs and command stream: %s (%s)",
			 strerror(errno), accel_last_error());
		return ret;
	}
	c.size = size;
	c.data = (uintptr_t)st.w;
	ret = create_bo(s->fd, ETHOSU_DATA_SIZE, &d->raw_src);
	if (!ret)
		ret = create_bo(s->fd, ETHOSU_DATA_SIZE, &d->raw_dst);
	if (!ret)
		ret = bench_ioctl(s->fd, DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, &c);
	if (ret) {
		snprintf(why, len, "raw BOs and command stream: %s", strerror(-ret));
		return ret;
	}
	d->raw_cmd = c.handle;
	return 0;
}

static const struct npu_driver ethosu_npu = {
	.prov = "ethosu",
	.drv_size = sizeof(struct ethosu_bst),
	.create_bo = create_bo,
	.make_jobs = make_jobs,
	.alloc = { "BO_CREATE, GEM_CLOSE", 2 },
	.map = { "BO_MMAP_OFFSET, mmap, munmap", 3, op_map_raw },
	.lib_submit = lib_submit,
	.raw = { raw_submit, raw_wait },
	.submit_desc = "SUBMIT (a 16-byte DMA), BO_WAIT",
	.raw_names = "SUBMIT / BO_WAIT",
};

static int ethosu_setup(void **out, bool short_mode, char *why, size_t len)
{
	(void)short_mode;
	return npu_setup(out, &ethosu_npu, why, len);
}

const struct bench_target bench_target_ethosu = {
	.name = "ethosu",
	.desc = "the ethosu provider vs raw ethosu ioctls, both on the shim",
	.setup = ethosu_setup,
	NPU_TARGET_HOOKS,
	.shim_devices = "ethos-u65",
};
