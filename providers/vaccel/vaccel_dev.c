// SPDX-License-Identifier: MIT
/*
 * vaccel provider: matching the device, opening a context (any number of
 * opens; each file has its own GEM handles and syncobjs, and BOs of all
 * files share the device's address space) and describing the device from
 * GET_PARAM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vaccel.h"

static const struct accel_context_ops vaccel_ctx_ops;

int vaccel_get_param(int fd, uint32_t param, uint64_t *value)
{
	struct drm_vaccel_get_param p = { .param = param };
	int ret = accel_ioctl(fd, DRM_IOCTL_VACCEL_GET_PARAM, &p);

	if (!ret)
		*value = p.value;
	return ret;
}

/* the core has checked the driver name: fd is a vaccel node */
static struct accel_context *vaccel_open(struct accel_device *dev, int fd)
{
	uint64_t engines, max_bo, base, inst = 0;
	struct vaccel_context *ctx;
	int ret;

	ret = vaccel_get_param(fd, DRM_VACCEL_PARAM_NUM_ENGINES, &engines);
	if (!ret)
		ret = vaccel_get_param(fd, DRM_VACCEL_PARAM_MAX_BO_SIZE, &max_bo);
	if (!ret)
		ret = vaccel_get_param(fd, DRM_VACCEL_PARAM_DEVICE_ADDR_BASE, &base);
	if (ret) {
		errno = -accel_set_reason(ret, "%s: vaccel GET_PARAM: %s", dev->name,
					  strerror(-ret));
		return NULL;
	}
	vaccel_get_param(fd, DRM_VACCEL_PARAM_INSTANCE, &inst);
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ret = accel_gem_table_init(&ctx->gem, fd);
	if (ret) {
		free(ctx);
		errno = -ret;
		return NULL;
	}
	ctx->num_engines = (uint32_t)engines;
	ctx->instance = (uint32_t)inst;
	ctx->max_bo_size = max_bo;
	ctx->addr_base = base;
	ctx->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	accel_init_context(&ctx->base, dev, fd, &vaccel_ctx_ops);
	return &ctx->base;
}

static void vaccel_close(struct accel_context *c)
{
	struct vaccel_context *ctx = to_vaccel_ctx(c);

	/* every BO holds a context reference, so none is left here */
	accel_gem_table_fini(&ctx->gem);
	free(ctx);
}

/* the core has filled driver, version, provider and caps */
static int vaccel_query_device(struct accel_context *c,
			       struct accel_device_attr *attr)
{
	struct vaccel_context *ctx = to_vaccel_ctx(c);
	uint64_t cmd = 0, size = 0, used = 0;

	snprintf(attr->card_name, sizeof(attr->card_name),
		 "vaccel reference accelerator (vaccel.%u)", ctx->instance);
	/* the engines' firmware is the command format they execute */
	if (!vaccel_get_param(c->fd, DRM_VACCEL_PARAM_CMD_VERSION, &cmd))
		snprintf(attr->fw_version, sizeof(attr->fw_version),
			 "soft command format %llu", (unsigned long long)cmd);
	if (!vaccel_get_param(c->fd, DRM_VACCEL_PARAM_MEM_SIZE, &size) &&
	    !vaccel_get_param(c->fd, DRM_VACCEL_PARAM_MEM_USED, &used)) {
		/* shmem, not device memory: the module's budget for BOs */
		attr->mem_total = size;
		attr->mem_free = used < size ? size - used : 0;
	}
	attr->max_bo_size = ctx->max_bo_size;
	attr->bo_align = ctx->page_size;
	attr->state = ACCEL_STATE_OPERATIONAL;
	return 0;
}

static const struct accel_context_ops vaccel_ctx_ops = {
	.close = vaccel_close,
	.query_device = vaccel_query_device,
	.query_mem_domains = vaccel_query_mem_domains,
	.query_engines = vaccel_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE,
	.bo_alloc = vaccel_bo_alloc,
	.bo_destroy = vaccel_bo_destroy,
	.bo_map = vaccel_bo_map,
	.bo_unmap = vaccel_bo_unmap,
	.bo_cpu_prep = vaccel_bo_cpu_prep,
	.bo_export_dmabuf = vaccel_bo_export_dmabuf,
	.bo_import_dmabuf = vaccel_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	.queue_create = vaccel_queue_create,
	.queue_destroy = vaccel_queue_destroy,
	/* wait points and sync_files become SUBMIT's in-syncobjs */
	.submit_caps = ACCEL_PROV_WAIT_POINTS | ACCEL_PROV_IN_FENCES,
	.submit = vaccel_submit,
	.fence_wait = vaccel_fence_wait,
	.fence_export_sync_file = vaccel_fence_export_sync_file,
};

static const struct accel_match_ent vaccel_match[] = {
	/* an accel node (the accel class): DRM_IOCTL_VERSION's name */
	ACCEL_DRIVER_MATCH(DRM_VACCEL_DRIVER_NAME, NULL),
	ACCEL_MATCH_TABLE_END,
};

const struct accel_provider vaccel_provider = {
	.name = "vaccel",
	.match_table = vaccel_match,
	.open = vaccel_open,
	.query_usage = vaccel_query_usage,
};

ACCEL_PROVIDER(vaccel, vaccel_provider)
