// SPDX-License-Identifier: MIT
/*
 * ivpudv: the ivpu provider's direct API (accel/ivpudv.h). Every call
 * takes a reference on the object it is given (the core's lookup checks
 * that it is live and ours) and drops it before returning.
 */
#include <errno.h>
#include <string.h>

#include "ivpu.h"

static int check_ctx(struct accel_context **ctx, const char *fn)
{
	int ret = accel_context_lookup_prov(ctx, &ivpu_provider);

	if (ret)
		return accel_set_reason(ret, "%s: not a live ivpu context", fn);
	return 0;
}

IVPUDV_EXPORT int ivpudv_get_param(struct accel_context *ctx, uint32_t param,
				   uint32_t index, uint64_t *value)
{
	int ret;

	if (!value)
		return accel_set_reason(-EINVAL, "ivpudv_get_param: NULL value");
	ret = check_ctx(&ctx, __func__);
	if (ret)
		return ret;
	ret = ivpu_get_param(ctx->fd, param, index, value);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "ivpudv_get_param: param %u index %u: %s", param,
					index, strerror(-ret));
	return 0;
}

IVPUDV_EXPORT int ivpudv_set_param(struct accel_context *ctx, uint32_t param,
				   uint32_t index, uint64_t value)
{
	struct drm_ivpu_param p = { .param = param, .index = index, .value = value };
	int ret;

	ret = check_ctx(&ctx, __func__);
	if (ret)
		return ret;
	ret = ivpu_ioctl(ctx->fd, DRM_IOCTL_IVPU_SET_PARAM, &p);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "ivpudv_set_param: param %u: %s%s", param,
					strerror(-ret),
					ret == -EINVAL ? " (7.2 has no settable parameter)" : "");
	return 0;
}

IVPUDV_EXPORT int ivpudv_query_device(struct accel_context *ctx,
				      struct ivpudv_device_info *info, size_t info_size)
{
	struct ivpudv_device_info t = { 0 };
	uint64_t v;
	uint32_t i;
	int ret;

	if (!info || !info_size)
		return accel_set_reason(-EINVAL, "ivpudv_query_device: NULL info");
	ret = check_ctx(&ctx, __func__);
	if (ret)
		return ret;
#define P(id, field)                                                  \
	do {                                                          \
		if (!ret && !(ret = ivpu_get_param(ctx->fd, id, 0, &v))) \
			t.field = v;                                  \
	} while (0)
	P(DRM_IVPU_PARAM_DEVICE_ID, device_id);
	P(DRM_IVPU_PARAM_DEVICE_REVISION, revision);
	P(DRM_IVPU_PARAM_PLATFORM_TYPE, platform_type);
	P(DRM_IVPU_PARAM_CORE_CLOCK_RATE, core_clock_rate);
	P(DRM_IVPU_PARAM_NUM_CONTEXTS, num_contexts);
	P(DRM_IVPU_PARAM_CONTEXT_BASE_ADDRESS, context_base_address);
	P(DRM_IVPU_PARAM_CONTEXT_ID, context_id);
	P(DRM_IVPU_PARAM_TILE_CONFIG, tile_config);
	P(DRM_IVPU_PARAM_SKU, sku);
	P(DRM_IVPU_PARAM_PREEMPT_BUFFER_SIZE, preempt_buffer_size);
#undef P
	for (i = 0; !ret && i < IVPUDV_FW_API_VERSIONS; i++)
		if (!(ret = ivpu_get_param(ctx->fd, DRM_IVPU_PARAM_FW_API_VERSION, i, &v)))
			t.fw_api_version[i] = (uint32_t)v;
	for (i = DRM_IVPU_CAP_METRIC_STREAMER; !ret && i <= DRM_IVPU_CAP_BO_CREATE_FROM_USERPTR;
	     i++)
		if (!(ret = ivpu_get_param(ctx->fd, DRM_IVPU_PARAM_CAPABILITIES, i, &v)) && v)
			t.caps |= 1u << i;
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "ivpudv_query_device: GET_PARAM: %s",
					strerror(-ret));
	memset(info, 0, info_size);
	memcpy(info, &t, info_size < sizeof(t) ? info_size : sizeof(t));
	return 0;
}

static struct accel_bo *bo_publish(struct accel_context *ctx, struct ivpu_bo *bo)
{
	struct accel_bo *ret;

	if (!bo) {
		accel_context_put(ctx);
		return NULL;
	}
	ret = accel_bo_publish(ctx, &bo->base);
	accel_context_put(ctx);
	return ret;
}

IVPUDV_EXPORT struct accel_bo *ivpudv_bo_create(struct accel_context *ctx, uint64_t size,
						uint32_t ivpu_flags)
{
	int ret = check_ctx(&ctx, __func__);

	if (ret) {
		errno = -ret;
		return NULL;
	}
	/* the kernel checks the flags and size (ivpu_bo_create_ioctl()) */
	return bo_publish(ctx, ivpu_bo_new(ctx, size, ivpu_flags, NULL));
}

IVPUDV_EXPORT struct accel_bo *ivpudv_bo_from_userptr(struct accel_context *ctx, void *ptr,
						      uint64_t size, uint32_t ivpu_flags)
{
	int ret;

	if (!ptr) {
		errno = -accel_set_reason(-EINVAL, "ivpudv_bo_from_userptr: NULL pointer");
		return NULL;
	}
	ret = check_ctx(&ctx, __func__);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	return bo_publish(ctx, ivpu_bo_new(ctx, size, ivpu_flags, ptr));
}

static int check_bo(struct accel_bo **bo, const char *fn)
{
	int ret = accel_bo_lookup_prov(bo, &ivpu_provider);

	if (ret)
		return accel_set_reason(ret, "%s: not a live ivpu BO", fn);
	return 0;
}

IVPUDV_EXPORT int ivpudv_bo_query(struct accel_bo *abo, struct ivpudv_bo_info *info,
				  size_t info_size)
{
	struct drm_ivpu_bo_info bi = { 0 };
	struct ivpudv_bo_info t = { 0 };
	int ret;

	if (!info || !info_size)
		return accel_set_reason(-EINVAL, "ivpudv_bo_query: NULL info");
	ret = check_bo(&abo, __func__);
	if (ret)
		return ret;
	bi.handle = to_ivpu_bo(abo)->handle;
	ret = ivpu_ioctl(abo->ctx->fd, DRM_IOCTL_IVPU_BO_INFO, &bi);
	accel_bo_put(abo);
	if (ret)
		return accel_set_reason(ret, "ivpudv_bo_query: BO_INFO: %s", strerror(-ret));
	t.handle = bi.handle;
	t.flags = bi.flags;
	t.vpu_addr = bi.vpu_addr;
	t.mmap_offset = bi.mmap_offset;
	t.size = bi.size;
	memset(info, 0, info_size);
	memcpy(info, &t, info_size < sizeof(t) ? info_size : sizeof(t));
	return 0;
}

IVPUDV_EXPORT struct accel_queue *ivpudv_cmdq_create(struct accel_context *ctx,
						     uint32_t priority, uint32_t flags,
						     struct accel_bo *preempt_bo)
{
	struct accel_queue *queue;
	struct ivpu_queue *q;
	int ret;

	ret = check_ctx(&ctx, __func__);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	if (preempt_bo) {
		ret = accel_bo_lookup(ctx, &preempt_bo);
		if (ret) {
			accel_context_put(ctx);
			errno = -accel_set_reason(ret, "ivpudv_cmdq_create: preempt_bo is not a live BO of this context");
			return NULL;
		}
	}
	/* the kernel checks the priority and the capability */
	q = ivpu_cmdq_new(ctx, NULL, priority, flags);
	if (!q) {
		if (preempt_bo)
			accel_bo_put(preempt_bo);
		accel_context_put(ctx);
		return NULL;
	}
	/* the queue keeps the reference */
	q->preempt_bo = preempt_bo;
	queue = accel_queue_publish(ctx, &q->base);
	accel_context_put(ctx);
	return queue;
}

IVPUDV_EXPORT int ivpudv_queue_cmdq_id(struct accel_queue *queue, uint32_t *cmdq_id)
{
	int ret;

	if (!cmdq_id)
		return accel_set_reason(-EINVAL, "ivpudv_queue_cmdq_id: NULL cmdq_id");
	ret = accel_queue_lookup_prov(&queue, &ivpu_provider);
	if (ret)
		return accel_set_reason(ret, "ivpudv_queue_cmdq_id: not a live ivpu queue");
	*cmdq_id = to_ivpu_queue(queue)->cmdq_id;
	accel_queue_put(queue);
	return 0;
}

IVPUDV_EXPORT int ivpudv_job_status(struct accel_queue *queue, uint64_t seqno,
				    uint32_t *job_status)
{
	struct accel_queue *q = queue;
	struct accel_job_status st;
	int ret;

	if (!job_status)
		return accel_set_reason(-EINVAL, "ivpudv_job_status: NULL job_status");
	ret = accel_queue_lookup_prov(&q, &ivpu_provider);
	if (ret)
		return accel_set_reason(ret, "ivpudv_job_status: not a live ivpu queue");
	accel_queue_put(q);
	/* the core keeps what fence_wait said: provider_status = job_status */
	ret = accel_job_status(queue, seqno, &st, sizeof(st));
	if (ret)
		return ret;
	if (st.state == ACCEL_JOB_PENDING)
		return accel_set_reason(-EAGAIN, "ivpudv_job_status: job %llu still runs",
					(unsigned long long)seqno);
	*job_status = st.state == ACCEL_JOB_DONE ? DRM_IVPU_JOB_STATUS_SUCCESS :
						   (uint32_t)st.provider_status;
	return 0;
}

IVPUDV_EXPORT int ivpudv_metric_streamer_start(struct accel_context *ctx, uint64_t group_mask,
					       uint64_t sampling_period_ns,
					       uint32_t read_period_samples,
					       uint32_t *sample_size, uint32_t *max_data_size)
{
	struct drm_ivpu_metric_streamer_start a = {
		.metric_group_mask = group_mask,
		.sampling_period_ns = sampling_period_ns,
		.read_period_samples = read_period_samples,
	};
	int ret = check_ctx(&ctx, __func__);

	if (ret)
		return ret;
	ret = ivpu_ioctl(ctx->fd, DRM_IOCTL_IVPU_METRIC_STREAMER_START, &a);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "ivpudv_metric_streamer_start: mask 0x%llx: %s",
					(unsigned long long)group_mask, strerror(-ret));
	if (sample_size)
		*sample_size = a.sample_size;
	if (max_data_size)
		*max_data_size = a.max_data_size;
	return 0;
}

IVPUDV_EXPORT int ivpudv_metric_streamer_stop(struct accel_context *ctx, uint64_t group_mask)
{
	struct drm_ivpu_metric_streamer_stop a = { .metric_group_mask = group_mask };
	int ret = check_ctx(&ctx, __func__);

	if (ret)
		return ret;
	ret = ivpu_ioctl(ctx->fd, DRM_IOCTL_IVPU_METRIC_STREAMER_STOP, &a);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "ivpudv_metric_streamer_stop: mask 0x%llx: %s",
					(unsigned long long)group_mask, strerror(-ret));
	return 0;
}

static int ms_data(struct accel_context *ctx, unsigned long req, const char *fn,
		   uint64_t mask, void *buf, uint64_t size, uint64_t *data_size)
{
	struct drm_ivpu_metric_streamer_get_data a = {
		.metric_group_mask = mask,
		.buffer_ptr = (uintptr_t)buf,
		.buffer_size = size,
	};
	int ret;

	if (!data_size || (!buf && size))
		return accel_set_reason(-EINVAL, "%s: NULL data_size, or a size with no buffer",
					fn);
	ret = check_ctx(&ctx, fn);
	if (ret)
		return ret;
	ret = ivpu_ioctl(ctx->fd, req, &a);
	accel_context_put(ctx);
	if (ret)
		return accel_set_reason(ret, "%s: mask 0x%llx: %s", fn,
					(unsigned long long)mask, strerror(-ret));
	*data_size = a.data_size;
	return 0;
}

IVPUDV_EXPORT int ivpudv_metric_streamer_get_data(struct accel_context *ctx,
						  uint64_t group_mask, void *buf,
						  uint64_t size, uint64_t *data_size)
{
	return ms_data(ctx, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA, __func__, group_mask,
		       buf, size, data_size);
}

IVPUDV_EXPORT int ivpudv_metric_streamer_get_info(struct accel_context *ctx,
						  uint64_t group_mask, void *buf,
						  uint64_t size, uint64_t *data_size)
{
	return ms_data(ctx, DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO, __func__, group_mask,
		       buf, size, data_size);
}
