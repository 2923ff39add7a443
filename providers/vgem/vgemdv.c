// SPDX-License-Identifier: MIT
/*
 * libaccel_vgem: the vgem provider's direct extensions (vgemdv.h). A
 * separate small library, so applications can link it whether the
 * provider is a plugin or built into libaccel; it reaches the provider's
 * objects through the core's registry, never through a raw pointer alone.
 */
#include <errno.h>
#include <string.h>

#include <accel/vgemdv.h>
#include <uapi/drm/vgem_drm.h>

#include "vgem.h"

#define VGEMDV_EXPORT __attribute__((visibility("default")))

static bool is_vgem(struct accel_context *ctx)
{
	return ctx->dev && ctx->dev->provider &&
	       !strcmp(ctx->dev->provider->name, VGEM_PROVIDER_NAME);
}

VGEMDV_EXPORT bool vgemdv_is_vgem_context(struct accel_context *ctx)
{
	bool ret;

	/* a reference: a concurrent close must not free ctx under us */
	if (accel_context_lookup(&ctx))
		return false;
	ret = is_vgem(ctx);
	accel_context_put(ctx);
	return ret;
}

/* *bo to a live vgem BO with a reference; 0 or -errno */
static int vgem_bo_get(struct accel_bo **bo)
{
	struct accel_context *ctx;
	int ret;

	if (!*bo)
		return -EINVAL;
	ctx = accel_bo_context(*bo);
	if (!ctx)
		return -errno;
	ret = accel_context_lookup(&ctx);
	if (ret)
		return ret;
	ret = accel_bo_lookup(ctx, bo);
	accel_context_put(ctx);	/* the BO holds its context */
	if (ret)
		return ret;
	ctx = (*bo)->ctx;
	if (!is_vgem(ctx)) {
		accel_bo_put(*bo);
		return accel_set_reason(-EOPNOTSUPP, "a BO of the %s provider, not vgem",
					ctx->dev->provider->name);
	}
	return 0;
}

VGEMDV_EXPORT int vgemdv_fence_attach(struct accel_bo *bo, uint32_t flags,
				      uint32_t *fence_id)
{
	struct drm_vgem_fence_attach arg;
	int ret;

	if (!fence_id || (flags & ~(uint32_t)VGEMDV_FENCE_WRITE))
		return -EINVAL;
	ret = vgem_bo_get(&bo);
	if (ret)
		return ret;
	memset(&arg, 0, sizeof(arg));
	arg.handle = to_vgem_bo(bo)->handle;
	arg.flags = flags & VGEMDV_FENCE_WRITE ? VGEM_FENCE_WRITE : 0;
	ret = accel_ioctl(bo->ctx->fd, DRM_IOCTL_VGEM_FENCE_ATTACH, &arg);
	if (!ret)
		*fence_id = arg.out_fence;
	accel_bo_put(bo);
	return ret;
}

VGEMDV_EXPORT int vgemdv_fence_signal(struct accel_context *ctx,
				      uint32_t fence_id)
{
	struct drm_vgem_fence_signal arg;

	int ret;

	ret = accel_context_lookup(&ctx);
	if (ret)
		return ret;
	if (!is_vgem(ctx)) {
		ret = accel_set_reason(-EOPNOTSUPP, "a context of the %s provider, not vgem",
				       ctx->dev->provider->name);
		goto put;
	}
	memset(&arg, 0, sizeof(arg));
	arg.fence = fence_id;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_VGEM_FENCE_SIGNAL, &arg);
put:
	accel_context_put(ctx);
	return ret;
}

VGEMDV_EXPORT int vgemdv_bo_handle(struct accel_bo *bo, uint32_t *handle)
{
	int ret;

	if (!handle)
		return -EINVAL;
	ret = vgem_bo_get(&bo);
	if (ret)
		return ret;
	*handle = to_vgem_bo(bo)->handle;
	accel_bo_put(bo);
	return 0;
}
