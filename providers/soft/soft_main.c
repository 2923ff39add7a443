// SPDX-License-Identifier: MIT
/*
 * The soft provider: libaccel's userspace reference device, which exists
 * on every machine so that programs and tests run without an accelerator
 * (what rxe is to rdma-core). It adds softN devices on every scan, and
 * each open gives a context with its own device address space.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soft.h"

static int soft_query_device(struct accel_context *actx,
			     struct accel_device_attr *attr)
{
	struct soft_context *ctx = to_soft_ctx(actx);
	uint64_t page = soft_page_size();
	long pages = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);

	snprintf(attr->driver, sizeof(attr->driver), "soft");
	snprintf(attr->provider, sizeof(attr->provider), "soft");
	snprintf(attr->fw_version, sizeof(attr->fw_version), "soft-cmd-%d",
		 SOFTDV_CMD_VERSION);
	snprintf(attr->card_name, sizeof(attr->card_name),
		 "libaccel soft device %u (%s memory)", ctx->index,
		 ctx->heap_memory ? "dma-heap" : "memfd");
	attr->driver_version_major = 1;
	attr->caps = ACCEL_CAP_DMABUF_IMPORT | ACCEL_CAP_SUBMIT |
		     ACCEL_CAP_HOST_MAP | ACCEL_CAP_QUEUE_FD;
	if (ctx->heap_memory || soft_have_udmabuf())
		attr->caps |= ACCEL_CAP_DMABUF_EXPORT;
	/* the device's memory is the host's */
	attr->mem_total = pages > 0 ? (uint64_t)pages * page : 0;
	attr->mem_free = avail > 0 ? (uint64_t)avail * page : 0;
	attr->max_bo_size = SOFTDV_MAX_BO_SIZE;
	attr->bo_align = page;
	attr->max_queues = 0;
	attr->num_engines = 1;
	return 0;
}

/* Called when the last reference to the context goes */
static void soft_close(struct accel_context *actx)
{
	struct soft_context *ctx = to_soft_ctx(actx);

	/*
	 * Queues and BOs hold references to their context, so by now the
	 * core has destroyed them all: nothing runs, nothing is mapped.
	 */
	free(ctx->ranges);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
}

static const struct accel_context_ops soft_ctx_ops = {
	.close = soft_close,
	.query_device = soft_query_device,
	.bo_alloc = soft_bo_alloc,
	.bo_destroy = soft_bo_destroy,
	.bo_map = soft_bo_map,
	.bo_unmap = soft_bo_unmap,
	.bo_export_dmabuf = soft_bo_export_dmabuf,
	.bo_import_dmabuf = soft_bo_import_dmabuf,
	.queue_create = soft_queue_create,
	.queue_destroy = soft_queue_destroy,
	.queue_shutdown = soft_queue_shutdown,
	.submit = soft_submit,
	.wait = soft_wait,
	.queue_get_fd = soft_queue_get_fd,
	.queue_completed = soft_queue_completed,
};

static struct accel_context *soft_open(struct accel_device *dev, int fd)
{
	struct soft_context *ctx;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return errno = ENOMEM, NULL;
	pthread_mutex_init(&ctx->lock, NULL);
	ctx->heap_memory = soft_config_heap_memory();
	ctx->index = (unsigned int)strtoul(dev->name + strlen("soft"), NULL, 10);
	accel_init_context(&ctx->base, dev, -1, &soft_ctx_ops);
	return &ctx->base;
}

static int soft_scan(struct accel_scan *scan)
{
	const char *source;
	unsigned int i, n = soft_config_devices(&source);
	char name[16];

	if (!n)
		accel_report("soft: no soft device: %s sets their number to 0",
			     source);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "soft%u", i);
		if (!accel_scan_add_userspace_device(scan, name, "soft", NULL))
			return -errno;
	}
	return 0;
}

static const struct accel_match_ent soft_match[] = {
	ACCEL_MATCH_TABLE_END
};

static const struct accel_provider soft_provider = {
	.name = "soft",
	.match_table = soft_match,
	.scan = soft_scan,
	.open = soft_open,
};

ACCEL_PROVIDER(soft, soft_provider);
