// SPDX-License-Identifier: MIT
/*
 * ivpu provider: matching the Intel NPU, opening a context (one per open
 * file: its own NPU address space, ivpu_open()) and describing the device
 * from GET_PARAM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ivpu.h"

/* VPU_BOOT_API_VER_INDEX and VPU_JSM_API_VER_INDEX of the firmware API */
#define IVPU_BOOT_API_INDEX 0
#define IVPU_JSM_API_INDEX 4

int ivpu_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int ivpu_get_param(int fd, uint32_t param, uint32_t index, uint64_t *value)
{
	struct drm_ivpu_param p = { .param = param, .index = index };
	int ret = ivpu_ioctl(fd, DRM_IOCTL_IVPU_GET_PARAM, &p);

	if (!ret)
		*value = p.value;
	return ret;
}

static bool ivpu_capable(int fd, uint32_t cap)
{
	uint64_t v = 0;

	return !ivpu_get_param(fd, DRM_IVPU_PARAM_CAPABILITIES, cap, &v) && v;
}

static const char *ivpu_platform_name(uint32_t device_id)
{
	switch (device_id) {
	case 0x7d1d:
		return "Meteor Lake";
	case 0xad1d:
		return "Arrow Lake";
	case 0x643e:
		return "Lunar Lake";
	case 0xb03e:
		return "Panther Lake";
	case 0xfd3e:
		return "Wildcat Lake";
	case 0xd71d:
		return "Nova Lake";
	default:
		return NULL;
	}
}

/* the core has checked the driver name */
static struct accel_context *ivpu_open(struct accel_device *dev, int fd)
{
	struct ivpu_context *ctx;
	uint64_t v = 0;
	int ret;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ret = ivpu_get_param(fd, DRM_IVPU_PARAM_DEVICE_ID, 0, &v);
	if (ret) {
		free(ctx);
		errno = -accel_set_reason(ret, "%s: GET_PARAM(DEVICE_ID): %s",
					  dev->name, strerror(-ret));
		return NULL;
	}
	ctx->device_id = (uint32_t)v;
	if (!ivpu_get_param(fd, DRM_IVPU_PARAM_CONTEXT_BASE_ADDRESS, 0, &v))
		ctx->base_address = v;
	ctx->hws = ivpu_capable(fd, DRM_IVPU_CAP_MANAGE_CMDQ);
	ctx->userptr = ivpu_capable(fd, DRM_IVPU_CAP_BO_CREATE_FROM_USERPTR);
	ctx->dma_range = ivpu_capable(fd, DRM_IVPU_CAP_DMA_MEMORY_RANGE);
	ret = accel_gem_table_init(&ctx->gem, fd);
	if (ret) {
		free(ctx);
		errno = -ret;
		return NULL;
	}
	pthread_mutex_init(&ctx->job_lock, NULL);
	ctx->idle_dmabuf = -1;
	accel_init_context(&ctx->base, dev, fd, &ivpu_ctx_ops);
	return &ctx->base;
}

static void ivpu_close(struct accel_context *c)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);

	/* every BO holds a context reference, so none is left here */
	accel_gem_table_fini(&ctx->gem);
	if (ctx->idle_dmabuf >= 0)
		close(ctx->idle_dmabuf);
	pthread_mutex_destroy(&ctx->job_lock);
	free(ctx);
}

/* the core has filled driver, version, PCI ids, provider and caps */
static int ivpu_query_device(struct accel_context *c,
			     struct accel_device_attr *attr)
{
	struct ivpu_context *ctx = to_ivpu_ctx(c);
	struct accel_mem_domain d[IVPU_NUM_DOMAINS];
	uint64_t boot = 0, jsm = 0, ctxs = 0;
	int i, n;
	const char *plat = ivpu_platform_name(ctx->device_id);
	int ret;

	ret = ivpu_get_param(c->fd, DRM_IVPU_PARAM_NUM_CONTEXTS, 0, &ctxs);
	if (ret)
		return accel_set_reason(ret, "ivpu: GET_PARAM(NUM_CONTEXTS): %s",
					strerror(-ret));
	ivpu_get_param(c->fd, DRM_IVPU_PARAM_FW_API_VERSION, IVPU_BOOT_API_INDEX,
		       &boot);
	ivpu_get_param(c->fd, DRM_IVPU_PARAM_FW_API_VERSION, IVPU_JSM_API_INDEX,
		       &jsm);
	/* the kernel gives API versions, not the firmware's build string */
	snprintf(attr->fw_version, sizeof(attr->fw_version),
		 "boot API %u.%u, JSM API %u.%u", (unsigned int)(boot >> 16),
		 (unsigned int)(boot & 0xffff), (unsigned int)(jsm >> 16),
		 (unsigned int)(jsm & 0xffff));
	if (plat)
		snprintf(attr->card_name, sizeof(attr->card_name), "Intel NPU (%s)", plat);
	else
		snprintf(attr->card_name, sizeof(attr->card_name), "Intel NPU 0x%04x",
			 ctx->device_id);
	attr->pci_device_id = ctx->device_id;
	/* shmem BOs in host memory: no device memory to count */
	attr->bo_align = IVPU_PAGE_SIZE;
	/* the largest range a BO can be placed in */
	n = ivpu_query_mem_domains(c, d, IVPU_NUM_DOMAINS);
	for (i = 0; i < n; i++)
		if (d[i].max_bo_size > attr->max_bo_size)
			attr->max_bo_size = d[i].max_bo_size;
	attr->max_queues = ctx->hws ? IVPU_MAX_CMDQS : 0;
	attr->state = ACCEL_STATE_OPERATIONAL;
	return 0;
}

const struct accel_context_ops ivpu_ctx_ops = {
	.close = ivpu_close,
	.query_device = ivpu_query_device,
	.query_mem_domains = ivpu_query_mem_domains,
	.query_engines = ivpu_query_engines,
	/* shmem pages: never contiguous, never uncached (WC is the nearest) */
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_UNCACHED,
	.bo_alloc = ivpu_bo_alloc,
	.bo_destroy = ivpu_bo_destroy,
	.bo_map = ivpu_bo_map,
	.bo_unmap = ivpu_bo_unmap,
	.bo_export_dmabuf = ivpu_bo_export_dmabuf,
	.bo_import_dmabuf = ivpu_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	.queue_create = ivpu_queue_create,
	.queue_destroy = ivpu_queue_destroy,
	.submit = ivpu_submit,
	.fence_wait = ivpu_fence_wait,
	.job_retire = ivpu_job_retire,
	.fence_export_sync_file = ivpu_fence_export_sync_file,
};

/* drivers/accel/ivpu/ivpu_drv.h of 7.2: the ids ivpu_pci_ids[] claims */
static const struct accel_match_ent ivpu_match[] = {
	ACCEL_DRIVER_MATCH(IVPU_DRIVER_NAME, NULL),
	ACCEL_PCI_MATCH(0x8086, 0x7d1d, "mtl"),
	ACCEL_PCI_MATCH(0x8086, 0xad1d, "arl"),
	ACCEL_PCI_MATCH(0x8086, 0x643e, "lnl"),
	ACCEL_PCI_MATCH(0x8086, 0xb03e, "ptl_p"),
	ACCEL_PCI_MATCH(0x8086, 0xfd3e, "wcl"),
	ACCEL_PCI_MATCH(0x8086, 0xd71d, "nvl"),
	ACCEL_MATCH_TABLE_END,
};

const struct accel_provider ivpu_provider = {
	.name = "ivpu",
	.match_table = ivpu_match,
	.open = ivpu_open,
	.query_usage = ivpu_query_usage,
};

ACCEL_PROVIDER(ivpu, ivpu_provider);
