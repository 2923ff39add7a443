// SPDX-License-Identifier: MIT
/*
 * libaccel_verbs: accelerator BOs as RDMA memory regions (accel_verbs.h).
 * Only public libaccel calls are used, so this library works with any
 * provider, and with libaccel built with or without static providers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel_verbs.h>

#define VERBS_EXPORT __attribute__((visibility("default")))

#define KNOWN_FLAGS (ACCEL_VERBS_REG_HOST_FALLBACK | ACCEL_VERBS_REG_HOST_ONLY)

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
		return -fd;
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
		return err;
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

	if (!p)
		return errno ? errno : EIO;
	errno = 0;
	amr->mr = ibv_reg_mr(pd, p + amr->offset, amr->length, access);
	if (!amr->mr)
		return errno ? errno : EIO;
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

	if (!pd || !bo || (flags & ~(uint32_t)KNOWN_FLAGS)) {
		errno = EINVAL;
		return NULL;
	}
	errno = 0;
	size = accel_bo_size(bo);
	if (!size) {
		/* accel_bo_size() answers 0 for a dead BO */
		errno = errno ? errno : ESTALE;
		return NULL;
	}
	if (offset >= size || (length && length > size - offset)) {
		errno = EINVAL;
		return NULL;
	}
	amr = calloc(1, sizeof(*amr));
	if (!amr)
		return NULL;
	amr->offset = offset;
	amr->length = length ? length : size - offset;

	if (!(flags & ACCEL_VERBS_REG_HOST_ONLY)) {
		err = reg_dmabuf(pd, bo, amr, access);
		if (!err)
			goto out;
		if (!dmabuf_unsupported(err))
			goto fail;
		if (!(flags & ACCEL_VERBS_REG_HOST_FALLBACK)) {
			err = EOPNOTSUPP;
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
	errno = err;
	return NULL;
}

VERBS_EXPORT int accel_verbs_dereg_mr(struct accel_verbs_mr *amr)
{
	int ret;

	if (!amr)
		return -EINVAL;
	ret = ibv_dereg_mr(amr->mr);
	if (ret)
		return ret > 0 ? -ret : -EIO;
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
