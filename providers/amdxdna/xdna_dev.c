// SPDX-License-Identifier: MIT
/*
 * amdxdna provider: matching, opening, and describing the device from
 * GET_INFO and the driver's sysfs attributes (vbnv, device_type,
 * fw_version on the PCI device, amdxdna_sysfs.c).
 *
 * The kernel has two names for the driver: the PCI driver (and the sysfs
 * driver link the scan reads) is "amdxdna", the DRM driver that
 * DRM_IOCTL_VERSION answers at open is "amdxdna_accel_driver". The match
 * table names both, so the core's open-time check passes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdxdna.h"

static struct accel_context *xdna_open(struct accel_device *dev, int fd)
{
	struct xdna_context *ctx;
	char buf[32];
	int ret;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ret = accel_gem_table_init(&ctx->gem, fd);
	if (ret) {
		free(ctx);
		errno = -ret;
		return NULL;
	}
	ctx->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	ctx->device_type = AMDXDNA_DEV_TYPE_UNKNOWN;
	if (accel_read_sysfs(dev, "device/device_type", buf, sizeof(buf)) > 0)
		ctx->device_type = (int32_t)strtol(buf, NULL, 10);
	pthread_mutex_init(&ctx->heap_lock, NULL);
	accel_init_context(&ctx->base, dev, fd, &xdna_ctx_ops);
	return &ctx->base;
}

/* every BO and queue holds a context reference: none is left here */
static void xdna_close(struct accel_context *c)
{
	struct xdna_context *ctx = to_xdna_ctx(c);

	xdna_heap_fini(ctx);
	accel_gem_table_fini(&ctx->gem);
	pthread_mutex_destroy(&ctx->heap_lock);
	free(ctx);
}

/* a sysfs string attribute without its newline; 0 or -errno */
static int read_attr(const struct accel_device *dev, const char *attr, char *buf,
		     size_t len)
{
	int n = accel_read_sysfs(dev, attr, buf, len);

	if (n < 0)
		return n;
	buf[strcspn(buf, "\n")] = 0;
	return buf[0] ? 0 : -ENODATA;
}

int xdna_query_device(struct accel_context *c, struct accel_device_attr *attr)
{
	struct xdna_context *ctx = to_xdna_ctx(c);
	struct amdxdna_drm_query_firmware_version fw = { 0 };
	struct amdxdna_drm_get_resource_info res = { 0 };
	uint32_t size = sizeof(fw);

	if (!xdna_get_info(c->fd, DRM_AMDXDNA_QUERY_FIRMWARE_VERSION, &fw, &size)) {
		snprintf(attr->fw_version, sizeof(attr->fw_version), "%u.%u.%u.%u",
			 fw.major, fw.minor, fw.patch, fw.build);
		attr->state = ACCEL_STATE_OPERATIONAL;
	}
	if (read_attr(c->dev, "device/vbnv", attr->card_name, sizeof(attr->card_name)))
		snprintf(attr->card_name, sizeof(attr->card_name), "AMD NPU %04x",
			 attr->pci_device_id);
	size = sizeof(res);
	if (!xdna_get_info(c->fd, DRM_AMDXDNA_QUERY_RESOURCE_INFO, &res, &size) &&
	    res.npu_task_max <= UINT32_MAX)
		attr->max_queues = (uint32_t)res.npu_task_max;
	/* the NPU does not snoop the CPU caches: SYNC_BO around CPU access */
	attr->caps |= ACCEL_CAP_CPU_PREP;
	attr->bo_align = ctx->page_size;
	return 0;
}

/*
 * Three domains from the CREATE_BO types. None is coherent (SYNC_BO
 * brackets CPU access). DEV BOs are carved from the file's DEV heap at
 * device addresses from AIE2_DEVM_BASE; PRIME refuses them
 * (amdxdna_gem_dev_obj_export(): -EOPNOTSUPP).
 */
int xdna_query_mem_domains(struct accel_context *c, struct accel_mem_domain *d,
			   uint32_t max)
{
	struct xdna_context *ctx = to_xdna_ctx(c);
	static const char *const names[XDNA_NUM_DOMAINS] = { "share", "cmd", "dev" };
	uint32_t i;

	for (i = 0; i < XDNA_NUM_DOMAINS && i < max; i++) {
		memset(&d[i], 0, sizeof(d[i]));
		d[i].id = i;
		snprintf(d[i].name, sizeof(d[i].name), "%s", names[i]);
		d[i].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_CACHED;
		d[i].granule = ctx->page_size;
	}
	if (max > XDNA_DOMAIN_SHARE)
		d[XDNA_DOMAIN_SHARE].flags |= ACCEL_DOMAIN_EXPORTABLE | ACCEL_DOMAIN_IMPORTABLE;
	/* a CMD BO is a SHARE BO the kernel counts as internal */
	if (max > XDNA_DOMAIN_CMD)
		d[XDNA_DOMAIN_CMD].flags |= ACCEL_DOMAIN_COMMAND | ACCEL_DOMAIN_EXPORTABLE;
	if (max > XDNA_DOMAIN_DEV) {
		struct accel_mem_domain *dev = &d[XDNA_DOMAIN_DEV];

		dev->flags |= ACCEL_DOMAIN_DEVICE_LOCAL;
		dev->granule = XDNA_DEV_BO_ALIGN;
		dev->max_bo_size = XDNA_DEVM_SIZE;
		dev->va_start = XDNA_DEVM_BASE;
		dev->va_end = XDNA_DEVM_BASE + XDNA_DEVM_SIZE;
		dev->total = XDNA_DEVM_SIZE;
		pthread_mutex_lock(&ctx->heap_lock);
		dev->free = XDNA_DEVM_SIZE - ctx->heap_used;
		pthread_mutex_unlock(&ctx->heap_lock);
	}
	return XDNA_NUM_DOMAINS;
}

/*
 * One engine class: hardware contexts. A context runs only the CUs it
 * was configured with, so accel_queue_create() refuses it (the core says
 * why) and amdxdnadv_hwctx_create() makes the queues.
 */
int xdna_query_engines(struct accel_context *c, struct accel_engine_info *e,
		       uint32_t max)
{
	(void)c;
	if (max < 1)
		return 1;
	memset(e, 0, sizeof(*e));
	e->id = 0;
	e->flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER |
		   ACCEL_ENGINE_NEEDS_PROGRAM;
	snprintf(e->name, sizeof(e->name), "hwctx");
	e->count = 0;		/* contexts are made, not chosen */
	e->min_priority = -1;	/* AMDXDNA_QOS_LOW_PRIORITY */
	e->max_priority = 2;	/* AMDXDNA_QOS_REALTIME_PRIORITY */
	e->max_in_flight = XDNA_MAX_IN_FLIGHT;
	e->max_bos = XDNA_MAX_ARGS;
	return 1;
}

/* accel_describe_device(): the sysfs attributes, no open */
static int xdna_describe(struct accel_device *dev, struct accel_device_attr *attr)
{
	char buf[64];

	if (!read_attr(dev, "device/vbnv", buf, sizeof(buf)))
		snprintf(attr->card_name, sizeof(attr->card_name), "%s", buf);
	if (!read_attr(dev, "device/fw_version", buf, sizeof(buf)))
		snprintf(attr->fw_version, sizeof(attr->fw_version), "%s", buf);
	attr->caps |= ACCEL_CAP_CPU_PREP;
	return 0;
}

const struct accel_context_ops xdna_ctx_ops = {
	.close = xdna_close,
	.query_device = xdna_query_device,
	.query_mem_domains = xdna_query_mem_domains,
	.query_engines = xdna_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL,
	.bo_alloc = xdna_bo_alloc,
	.bo_destroy = xdna_bo_destroy,
	.bo_map = xdna_bo_map,
	.bo_unmap = xdna_bo_unmap,
	.bo_cpu_prep = xdna_bo_cpu_prep,
	.bo_cpu_fini = xdna_bo_cpu_fini,
	.bo_export_dmabuf = xdna_bo_export_dmabuf,
	.bo_import_dmabuf = xdna_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	/* queue_create NULL: only amdxdnadv_hwctx_create() makes queues */
	.queue_destroy = xdna_queue_destroy,
	.submit = xdna_submit,
	.fence_wait = xdna_fence_wait,
	.fence_export_sync_file = xdna_fence_export_sync_file,
};

/* drivers/accel/amdxdna/amdxdna_pci_drv.c pci_ids[] of Linux 7.2 */
static const struct accel_match_ent xdna_match[] = {
	ACCEL_DRIVER_MATCH("amdxdna", NULL),
	ACCEL_DRIVER_MATCH(XDNA_DRM_NAME, NULL),
	ACCEL_PCI_MATCH(0x1022, 0x1502, "npu1"),
	ACCEL_PCI_MATCH(0x1022, 0x17f0, "npu4"),	/* rev 0x10 npu4, 0x11 npu5, 0x20 npu6 */
	ACCEL_PCI_MATCH(0x1022, 0x17f2, "npu3-pf"),
	ACCEL_PCI_MATCH(0x1022, 0x17f3, "npu3-vf"),
	ACCEL_PCI_MATCH(0x1022, 0x1b0b, "npu3-pf"),
	ACCEL_PCI_MATCH(0x1022, 0x1b0c, "npu3-vf"),
	ACCEL_MATCH_TABLE_END,
};

const struct accel_provider xdna_provider = {
	.name = "amdxdna",
	.match_table = xdna_match,
	.open = xdna_open,
	.describe = xdna_describe,
	.query_usage = xdna_query_usage,
};

ACCEL_PROVIDER(amdxdna, xdna_provider)
