/* SPDX-License-Identifier: MIT */
/*
 * The vgem provider: the kernel's virtual GEM driver (drivers/gpu/drm/vgem)
 * as a libaccel device. Private declarations shared by the provider and
 * libaccel_vgem (vgemdv.h).
 */
#ifndef VGEM_H
#define VGEM_H

#include <stdint.h>

#include <accel_provider.h>

struct vgem_context {
	struct accel_context base;
	/*
	 * PRIME import of a dma-buf the file already has a handle for returns
	 * that same handle, so two BOs can share one: the core's table
	 * counts them and closes the handle with its last BO.
	 */
	struct accel_gem_table gem;
	uint64_t page_size;
};

struct vgem_bo {
	struct accel_bo base;
	uint32_t handle;		/* GEM handle on base.ctx->fd */
	uint64_t map_size;
};

static inline struct vgem_context *to_vgem_ctx(struct accel_context *ctx)
{
	return (struct vgem_context *)ctx;
}

static inline struct vgem_bo *to_vgem_bo(struct accel_bo *bo)
{
	return (struct vgem_bo *)bo;
}

#define VGEM_PROVIDER_NAME "vgem"

#endif /* VGEM_H */
