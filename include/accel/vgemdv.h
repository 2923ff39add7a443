/* SPDX-License-Identifier: MIT */
/*
 * vgemdv.h - direct extensions of the vgem provider (libaccel_vgem).
 *
 * The kernel's vgem driver is a GEM device without an engine; what it has
 * beyond the generic API are software fences: a fence attached to a BO's
 * reservation object (its dma-buf's implicit fences) stays unsignalled
 * until vgemdv_fence_signal() or the kernel's 10 s timeout, so a program
 * can hold any importer of the BO's dma-buf back on purpose, as the
 * kernel's IGT tests do. Link with -laccel_vgem. See vgemdv(3).
 *
 * Error rule as in accel.h: 0 (or a count) on success, -errno on failure.
 */
#ifndef ACCEL_VGEMDV_H
#define ACCEL_VGEMDV_H

#include <stdbool.h>
#include <stdint.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vgemdv_fence_flags {
	/* an exclusive (write) fence: blocks readers and writers */
	VGEMDV_FENCE_WRITE = 1 << 0,
};

/* true when ctx is an open context of the vgem provider */
bool vgemdv_is_vgem_context(struct accel_context *ctx);

/*
 * Attach a new unsignalled fence to bo (a BO of a vgem context, allocated
 * or imported) and return its id in *fence_id. Without VGEMDV_FENCE_WRITE
 * the fence is a read fence: it blocks writers only.
 * Errors: -EINVAL unknown flags; -ESTALE bo is not live; -ENODEV bo is not
 * a vgem BO; -EBUSY a conflicting fence is still pending (the kernel's
 * rule); any other kernel errno unchanged.
 */
int vgemdv_fence_attach(struct accel_bo *bo, uint32_t flags,
			uint32_t *fence_id);

/*
 * Signal a fence attached through ctx and forget its id.
 * Errors: -ENOENT no such fence id (already signalled through this call);
 * -ETIMEDOUT the fence had already signalled itself by timeout;
 * -ENODEV ctx is not a vgem context.
 */
int vgemdv_fence_signal(struct accel_context *ctx, uint32_t fence_id);

/* The GEM handle of bo on its context's DRM fd, for raw ioctls */
int vgemdv_bo_handle(struct accel_bo *bo, uint32_t *handle);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_VGEMDV_H */
