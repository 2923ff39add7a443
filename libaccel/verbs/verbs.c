// SPDX-License-Identifier: MIT
/*
 * libaccel_verbs: accelerator BOs as RDMA memory regions (accel_verbs.h).
 * Only public libaccel calls touch BOs, so this library works with any
 * provider, and with libaccel built with or without static providers.
 * Its refusals say why through accel_last_error(), as libaccel's own do:
 * that takes libaccel's private accel_set_reason(), so libaccel_verbs
 * comes from the same build as libaccel (the packages say so).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#include "accel_provider.h"

#define VERBS_EXPORT __attribute__((visibility("default")))

#define KNOWN_FLAGS (ACCEL_VERBS_REG_HOST_FALLBACK | ACCEL_VERBS_REG_HOST_ONLY)

#define REG "accel_verbs_reg_bo"

/*
 * A libaccel call that step made failed and left its own reason: keep it
 * under our name (copied first: the reason is rewritten in place).
 */
static int fail_step(int err, const char *step)
{
	const char *why = accel_last_error();
	char inner[256];

	if (!why)
		why = strerror(err);
	/* a reason of ours already: the step goes in front of its detail */
	else if (!strncmp(why, REG ": ", strlen(REG ": ")))
		why += strlen(REG ": ");
	snprintf(inner, sizeof(inner), "%s", why);
	return accel_set_reason(err, REG ": %s: %s", step, inner);
}

/* errnos by which a NIC or kernel says "no dma-buf MRs here" */
static int dmabuf_unsupported(int err)
{
	return err == EOPNOTSUPP || err == EPROTONOSUPPORT;
}

static int reg_dmabuf(struct ibv_pd *pd, struct accel_bo *bo,
		      struct accel_verbs_mr *amr, int access)
{
	int fd, err;

	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		amr->fallback = ACCEL_VERBS_FALLBACK_EXPORT;
		amr->dmabuf_errno = -fd;
		return fail_step(-fd, "dma-buf export");
	}
	/* iova with the offset's page offset, as the kernel's umem code wants */
	errno = 0;
	amr->mr = ibv_reg_dmabuf_mr(pd, amr->offset, amr->length, amr->offset,
				    fd, access);
	err = amr->mr ? 0 : (errno ? errno : EIO);
	/* the kernel holds its own reference on the dma-buf */
	close(fd);
	if (err) {
		amr->fallback = ACCEL_VERBS_FALLBACK_NIC;
		amr->dmabuf_errno = err;
		return accel_set_reason(err, REG ": ibv_reg_dmabuf_mr: %s",
					strerror(err));
	}
	amr->path = ACCEL_VERBS_PATH_DMABUF;
	amr->fallback = ACCEL_VERBS_FALLBACK_NONE;
	amr->dmabuf_errno = 0;
	amr->iova = amr->offset;
	return 0;
}

static int reg_host(struct ibv_pd *pd, struct accel_bo *bo,
		    struct accel_verbs_mr *amr, int access)
{
	uint8_t *p = accel_bo_map(bo);
	int err;

	if (!p)
		return fail_step(errno ? errno : EIO, "accel_bo_map");
	errno = 0;
	amr->mr = ibv_reg_mr(pd, p + amr->offset, amr->length, access);
	if (!amr->mr) {
		err = errno ? errno : EIO;
		return accel_set_reason(err, REG ": ibv_reg_mr on the host mapping: %s%s",
					strerror(err), err == EFAULT ?
					" (not memory the NIC's driver can pin)" : "");
	}
	amr->path = ACCEL_VERBS_PATH_HOST;
	amr->host_addr = p + amr->offset;
	amr->iova = (uint64_t)(uintptr_t)amr->host_addr;
	return 0;
}

VERBS_EXPORT struct accel_verbs_mr *
accel_verbs_reg_bo(struct ibv_pd *pd, struct accel_bo *bo, uint64_t offset,
		   uint64_t length, int access, uint32_t flags)
{
	struct accel_verbs_mr *amr;
	uint64_t size;
	int err;

	if (!pd || !bo) {
		err = accel_set_reason(EINVAL, REG ": %s is NULL", pd ? "bo" : "pd");
		goto refuse;
	}
	if (flags & ~(uint32_t)KNOWN_FLAGS) {
		err = accel_set_reason(EINVAL, REG ": flags 0x%x: unknown bits 0x%x",
				       flags, flags & ~(uint32_t)KNOWN_FLAGS);
		goto refuse;
	}
	errno = 0;
	size = accel_bo_size(bo);
	if (!size) {
		/* accel_bo_size() answers 0 for a dead BO */
		err = fail_step(errno ? errno : ESTALE, "bo");
		goto refuse;
	}
	if (offset >= size || (length && length > size - offset)) {
		err = accel_set_reason(EINVAL, REG ": range [%" PRIu64 ", +%" PRIu64
				       ") outside the BO's %" PRIu64 " bytes",
				       offset, length, size);
		goto refuse;
	}
	amr = calloc(1, sizeof(*amr));
	if (!amr) {
		err = accel_set_reason(ENOMEM, REG ": out of memory");
		goto refuse;
	}
	amr->offset = offset;
	amr->length = length ? length : size - offset;

	if (!(flags & ACCEL_VERBS_REG_HOST_ONLY)) {
		err = reg_dmabuf(pd, bo, amr, access);
		if (!err)
			goto out;
		if (!dmabuf_unsupported(err))
			goto fail;
		if (!(flags & ACCEL_VERBS_REG_HOST_FALLBACK)) {
			err = fail_step(EOPNOTSUPP, "no ACCEL_VERBS_REG_HOST_FALLBACK");
			goto fail;
		}
	}
	err = reg_host(pd, bo, amr, access);
	if (err)
		goto fail;
out:
	return amr;
fail:
	free(amr);
refuse:
	errno = err;
	return NULL;
}

VERBS_EXPORT int accel_verbs_dereg_mr(struct accel_verbs_mr *amr)
{
	int ret;

	if (!amr)
		return accel_set_reason(-EINVAL, "accel_verbs_dereg_mr: amr is NULL");
	ret = ibv_dereg_mr(amr->mr);
	if (ret) {
		ret = ret > 0 ? -ret : -EIO;
		return accel_set_reason(ret, "accel_verbs_dereg_mr: ibv_dereg_mr: %s",
					strerror(-ret));
	}
	free(amr);
	return 0;
}

VERBS_EXPORT const char *accel_verbs_path_str(uint32_t path)
{
	switch (path) {
	case ACCEL_VERBS_PATH_DMABUF:
		return "dmabuf";
	case ACCEL_VERBS_PATH_HOST:
		return "host";
	default:
		return "none";
	}
}
