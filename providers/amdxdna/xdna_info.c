// SPDX-License-Identifier: MIT
/*
 * amdxdna provider: GET_INFO, GET_ARRAY and SET_STATE, raw and typed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amdxdna.h"

int xdna_get_info(int fd, uint32_t param, void *buf, uint32_t *size)
{
	struct amdxdna_drm_get_info a = {
		.param = param, .buffer_size = *size, .buffer = (uintptr_t)buf,
	};
	int ret = accel_ioctl(fd, DRM_IOCTL_AMDXDNA_GET_INFO, &a);

	if (!ret)
		*size = a.buffer_size;
	return ret;
}

static int get_array(int fd, uint32_t param, void *buf, uint32_t *elem_size, uint32_t *num)
{
	struct amdxdna_drm_get_array a = {
		.param = param, .element_size = *elem_size, .num_element = *num,
		.buffer = (uintptr_t)buf,
	};
	int ret = accel_ioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a);

	if (!ret) {
		*elem_size = a.element_size;
		*num = a.num_element;
	}
	return ret;
}

/* a reference on a live amdxdna context, or the refusal */
static int check_ctx(struct accel_context **ctx, const char *fn)
{
	int ret = accel_context_lookup_prov(ctx, &xdna_provider);

	if (ret)
		return accel_set_reason(ret, "%s: not a live amdxdna context", fn);
	return 0;
}

XDNA_EXPORT int amdxdnadv_get_info(struct accel_context *ctx, uint32_t param, void *buf,
				   uint32_t *size)
{
	int ret;

	if (!size)
		return accel_set_reason(-EINVAL, "amdxdnadv_get_info: size is NULL");
	ret = check_ctx(&ctx, "amdxdnadv_get_info");
	if (ret)
		return ret;
	ret = xdna_get_info(ctx->fd, param, buf, size);
	accel_context_put(ctx);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_get_info: GET_INFO param %u: %s", param,
				 strerror(-ret));
	return ret;
}

XDNA_EXPORT int amdxdnadv_get_array(struct accel_context *ctx, uint32_t param, void *buf,
				    uint32_t *elem_size, uint32_t *num)
{
	int ret;

	if (!elem_size || !num)
		return accel_set_reason(-EINVAL, "amdxdnadv_get_array: elem_size or num is NULL");
	ret = check_ctx(&ctx, "amdxdnadv_get_array");
	if (ret)
		return ret;
	ret = get_array(ctx->fd, param, buf, elem_size, num);
	accel_context_put(ctx);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_get_array: GET_ARRAY param %u: %s", param,
				 strerror(-ret));
	return ret;
}

/* every typed GET_INFO; a query refused leaves its fields 0 */
int xdna_fill_dv_info(struct accel_context *ctx, struct amdxdnadv_device_info *o)
{
	struct amdxdna_drm_query_aie_version ver = { 0 };
	struct amdxdna_drm_query_firmware_version fw = { 0 };
	struct amdxdna_drm_query_aie_metadata md = { 0 };
	struct amdxdna_drm_query_clock_metadata clk = { 0 };
	struct amdxdna_drm_get_power_mode pm = { 0 };
	struct amdxdna_drm_get_resource_info res = { 0 };
	char buf[64];
	uint32_t size;
	int fd = ctx->fd, answered = 0;

	size = sizeof(ver);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_AIE_VERSION, &ver, &size)) {
		o->aie_major = ver.major;
		o->aie_minor = ver.minor;
		answered++;
	}
	size = sizeof(fw);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_FIRMWARE_VERSION, &fw, &size)) {
		o->fw_major = fw.major;
		o->fw_minor = fw.minor;
		o->fw_patch = fw.patch;
		o->fw_build = fw.build;
		answered++;
	}
	size = sizeof(md);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_AIE_METADATA, &md, &size)) {
		o->col_size = md.col_size;
		o->cols = md.cols;
		o->rows = md.rows;
		o->core_rows = md.core.row_count;
		o->mem_rows = md.mem.row_count;
		o->shim_rows = md.shim.row_count;
		answered++;
	}
	size = sizeof(clk);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_CLOCK_METADATA, &clk, &size)) {
		o->mp_npu_clock_mhz = clk.mp_npu_clock.freq_mhz;
		o->h_clock_mhz = clk.h_clock.freq_mhz;
		answered++;
	}
	size = sizeof(pm);
	if (!xdna_get_info(fd, DRM_AMDXDNA_GET_POWER_MODE, &pm, &size)) {
		o->power_mode = pm.power_mode;
		answered++;
	}
	size = sizeof(res);
	if (!xdna_get_info(fd, DRM_AMDXDNA_QUERY_RESOURCE_INFO, &res, &size)) {
		o->npu_clk_max = res.npu_clk_max;
		o->npu_tops_max = res.npu_tops_max;
		o->npu_task_max = res.npu_task_max;
		o->npu_tops_curr = res.npu_tops_curr;
		o->npu_task_curr = res.npu_task_curr;
		answered++;
	}
	o->device_type = to_xdna_ctx(ctx)->device_type;
	if (accel_read_sysfs(ctx->dev, "device/vbnv", buf, sizeof(buf)) > 0) {
		buf[strcspn(buf, "\n")] = 0;
		snprintf(o->vbnv, sizeof(o->vbnv), "%s", buf);
	}
	return answered ? 0 : accel_set_reason(-EIO, "amdxdna: GET_INFO answered no query");
}

XDNA_EXPORT int amdxdnadv_query_device(struct accel_context *ctx,
				       struct amdxdnadv_device_info *info, size_t info_size)
{
	struct amdxdnadv_device_info tmp = { 0 };
	int ret;

	if (!info || !info_size)
		return accel_set_reason(-EINVAL, "amdxdnadv_query_device: NULL info");
	ret = check_ctx(&ctx, "amdxdnadv_query_device");
	if (ret)
		return ret;
	ret = xdna_fill_dv_info(ctx, &tmp);
	accel_context_put(ctx);
	if (ret)
		return ret;
	memset(info, 0, info_size);
	memcpy(info, &tmp, info_size < sizeof(tmp) ? info_size : sizeof(tmp));
	return 0;
}

XDNA_EXPORT int amdxdnadv_query_hwctx(struct accel_context *ctx,
				      struct amdxdnadv_hwctx_entry *entries, uint32_t max)
{
	struct amdxdna_drm_hwctx_entry *raw;
	uint32_t esize = sizeof(*raw), n = max, i;
	int ret;

	if (!entries || !max)
		return accel_set_reason(-EINVAL, "amdxdnadv_query_hwctx: no room for entries");
	/* aie2_query_ctx_status_array(): at most 1024 elements */
	if (n > 1024)
		n = 1024;
	raw = calloc(n, sizeof(*raw));
	if (!raw)
		return -ENOMEM;
	ret = amdxdnadv_get_array(ctx, DRM_AMDXDNA_HW_CONTEXT_ALL, raw, &esize, &n);
	if (ret)
		goto out;
	for (i = 0; i < n; i++) {
		struct amdxdnadv_hwctx_entry *e = &entries[i];

		memset(e, 0, sizeof(*e));
		e->context_id = raw[i].context_id;
		e->start_col = raw[i].start_col;
		e->num_col = raw[i].num_col;
		e->state = raw[i].state;
		e->pid = raw[i].pid;
		e->command_submissions = raw[i].command_submissions;
		e->command_completions = raw[i].command_completions;
		e->errors = raw[i].errors;
		e->priority = raw[i].priority;
		e->heap_usage = raw[i].heap_usage;
	}
	ret = (int)n;
out:
	free(raw);
	return ret;
}

XDNA_EXPORT int amdxdnadv_query_bo_usage(struct accel_context *ctx, int64_t pid,
					 struct amdxdnadv_bo_usage *usage)
{
	struct amdxdna_drm_bo_usage u = { .pid = pid ? pid : (int64_t)getpid() };
	uint32_t esize = sizeof(u), n = 1;
	int ret;

	if (!usage)
		return accel_set_reason(-EINVAL, "amdxdnadv_query_bo_usage: usage is NULL");
	ret = amdxdnadv_get_array(ctx, DRM_AMDXDNA_BO_USAGE, &u, &esize, &n);
	if (ret)
		return ret;
	usage->total_usage = u.total_usage;
	usage->internal_usage = u.internal_usage;
	usage->heap_usage = u.heap_usage;
	return 0;
}

XDNA_EXPORT int amdxdnadv_query_last_error(struct accel_context *ctx,
					   struct amdxdnadv_async_error *err)
{
	struct amdxdna_async_error e = { 0 };
	uint32_t esize = sizeof(e), n = 1;
	int ret;

	if (!err)
		return accel_set_reason(-EINVAL, "amdxdnadv_query_last_error: err is NULL");
	ret = amdxdnadv_get_array(ctx, DRM_AMDXDNA_HW_LAST_ASYNC_ERR, &e, &esize, &n);
	if (ret)
		return ret;
	err->err_code = e.err_code;
	err->ts_us = e.ts_us;
	err->ex_err_code = e.ex_err_code;
	return 0;
}

XDNA_EXPORT int amdxdnadv_set_state(struct accel_context *ctx, uint32_t param,
				    const void *buf, uint32_t size)
{
	struct amdxdna_drm_set_state a = {
		.param = param, .buffer_size = size, .buffer = (uintptr_t)buf,
	};
	int ret;

	ret = check_ctx(&ctx, "amdxdnadv_set_state");
	if (ret)
		return ret;
	ret = accel_ioctl(ctx->fd, DRM_IOCTL_AMDXDNA_SET_STATE, &a);
	accel_context_put(ctx);
	if (ret)
		accel_set_reason(ret, "amdxdnadv_set_state: SET_STATE param %u: %s%s", param,
				 strerror(-ret),
				 ret == -EACCES ? " (DRM_ROOT_ONLY: needs CAP_SYS_ADMIN)" : "");
	return ret;
}

XDNA_EXPORT int amdxdnadv_set_power_mode(struct accel_context *ctx, uint32_t mode)
{
	struct amdxdna_drm_set_power_mode pm = { .power_mode = (uint8_t)mode };

	if (mode > POWER_MODE_TURBO)
		return accel_set_reason(-EINVAL, "amdxdnadv_set_power_mode: mode %u (0..4)", mode);
	return amdxdnadv_set_state(ctx, DRM_AMDXDNA_SET_POWER_MODE, &pm, sizeof(pm));
}
