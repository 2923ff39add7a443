// SPDX-License-Identifier: MIT
/*
 * habanalabs provider: matching, opening the one compute context a device
 * allows, and describing the device from HL_INFO, through the compute node
 * or through the control node (accel_controlDN), which stays open to any
 * number of processes while one holds the compute node.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hl.h"

int hl_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int hl_info(int fd, uint32_t op, uint32_t arg, void *buf, uint32_t len)
{
	struct hl_info_args a = {
		.return_pointer = (uintptr_t)buf,
		.return_size = len,
		.op = op,
		.ctx_id = arg,
	};

	return hl_ioctl(fd, DRM_IOCTL_HL_INFO, &a);
}

int hl_check_ctx(struct accel_context **ctx)
{
	/* a reference, so a concurrent close cannot free ctx under us */
	int ret = accel_context_lookup_prov(ctx, &hl_provider);

	if (ret)
		return accel_set_reason(ret, "hldv: not a live habanalabs context");
	return 0;
}

/*
 * hl_device_open() refuses a second compute opener with EBUSY while a
 * context is active, and EAGAIN while one is being released or the
 * device resets: say so, since the errno alone does not tell a user
 * that another process holds the device.
 */
static int hl_open_node(struct accel_device *dev)
{
	int fd = open(dev->node, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case EBUSY:
		accel_report("%s: busy: another process has the habanalabs device open (one compute context per device); accel_devinfo still describes it through accel_controlD%u",
			     dev->name, dev->info.minor);
		return accel_set_reason(-EBUSY,
					"%s: another process has the habanalabs device open (one compute context per device)",
					dev->name);
	case EAGAIN:
		accel_report("%s: the device is resetting or its last user is still releasing it; try again",
			     dev->name);
		return accel_set_reason(-EAGAIN,
					"%s: the habanalabs device is resetting or being released; try again",
					dev->name);
	case EPERM:
		accel_report("%s: the device is disabled (malfunction or needs reset)",
			     dev->name);
		return accel_set_reason(-EPERM,
					"%s: the habanalabs device is disabled (malfunction or needs reset)",
					dev->name);
	default:
		return accel_set_reason(-errno, "%s: %s", dev->node, strerror(errno));
	}
}

/* the core has checked the driver name; ours is the one context */
static struct accel_context *hl_open(struct accel_device *dev, int fd)
{
	struct hl_context *ctx;
	int ret;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ret = hl_info(fd, HL_INFO_HW_IP_INFO, 0, &ctx->hw, sizeof(ctx->hw));
	if (ret) {
		free(ctx);
		errno = -accel_set_reason(ret, "%s: HL_INFO_HW_IP_INFO: %s", dev->name,
					  strerror(-ret));
		return NULL;
	}
	ctx->dram_virtual = ctx->hw.device_id == HL_GAUDI2_ID;
	hl_init_engines(ctx);
	pthread_mutex_init(&ctx->zombie_lock, NULL);
	accel_init_context(&ctx->base, dev, fd, &hl_ctx_ops);
	return &ctx->base;
}

/* the core closes the fd after, which releases what the kernel holds */
static void hl_close(struct accel_context *c)
{
	struct hl_context *ctx = to_hl_ctx(c);

	hl_free_zombies(ctx);
	pthread_mutex_destroy(&ctx->zombie_lock);
	free(ctx);
}

/* a fixed-size kernel string into a C string, cut to fit */
static void copy_str(char *dst, size_t dlen, const uint8_t *src, size_t slen)
{
	size_t n = strnlen((const char *)src, slen);

	if (n >= dlen)
		n = dlen - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static uint32_t hl_state(uint32_t status)
{
	switch (status) {
	case HLDV_STATUS_OPERATIONAL:
		return ACCEL_STATE_OPERATIONAL;
	case HLDV_STATUS_IN_RESET:
	case HLDV_STATUS_IN_DEVICE_CREATION:
	case HLDV_STATUS_IN_RESET_AFTER_DEVICE_RELEASE:
		return ACCEL_STATE_IN_RESET;
	case HLDV_STATUS_MALFUNCTION:
		return ACCEL_STATE_MALFUNCTION;
	case HLDV_STATUS_NEEDS_RESET:
		return ACCEL_STATE_NEEDS_RESET;
	default:
		return ACCEL_STATE_UNKNOWN;
	}
}

/* the core has filled driver, version, PCI ids, provider and caps */
int hl_query_device(struct accel_context *c, struct accel_device_attr *attr)
{
	struct hl_context *ctx = to_hl_ctx(c);
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_info_dram_usage du = { 0 };
	struct hl_info_device_status st = { 0 };
	int ret;

	hl_reap_zombies(ctx);
	ret = hl_info(c->fd, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw));
	if (!ret)
		ret = hl_info(c->fd, HL_INFO_DRAM_USAGE, 0, &du, sizeof(du));
	if (ret)
		return accel_set_reason(ret, "habanalabs: HL_INFO: %s", strerror(-ret));
	copy_str(attr->fw_version, sizeof(attr->fw_version), hw.cpucp_version,
		 sizeof(hw.cpucp_version));
	copy_str(attr->card_name, sizeof(attr->card_name), hw.card_name,
		 sizeof(hw.card_name));
	/* one compute open per device (hl_device_open) */
	attr->caps |= ACCEL_CAP_EXCLUSIVE_OPEN;
	if (!hl_info(c->fd, HL_INFO_DEVICE_STATUS, 0, &st, sizeof(st)))
		attr->state = hl_state(st.status);
	if (ctx->dram_virtual && hw.dram_enabled) {
		attr->mem_total = hw.dram_size;
		attr->mem_free = du.dram_free_mem;
		attr->max_bo_size = hw.dram_size;
	}
	attr->bo_align = hw.device_mem_alloc_default_page_size ?
			 hw.device_mem_alloc_default_page_size : HL_PAGE_SIZE;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* hldv: device description                                                 */
/* ------------------------------------------------------------------------ */

static void fill_info(int fd, struct hldv_device_info *out)
{
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_info_device_status st = { 0 };
	struct hl_info_dram_usage du = { 0 };
	struct hl_open_stats_info os = { 0 };
	struct hl_info_reset_count rc = { 0 };

	/* all of these are answered even when the device is in reset */
	if (!hl_info(fd, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw))) {
		out->device_id = hw.device_id;
		out->revision_id = hw.revision_id;
		out->module_id = hw.module_id;
		copy_str(out->card_name, sizeof(out->card_name), hw.card_name,
			 sizeof(hw.card_name));
		copy_str(out->cpucp_version, sizeof(out->cpucp_version),
			 hw.cpucp_version, sizeof(hw.cpucp_version));
		out->dram_base_address = hw.dram_base_address;
		out->dram_size = hw.dram_size;
		out->dram_page_size = hw.dram_page_size;
		out->sram_base_address = hw.sram_base_address;
		out->sram_size = hw.sram_size;
		out->security_enabled = hw.security_enabled;
		out->tpc_enabled_mask = hw.tpc_enabled_mask_ext ? hw.tpc_enabled_mask_ext
								 : hw.tpc_enabled_mask;
		out->decoder_enabled_mask = hw.decoder_enabled_mask;
		out->edma_enabled_mask = hw.edma_enabled_mask;
		out->server_type = hw.server_type;
	}
	if (!hl_info(fd, HL_INFO_DEVICE_STATUS, 0, &st, sizeof(st)))
		out->status = st.status;
	if (!hl_info(fd, HL_INFO_DRAM_USAGE, 0, &du, sizeof(du))) {
		out->dram_free = du.dram_free_mem;
		out->dram_used_by_ctx = du.ctx_dram_mem;
	}
	if (!hl_info(fd, HL_INFO_OPEN_STATS, 0, &os, sizeof(os))) {
		out->open_counter = os.open_counter;
		out->compute_ctx_active = os.is_compute_ctx_active;
	}
	if (!hl_info(fd, HL_INFO_RESET_COUNT, 0, &rc, sizeof(rc))) {
		out->hard_reset_count = rc.hard_reset_cnt;
		out->soft_reset_count = rc.soft_reset_cnt;
	}
}

static int copy_info(const struct hldv_device_info *in, struct hldv_device_info *info,
		     size_t info_size)
{
	if (!info || !info_size)
		return accel_set_reason(-EINVAL, "hldv: NULL info");
	memset(info, 0, info_size);
	memcpy(info, in, info_size < sizeof(*in) ? info_size : sizeof(*in));
	return 0;
}

/*
 * The device's control node, which answers HL_INFO while the compute node
 * is held; checked to be one (it answers HW_IP_INFO). An fd or -errno.
 */
int hl_control_open_node(const struct accel_device *dev)
{
	struct hl_info_hw_ip_info hw = { 0 };
	char node[PATH_MAX];
	int fd, ret;

	snprintf(node, sizeof(node), "%s/accel/accel_controlD%u", accel_dev_root(),
		 dev->info.minor);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return accel_set_reason(-errno, "%s: %s", node, strerror(errno));
	ret = hl_info(fd, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw));
	if (ret) {
		close(fd);
		return accel_set_reason(ret, "%s: HL_INFO_HW_IP_INFO: %s", node, strerror(-ret));
	}
	return fd;
}

/* the same for a public call, which checks the device first */
int hl_control_open(const struct accel_device *dev, const char *fn)
{
	struct accel_device *d = (struct accel_device *)dev;
	int ret;

	if (accel_device_lookup(&d))
		return accel_set_reason(-ESTALE, "%s: not a live device", fn);
	if (strcmp(d->driver, "habanalabs") || !d->node[0])
		ret = accel_set_reason(-EOPNOTSUPP, "%s: %s is a %s device, not habanalabs", fn,
				       d->name, d->driver);
	else
		ret = hl_control_open_node(d);
	accel_device_put(d);
	return ret;
}

/* The device through its control node, which answers while it is held */
static int hl_control_query(const struct accel_device *dev,
			    struct hldv_device_info *out)
{
	int fd = hl_control_open_node(dev);

	if (fd < 0)
		return fd;
	fill_info(fd, out);
	close(fd);
	return 0;
}

HLDV_EXPORT int hldv_device_query(const struct accel_device *dev,
				  struct hldv_device_info *info, size_t info_size)
{
	struct hldv_device_info tmp = { 0 };
	int fd;

	if (!dev || !info || !info_size)
		return accel_set_reason(-EINVAL, "hldv_device_query: NULL device or info");
	/* checks the device before we touch it */
	fd = hl_control_open(dev, "hldv_device_query");
	if (fd < 0)
		return fd;
	fill_info(fd, &tmp);
	close(fd);
	return copy_info(&tmp, info, info_size);
}

/* accel_describe_device(): the control node, so a held device is described */
static int hl_describe(struct accel_device *dev, struct accel_device_attr *attr)
{
	struct hldv_device_info hi = { 0 };
	int ret;

	ret = hl_control_query(dev, &hi);
	if (ret)
		return ret;
	snprintf(attr->card_name, sizeof(attr->card_name), "%s", hi.card_name);
	snprintf(attr->fw_version, sizeof(attr->fw_version), "%.*s",
		 (int)sizeof(attr->fw_version) - 1, hi.cpucp_version);
	attr->pci_device_id = hi.device_id;
	attr->state = hl_state(hi.status);
	attr->in_use = hi.compute_ctx_active ? 1 : 0;
	attr->mem_total = hi.dram_size;
	attr->mem_free = hi.dram_free;
	attr->caps = ACCEL_CAP_EXCLUSIVE_OPEN;
	return 0;
}

HLDV_EXPORT int hldv_query_device(struct accel_context *ctx,
				  struct hldv_device_info *info, size_t info_size)
{
	struct hldv_device_info tmp = { 0 };

	int ret;

	if (!ctx || !info || !info_size)
		return accel_set_reason(-EINVAL, "hldv_query_device: NULL context or info");
	ret = hl_check_ctx(&ctx);
	if (ret)
		return ret;
	fill_info(ctx->fd, &tmp);
	accel_context_put(ctx);
	return copy_info(&tmp, info, info_size);
}

HLDV_EXPORT int hldv_device_status(struct accel_context *ctx)
{
	struct hl_info_device_status st = { 0 };
	int ret;

	ret = hl_check_ctx(&ctx);
	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_DEVICE_STATUS, 0, &st, sizeof(st));
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "hldv_device_status: HL_INFO_DEVICE_STATUS: %s",
					strerror(-ret));
	return (int)st.status;
}

HLDV_EXPORT int hldv_info(struct accel_context *ctx, uint32_t op, uint32_t arg,
			  void *buf, uint32_t len)
{
	int ret;

	if (!ctx || !buf || !len)
		return accel_set_reason(-EINVAL, "hldv_info: NULL context or buffer, or len 0");
	ret = hl_check_ctx(&ctx);
	if (ret)
		return ret;
	ret = hl_info(ctx->fd, op, arg, buf, len);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "hldv_info: HL_INFO opcode %u: %s", op,
					strerror(-ret));
	return 0;
}

/* ------------------------------------------------------------------------ */
/* registration                                                             */
/* ------------------------------------------------------------------------ */

/*
 * No sync_files either way and no kernel dependencies: the core resolves
 * in-fences and wait points with a CPU wait in accel_submit().
 */
const struct accel_context_ops hl_ctx_ops = {
	.close = hl_close,
	.query_device = hl_query_device,
	.query_mem_domains = hl_query_mem_domains,
	.query_engines = hl_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_CONTIGUOUS,
	.bo_alloc = hl_bo_alloc,
	.bo_destroy = hl_bo_destroy,
	.bo_map = hl_bo_map,
	.bo_unmap = hl_bo_unmap,
	.bo_export_dmabuf = hl_bo_export_dmabuf,
	.queue_create = hl_queue_create,
	.queue_destroy = hl_queue_destroy,
	.submit = hl_submit,
	.fence_wait = hl_fence_wait,
};

static const struct accel_match_ent hl_match[] = {
	ACCEL_DRIVER_MATCH("habanalabs", NULL),
	ACCEL_PCI_MATCH(0x1da3, 0x0001, "goya"),
	ACCEL_PCI_MATCH(0x1da3, 0x1000, "gaudi"),
	ACCEL_PCI_MATCH(0x1da3, 0x1010, "gaudi-sec"),
	ACCEL_PCI_MATCH(0x1da3, 0x1020, "gaudi2"),
	ACCEL_MATCH_TABLE_END,
};

const struct accel_provider hl_provider = {
	.name = "habanalabs",
	.match_table = hl_match,
	.open = hl_open,
	.open_node = hl_open_node,
	.describe = hl_describe,
	.query_usage = hl_query_usage,
	.describe_props = hl_describe_props,
};

ACCEL_PROVIDER(habanalabs, hl_provider)
