/* SPDX-License-Identifier: MIT */
/*
 * accel_verbs.h - register accelerator memory with an RDMA NIC
 * (libaccel_verbs, -laccel_verbs; built where libibverbs is found).
 *
 * accel_verbs_reg_bo() registers a BO, or a range of it, with a protection
 * domain. It first offers the BO's dma-buf to the NIC (ibv_reg_dmabuf_mr:
 * peer-to-peer where the NIC and the exporter allow it). Where the NIC or
 * its kernel driver cannot take dma-bufs (EOPNOTSUPP or EPROTONOSUPPORT:
 * rxe, siw and many others), or the BO cannot be exported, and the caller
 * passed ACCEL_VERBS_REG_HOST_FALLBACK, it registers the BO's CPU mapping
 * with ibv_reg_mr instead; that works for BOs backed by ordinary host
 * memory (the soft device's memfd BOs) and fails (EFAULT) for mappings of
 * device memory. The result says which path was taken. See
 * accel_verbs_reg_bo(3).
 *
 * Errors follow the library's rule: NULL and errno, or -errno, and
 * accel_last_error() says why.
 */
#ifndef ACCEL_ACCEL_VERBS_H
#define ACCEL_ACCEL_VERBS_H

#include <stdint.h>

#include <infiniband/verbs.h>
#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

enum accel_verbs_reg_flags {
	/* fall back to ibv_reg_mr on the BO's host mapping (see above) */
	ACCEL_VERBS_REG_HOST_FALLBACK = 1 << 0,
	/* do not try the dma-buf: register the host mapping directly */
	ACCEL_VERBS_REG_HOST_ONLY = 1 << 1,
};

enum accel_verbs_path {
	ACCEL_VERBS_PATH_DMABUF = 1,	/* ibv_reg_dmabuf_mr on the BO's dma-buf */
	ACCEL_VERBS_PATH_HOST = 2,	/* ibv_reg_mr on the BO's CPU mapping */
};

/* why the dma-buf path was not taken (path HOST) */
enum accel_verbs_fallback {
	ACCEL_VERBS_FALLBACK_NONE = 0,	   /* path DMABUF, or HOST_ONLY asked */
	ACCEL_VERBS_FALLBACK_EXPORT = 1,   /* accel_bo_export_dmabuf() refused */
	ACCEL_VERBS_FALLBACK_NIC = 2,	   /* ibv_reg_dmabuf_mr() refused */
};

struct accel_verbs_mr {
	struct ibv_mr *mr;	/* lkey, rkey */
	uint32_t path;		/* enum accel_verbs_path */
	uint32_t fallback;	/* enum accel_verbs_fallback */
	int dmabuf_errno;	/* positive errno of the refused step, or 0 */
	uint32_t reserved;
	/*
	 * The address of the range's first byte for work requests (sge.addr,
	 * wr.rdma.remote_addr): the iova of a dma-buf MR (equal to offset)
	 * or the host address of a host MR.
	 */
	uint64_t iova;
	uint64_t offset;	/* into the BO */
	uint64_t length;
	void *host_addr;	/* CPU address of a host MR's range; NULL for a
				 * dma-buf MR (no mapping is made for it) */
};

/*
 * Register [offset, offset + length) of bo with pd; length 0 means to the
 * end of the BO. access: IBV_ACCESS_* flags. flags: enum
 * accel_verbs_reg_flags. The registration holds the memory, not the BO:
 * freeing the BO (or closing its context) first succeeds, and the NIC
 * keeps the same pages (the kernel pinned them) until
 * accel_verbs_dereg_mr(); see LIFETIME in accel_verbs_reg_bo(3).
 * Returns NULL and errno: EINVAL bad arguments or range; EOPNOTSUPP no
 * dma-buf path and no fallback allowed; ESTALE bo is not live; or the
 * errno of the failing export, ibv_reg_dmabuf_mr, accel_bo_map or
 * ibv_reg_mr.
 */
struct accel_verbs_mr *accel_verbs_reg_bo(struct ibv_pd *pd,
					  struct accel_bo *bo,
					  uint64_t offset, uint64_t length,
					  int access, uint32_t flags);

/* Deregister and free; 0 or -errno from ibv_dereg_mr (then kept) */
int accel_verbs_dereg_mr(struct accel_verbs_mr *amr);

/* "dmabuf" or "host" */
const char *accel_verbs_path_str(uint32_t path);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_ACCEL_VERBS_H */
