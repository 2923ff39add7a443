/* SPDX-License-Identifier: MIT */
/*
 * ivpudv - the Intel NPU (ivpu) "direct" extensions of libaccel, for what
 * the generic API cannot hold: raw and typed GET_PARAM/SET_PARAM, BOs
 * with ivpu flags (address range, cache mode, read-only) and over user
 * memory, command queues with TURBO and a preemption buffer, the metric
 * streamer, and the firmware's job status of a finished submission. Link
 * with -livpudv. See ivpudv(3).
 *
 * Errors follow libaccel: pointer-returning calls return NULL and set
 * errno; int calls return 0 or a negative errno. Calls on an object of
 * another provider answer -EOPNOTSUPP (NULL, errno EOPNOTSUPP).
 */
#ifndef ACCEL_IVPUDV_H
#define ACCEL_IVPUDV_H

#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* DRM_IOCTL_IVPU_GET_PARAM / SET_PARAM with the kernel's ids */
int ivpudv_get_param(struct accel_context *ctx, uint32_t param, uint32_t index,
		     uint64_t *value);
int ivpudv_set_param(struct accel_context *ctx, uint32_t param, uint32_t index,
		     uint64_t value);

/* the kernel's DRM_IVPU_CAP_* as bits of ivpudv_device_info.caps */
enum ivpudv_cap {
	IVPUDV_CAP_METRIC_STREAMER = 1 << 1,
	IVPUDV_CAP_DMA_MEMORY_RANGE = 1 << 2,
	IVPUDV_CAP_MANAGE_CMDQ = 1 << 3,	/* hardware scheduling */
	IVPUDV_CAP_BO_CREATE_FROM_USERPTR = 1 << 4,
};

#define IVPUDV_FW_API_VERSIONS 16	/* VPU_FW_API_VER_NUM */

/*
 * The device as GET_PARAM describes it. Extensible: pass sizeof(info);
 * fields the library does not know are zeroed.
 */
struct ivpudv_device_info {
	uint32_t device_id;		/* PCI device id: 0x7d1d Meteor Lake */
	uint32_t revision;
	uint32_t platform_type;		/* 0: silicon */
	uint32_t caps;			/* enum ivpudv_cap */
	uint64_t core_clock_rate;	/* Hz, the maximum */
	uint64_t num_contexts;		/* open contexts allowed */
	uint64_t context_base_address;	/* lowest NPU VA of a context */
	uint64_t context_id;
	uint64_t tile_config;
	uint64_t sku;
	uint64_t preempt_buffer_size;	/* 0: none needed */
	uint32_t fw_api_version[IVPUDV_FW_API_VERSIONS]; /* major << 16 | minor */
};

int ivpudv_query_device(struct accel_context *ctx, struct ivpudv_device_info *info,
			size_t info_size);

/*
 * BOs with the kernel's DRM_IVPU_BO_* flags (BO_CREATE), or over page
 * aligned user memory the caller keeps alive until the BO is freed
 * (BO_CREATE_FROM_USERPTR: HIGH_MEM, DMA_MEM and READ_ONLY only).
 */
struct accel_bo *ivpudv_bo_create(struct accel_context *ctx, uint64_t size,
				  uint32_t ivpu_flags);
struct accel_bo *ivpudv_bo_from_userptr(struct accel_context *ctx, void *ptr,
					uint64_t size, uint32_t ivpu_flags);

/* DRM_IOCTL_IVPU_BO_INFO of a BO, and its GEM handle on the context's fd */
struct ivpudv_bo_info {
	uint32_t handle;
	uint32_t flags;		/* DRM_IVPU_BO_* */
	uint64_t vpu_addr;
	uint64_t mmap_offset;
	uint64_t size;
};

int ivpudv_bo_query(struct accel_bo *bo, struct ivpudv_bo_info *info,
		    size_t info_size);

/* ivpudv_cmdq_create() flags: DRM_IVPU_CMDQ_FLAG_TURBO */
#define IVPUDV_CMDQ_TURBO 0x1

/*
 * A command queue of hardware scheduling (CMDQ_CREATE; only where
 * GET_PARAM(CAPABILITIES, MANAGE_CMDQ) is 1), as an accel_queue for
 * accel_submit()/accel_wait(). priority is DRM_IVPU_JOB_PRIORITY_*.
 * preempt_bo, optional, is listed as the preemption buffer of every
 * submission (at least PREEMPT_BUFFER_SIZE bytes, not MAPPABLE).
 */
struct accel_queue *ivpudv_cmdq_create(struct accel_context *ctx, uint32_t priority,
				       uint32_t flags, struct accel_bo *preempt_bo);
/* the kernel's cmdq_id of such a queue; 0 for an OS-scheduled queue */
int ivpudv_queue_cmdq_id(struct accel_queue *queue, uint32_t *cmdq_id);

/*
 * The firmware's job_status (DRM_IVPU_JOB_STATUS_SUCCESS, _ABORTED or a
 * device code) of a finished submission; -EAGAIN while it runs.
 */
int ivpudv_job_status(struct accel_queue *queue, uint64_t seqno,
		      uint32_t *job_status);

/* The metric streamer (METRIC_STREAMER_START/STOP/GET_DATA/GET_INFO) */
int ivpudv_metric_streamer_start(struct accel_context *ctx, uint64_t group_mask,
				 uint64_t sampling_period_ns,
				 uint32_t read_period_samples,
				 uint32_t *sample_size, uint32_t *max_data_size);
int ivpudv_metric_streamer_stop(struct accel_context *ctx, uint64_t group_mask);
/* buf NULL and size 0: *data_size is what is ready */
int ivpudv_metric_streamer_get_data(struct accel_context *ctx, uint64_t group_mask,
				    void *buf, uint64_t size, uint64_t *data_size);
int ivpudv_metric_streamer_get_info(struct accel_context *ctx, uint64_t group_mask,
				    void *buf, uint64_t size, uint64_t *data_size);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_IVPUDV_H */
