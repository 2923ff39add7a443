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

static bool soft_can_export(struct soft_context *ctx)
{
	return ctx->heap_memory || soft_have_udmabuf();
}

/* The core filled the generic attributes; add what only soft knows */
static int soft_query_device(struct accel_context *actx,
			     struct accel_device_attr *attr)
{
	struct soft_context *ctx = to_soft_ctx(actx);
	uint64_t page = soft_page_size();
	long avail = sysconf(_SC_AVPHYS_PAGES);

	snprintf(attr->fw_version, sizeof(attr->fw_version), "soft-cmd-%d",
		 SOFTDV_CMD_VERSION);
	snprintf(attr->card_name, sizeof(attr->card_name),
		 "libaccel soft device %u (%s memory)", ctx->index,
		 ctx->heap_memory ? "dma-heap" : "memfd");
	attr->driver_version_major = 1;
	/* the worker waits for dependencies; there is no kernel fence */
	attr->caps |= ACCEL_CAP_DMABUF_IMPORT | ACCEL_CAP_SUBMIT |
		      ACCEL_CAP_HOST_MAP | ACCEL_CAP_QUEUE_FD |
		      ACCEL_CAP_FENCE_IMPORT | ACCEL_CAP_DEPS_ASYNC;
	attr->caps &= ~ACCEL_CAP_FENCE_EXPORT;
	if (soft_can_export(ctx))
		attr->caps |= ACCEL_CAP_DMABUF_EXPORT;
	else
		attr->caps &= ~ACCEL_CAP_DMABUF_EXPORT;
	/* dma-heap memory is a dma-buf: CPU access is bracketed */
	if (ctx->heap_memory)
		attr->caps |= ACCEL_CAP_CPU_PREP;
	else
		attr->caps &= ~ACCEL_CAP_CPU_PREP;
	/* the device's memory is the host's */
	attr->mem_total = soft_mem_limit();
	attr->mem_free = avail > 0 ? (uint64_t)avail * page : 0;
	attr->max_bo_size = soft_mem_limit();
	attr->bo_align = page;
	attr->max_queues = 0;
	attr->num_engines = 1;
	attr->num_mem_domains = 1;
	return 0;
}

/* One domain: memfds, or system dma-heap buffers (accel_soft(7)) */
static int soft_query_mem_domains(struct accel_context *actx,
				  struct accel_mem_domain *d, uint32_t max)
{
	struct soft_context *ctx = to_soft_ctx(actx);
	long avail = sysconf(_SC_AVPHYS_PAGES);
	uint64_t page = soft_page_size();

	if (!max)
		return 1;
	memset(d, 0, sizeof(*d));
	d->id = 0;
	d->flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_CACHED |
		   ACCEL_DOMAIN_IMPORTABLE | ACCEL_DOMAIN_COMMAND;
	if (!ctx->heap_memory)
		d->flags |= ACCEL_DOMAIN_COHERENT;
	if (soft_can_export(ctx))
		d->flags |= ACCEL_DOMAIN_EXPORTABLE;
	snprintf(d->name, sizeof(d->name), "%s",
		 ctx->heap_memory ? "dma-heap" : "memfd");
	d->granule = page;
	d->max_bo_size = soft_mem_limit();
	d->va_start = SOFT_VA_BASE;
	d->va_end = SOFT_VA_END;
	d->total = soft_mem_limit();
	d->free = avail > 0 ? (uint64_t)avail * page : 0;
	return 1;
}

/*
 * One engine class with one instance; any number of queues can be made
 * on it, each a worker thread of its own (max_queues 0).
 */
static int soft_query_engines(struct accel_context *actx,
			      struct accel_engine_info *e, uint32_t max)
{
	(void)actx;
	if (!max)
		return 1;
	memset(e, 0, sizeof(*e));
	e->id = 0;
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER;
	snprintf(e->name, sizeof(e->name), "soft");
	e->count = 1;
	e->min_priority = 0;
	e->max_priority = 0;
	e->max_in_flight = 0;
	e->max_bos = 0;
	return 1;
}

/* Called when the last reference to the context goes */
static void soft_close(struct accel_context *actx)
{
	struct soft_context *ctx = to_soft_ctx(actx);

	/*
	 * Queues and BOs hold references to their context, so by now the
	 * core has destroyed them all: nothing runs, nothing is mapped.
	 */
	soft_va_fini(ctx);
	soft_pool_fini(ctx);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
}

static const struct accel_context_ops soft_ctx_ops = {
	.close = soft_close,
	.query_device = soft_query_device,
	.query_mem_domains = soft_query_mem_domains,
	.query_engines = soft_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL |
		    ACCEL_BO_CONTIGUOUS,
	.bo_alloc = soft_bo_alloc,
	.bo_destroy = soft_bo_destroy,
	.bo_map = soft_bo_map,
	.bo_unmap = soft_bo_unmap,
	.bo_cpu_prep = soft_bo_cpu_prep,
	.bo_cpu_fini = soft_bo_cpu_fini,
	.bo_export_dmabuf = soft_bo_export_dmabuf,
	.bo_import_dmabuf = soft_bo_import_dmabuf,
	.queue_create = soft_queue_create,
	.queue_destroy = soft_queue_destroy,
	.queue_shutdown = soft_queue_shutdown,
	/* the worker waits for in-fences and wait points: accel_soft(7) */
	.submit_caps = ACCEL_PROV_WAIT_POINTS | ACCEL_PROV_IN_FENCES,
	.submit = soft_submit,
	/* fence_wait NULL: jobs complete through accel_queue_signal() */
	.job_retire = soft_job_retire,
	/* no kernel fence signaller: no sync_file export (accel_soft(7)) */
};

static struct accel_context *soft_open(struct accel_device *dev, int fd)
{
	struct soft_context *ctx;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		errno = -accel_set_reason(-ENOMEM, "soft: no memory");
		return NULL;
	}
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
	.query_usage = soft_query_usage,
};

ACCEL_PROVIDER(soft, soft_provider);
