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
#include <string.h>

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

/*
 * The firmware's job command buffer (a fact of the NPU firmware API, JSM
 * job command API 4.x, declared here in our words). A submission's
 * cmd_offset points at a struct ivpudv_cmd_buffer_header, 64-byte
 * aligned; its commands follow at cmd_offset bytes from the header, each
 * starting with a struct ivpudv_cmd_header whose size covers the whole
 * command. Every address is an NPU address (accel_bo_device_addr()) in a
 * BO the submission lists. Fields named reserved are 0.
 */
enum ivpudv_cmd_type {
	IVPUDV_CMD_NOP = 0x0001,
	IVPUDV_CMD_TIMESTAMP = 0x0100,
	IVPUDV_CMD_FENCE_WAIT = 0x0101,
	IVPUDV_CMD_FENCE_SIGNAL = 0x0102,
	IVPUDV_CMD_BARRIER = 0x0103,
	IVPUDV_CMD_MEMORY_FILL = 0x0202,
	IVPUDV_CMD_COPY_SYSTEM_TO_SYSTEM = 0x0203,
	IVPUDV_CMD_COPY_LOCAL_TO_LOCAL = 0x0302,
};

/* the firmware's job status codes besides the kernel's ABORTED (256) */
#define IVPUDV_JOB_STATUS_PARSING_ERR 0x1
#define IVPUDV_JOB_STATUS_PROCESSING_ERR 0x2

struct ivpudv_cmd_buffer_header {
	uint32_t cmd_buffer_size;	/* header and commands, bytes */
	uint32_t cmd_offset;		/* first command, from the header */
	uint64_t kernel_heap_base_address;
	uint64_t descriptor_heap_base_address;	/* copy descriptors */
	uint64_t submission_timestamp;	/* us, optional */
	uint64_t fence_heap_base_address;	/* fence commands' base */
	uint64_t context_save_area_address;
};

struct ivpudv_cmd_header {
	uint16_t type;			/* enum ivpudv_cmd_type */
	uint16_t size;			/* of the command, header included */
};

/* IVPUDV_CMD_MEMORY_FILL: size bytes from start_address, a 32-bit pattern */
struct ivpudv_cmd_fill {
	struct ivpudv_cmd_header header;
	uint32_t reserved_0;
	uint64_t start_address;		/* 64-byte aligned */
	uint64_t size;
	uint32_t fill_pattern;
	uint32_t reserved_1;
};

/* IVPUDV_CMD_COPY_*: desc_count descriptors in the descriptor heap */
struct ivpudv_cmd_copy {
	struct ivpudv_cmd_header header;
	uint32_t reserved_0;
	uint64_t desc_start_offset;	/* from descriptor_heap_base_address */
	uint32_t desc_count;
	uint32_t reserved_1;
};

/* one copy of a 37xx NPU (Meteor Lake, Arrow Lake), 64 bytes */
struct ivpudv_copy_desc_37xx {
	uint64_t reserved_0[2];
	uint64_t src_address;
	uint64_t dst_address;
	uint32_t size;			/* at most 16 MiB */
	uint32_t reserved_1[7];
};

/* one copy of a 40xx or later NPU (Lunar Lake on), 192 bytes */
struct ivpudv_copy_desc_40xx {
	uint64_t reserved_0[3];
	uint32_t size;
	uint32_t reserved_1;
	uint64_t reserved_2;
	uint64_t src_address;
	uint64_t dst_address;
	uint64_t reserved_3[17];
};

/* IVPUDV_CMD_TIMESTAMP: a 64-bit time written at timestamp_address */
struct ivpudv_cmd_timestamp {
	struct ivpudv_cmd_header header;
	uint32_t type;			/* 0 raw, 1 system time, 2 delta */
	uint64_t timestamp_address;
};

/* IVPUDV_CMD_FENCE_SIGNAL/WAIT: value at fence heap base + offset */
struct ivpudv_cmd_fence {
	struct ivpudv_cmd_header header;
	uint32_t reserved_0;
	uint64_t offset;
	uint64_t value;
};

/* IVPUDV_CMD_BARRIER: later commands start once earlier ones are done */
struct ivpudv_cmd_barrier {
	struct ivpudv_cmd_header header;
	uint32_t reserved_0;
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct ivpudv_cmd_buffer_header) == 48, "cmd buffer header");
_Static_assert(sizeof(struct ivpudv_cmd_fill) == 32, "fill command");
_Static_assert(sizeof(struct ivpudv_cmd_copy) == 24, "copy command");
_Static_assert(sizeof(struct ivpudv_copy_desc_37xx) == 64, "37xx descriptor");
_Static_assert(sizeof(struct ivpudv_copy_desc_40xx) == 192, "40xx descriptor");
_Static_assert(sizeof(struct ivpudv_cmd_timestamp) == 16, "timestamp command");
_Static_assert(sizeof(struct ivpudv_cmd_fence) == 24, "fence command");
_Static_assert(sizeof(struct ivpudv_cmd_barrier) == 8, "barrier command");
#endif

/*
 * Emitters, as softdv.h has them: each writes one item at p (no alignment
 * needed, it is copied in) and returns its byte count, so a buffer is
 * built with "off += ivpudv_emit_...(buf + off, ...)". Start with the
 * buffer header, whose cmd_buffer_size ivpudv_set_size() fixes at the end.
 */
static inline uint32_t ivpudv_emit_buffer_header(void *p, uint64_t descriptor_heap,
						 uint64_t fence_heap)
{
	struct ivpudv_cmd_buffer_header h = {
		.cmd_offset = sizeof(h),
		.descriptor_heap_base_address = descriptor_heap,
		.fence_heap_base_address = fence_heap,
	};

	memcpy(p, &h, sizeof(h));
	return sizeof(h);
}

/* the header's cmd_buffer_size: header and commands, size bytes in all */
static inline void ivpudv_set_size(void *header, uint32_t size)
{
	memcpy(header, &size, sizeof(size));
}

static inline uint32_t ivpudv_emit_fill(void *p, uint64_t start_address,
					uint64_t size, uint32_t pattern)
{
	struct ivpudv_cmd_fill c = {
		.header = { IVPUDV_CMD_MEMORY_FILL, sizeof(c) },
		.start_address = start_address, .size = size, .fill_pattern = pattern,
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

/* type: IVPUDV_CMD_COPY_SYSTEM_TO_SYSTEM or IVPUDV_CMD_COPY_LOCAL_TO_LOCAL */
static inline uint32_t ivpudv_emit_copy(void *p, uint16_t type,
					uint64_t desc_start_offset, uint32_t desc_count)
{
	struct ivpudv_cmd_copy c = {
		.header = { type, sizeof(c) },
		.desc_start_offset = desc_start_offset, .desc_count = desc_count,
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

/* a copy descriptor for the descriptor heap, in the NPU generation's layout */
static inline uint32_t ivpudv_emit_copy_desc_37xx(void *p, uint64_t dst, uint64_t src,
						  uint32_t size)
{
	struct ivpudv_copy_desc_37xx d = {
		.src_address = src, .dst_address = dst, .size = size,
	};

	memcpy(p, &d, sizeof(d));
	return sizeof(d);
}

static inline uint32_t ivpudv_emit_copy_desc_40xx(void *p, uint64_t dst, uint64_t src,
						  uint32_t size)
{
	struct ivpudv_copy_desc_40xx d = {
		.src_address = src, .dst_address = dst, .size = size,
	};

	memcpy(p, &d, sizeof(d));
	return sizeof(d);
}

static inline uint32_t ivpudv_emit_timestamp(void *p, uint32_t type, uint64_t address)
{
	struct ivpudv_cmd_timestamp c = {
		.header = { IVPUDV_CMD_TIMESTAMP, sizeof(c) },
		.type = type, .timestamp_address = address,
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

/* type: IVPUDV_CMD_FENCE_SIGNAL or IVPUDV_CMD_FENCE_WAIT */
static inline uint32_t ivpudv_emit_fence(void *p, uint16_t type, uint64_t offset,
					 uint64_t value)
{
	struct ivpudv_cmd_fence c = {
		.header = { type, sizeof(c) }, .offset = offset, .value = value,
	};

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

static inline uint32_t ivpudv_emit_barrier(void *p)
{
	struct ivpudv_cmd_barrier c = { .header = { IVPUDV_CMD_BARRIER, sizeof(c) } };

	memcpy(p, &c, sizeof(c));
	return sizeof(c);
}

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_IVPUDV_H */
