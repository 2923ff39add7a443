/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the ivpu accel uAPI (Intel NPU: Meteor Lake, Arrow
 * Lake, Lunar Lake, Panther Lake).
 *
 * Written for libaccel with the kernel's identifiers; it follows
 * include/uapi/drm/ivpu_accel.h of Linux 7.2 and declares all of it: every
 * ioctl, structure and constant, not only those libaccel uses. The layouts
 * are fixed-width and the same on every ABI; the static asserts at the end
 * pin the sizes of the 7.2 structures.
 *
 * Rules that the header does not carry (read from drivers/accel/ivpu of
 * 7.2, and emulated by tests/shim/ivpu):
 * - a BO is mapped into the NPU MMU only when a submission first lists
 *   it; touching an unlisted BO faults, and a file that faulted answers
 *   EBADFD to later submissions (ivpu_job_submit());
 * - the command BO (buffers[0]) carries the job's fence as a WRITE use,
 *   other BOs as BOOKKEEP; a command BO still busy answers EBUSY;
 * - BO_WAIT's timeout_ns is an absolute CLOCK_MONOTONIC time, and
 *   job_status is that of the last job whose command BO is the handle.
 */
#ifndef LIBACCEL_UAPI_IVPU_ACCEL_H
#define LIBACCEL_UAPI_IVPU_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE		'd'
#endif
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE	0x40
#endif
#ifndef DRM_IOW
#define DRM_IOW(nr, type)	_IOW(DRM_IOCTL_BASE, nr, type)
#endif
#ifndef DRM_IOWR
#define DRM_IOWR(nr, type)	_IOWR(DRM_IOCTL_BASE, nr, type)
#endif

/* Driver ioctl numbers, offsets from DRM_COMMAND_BASE (0x04 is unused) */
#define DRM_IVPU_GET_PARAM			0x00
#define DRM_IVPU_SET_PARAM			0x01
#define DRM_IVPU_BO_CREATE			0x02
#define DRM_IVPU_BO_INFO			0x03
#define DRM_IVPU_SUBMIT				0x05
#define DRM_IVPU_BO_WAIT			0x06
#define DRM_IVPU_METRIC_STREAMER_START		0x07
#define DRM_IVPU_METRIC_STREAMER_STOP		0x08
#define DRM_IVPU_METRIC_STREAMER_GET_DATA	0x09
#define DRM_IVPU_METRIC_STREAMER_GET_INFO	0x0a
#define DRM_IVPU_CMDQ_CREATE			0x0b
#define DRM_IVPU_CMDQ_DESTROY			0x0c
#define DRM_IVPU_CMDQ_SUBMIT			0x0d
#define DRM_IVPU_BO_CREATE_FROM_USERPTR		0x0e

/* GET_PARAM / SET_PARAM parameter ids (struct drm_ivpu_param.param) */
#define DRM_IVPU_PARAM_DEVICE_ID		0	/* PCI device id */
#define DRM_IVPU_PARAM_DEVICE_REVISION		1
#define DRM_IVPU_PARAM_PLATFORM_TYPE		2	/* 0: silicon */
#define DRM_IVPU_PARAM_CORE_CLOCK_RATE		3	/* max DPU clock, Hz */
#define DRM_IVPU_PARAM_NUM_CONTEXTS		4	/* max open contexts */
#define DRM_IVPU_PARAM_CONTEXT_BASE_ADDRESS	5	/* lowest user VA */
#define DRM_IVPU_PARAM_CONTEXT_PRIORITY		6	/* deprecated */
#define DRM_IVPU_PARAM_CONTEXT_ID		7	/* > 0 */
#define DRM_IVPU_PARAM_FW_API_VERSION		8	/* index: API id */
#define DRM_IVPU_PARAM_ENGINE_HEARTBEAT		9	/* index: engine */
#define DRM_IVPU_PARAM_UNIQUE_INFERENCE_ID	10
#define DRM_IVPU_PARAM_TILE_CONFIG		11
#define DRM_IVPU_PARAM_SKU			12
#define DRM_IVPU_PARAM_CAPABILITIES		13	/* index: DRM_IVPU_CAP_* */
#define DRM_IVPU_PARAM_PREEMPT_BUFFER_SIZE	14

#define DRM_IVPU_PLATFORM_TYPE_SILICON		0

/* Deprecated context priorities; use DRM_IVPU_JOB_PRIORITY_* */
#define DRM_IVPU_CONTEXT_PRIORITY_IDLE		0
#define DRM_IVPU_CONTEXT_PRIORITY_NORMAL	1
#define DRM_IVPU_CONTEXT_PRIORITY_FOCUS		2
#define DRM_IVPU_CONTEXT_PRIORITY_REALTIME	3

/* Job (command queue) priorities of SUBMIT and CMDQ_CREATE */
#define DRM_IVPU_JOB_PRIORITY_DEFAULT		0
#define DRM_IVPU_JOB_PRIORITY_IDLE		1
#define DRM_IVPU_JOB_PRIORITY_NORMAL		2
#define DRM_IVPU_JOB_PRIORITY_FOCUS		3
#define DRM_IVPU_JOB_PRIORITY_REALTIME		4

/* Capabilities, asked as GET_PARAM(CAPABILITIES) with index = the cap */
#define DRM_IVPU_CAP_METRIC_STREAMER		1
#define DRM_IVPU_CAP_DMA_MEMORY_RANGE		2	/* DRM_IVPU_BO_DMA_MEM */
#define DRM_IVPU_CAP_MANAGE_CMDQ		3	/* CMDQ_* ioctls (HWS) */
#define DRM_IVPU_CAP_BO_CREATE_FROM_USERPTR	4

struct drm_ivpu_param {
	__u32 param;	/* DRM_IVPU_PARAM_* */
	__u32 index;	/* for parameters with several instances */
	__u64 value;
};

/* BO flags: address range, mapping, access */
#define DRM_IVPU_BO_SHAVE_MEM	0x00000001
#define DRM_IVPU_BO_HIGH_MEM	DRM_IVPU_BO_SHAVE_MEM	/* VA above 4 GiB */
#define DRM_IVPU_BO_MAPPABLE	0x00000002		/* mmap() allowed */
#define DRM_IVPU_BO_DMA_MEM	0x00000004		/* the DMA range */
#define DRM_IVPU_BO_READ_ONLY	0x00000008		/* NPU reads only */

/* BO cache modes (host side); UNCACHED is refused, WC is its stand-in */
#define DRM_IVPU_BO_CACHED	0x00000000
#define DRM_IVPU_BO_UNCACHED	0x00010000
#define DRM_IVPU_BO_WC		0x00020000
#define DRM_IVPU_BO_CACHE_MASK	0x00030000

#define DRM_IVPU_BO_FLAGS \
	(DRM_IVPU_BO_HIGH_MEM | DRM_IVPU_BO_MAPPABLE | DRM_IVPU_BO_DMA_MEM | \
	 DRM_IVPU_BO_READ_ONLY | DRM_IVPU_BO_CACHE_MASK)

/* A shmem-backed GEM object */
struct drm_ivpu_bo_create {
	__u64 size;		/* bytes */
	__u32 flags;		/* DRM_IVPU_BO_* */
	__u32 handle;		/* out: GEM handle */
	__u64 vpu_addr;		/* out: NPU virtual address */
};

/* A GEM object over user memory (pointer and size page aligned) */
struct drm_ivpu_bo_create_from_userptr {
	__u64 user_ptr;
	__u64 size;
	__u32 flags;		/* HIGH_MEM, DMA_MEM, READ_ONLY */
	__u32 handle;		/* out */
	__u64 vpu_addr;		/* out */
};

struct drm_ivpu_bo_info {
	__u32 handle;
	__u32 flags;		/* out: the creation flags */
	__u64 vpu_addr;		/* out */
	__u64 mmap_offset;	/* out: for mmap(); 0 if not mappable */
	__u64 size;		/* out: page aligned */
};

/* SUBMIT engines */
#define DRM_IVPU_ENGINE_COMPUTE	0
#define DRM_IVPU_ENGINE_COPY	1	/* deprecated */

/*
 * One command buffer on an engine, under OS scheduling. buffers_ptr
 * points to buffer_count u32 GEM handles: [0] is the command buffer, the
 * rest every BO the commands reference. commands_offset is 8-byte
 * aligned. Completion: BO_WAIT on buffers[0].
 */
struct drm_ivpu_submit {
	__u64 buffers_ptr;
	__u32 buffer_count;
	__u32 engine;		/* DRM_IVPU_ENGINE_* */
	__u32 flags;		/* 0 */
	__u32 commands_offset;
	__u32 priority;		/* DRM_IVPU_JOB_PRIORITY_* */
};

/* The same on a command queue of CMDQ_CREATE (hardware scheduling) */
struct drm_ivpu_cmdq_submit {
	__u64 buffers_ptr;
	__u32 buffer_count;
	__u32 cmdq_id;
	__u32 flags;		/* 0 */
	__u32 commands_offset;
	__u32 preempt_buffer_index;	/* in buffers_ptr; 0: none */
	__u32 reserved;
};

/* BO_WAIT job status codes; anything else is a device-specific error */
#define DRM_IVPU_JOB_STATUS_SUCCESS	0
#define DRM_IVPU_JOB_STATUS_ABORTED	256

struct drm_ivpu_bo_wait {
	__u32 handle;
	__u32 flags;		/* 0 */
	__s64 timeout_ns;	/* absolute CLOCK_MONOTONIC; 0 polls */
	__u32 job_status;	/* out, for a command buffer */
	__u32 pad;		/* 0 */
};

struct drm_ivpu_metric_streamer_start {
	__u64 metric_group_mask;	/* the streamer instance */
	__u64 sampling_period_ns;
	__u32 read_period_samples;	/* samples between reads */
	__u32 sample_size;		/* out: bytes of one sample */
	__u32 max_data_size;		/* out: GET_DATA's largest data_size */
};

/* GET_DATA and GET_INFO; buffer_size 0 asks for the size ready */
struct drm_ivpu_metric_streamer_get_data {
	__u64 metric_group_mask;
	__u64 buffer_ptr;
	__u64 buffer_size;
	__u64 data_size;	/* out */
};

/* CMDQ_CREATE flags */
#define DRM_IVPU_CMDQ_FLAG_TURBO	0x00000001	/* low latency, more power */

struct drm_ivpu_cmdq_create {
	__u32 cmdq_id;		/* out */
	__u32 priority;		/* DRM_IVPU_JOB_PRIORITY_* */
	__u32 flags;		/* DRM_IVPU_CMDQ_FLAG_* */
};

struct drm_ivpu_cmdq_destroy {
	__u32 cmdq_id;
};

struct drm_ivpu_metric_streamer_stop {
	__u64 metric_group_mask;
};

#define DRM_IOCTL_IVPU_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_GET_PARAM, struct drm_ivpu_param)
#define DRM_IOCTL_IVPU_SET_PARAM \
	DRM_IOW(DRM_COMMAND_BASE + DRM_IVPU_SET_PARAM, struct drm_ivpu_param)
#define DRM_IOCTL_IVPU_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_BO_CREATE, struct drm_ivpu_bo_create)
#define DRM_IOCTL_IVPU_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_BO_INFO, struct drm_ivpu_bo_info)
#define DRM_IOCTL_IVPU_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_IVPU_SUBMIT, struct drm_ivpu_submit)
#define DRM_IOCTL_IVPU_BO_WAIT \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_BO_WAIT, struct drm_ivpu_bo_wait)
#define DRM_IOCTL_IVPU_METRIC_STREAMER_START \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_METRIC_STREAMER_START, \
		 struct drm_ivpu_metric_streamer_start)
#define DRM_IOCTL_IVPU_METRIC_STREAMER_STOP \
	DRM_IOW(DRM_COMMAND_BASE + DRM_IVPU_METRIC_STREAMER_STOP, \
		struct drm_ivpu_metric_streamer_stop)
#define DRM_IOCTL_IVPU_METRIC_STREAMER_GET_DATA \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_METRIC_STREAMER_GET_DATA, \
		 struct drm_ivpu_metric_streamer_get_data)
/* GET_INFO shares GET_DATA's structure, as in the kernel */
#define DRM_IOCTL_IVPU_METRIC_STREAMER_GET_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_METRIC_STREAMER_GET_INFO, \
		 struct drm_ivpu_metric_streamer_get_data)
#define DRM_IOCTL_IVPU_CMDQ_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_CMDQ_CREATE, struct drm_ivpu_cmdq_create)
#define DRM_IOCTL_IVPU_CMDQ_DESTROY \
	DRM_IOW(DRM_COMMAND_BASE + DRM_IVPU_CMDQ_DESTROY, struct drm_ivpu_cmdq_destroy)
#define DRM_IOCTL_IVPU_CMDQ_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_IVPU_CMDQ_SUBMIT, struct drm_ivpu_cmdq_submit)
#define DRM_IOCTL_IVPU_BO_CREATE_FROM_USERPTR \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_IVPU_BO_CREATE_FROM_USERPTR, \
		 struct drm_ivpu_bo_create_from_userptr)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct drm_ivpu_param) == 16, "param layout");
_Static_assert(sizeof(struct drm_ivpu_bo_create) == 24, "bo_create layout");
_Static_assert(sizeof(struct drm_ivpu_bo_create_from_userptr) == 32,
	       "bo_create_from_userptr layout");
_Static_assert(sizeof(struct drm_ivpu_bo_info) == 32, "bo_info layout");
_Static_assert(sizeof(struct drm_ivpu_submit) == 32, "submit layout");
_Static_assert(sizeof(struct drm_ivpu_cmdq_submit) == 32, "cmdq_submit layout");
_Static_assert(sizeof(struct drm_ivpu_bo_wait) == 24, "bo_wait layout");
_Static_assert(sizeof(struct drm_ivpu_metric_streamer_start) == 32,
	       "metric_streamer_start layout");
_Static_assert(sizeof(struct drm_ivpu_metric_streamer_get_data) == 32,
	       "metric_streamer_get_data layout");
_Static_assert(sizeof(struct drm_ivpu_cmdq_create) == 12, "cmdq_create layout");
_Static_assert(sizeof(struct drm_ivpu_cmdq_destroy) == 4, "cmdq_destroy layout");
_Static_assert(sizeof(struct drm_ivpu_metric_streamer_stop) == 8,
	       "metric_streamer_stop layout");
#endif

#endif /* LIBACCEL_UAPI_IVPU_ACCEL_H */
