// SPDX-License-Identifier: MIT
/*
 * ivpu emulation: device models, sysfs, open/release, GET_PARAM/SET_PARAM
 * and the metric streamer, after drivers/accel/ivpu/{ivpu_drv.c,
 * ivpu_sysfs.c,ivpu_ms.c} of Linux 7.2. BOs live in shim_ivpu_bo.c (on
 * the GEM core, core/shim_gem.h), jobs and command queues in
 * shim_ivpu_job.c.
 *
 * Models: "mtl", a Meteor Lake NPU under OS scheduling (the driver's
 * choice with a firmware older than JSM API 3.24, or sched_mode=0), and
 * "lnl", a Lunar Lake NPU under hardware scheduling (MANAGE_CMDQ). The
 * values the firmware or fuses decide (clock ratio, tile fuse, SKU of
 * LNL, preemption buffer sizes, metric sample size) are fixed plausible
 * ones; the ones the driver decides follow its code.
 *
 * Not emulated (the test aborts, naming it): METRIC_STREAMER_GET_INFO
 * with a buffer (the firmware's metric description), and the power,
 * frequency and reset behaviour of the device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim_ivpu.h"

static const struct ivpu_model models[] = {
	{
		.name = "mtl",
		.device_id = 0x7d1d,
		.revision = 4,
		.hws = false,
		.gen37 = true,
		.max_freq_mhz = 1400,		/* ratio 42: 42 * 50 * 2 / 3 */
		.tile_config = 0x0,		/* BTRS_MTL_TILE_FUSE_ENABLE_BOTH */
		.sku = 0x3630,			/* BTRS_MTL_TILE_SKU_BOTH */
		.preempt_buf_size = 0,		/* only under HWS */
		.user_start = 0xa0000000ull, .user_size = 511ull << 20,
		.shave_start = 0x180000000ull, .shave_size = 2ull << 30,
		.dma_start = 0x200000000ull, .dma_size = 128ull << 30,
		.ms_sample_size = 64,
	},
	{
		.name = "lnl",
		.device_id = 0x643e,
		.revision = 0,
		.hws = true,
		.max_freq_mhz = 1950,		/* ratio 78: 78 * 50 / 2 */
		.tile_config = 0x3f,
		.sku = 0,
		.preempt_buf_size = 2 * (256ull << 10),
		.user_start = 0x100000000ull, .user_size = 256ull << 30,
		.shave_start = 0x80000000ull, .shave_size = 2ull << 30,
		.dma_start = 0x100000000ull, .dma_size = 256ull << 30,
		.ms_sample_size = 64,
	},
};

struct ivpu_ctx *ivpu_contexts;
static uint64_t unique_id_counter;
/* the firmware's API versions (vpu_boot_api.h, vpu_jsm_api.h of 7.2) */
static const uint32_t fw_api_version[IVPU_FW_API_VER_NUM] = {
	[0] = 3 << 16 | 29,	/* VPU_BOOT_API_VER_INDEX */
	[4] = 3 << 16 | 34,	/* VPU_JSM_API_VER_INDEX */
};

static const void *ivpu_find_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(models[i].name, name))
			return &models[i];
	return NULL;
}

static int ivpu_populate(struct shim_device *d, const char *dir)
{
	const struct ivpu_model *m = d->model;
	int ret = 0;

	ret |= shim_write_file(dir, "vendor", "0x8086\n");
	ret |= shim_write_file(dir, "device", "0x%04x\n", m->device_id);
	ret |= shim_write_file(dir, "subsystem_vendor", "0x8086\n");
	ret |= shim_write_file(dir, "subsystem_device", "0x%04x\n", m->device_id);
	/* PCI_CLASS_SYSTEM_OTHER, as the NPU reports */
	ret |= shim_write_file(dir, "class", "0x118000\n");
	ret |= shim_write_file(dir, "revision", "0x%02x\n", m->revision);
	ret |= shim_write_file(dir, "numa_node", "-1\n");
	ret |= shim_write_file(dir, "modalias",
			       "pci:v00008086d%08Xsv00008086sd%08Xbc11sc80i00\n",
			       m->device_id, m->device_id);
	ret |= shim_write_file(dir, "uevent",
			       "DRIVER=intel_vpu\nPCI_CLASS=118000\nPCI_ID=8086:%04X\n"
			       "PCI_SUBSYS_ID=8086:%04X\nPCI_SLOT_NAME=%s\n"
			       "MODALIAS=pci:v00008086d%08Xsv00008086sd%08Xbc11sc80i00\n",
			       m->device_id, m->device_id, d->pci_slot, m->device_id,
			       m->device_id);
	/* ivpu_sysfs.c: the driver's attributes on the PCI device */
	ret |= shim_write_file(dir, "npu_busy_time_us", "0\n");
	ret |= shim_write_file(dir, "npu_memory_utilization", "0\n");
	ret |= shim_write_file(dir, "sched_mode", "%s\n", m->hws ? "HW" : "OS");
	ret |= shim_write_file(dir, "npu_max_frequency_mhz", "%u\n", m->max_freq_mhz);
	ret |= shim_write_file(dir, "npu_current_frequency_mhz", "0\n");
	return ret ? -EIO : 0;
}

/* ivpu_open(): a context id from the device's SSID range */
static int ivpu_open(struct shim_file *f)
{
	struct ivpu_ctx *ctx, *c;
	uint32_t id;

	for (id = IVPU_USER_CONTEXT_MIN_SSID;
	     id < IVPU_USER_CONTEXT_MIN_SSID + IVPU_CONTEXT_COUNT; id++) {
		for (c = ivpu_contexts; c; c = c->next)
			if (c->dev == f->dev && c->id == id)
				break;
		if (!c)
			break;
	}
	/* the per-uid limit comes first in the kernel: half for non-root */
	if (id >= IVPU_USER_CONTEXT_MIN_SSID +
			  (getuid() ? IVPU_CONTEXT_COUNT / 2 : IVPU_CONTEXT_COUNT))
		return -EMFILE;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->dev = f->dev;
	ctx->m = f->dev->model;
	ctx->id = id;
	ctx->next_user_va = ctx->m->user_start;
	ctx->next_shave_va = ctx->m->shave_start;
	ctx->next_dma_va = ctx->m->dma_start;
	ctx->cmdq_id_next = IVPU_CMDQ_MIN_ID;
	ctx->next = ivpu_contexts;
	ivpu_contexts = ctx;
	f->priv = ctx;
	return 0;
}

/* ivpu_postclose(): metric streamers, jobs, queues and BOs go */
static void ivpu_release(struct shim_file *f)
{
	struct ivpu_ctx *ctx = f->priv, **pp;

	if (!ctx)
		return;
	while (ctx->ms) {
		struct ivpu_ms *ms = ctx->ms;

		ctx->ms = ms->next;
		free(ms);
	}
	ivpu_job_release(ctx);
	ivpu_bo_release(ctx);
	for (pp = &ivpu_contexts; *pp; pp = &(*pp)->next) {
		if (*pp == ctx) {
			*pp = ctx->next;
			break;
		}
	}
	free(ctx);
	f->priv = NULL;
}

static uint64_t max_ctx_count(void)
{
	return getuid() ? IVPU_CONTEXT_COUNT / 2 : IVPU_CONTEXT_COUNT;
}

/* ivpu_is_capable() */
static uint64_t capable(const struct ivpu_model *m, uint32_t cap)
{
	switch (cap) {
	case DRM_IVPU_CAP_METRIC_STREAMER:
	case DRM_IVPU_CAP_DMA_MEMORY_RANGE:
	case DRM_IVPU_CAP_BO_CREATE_FROM_USERPTR:
		return 1;
	case DRM_IVPU_CAP_MANAGE_CMDQ:
		return m->hws;
	default:
		return 0;
	}
}

/* ivpu_get_param_ioctl() */
static int ivpu_get_param_ioctl(struct shim_file *f, void *data)
{
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	const struct ivpu_model *m = ctx->m;
	struct drm_ivpu_param *a = data;

	switch (a->param) {
	case DRM_IVPU_PARAM_DEVICE_ID:
		a->value = m->device_id;
		return 0;
	case DRM_IVPU_PARAM_DEVICE_REVISION:
		a->value = m->revision;
		return 0;
	case DRM_IVPU_PARAM_PLATFORM_TYPE:
		a->value = DRM_IVPU_PLATFORM_TYPE_SILICON;
		return 0;
	case DRM_IVPU_PARAM_CORE_CLOCK_RATE:
		a->value = (uint64_t)m->max_freq_mhz * 1000000;
		return 0;
	case DRM_IVPU_PARAM_NUM_CONTEXTS:
		a->value = max_ctx_count();
		return 0;
	case DRM_IVPU_PARAM_CONTEXT_BASE_ADDRESS:
		a->value = m->user_start;
		return 0;
	case DRM_IVPU_PARAM_CONTEXT_ID:
		a->value = ctx->id;
		return 0;
	case DRM_IVPU_PARAM_FW_API_VERSION:
		if (a->index >= IVPU_FW_API_VER_NUM)
			return -EINVAL;
		a->value = fw_api_version[a->index];
		return 0;
	case DRM_IVPU_PARAM_ENGINE_HEARTBEAT:
		/* ivpu_jsm_get_heartbeat(): compute only; the firmware counts */
		if (a->index != DRM_IVPU_ENGINE_COMPUTE)
			return -EINVAL;
		a->value = (uint64_t)shim_now_ns() / 1000000;
		return 0;
	case DRM_IVPU_PARAM_UNIQUE_INFERENCE_ID:
		a->value = ++unique_id_counter;
		return 0;
	case DRM_IVPU_PARAM_TILE_CONFIG:
		a->value = m->tile_config;
		return 0;
	case DRM_IVPU_PARAM_SKU:
		a->value = m->sku;
		return 0;
	case DRM_IVPU_PARAM_CAPABILITIES:
		a->value = capable(m, a->index);
		return 0;
	case DRM_IVPU_PARAM_PREEMPT_BUFFER_SIZE:
		a->value = m->preempt_buf_size;
		return 0;
	default:
		/* CONTEXT_PRIORITY (deprecated) and unknown ids */
		return -EINVAL;
	}
}

/* ivpu_set_param_ioctl(): 7.2 has no settable parameter */
static int ivpu_set_param_ioctl(struct shim_file *f, void *data)
{
	return -EINVAL;
}

/* ------------------------------------------------------------------------ */
/* metric streamer (ivpu_ms.c); the emulated firmware samples nothing        */
/* ------------------------------------------------------------------------ */

static struct ivpu_ms *ms_find(struct ivpu_ctx *ctx, uint64_t mask)
{
	struct ivpu_ms *ms;

	for (ms = ctx->ms; ms; ms = ms->next)
		if (ms->mask == mask)
			return ms;
	return NULL;
}

int ivpu_ms_start_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_metric_streamer_start *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	uint64_t size;
	struct ivpu_ms *ms;

	if (!a->metric_group_mask || !a->read_period_samples ||
	    a->sampling_period_ns < IVPU_MS_MIN_SAMPLE_PERIOD_NS)
		return -EINVAL;
	if (ms_find(ctx, a->metric_group_mask))
		return -EALREADY;
	size = ivpu_align((uint64_t)a->read_period_samples * ctx->m->ms_sample_size *
				  IVPU_MS_READ_PERIOD_MULTIPLIER * IVPU_MS_NUM_BUFFERS,
			  SHIM_PAGE_SIZE);
	/* the buffer must fit the global range (256 MiB) */
	if (size > (256ull << 20))
		return -EINVAL;
	ms = calloc(1, sizeof(*ms));
	if (!ms)
		return -ENOMEM;
	ms->mask = a->metric_group_mask;
	ms->max_data_size = size;
	ms->next = ctx->ms;
	ctx->ms = ms;
	a->sample_size = ctx->m->ms_sample_size;
	a->max_data_size = (uint32_t)size;
	return 0;
}

int ivpu_ms_stop_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_metric_streamer_stop *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);
	struct ivpu_ms **pp;

	if (!a->metric_group_mask)
		return -EINVAL;
	for (pp = &ctx->ms; *pp; pp = &(*pp)->next) {
		if ((*pp)->mask == a->metric_group_mask) {
			struct ivpu_ms *ms = *pp;

			*pp = ms->next;
			free(ms);
			return 0;
		}
	}
	return -EINVAL;
}

int ivpu_ms_get_data_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_metric_streamer_get_data *a = data;
	struct ivpu_ctx *ctx = ivpu_ctx_of(f);

	if (!a->metric_group_mask)
		return -EINVAL;
	if (!ms_find(ctx, a->metric_group_mask))
		return -EINVAL;
	/* no samples: the emulated firmware writes none */
	if (!a->buffer_size) {
		a->data_size = 0;
		return 0;
	}
	if (!a->buffer_ptr)
		return -EINVAL;
	a->data_size = 0;
	return 0;
}

int ivpu_ms_get_info_ioctl(struct shim_file *f, void *data)
{
	struct drm_ivpu_metric_streamer_get_data *a = data;

	if (!a->metric_group_mask)
		return -EINVAL;
	/* the firmware's description of the metric groups */
	shim_not_emulated("intel_vpu", "DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO");
}

/* index: nr - DRM_COMMAND_BASE; 0x04 has no function (EINVAL) */
static const struct shim_ioctl_desc ivpu_ioctls[] = {
	[DRM_IVPU_GET_PARAM] = { DRM_IOCTL_IVPU_GET_PARAM, ivpu_get_param_ioctl,
				 "DRM_IOCTL_IVPU_GET_PARAM" },
	[DRM_IVPU_SET_PARAM] = { DRM_IOCTL_IVPU_SET_PARAM, ivpu_set_param_ioctl,
				 "DRM_IOCTL_IVPU_SET_PARAM" },
	[DRM_IVPU_BO_CREATE] = { DRM_IOCTL_IVPU_BO_CREATE, ivpu_bo_create_ioctl,
				 "DRM_IOCTL_IVPU_BO_CREATE" },
	[DRM_IVPU_BO_INFO] = { DRM_IOCTL_IVPU_BO_INFO, ivpu_bo_info_ioctl,
			       "DRM_IOCTL_IVPU_BO_INFO" },
	[DRM_IVPU_SUBMIT] = { DRM_IOCTL_IVPU_SUBMIT, ivpu_submit_ioctl,
			      "DRM_IOCTL_IVPU_SUBMIT" },
	[DRM_IVPU_BO_WAIT] = { DRM_IOCTL_IVPU_BO_WAIT, ivpu_bo_wait_ioctl,
			       "DRM_IOCTL_IVPU_BO_WAIT" },
	[DRM_IVPU_METRIC_STREAMER_START] = { DRM_IOCTL_IVPU_METRIC_STREAMER_START,
					     ivpu_ms_start_ioctl,
					     "DRM_IOCTL_IVPU_METRIC_STREAMER_START" },
	[DRM_IVPU_METRIC_STREAMER_STOP] = { DRM_IOCTL_IVPU_METRIC_STREAMER_STOP,
					    ivpu_ms_stop_ioctl,
					    "DRM_IOCTL_IVPU_METRIC_STREAMER_STOP" },
	[DRM_IVPU_METRIC_STREAMER_GET_DATA] = { DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA,
						ivpu_ms_get_data_ioctl,
						"DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA" },
	[DRM_IVPU_METRIC_STREAMER_GET_INFO] = { DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO,
						ivpu_ms_get_info_ioctl,
						"DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO" },
	[DRM_IVPU_CMDQ_CREATE] = { DRM_IOCTL_IVPU_CMDQ_CREATE, ivpu_cmdq_create_ioctl,
				   "DRM_IOCTL_IVPU_CMDQ_CREATE" },
	[DRM_IVPU_CMDQ_DESTROY] = { DRM_IOCTL_IVPU_CMDQ_DESTROY, ivpu_cmdq_destroy_ioctl,
				    "DRM_IOCTL_IVPU_CMDQ_DESTROY" },
	[DRM_IVPU_CMDQ_SUBMIT] = { DRM_IOCTL_IVPU_CMDQ_SUBMIT, ivpu_cmdq_submit_ioctl,
				   "DRM_IOCTL_IVPU_CMDQ_SUBMIT" },
	[DRM_IVPU_BO_CREATE_FROM_USERPTR] = { DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR,
					      ivpu_bo_userptr_ioctl,
					      "DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR" },
};

const struct shim_driver shim_ivpu_driver = {
	.name = "intel_vpu",
	.model = ivpu_find_model,
	.desc = "Driver for Intel NPU (Neural Processing Unit)",
	.version = { 1, 0, 0 },		/* DRIVER_MAJOR, DRIVER_MINOR */
	.populate = ivpu_populate,
	.open = ivpu_open,
	.release = ivpu_release,
	.mmap = ivpu_mmap,
	.ioctls = ivpu_ioctls,
	.num_ioctls = sizeof(ivpu_ioctls) / sizeof(ivpu_ioctls[0]),
	/* DRIVER_GEM; ivpu_gem_prime_import() takes foreign dma-bufs */
	.features = SHIM_DRIVER_GEM | SHIM_DRIVER_PRIME_IMPORT,
};
