// SPDX-License-Identifier: MIT
/*
 * habanalabs: the DEBUG ioctl (debug mode and the coresight units).
 */
#include <errno.h>
#include <string.h>

#include "hl.h"

_Static_assert(sizeof(struct hldv_debug_etr) == sizeof(struct hl_debug_params_etr), "etr");
_Static_assert(sizeof(struct hldv_debug_etf) == sizeof(struct hl_debug_params_etf), "etf");
_Static_assert(sizeof(struct hldv_debug_stm) == sizeof(struct hl_debug_params_stm), "stm");
_Static_assert(sizeof(struct hldv_debug_bmon) == sizeof(struct hl_debug_params_bmon), "bmon");
_Static_assert(sizeof(struct hldv_debug_spmu) == sizeof(struct hl_debug_params_spmu), "spmu");

static int debug_ioctl(struct accel_context *ctx, struct hl_debug_args *a, const char *fn)
{
	int ret = hl_check_ctx(&ctx);

	if (ret)
		return ret;
	ret = hl_ioctl(ctx->fd, DRM_IOCTL_HL_DEBUG, a);
	accel_context_put(ctx);
	if (ret == -EFAULT && a->op != HL_DEBUG_OP_SET_MODE && !a->input_ptr && !a->output_ptr)
		return accel_set_reason(ret, "%s: the device is not in debug mode", fn);
	if (ret)
		return accel_set_reason(ret, "%s: HL_IOCTL_DEBUG op %u: %s", fn, a->op,
					strerror(-ret));
	return 0;
}

HLDV_EXPORT int hldv_debug_set_mode(struct accel_context *ctx, int enable)
{
	struct hl_debug_args a = { .op = HL_DEBUG_OP_SET_MODE, .enable = !!enable };

	if (!ctx)
		return accel_set_reason(-EINVAL, "hldv_debug_set_mode: NULL context");
	return debug_ioctl(ctx, &a, "hldv_debug_set_mode");
}

HLDV_EXPORT int hldv_debug_configure(struct accel_context *ctx, uint32_t op, uint32_t unit,
				     int enable, const void *params, size_t params_size,
				     void *out, size_t out_size)
{
	struct hl_debug_args a = { 0 };

	if (!ctx || op > HLDV_DEBUG_TIMESTAMP || params_size > UINT32_MAX ||
	    out_size > UINT32_MAX || (params_size && !params) || (out_size && !out))
		return accel_set_reason(-EINVAL,
					"hldv_debug_configure: NULL context, op %u (0..%u), or a size without its buffer",
					op, HLDV_DEBUG_TIMESTAMP);
	a.op = op;
	a.reg_idx = unit;
	a.enable = !!enable;
	a.input_ptr = (uintptr_t)params;
	a.input_size = (uint32_t)params_size;
	a.output_ptr = (uintptr_t)out;
	a.output_size = (uint32_t)out_size;
	return debug_ioctl(ctx, &a, "hldv_debug_configure");
}
