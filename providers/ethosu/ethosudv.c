// SPDX-License-Identifier: MIT
/*
 * libaccel_ethosu: the ethosu provider's direct calls (ethosudv.h). A
 * small library apart from the plugin, as libaccel_vgem: it reaches the
 * provider's contexts through the core's registry.
 */
#include <errno.h>
#include <string.h>

#include "ethosu.h"

#define ETHOSUDV_EXPORT __attribute__((visibility("default")))

ETHOSUDV_EXPORT int ethosudv_query_npu_info(struct accel_context *ctx,
					    struct ethosudv_npu_info *info,
					    size_t info_size)
{
	struct drm_ethosu_npu_info k = { 0 };
	struct ethosudv_npu_info full = { 0 };
	struct drm_ethosu_dev_query q = {
		.type = DRM_ETHOSU_DEV_QUERY_NPU_INFO,
		.size = sizeof(k),
		.pointer = (uintptr_t)&k,
	};
	int ret;

	if (!info || info_size < sizeof(uint32_t))
		return accel_set_reason(-EINVAL, "ethosudv_query_npu_info: info is NULL or too small");
	ret = accel_context_lookup(&ctx);
	if (ret)
		return accel_set_reason(ret, "ethosudv_query_npu_info: not a live context");
	if (!ctx->dev->provider || strcmp(ctx->dev->provider->name, ETHOSU_PROVIDER_NAME)) {
		ret = accel_set_reason(-EOPNOTSUPP,
				       "ethosudv_query_npu_info: a context of the %s provider, not ethosu",
				       ctx->dev->provider ? ctx->dev->provider->name : "?");
		goto out;
	}
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_ETHOSU_DEV_QUERY, &q);
	if (ret) {
		accel_set_reason(ret, "ethosudv_query_npu_info: DEV_QUERY: %s", strerror(-ret));
		goto out;
	}
	full.id = k.id;
	full.config = k.config;
	full.sram_size = k.sram_size;
	memset(info, 0, info_size);
	memcpy(info, &full, info_size < sizeof(full) ? info_size : sizeof(full));
out:
	accel_context_put(ctx);
	return ret;
}
