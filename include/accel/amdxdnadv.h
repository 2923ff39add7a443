/* SPDX-License-Identifier: MIT */
/*
 * amdxdnadv - the amdxdna "direct" extensions of libaccel (AMD XDNA NPUs,
 * Ryzen AI), for what the generic API cannot hold: hardware contexts with
 * their QoS and compute units (the only way to make an amdxdna queue),
 * typed BO allocation (SHARE, CMD, DEV), user memory through a VA table,
 * explicit cache sync, the ERT command packets the firmware executes and
 * the state it writes back, the driver's GET_INFO/GET_ARRAY queries and
 * SET_STATE. Link with -lamdxdnadv. See amdxdnadv(3).
 *
 * Errors follow libaccel: pointer-returning calls return NULL and set
 * errno; int calls return 0 (or a count) or a negative errno. Calls on an
 * object of another provider answer -EOPNOTSUPP (NULL, errno EOPNOTSUPP).
 *
 * The payload structures of the queries and of SET_STATE are the kernel's
 * (struct amdxdna_drm_query_*, amdxdna_drm_hwctx_entry, ... of
 * <drm/amdxdna_accel.h>, Linux 7.2); the typed calls here copy the fields
 * libaccel knows into its own fixed structures.
 */
#ifndef ACCEL_AMDXDNADV_H
#define ACCEL_AMDXDNADV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Hardware contexts: the queues of an amdxdna device                       */
/* ------------------------------------------------------------------------ */

/* amdxdna_qos_info.priority */
#define AMDXDNADV_QOS_REALTIME 0x100
#define AMDXDNADV_QOS_HIGH 0x180
#define AMDXDNADV_QOS_NORMAL 0x200
#define AMDXDNADV_QOS_LOW 0x280

/* One compute unit: the DEV BO holding its configuration (PDI), its function */
struct amdxdnadv_cu {
	struct accel_bo *cu_bo;
	uint8_t cu_func;
	uint8_t reserved[7];
};

enum amdxdnadv_hwctx_attr_mask {
	/* qos_priority is set; else the accel priority of the engine maps */
	AMDXDNADV_HWCTX_ATTR_QOS = 1 << 0,
	AMDXDNADV_HWCTX_ATTR_LOG_BUF = 1 << 1,	/* log_buf is set */
};

/*
 * What CREATE_HWCTX and CONFIG_HWCTX(CONFIG_CU) take. Extensible: pass
 * sizeof(attr).
 */
struct amdxdnadv_hwctx_attr {
	uint32_t comp_mask;	/* enum amdxdnadv_hwctx_attr_mask */
	int32_t priority;	/* accel priority -1..2, without ATTR_QOS */
	/* struct amdxdna_qos_info, with ATTR_QOS */
	uint32_t qos_gops;
	uint32_t qos_fps;
	uint32_t qos_dma_bandwidth;
	uint32_t qos_latency;
	uint32_t qos_frame_exec_time;
	uint32_t qos_priority;	/* AMDXDNADV_QOS_* */
	uint32_t max_opc;	/* operations per cycle */
	uint32_t num_tiles;	/* AIE core tiles (columns x core rows); 0: one column */
	uint32_t mem_size;
	uint32_t num_cus;	/* 1..: a context needs its CUs */
	const struct amdxdnadv_cu *cus;
	struct accel_bo *log_buf;	/* with ATTR_LOG_BUF */
};

/*
 * A hardware context as a libaccel queue of engine 0: CREATE_HWCTX, then
 * CONFIG_HWCTX(CONFIG_CU) with the CUs. accel_submit() on it runs one ERT
 * packet (cmd_bo, at offset 0) with the listed BOs as its arguments;
 * accel_wait(), accel_job_status() and accel_fence_export_sync_file() work
 * on it; accel_queue_destroy() destroys the context and its syncobj.
 * The context's DEV heap is created first if it does not exist yet.
 */
struct accel_queue *amdxdnadv_hwctx_create(struct accel_context *ctx,
					   const struct amdxdnadv_hwctx_attr *attr,
					   size_t attr_size);
/* the kernel's context handle and its completion syncobj handle */
int amdxdnadv_hwctx_handle(struct accel_queue *queue, uint32_t *handle,
			   uint32_t *syncobj);
/*
 * CONFIG_HWCTX ASSIGN_DBG_BUF (assign 1) or REMOVE_DBG_BUF (0) with a DEV
 * BO as the firmware debug buffer.
 */
int amdxdnadv_hwctx_debug_bo(struct accel_queue *queue, struct accel_bo *bo,
			     int assign);
/*
 * WAIT_CMD for a submission (timeout in ms, 0 forever). AIE2 devices
 * answer -EOPNOTSUPP in Linux 7.2 (only AIE4 serves it): accel_wait()
 * works everywhere.
 */
int amdxdnadv_wait_cmd(struct accel_queue *queue, uint64_t seqno,
		       uint32_t timeout_ms);

/* ------------------------------------------------------------------------ */
/* Buffer objects                                                           */
/* ------------------------------------------------------------------------ */

/* enum amdxdna_bo_type */
enum amdxdnadv_bo_type {
	AMDXDNADV_BO_SHARE = 1,
	AMDXDNADV_BO_DEV_HEAP = 2,	/* the provider's own: not allocatable */
	AMDXDNADV_BO_DEV = 3,
	AMDXDNADV_BO_CMD = 4,
};

/*
 * A BO of a given type: SHARE (host memory the device reaches), CMD (an
 * ERT packet) or DEV (carved from the context's DEV heap, not
 * exportable). Every BO is mapped by the provider at once (its device
 * address on an SVA system is that mapping), so accel_bo_map() is free.
 */
struct accel_bo *amdxdnadv_bo_alloc(struct accel_context *ctx, uint32_t type,
				    uint64_t size);
/*
 * User memory as a SHARE BO (CREATE_BO with a VA table of one entry): ptr
 * and size page aligned; the memory must outlive the BO. Not exportable.
 */
struct accel_bo *amdxdnadv_bo_from_user(struct accel_context *ctx, void *ptr,
					uint64_t size);

struct amdxdnadv_bo_info {
	uint32_t handle;	/* GEM handle */
	uint32_t type;		/* enum amdxdnadv_bo_type */
	uint64_t map_offset;	/* mmap offset, ~0 for DEV BOs */
	uint64_t vaddr;		/* the user address the kernel knows */
	uint64_t xdna_addr;	/* device address */
};

int amdxdnadv_bo_info(struct accel_bo *bo, struct amdxdnadv_bo_info *info,
		      size_t info_size);

#define AMDXDNADV_SYNC_TO_DEVICE 0u
#define AMDXDNADV_SYNC_FROM_DEVICE 1u

/*
 * SYNC_BO: flush the CPU cache over [offset, offset + size). In Linux 7.2
 * FROM_DEVICE also syncs a context's debug BO and answers -EINVAL for any
 * other BO (after flushing); the flush itself does both directions, so
 * accel_bo_cpu_prep()/fini() use TO_DEVICE.
 */
int amdxdnadv_bo_sync(struct accel_bo *bo, uint32_t direction, uint64_t offset,
		      uint64_t size);

/* ------------------------------------------------------------------------ */
/* ERT command packets (drivers/accel/amdxdna/amdxdna_ctx.h)                */
/* ------------------------------------------------------------------------ */

/* enum ert_cmd_opcode */
#define AMDXDNADV_ERT_START_CU 0u
#define AMDXDNADV_ERT_START_DPU 18u
#define AMDXDNADV_ERT_CMD_CHAIN 19u
#define AMDXDNADV_ERT_START_NPU 20u
#define AMDXDNADV_ERT_START_NPU_PREEMPT 21u
#define AMDXDNADV_ERT_START_NPU_PREEMPT_ELF 22u

/* enum ert_cmd_state: written back into the packet's header */
enum amdxdnadv_ert_state {
	AMDXDNADV_ERT_STATE_INVALID = 0,
	AMDXDNADV_ERT_STATE_NEW = 1,
	AMDXDNADV_ERT_STATE_QUEUED = 2,
	AMDXDNADV_ERT_STATE_RUNNING = 3,
	AMDXDNADV_ERT_STATE_COMPLETED = 4,
	AMDXDNADV_ERT_STATE_ERROR = 5,
	AMDXDNADV_ERT_STATE_ABORT = 6,
	AMDXDNADV_ERT_STATE_SUBMITTED = 7,
	AMDXDNADV_ERT_STATE_TIMEOUT = 8,
	AMDXDNADV_ERT_STATE_NORESPONSE = 9,
};

/* header: state [3:0], extra CU masks [11:10], count [22:12], opcode [27:23] */
#define AMDXDNADV_ERT_HEADER(opcode, count, extra_masks, state)                  \
	((uint32_t)(state) & 0xfu) | (((uint32_t)(extra_masks) & 0x3u) << 10) | \
		(((uint32_t)(count) & 0x7ffu) << 12) |                          \
		(((uint32_t)(opcode) & 0x1fu) << 23)
#define AMDXDNADV_ERT_MAX_COUNT 0x7ffu	/* payload words */

static inline uint32_t amdxdnadv_ert_state(const void *packet)
{
	uint32_t h;

	memcpy(&h, packet, sizeof(h));
	return h & 0xfu;
}

static inline uint32_t amdxdnadv_ert_opcode(const void *packet)
{
	uint32_t h;

	memcpy(&h, packet, sizeof(h));
	return (h >> 23) & 0x1fu;
}

/* payload words after the header */
static inline uint32_t amdxdnadv_ert_count(const void *packet)
{
	uint32_t h;

	memcpy(&h, packet, sizeof(h));
	return (h >> 12) & 0x7ffu;
}

/*
 * START_CU: header, the CU mask, then nargs words of the CU's register
 * map. Returns the packet's bytes, or 0 when it does not fit len (or the
 * count field).
 */
static inline size_t amdxdnadv_ert_start_cu(void *buf, size_t len, uint32_t cu_mask,
					    const uint32_t *args, uint32_t nargs)
{
	uint32_t *p = (uint32_t *)buf;
	size_t words = 2 + (size_t)nargs;

	if (nargs > AMDXDNADV_ERT_MAX_COUNT - 1 || words * 4 > len)
		return 0;
	p[0] = AMDXDNADV_ERT_HEADER(AMDXDNADV_ERT_START_CU, 1 + nargs, 0,
				    AMDXDNADV_ERT_STATE_NEW);
	p[1] = cu_mask;
	if (nargs)
		memcpy(&p[2], args, (size_t)nargs * 4);
	return words * 4;
}

/*
 * START_NPU: header, the CU mask, the instruction buffer (device address
 * and bytes), nprops property words, then nargs kernel argument words
 * (struct amdxdna_cmd_start_npu). Returns bytes, or 0 when it does not fit.
 */
static inline size_t amdxdnadv_ert_start_npu(void *buf, size_t len, uint32_t cu_mask,
					     uint64_t inst_addr, uint32_t inst_size,
					     const uint32_t *props, uint32_t nprops,
					     const uint32_t *args, uint32_t nargs)
{
	uint32_t *p = (uint32_t *)buf;
	size_t payload = 1 + 4 + (size_t)nprops + nargs;

	if (payload > AMDXDNADV_ERT_MAX_COUNT || (1 + payload) * 4 > len)
		return 0;
	p[0] = AMDXDNADV_ERT_HEADER(AMDXDNADV_ERT_START_NPU, payload, 0,
				    AMDXDNADV_ERT_STATE_NEW);
	p[1] = cu_mask;
	p[2] = (uint32_t)inst_addr;
	p[3] = (uint32_t)(inst_addr >> 32);
	p[4] = inst_size;
	p[5] = nprops;
	if (nprops)
		memcpy(&p[6], props, (size_t)nprops * 4);
	if (nargs)
		memcpy(&p[6 + nprops], args, (size_t)nargs * 4);
	return (1 + payload) * 4;
}

/*
 * CMD_CHAIN: header, then struct amdxdna_cmd_chain naming n further CMD
 * BOs by GEM handle (amdxdnadv_bo_info().handle); no CU mask. Returns
 * bytes, or 0. After a failure the kernel sets error_index
 * (amdxdnadv_ert_chain_error_index()).
 */
static inline size_t amdxdnadv_ert_cmd_chain(void *buf, size_t len,
					     const uint32_t *handles, uint32_t n)
{
	uint32_t *p = (uint32_t *)buf;
	size_t payload = 6 + 2 * (size_t)n;
	uint32_t i;

	if (!n || payload > AMDXDNADV_ERT_MAX_COUNT || (1 + payload) * 4 > len)
		return 0;
	p[0] = AMDXDNADV_ERT_HEADER(AMDXDNADV_ERT_CMD_CHAIN, payload, 0,
				    AMDXDNADV_ERT_STATE_NEW);
	memset(&p[1], 0, 6 * 4);
	p[1] = n;
	for (i = 0; i < n; i++) {
		uint64_t h = handles[i];

		memcpy(&p[7 + 2 * i], &h, sizeof(h));
	}
	return (1 + payload) * 4;
}

static inline uint32_t amdxdnadv_ert_chain_error_index(const void *packet)
{
	uint32_t v;

	memcpy(&v, (const uint32_t *)packet + 3, sizeof(v));
	return v;
}

/* the name of an ERT state ("COMPLETED"), "?" for others */
const char *amdxdnadv_ert_state_str(uint32_t state);

/* ------------------------------------------------------------------------ */
/* Queries (GET_INFO, GET_ARRAY) and SET_STATE                              */
/* ------------------------------------------------------------------------ */

/* enum amdxdna_drm_get_param */
enum amdxdnadv_info_param {
	AMDXDNADV_QUERY_AIE_STATUS = 0,
	AMDXDNADV_QUERY_AIE_METADATA = 1,
	AMDXDNADV_QUERY_AIE_VERSION = 2,
	AMDXDNADV_QUERY_CLOCK_METADATA = 3,
	AMDXDNADV_QUERY_SENSORS = 4,
	AMDXDNADV_QUERY_HW_CONTEXTS = 5,
	AMDXDNADV_QUERY_FIRMWARE_VERSION = 8,
	AMDXDNADV_GET_POWER_MODE = 9,
	AMDXDNADV_QUERY_TELEMETRY = 10,
	AMDXDNADV_GET_FORCE_PREEMPT_STATE = 11,
	AMDXDNADV_QUERY_RESOURCE_INFO = 12,
	AMDXDNADV_GET_FRAME_BOUNDARY_PREEMPT_STATE = 13,
};

/*
 * GET_INFO with a kernel payload: *size in is the room at buf, out the
 * bytes the kernel wrote or needs.
 */
int amdxdnadv_get_info(struct accel_context *ctx, uint32_t param, void *buf,
		       uint32_t *size);

/* GET_ARRAY params */
#define AMDXDNADV_ARRAY_HW_CONTEXT_ALL 0u
#define AMDXDNADV_ARRAY_LAST_ASYNC_ERR 2u
#define AMDXDNADV_ARRAY_BO_USAGE 6u

/*
 * GET_ARRAY: *elem_size and *num in are the room (both non-zero), out what
 * the kernel wrote. Returns 0 or -errno.
 */
int amdxdnadv_get_array(struct accel_context *ctx, uint32_t param, void *buf,
			uint32_t *elem_size, uint32_t *num);

/* The device as GET_INFO describes it. Extensible: pass sizeof(info). */
struct amdxdnadv_device_info {
	uint32_t aie_major, aie_minor;		/* QUERY_AIE_VERSION */
	uint32_t fw_major, fw_minor, fw_patch, fw_build;
	uint32_t col_size;			/* QUERY_AIE_METADATA */
	uint16_t cols, rows;
	uint16_t core_rows, mem_rows, shim_rows;
	uint16_t reserved;
	uint32_t mp_npu_clock_mhz, h_clock_mhz;	/* QUERY_CLOCK_METADATA */
	uint32_t power_mode;			/* GET_POWER_MODE */
	uint32_t reserved2;
	uint64_t npu_clk_max;			/* QUERY_RESOURCE_INFO */
	uint64_t npu_tops_max, npu_task_max;
	uint64_t npu_tops_curr, npu_task_curr;
	int32_t device_type;			/* sysfs device_type, -1 unknown */
	char vbnv[64];				/* sysfs vbnv */
};

/* every query above; a query the device refuses leaves its fields 0 */
int amdxdnadv_query_device(struct accel_context *ctx,
			   struct amdxdnadv_device_info *info, size_t info_size);

/* One hardware context of DRM_AMDXDNA_HW_CONTEXT_ALL (some fields) */
struct amdxdnadv_hwctx_entry {
	uint32_t context_id;
	uint32_t start_col;
	uint32_t num_col;
	uint32_t state;
	int64_t pid;
	uint64_t command_submissions;
	uint64_t command_completions;
	uint64_t errors;
	uint64_t priority;
	uint64_t heap_usage;
};

/* up to max entries; returns how many were written */
int amdxdnadv_query_hwctx(struct accel_context *ctx,
			  struct amdxdnadv_hwctx_entry *entries, uint32_t max);

/* DRM_AMDXDNA_BO_USAGE of a process (pid 0: this one) */
struct amdxdnadv_bo_usage {
	uint64_t total_usage;
	uint64_t internal_usage;
	uint64_t heap_usage;
};

int amdxdnadv_query_bo_usage(struct accel_context *ctx, int64_t pid,
			     struct amdxdnadv_bo_usage *usage);

/* DRM_AMDXDNA_HW_LAST_ASYNC_ERR */
struct amdxdnadv_async_error {
	uint64_t err_code;
	uint64_t ts_us;
	uint64_t ex_err_code;
};

int amdxdnadv_query_last_error(struct accel_context *ctx,
			       struct amdxdnadv_async_error *err);

/* enum amdxdna_drm_set_param */
enum amdxdnadv_set_param {
	AMDXDNADV_SET_POWER_MODE = 0,
	AMDXDNADV_WRITE_AIE_MEM = 1,
	AMDXDNADV_WRITE_AIE_REG = 2,
	AMDXDNADV_SET_FORCE_PREEMPT = 3,
	AMDXDNADV_SET_FRAME_BOUNDARY_PREEMPT = 4,
};

/*
 * SET_STATE with a kernel payload. The ioctl is DRM_ROOT_ONLY: another
 * caller gets -EACCES from the DRM core.
 */
int amdxdnadv_set_state(struct accel_context *ctx, uint32_t param,
			const void *buf, uint32_t size);

/* enum amdxdna_power_mode_type */
enum amdxdnadv_power_mode {
	AMDXDNADV_POWER_DEFAULT = 0,
	AMDXDNADV_POWER_LOW = 1,
	AMDXDNADV_POWER_MEDIUM = 2,
	AMDXDNADV_POWER_HIGH = 3,
	AMDXDNADV_POWER_TURBO = 4,
};

/* SET_STATE(SET_POWER_MODE); root only (-EACCES) */
int amdxdnadv_set_power_mode(struct accel_context *ctx, uint32_t mode);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_AMDXDNADV_H */
