// SPDX-License-Identifier: MIT
/*
 * qaic provider: matching, opening, describing the device, and the MANAGE
 * message builder and passthrough of qaicdv.h.
 *
 * The kernel has no device-info ioctl: what it tells without firmware is
 * sysfs (dbcN_state on the accel device, the RAS counters ce_count,
 * ue_count and ue_nonfatal_count on the PCI device; the 7.2 driver
 * registers no hwmon). The firmware's NNC version comes from a MANAGE
 * STATUS transaction, which the kernel relays to it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "qaic.h"

int qaic_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

static struct accel_context *qaic_open(struct accel_device *dev, int fd)
{
	struct qaic_context *ctx;
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
	accel_init_context(&ctx->base, dev, fd, &qaic_ctx_ops);
	return &ctx->base;
}

/* the core closes the fd after: the kernel releases the file's DBCs then */
static void qaic_close(struct accel_context *c)
{
	struct qaic_context *ctx = to_qaic_ctx(c);

	accel_gem_table_fini(&ctx->gem);
	free(ctx);
}

static const char *card_name(uint32_t pci_id)
{
	switch (pci_id) {
	case 0xa080:
		return "Cloud AI 080";
	case 0xa100:
		return "Cloud AI 100";
	case 0xa110:
		return "Cloud AI 200";
	default:
		return "";
	}
}

/* a sysfs counter, or -1 */
static int64_t read_count(const struct accel_device *dev, const char *attr)
{
	char buf[32];

	if (accel_read_sysfs(dev, attr, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

static void fill_sysfs(const struct accel_device *dev, struct qaicdv_device_info *info)
{
	char name[32];
	uint32_t i;

	info->pci_device_id = dev->info.pci_device_id;
	/* the RAS group hangs on the PCI device, the DBC states on accelN */
	info->ce_count = read_count(dev, "device/ce_count");
	info->ue_count = read_count(dev, "device/ue_count");
	info->ue_nonfatal_count = read_count(dev, "device/ue_nonfatal_count");
	for (i = 0; i < QAICDV_MAX_DBC; i++) {
		int64_t st;

		snprintf(name, sizeof(name), "dbc%u_state", i);
		st = read_count(dev, name);
		info->dbc_state[i] = st < 0 ? QAICDV_DBC_UNKNOWN : (uint32_t)st;
		if (st >= 0)
			info->num_dbc = i + 1;
	}
}

/* MANAGE STATUS: the firmware's NNC protocol version */
static int nnc_status(struct accel_context *ctx, struct qaicdv_device_info *info)
{
	struct qaicdv_msg msg;
	const struct qaic_manage_trans_status_from_dev *st;
	const void *payload;
	uint32_t off = 0, type, len;
	int ret;

	qaicdv_msg_init(&msg);
	qaicdv_msg_add_status(&msg);
	ret = qaic_manage_msg(ctx, &msg);
	if (ret && ret != -ECANCELED)
		return ret;
	while (qaicdv_msg_next(&msg, &off, &type, &payload, &len) == 1) {
		if (type != QAIC_TRANS_STATUS_FROM_DEV ||
		    len + sizeof(st->hdr) < sizeof(*st))
			continue;
		st = (const void *)((const char *)payload - sizeof(st->hdr));
		info->nnc_major = st->major;
		info->nnc_minor = st->minor;
		info->nnc_status = st->status;
		info->nnc_status_flags = st->status_flags;
		return ret;
	}
	return ret ? ret : -EPROTO;
}

static int qaic_query_device(struct accel_context *c, struct accel_device_attr *attr)
{
	struct qaic_context *ctx = to_qaic_ctx(c);
	struct qaicdv_device_info info = { 0 };

	snprintf(attr->card_name, sizeof(attr->card_name), "%s",
		 card_name(c->dev->info.pci_device_id));
	if (!nnc_status(c, &info))
		snprintf(attr->fw_version, sizeof(attr->fw_version), "NNC %u.%u",
			 info.nnc_major, info.nnc_minor);
	/* host pages the kernel allocates; no device memory is exposed */
	attr->bo_align = ctx->page_size;
	attr->max_queues = QAIC_NUM_DBC;
	return 0;
}

/* without opening: identity and the firmware-free sysfs facts */
static int qaic_describe(struct accel_device *dev, struct accel_device_attr *attr)
{
	snprintf(attr->card_name, sizeof(attr->card_name), "%s",
		 card_name(dev->info.pci_device_id));
	attr->max_queues = QAIC_NUM_DBC;
	return 0;
}

QAICDV_EXPORT int qaicdv_query_device(struct accel_context *ctx,
				      struct qaicdv_device_info *info, size_t info_size)
{
	struct qaicdv_device_info out = { 0 };
	size_t n;
	int ret;

	if (!info)
		return accel_set_reason(-EINVAL, "qaicdv_query_device: info is NULL");
	ret = accel_context_lookup_prov(&ctx, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "qaicdv_query_device: not a live qaic context");
	fill_sysfs(ctx->dev, &out);
	out.status_error = nnc_status(ctx, &out);
	accel_context_put(ctx);
	/* extensible: the caller's size, zeroing what we do not know */
	n = info_size < sizeof(out) ? info_size : sizeof(out);
	memset(info, 0, info_size);
	memcpy(info, &out, n);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* MANAGE                                                                   */
/* ------------------------------------------------------------------------ */

int qaic_manage_msg(struct accel_context *ctx, struct qaicdv_msg *msg)
{
	struct qaic_manage_msg m = {
		.len = msg->len,
		.count = msg->count,
		.data = (uintptr_t)msg->data,
	};
	int ret;

	ret = qaic_ioctl(ctx->fd, DRM_IOCTL_QAIC_MANAGE, &m);
	/* the kernel writes the answers back on success and on ECANCELED */
	if (!ret || ret == -ECANCELED) {
		msg->len = m.len;
		msg->count = m.count;
	}
	return ret;
}

QAICDV_EXPORT void qaicdv_msg_init(struct qaicdv_msg *msg)
{
	if (msg)
		memset(msg, 0, sizeof(*msg));
}

QAICDV_EXPORT int qaicdv_msg_add(struct qaicdv_msg *msg, uint32_t type, const void *payload,
				 uint32_t payload_len)
{
	struct qaic_manage_trans_hdr *hdr;
	uint64_t len;

	if (!msg || (payload_len && !payload))
		return accel_set_reason(-EINVAL, "qaicdv_msg_add: NULL message or payload");
	len = (sizeof(*hdr) + (uint64_t)payload_len + 7) & ~7ull;
	/* the kernel counts len and count in QAIC_MANAGE_MAX_MSG_LENGTH */
	if (msg->len % 8 || msg->len + len > sizeof(msg->data))
		return accel_set_reason(-ENOSPC,
					"qaicdv_msg_add: %llu more bytes pass the %u-byte MANAGE message",
					(unsigned long long)len, QAICDV_MSG_MAX);
	hdr = (void *)((char *)msg->data + msg->len);
	memset(hdr, 0, len);
	hdr->type = type;
	hdr->len = (uint32_t)len;
	if (payload_len)
		memcpy(hdr + 1, payload, payload_len);
	msg->len += (uint32_t)len;
	msg->count++;
	return 0;
}

QAICDV_EXPORT int qaicdv_msg_add_passthrough(struct qaicdv_msg *msg, const void *data,
					     uint32_t len)
{
	return qaicdv_msg_add(msg, QAIC_TRANS_PASSTHROUGH_FROM_USR, data, len);
}

QAICDV_EXPORT int qaicdv_msg_add_dma_xfer(struct qaicdv_msg *msg, uint32_t tag,
					  const void *addr, uint64_t size)
{
	struct qaic_manage_trans_dma_xfer t = {
		.tag = tag,
		.addr = (uintptr_t)addr,
		.size = size,
	};

	return qaicdv_msg_add(msg, QAIC_TRANS_DMA_XFER_FROM_USR, &t.tag,
			      sizeof(t) - sizeof(t.hdr));
}

QAICDV_EXPORT int qaicdv_msg_add_activate(struct qaicdv_msg *msg, uint32_t queue_size,
					  uint32_t options)
{
	struct qaic_manage_trans_activate_to_dev t = {
		.queue_size = queue_size,
		.options = options,
	};

	return qaicdv_msg_add(msg, QAIC_TRANS_ACTIVATE_FROM_USR, &t.queue_size,
			      sizeof(t) - sizeof(t.hdr));
}

QAICDV_EXPORT int qaicdv_msg_add_deactivate(struct qaicdv_msg *msg, uint32_t dbc_id)
{
	struct qaic_manage_trans_deactivate t = { .dbc_id = dbc_id };

	return qaicdv_msg_add(msg, QAIC_TRANS_DEACTIVATE_FROM_USR, &t.dbc_id,
			      sizeof(t) - sizeof(t.hdr));
}

QAICDV_EXPORT int qaicdv_msg_add_status(struct qaicdv_msg *msg)
{
	return qaicdv_msg_add(msg, QAIC_TRANS_STATUS_FROM_USR, NULL, 0);
}

QAICDV_EXPORT int qaicdv_msg_next(const struct qaicdv_msg *msg, uint32_t *offset,
				  uint32_t *type, const void **payload, uint32_t *payload_len)
{
	const struct qaic_manage_trans_hdr *hdr;

	if (!msg || !offset)
		return accel_set_reason(-EINVAL, "qaicdv_msg_next: NULL message or offset");
	if (*offset >= msg->len)
		return 0;
	if (msg->len > sizeof(msg->data) || *offset % 8 ||
	    msg->len - *offset < sizeof(*hdr))
		return accel_set_reason(-EINVAL, "qaicdv_msg_next: no transaction at %u of %u bytes",
					*offset, msg->len);
	hdr = (const void *)((const char *)msg->data + *offset);
	if (hdr->len < sizeof(*hdr) || hdr->len > msg->len - *offset)
		return accel_set_reason(-EINVAL,
					"qaicdv_msg_next: transaction at %u claims %u bytes of %u",
					*offset, hdr->len, msg->len - *offset);
	if (type)
		*type = hdr->type;
	if (payload)
		*payload = hdr + 1;
	if (payload_len)
		*payload_len = hdr->len - (uint32_t)sizeof(*hdr);
	/* a transaction's length need not be a multiple of 8 in answers */
	*offset += (hdr->len + 7) & ~7u;
	return 1;
}

QAICDV_EXPORT int qaicdv_manage(struct accel_context *ctx, struct qaicdv_msg *msg)
{
	int ret;

	if (!msg)
		return accel_set_reason(-EINVAL, "qaicdv_manage: msg is NULL");
	ret = accel_context_lookup_prov(&ctx, &qaic_provider);
	if (ret)
		return accel_set_reason(ret, "qaicdv_manage: not a live qaic context");
	ret = qaic_manage_msg(ctx, msg);
	accel_context_put(ctx);
	switch (ret) {
	case 0:
		return 0;
	case -ECANCELED:
		return accel_set_reason(ret,
					"qaicdv_manage: the firmware refused a transaction (its status is in the answers)");
	case -EPIPE:
		return accel_set_reason(ret, "qaicdv_manage: the answer failed its CRC check");
	default:
		return accel_set_reason(ret, "qaicdv_manage: DRM_IOCTL_QAIC_MANAGE: %s",
					strerror(-ret));
	}
}

/* ------------------------------------------------------------------------ */
/* registration                                                             */
/* ------------------------------------------------------------------------ */

/*
 * No sync_files (qaic attaches no fences to dma_resv), no kernel
 * dependencies: the core resolves wait points with a CPU wait.
 */
const struct accel_context_ops qaic_ctx_ops = {
	.close = qaic_close,
	.query_device = qaic_query_device,
	.query_mem_domains = qaic_query_mem_domains,
	.query_engines = qaic_query_engines,
	.bo_flags = ACCEL_BO_HOST_VISIBLE,
	.bo_alloc = qaic_bo_alloc,
	.bo_destroy = qaic_bo_destroy,
	.bo_map = qaic_bo_map,
	.bo_unmap = qaic_bo_unmap,
	.bo_export_dmabuf = qaic_bo_export_dmabuf,
	.bo_import_dmabuf = qaic_bo_import_dmabuf,
	/* PRIME: the kernel refuses an fd that is no dma-buf */
	.import_checked_by_kernel = true,
	.queue_destroy = qaic_queue_destroy,
	.submit = qaic_submit,
	.fence_wait = qaic_fence_wait,
	.job_retire = qaic_job_retire,
};

/* qaic_pci_ids[] of qaic_drv.c (7.2) */
static const struct accel_match_ent qaic_match[] = {
	ACCEL_DRIVER_MATCH("qaic", NULL),
	ACCEL_PCI_MATCH(0x17cb, 0xa080, "aic080"),
	ACCEL_PCI_MATCH(0x17cb, 0xa100, "aic100"),
	ACCEL_PCI_MATCH(0x17cb, 0xa110, "aic200"),
	ACCEL_MATCH_TABLE_END,
};

const struct accel_provider qaic_provider = {
	.name = "qaic",
	.match_table = qaic_match,
	.open = qaic_open,
	.describe = qaic_describe,
	.query_usage = qaic_query_usage,
};

ACCEL_PROVIDER(qaic, qaic_provider)
