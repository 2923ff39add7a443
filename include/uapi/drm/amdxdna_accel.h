/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the amdxdna accel uAPI (AMD XDNA NPUs: Phoenix/Hawk
 * Point NPU1, Strix/Krackan/Gorgon NPU4..6, NPU3 PF/VF).
 *
 * Written for libaccel with the kernel's identifiers; it follows the whole
 * of include/uapi/drm/amdxdna_accel.h of Linux 7.2 (driver interface
 * version 0.10, drivers/accel/amdxdna/amdxdna_pci_drv.c). Every ioctl,
 * structure, enum and constant of that header is here. The layouts are
 * fixed-width and the same on every ABI; the static asserts at the end pin
 * the sizes of the 7.2 structures.
 *
 * Rules of the 7.2 driver worth knowing from userspace:
 * - DEV BOs are carved out of the file's DEV_HEAP (CREATE_BO type
 *   DEV_HEAP, a multiple of the device's dev_mem_size), which must exist
 *   and be mmapped first (-EAGAIN otherwise). DEV BOs are not exportable
 *   (PRIME answers -EOPNOTSUPP) and have no mmap offset (GET_BO_INFO
 *   map_offset is AMDXDNA_INVALID_ADDR; vaddr is inside the heap mapping).
 * - CREATE_HWCTX needs the heap too (-ENOENT without one) and returns a
 *   timeline syncobj; EXEC_CMD returns seq, the point (from 0) that the
 *   job's fence is added at. At most 4 commands are in flight per hardware
 *   context on AIE2: the 5th EXEC_CMD blocks in the kernel.
 * - SET_STATE is DRM_ROOT_ONLY: other callers get -EACCES.
 */
#ifndef LIBACCEL_UAPI_AMDXDNA_ACCEL_H
#define LIBACCEL_UAPI_AMDXDNA_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#if defined(__cplusplus)
extern "C" {
#endif

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

#define AMDXDNA_INVALID_CMD_HANDLE	(~0UL)
#define AMDXDNA_INVALID_ADDR		(~0UL)
#define AMDXDNA_INVALID_CTX_HANDLE	0
#define AMDXDNA_INVALID_BO_HANDLE	0
#define AMDXDNA_INVALID_FENCE_HANDLE	0
#define AMDXDNA_INVALID_DOORBELL_OFFSET	(~0U)

/* Hardware context priorities (amdxdna_qos_info.priority) */
#define AMDXDNA_QOS_REALTIME_PRIORITY	0x100
#define AMDXDNA_QOS_HIGH_PRIORITY	0x180
#define AMDXDNA_QOS_NORMAL_PRIORITY	0x200
#define AMDXDNA_QOS_LOW_PRIORITY	0x280

enum amdxdna_device_type {
	AMDXDNA_DEV_TYPE_UNKNOWN = -1,
	AMDXDNA_DEV_TYPE_KMQ = 0,	/* kernel-mode queue (AIE2) */
	AMDXDNA_DEV_TYPE_UMQ = 1,	/* user-mode queue (AIE4) */
	AMDXDNA_DEV_TYPE_PF = 2,
};

/* Driver ioctl numbers, offsets from DRM_COMMAND_BASE */
enum amdxdna_drm_ioctl_id {
	DRM_AMDXDNA_CREATE_HWCTX,
	DRM_AMDXDNA_DESTROY_HWCTX,
	DRM_AMDXDNA_CONFIG_HWCTX,
	DRM_AMDXDNA_CREATE_BO,
	DRM_AMDXDNA_GET_BO_INFO,
	DRM_AMDXDNA_SYNC_BO,
	DRM_AMDXDNA_EXEC_CMD,
	DRM_AMDXDNA_GET_INFO,
	DRM_AMDXDNA_SET_STATE,
	DRM_AMDXDNA_WAIT_CMD,
	DRM_AMDXDNA_GET_ARRAY,
};

/* QoS hints of a hardware context, read through create_hwctx.qos_p */
struct amdxdna_qos_info {
	__u32 gops;		/* giga operations per second */
	__u32 fps;		/* frames per second */
	__u32 dma_bandwidth;
	__u32 latency;		/* frame response latency */
	__u32 frame_exec_time;
	__u32 priority;		/* AMDXDNA_QOS_*_PRIORITY */
};

/*
 * CREATE_HWCTX. ext, ext_flags MBZ (-EINVAL). qos_p must point at a
 * struct amdxdna_qos_info (-EFAULT). Returns handle (1..255) and
 * syncobj_handle, the context's completion timeline; umq_doorbell only for
 * UMQ devices.
 */
struct amdxdna_drm_create_hwctx {
	__u64 ext;
	__u64 ext_flags;
	__u64 qos_p;
	__u32 umq_bo;
	__u32 log_buf_bo;
	__u32 max_opc;
	__u32 num_tiles;
	__u32 mem_size;
	__u32 umq_doorbell;	/* out */
	__u32 handle;		/* out */
	__u32 syncobj_handle;	/* out */
};

/* DESTROY_HWCTX; pad MBZ. An unknown handle is -EINVAL. */
struct amdxdna_drm_destroy_hwctx {
	__u32 handle;
	__u32 pad;
};

/* One compute unit: the BO holding its configuration (PDI) and function */
struct amdxdna_cu_config {
	__u32 cu_bo;
	__u8 cu_func;
	__u8 pad[3];
};

/* DRM_AMDXDNA_HWCTX_CONFIG_CU payload: num_cus entries follow */
struct amdxdna_hwctx_param_config_cu {
	__u16 num_cus;
	__u16 pad[3];
	struct amdxdna_cu_config cu_configs[];
};

enum amdxdna_drm_config_hwctx_param {
	DRM_AMDXDNA_HWCTX_CONFIG_CU,		/* param_val: pointer, <= 4 KiB */
	DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF,	/* param_val: DEV BO handle */
	DRM_AMDXDNA_HWCTX_REMOVE_DBG_BUF,	/* param_val: DEV BO handle */
};

/*
 * CONFIG_HWCTX. pad MBZ. For CONFIG_CU param_val points at a
 * struct amdxdna_hwctx_param_config_cu of param_val_size bytes
 * (> PAGE_SIZE: -E2BIG); the other params carry a value.
 */
struct amdxdna_drm_config_hwctx {
	__u32 handle;
	__u32 param_type;
	__u64 param_val;
	__u32 param_val_size;
	__u32 pad;
};

enum amdxdna_bo_type {
	AMDXDNA_BO_INVALID = 0,
	AMDXDNA_BO_SHMEM = 1,	/* the older name of SHARE */
	AMDXDNA_BO_SHARE = 1,
	AMDXDNA_BO_DEV_HEAP = 2,
	AMDXDNA_BO_DEV = 3,
	AMDXDNA_BO_CMD = 4,
};

struct amdxdna_drm_va_entry {
	__u64 vaddr;
	__u64 len;
};

/*
 * What create_bo.vaddr points at for a SHARE BO made of existing memory:
 * either a dma-buf (dmabuf_fd, num_entries 0) or num_entries user ranges
 * that follow.
 */
struct amdxdna_drm_va_tbl {
	__s32 dmabuf_fd;
	__u32 num_entries;
	struct amdxdna_drm_va_entry va_entries[];
};

/*
 * CREATE_BO. flags MBZ (-EINVAL). vaddr: 0, or a struct amdxdna_drm_va_tbl
 * for SHARE/CMD BOs of existing memory. Returns handle.
 */
struct amdxdna_drm_create_bo {
	__u64 flags;
	__u64 vaddr;
	__u64 size;
	__u32 type;		/* enum amdxdna_bo_type */
	__u32 handle;		/* out */
};

/*
 * GET_BO_INFO. ext, ext_flags, pad MBZ. map_offset is the mmap offset
 * (AMDXDNA_INVALID_ADDR for DEV BOs), vaddr the user address the kernel
 * knows for the BO (AMDXDNA_INVALID_ADDR before the first mmap), xdna_addr
 * the device address.
 */
struct amdxdna_drm_get_bo_info {
	__u64 ext;
	__u64 ext_flags;
	__u32 handle;
	__u32 pad;
	__u64 map_offset;	/* out */
	__u64 vaddr;		/* out */
	__u64 xdna_addr;	/* out */
};

/* SYNC_BO: flush the CPU cache over [offset, offset + size) of the BO */
struct amdxdna_drm_sync_bo {
	__u32 handle;
#define SYNC_DIRECT_TO_DEVICE	0U
#define SYNC_DIRECT_FROM_DEVICE	1U
	__u32 direction;
	__u64 offset;
	__u64 size;
};

/* 7.2 serves EXEC_BUF only; the others are -EINVAL */
enum amdxdna_cmd_type {
	AMDXDNA_CMD_SUBMIT_EXEC_BUF = 0,
	AMDXDNA_CMD_SUBMIT_DEPENDENCY,
	AMDXDNA_CMD_SUBMIT_SIGNAL,
};

/*
 * EXEC_CMD. ext, ext_flags MBZ. cmd_count must be 1 and cmd_handles is
 * then the CMD BO handle itself; args points at arg_count (<= 4095) u32
 * BO handles. Returns seq.
 */
struct amdxdna_drm_exec_cmd {
	__u64 ext;
	__u64 ext_flags;
	__u32 hwctx;
	__u32 type;		/* enum amdxdna_cmd_type */
	__u64 cmd_handles;
	__u64 args;
	__u32 cmd_count;
	__u32 arg_count;
	__u64 seq;		/* out */
};

/* WAIT_CMD (AIE4 only in 7.2; AIE2 answers -EOPNOTSUPP). timeout in ms, 0 forever */
struct amdxdna_drm_wait_cmd {
	__u32 hwctx;
	__u32 timeout;
	__u64 seq;
};

/* GET_INFO payloads */
struct amdxdna_drm_query_aie_status {
	__u64 buffer;		/* out */
	__u32 buffer_size;	/* in */
	__u32 cols_filled;	/* out: bitmap of the columns returned */
};

struct amdxdna_drm_query_aie_version {
	__u32 major;
	__u32 minor;
};

struct amdxdna_drm_query_aie_tile_metadata {
	__u16 row_count;
	__u16 row_start;
	__u16 dma_channel_count;
	__u16 lock_count;
	__u16 event_reg_count;
	__u16 pad[3];
};

struct amdxdna_drm_query_aie_metadata {
	__u32 col_size;		/* bytes of one column */
	__u16 cols;
	__u16 rows;
	struct amdxdna_drm_query_aie_version version;
	struct amdxdna_drm_query_aie_tile_metadata core;
	struct amdxdna_drm_query_aie_tile_metadata mem;
	struct amdxdna_drm_query_aie_tile_metadata shim;
};

struct amdxdna_drm_query_clock {
	__u8 name[16];
	__u32 freq_mhz;
	__u32 pad;
};

struct amdxdna_drm_query_clock_metadata {
	struct amdxdna_drm_query_clock mp_npu_clock;
	struct amdxdna_drm_query_clock h_clock;
};

enum amdxdna_sensor_type {
	AMDXDNA_SENSOR_TYPE_POWER,
	AMDXDNA_SENSOR_TYPE_COLUMN_UTILIZATION
};

/* value in units is pow(10, unitm) * value */
struct amdxdna_drm_query_sensor {
	__u8 label[64];
	__u32 input;
	__u32 max;
	__u32 average;
	__u32 highest;
	__u8 status[64];
	__u8 units[16];
	__s8 unitm;
	__u8 type;		/* enum amdxdna_sensor_type */
	__u8 pad[6];
};

struct amdxdna_drm_query_hwctx {
	__u32 context_id;
	__u32 start_col;
	__u32 num_col;
	__u32 pad;
	__s64 pid;
	__u64 command_submissions;
	__u64 command_completions;
	__u64 migrations;
	__u64 preemptions;
	__u64 errors;
};

enum amdxdna_power_mode_type {
	POWER_MODE_DEFAULT,	/* the calculated DPM level */
	POWER_MODE_LOW,
	POWER_MODE_MEDIUM,
	POWER_MODE_HIGH,
	POWER_MODE_TURBO,
};

struct amdxdna_drm_get_power_mode {
	__u8 power_mode;	/* enum amdxdna_power_mode_type */
	__u8 pad[7];
};

struct amdxdna_drm_query_firmware_version {
	__u32 major;
	__u32 minor;
	__u32 patch;
	__u32 build;
};

/* GET_INFO params (6 and 7 are not used) */
enum amdxdna_drm_get_param {
	DRM_AMDXDNA_QUERY_AIE_STATUS,
	DRM_AMDXDNA_QUERY_AIE_METADATA,
	DRM_AMDXDNA_QUERY_AIE_VERSION,
	DRM_AMDXDNA_QUERY_CLOCK_METADATA,
	DRM_AMDXDNA_QUERY_SENSORS,
	DRM_AMDXDNA_QUERY_HW_CONTEXTS,
	DRM_AMDXDNA_QUERY_FIRMWARE_VERSION = 8,
	DRM_AMDXDNA_GET_POWER_MODE,
	DRM_AMDXDNA_QUERY_TELEMETRY,
	DRM_AMDXDNA_GET_FORCE_PREEMPT_STATE,
	DRM_AMDXDNA_QUERY_RESOURCE_INFO,
	DRM_AMDXDNA_GET_FRAME_BOUNDARY_PREEMPT_STATE,
};

struct amdxdna_drm_get_resource_info {
	__u64 npu_clk_max;	/* max H-clock */
	__u64 npu_tops_max;
	__u64 npu_task_max;
	__u64 npu_tops_curr;
	__u64 npu_task_curr;
};

struct amdxdna_drm_attribute_state {
	__u8 state;		/* 1 enabled, 0 disabled */
	__u8 pad[7];
};

struct amdxdna_drm_query_telemetry_header {
	__u32 major;		/* firmware telemetry interface version */
	__u32 minor;
	__u32 type;		/* telemetry query type */
	__u32 map_num_elements;
	__u32 map[];
};

/*
 * GET_INFO: buffer_size in is the room at buffer, out what was needed or
 * written.
 */
struct amdxdna_drm_get_info {
	__u32 param;		/* enum amdxdna_drm_get_param */
	__u32 buffer_size;
	__u64 buffer;
};

#define AMDXDNA_HWCTX_STATE_IDLE	0
#define AMDXDNA_HWCTX_STATE_ACTIVE	1

/* DRM_AMDXDNA_HW_CONTEXT_ALL element */
struct amdxdna_drm_hwctx_entry {
	__u32 context_id;
	__u32 start_col;
	__u32 num_col;
	__u32 hwctx_id;		/* the firmware's context id */
	__s64 pid;
	__u64 command_submissions;
	__u64 command_completions;
	__u64 migrations;
	__u64 preemptions;
	__u64 errors;
	__u64 priority;
	__u64 heap_usage;
	__u64 suspensions;
	__u32 state;		/* AMDXDNA_HWCTX_STATE_* */
	__u32 pasid;
	__u32 gops;
	__u32 fps;
	__u32 dma_bandwidth;
	__u32 latency;
	__u32 frame_exec_time;
	__u32 txn_op_idx;	/* last control code executed */
	__u32 ctx_pc;
	__u32 fatal_error_type;
	__u32 fatal_error_exception_type;
	__u32 fatal_error_exception_pc;
	__u32 fatal_error_app_module;
	__u32 pad;
};

/* DRM_AMDXDNA_HW_LAST_ASYNC_ERR element */
struct amdxdna_async_error {
	__u64 err_code;
	__u64 ts_us;
	__u64 ex_err_code;
};

/*
 * DRM_AMDXDNA_BO_USAGE element, in: pid (not 0). DEV_HEAP and CMD BOs
 * count as internal, SHARE as external; DEV BOs only in heap_usage.
 */
struct amdxdna_drm_bo_usage {
	__s64 pid;
	__u64 total_usage;
	__u64 internal_usage;
	__u64 heap_usage;
};

/* GET_ARRAY params */
#define DRM_AMDXDNA_HW_CONTEXT_ALL	0
#define DRM_AMDXDNA_HW_LAST_ASYNC_ERR	2
#define DRM_AMDXDNA_BO_USAGE		6

/*
 * GET_ARRAY. pad MBZ; element_size and num_element are the room in and
 * what was written out (both non-zero on input: -EINVAL).
 */
struct amdxdna_drm_get_array {
	__u32 param;
	__u32 element_size;
	__u32 num_element;
	__u32 pad;
	__u64 buffer;
};

enum amdxdna_drm_set_param {
	DRM_AMDXDNA_SET_POWER_MODE,
	DRM_AMDXDNA_WRITE_AIE_MEM,
	DRM_AMDXDNA_WRITE_AIE_REG,
	DRM_AMDXDNA_SET_FORCE_PREEMPT,
	DRM_AMDXDNA_SET_FRAME_BOUNDARY_PREEMPT,
};

/* SET_STATE (root only) */
struct amdxdna_drm_set_state {
	__u32 param;		/* enum amdxdna_drm_set_param */
	__u32 buffer_size;
	__u64 buffer;
};

struct amdxdna_drm_set_power_mode {
	__u8 power_mode;	/* enum amdxdna_power_mode_type */
	__u8 pad[7];
};

#define DRM_IOCTL_AMDXDNA_CREATE_HWCTX \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_CREATE_HWCTX, \
		 struct amdxdna_drm_create_hwctx)
#define DRM_IOCTL_AMDXDNA_DESTROY_HWCTX \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_DESTROY_HWCTX, \
		 struct amdxdna_drm_destroy_hwctx)
#define DRM_IOCTL_AMDXDNA_CONFIG_HWCTX \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_CONFIG_HWCTX, \
		 struct amdxdna_drm_config_hwctx)
#define DRM_IOCTL_AMDXDNA_CREATE_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_CREATE_BO, \
		 struct amdxdna_drm_create_bo)
#define DRM_IOCTL_AMDXDNA_GET_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_GET_BO_INFO, \
		 struct amdxdna_drm_get_bo_info)
#define DRM_IOCTL_AMDXDNA_SYNC_BO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_SYNC_BO, \
		 struct amdxdna_drm_sync_bo)
#define DRM_IOCTL_AMDXDNA_EXEC_CMD \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_EXEC_CMD, \
		 struct amdxdna_drm_exec_cmd)
#define DRM_IOCTL_AMDXDNA_GET_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_GET_INFO, \
		 struct amdxdna_drm_get_info)
#define DRM_IOCTL_AMDXDNA_SET_STATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_SET_STATE, \
		 struct amdxdna_drm_set_state)
#define DRM_IOCTL_AMDXDNA_GET_ARRAY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDXDNA_GET_ARRAY, \
		 struct amdxdna_drm_get_array)
/* the only _IOW of the set, as in the kernel */
#define DRM_IOCTL_AMDXDNA_WAIT_CMD \
	DRM_IOW(DRM_COMMAND_BASE + DRM_AMDXDNA_WAIT_CMD, \
		struct amdxdna_drm_wait_cmd)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct amdxdna_qos_info) == 24, "qos_info layout");
_Static_assert(sizeof(struct amdxdna_drm_create_hwctx) == 56, "create_hwctx layout");
_Static_assert(sizeof(struct amdxdna_drm_destroy_hwctx) == 8, "destroy_hwctx layout");
_Static_assert(sizeof(struct amdxdna_cu_config) == 8, "cu_config layout");
_Static_assert(sizeof(struct amdxdna_hwctx_param_config_cu) == 8, "config_cu layout");
_Static_assert(sizeof(struct amdxdna_drm_config_hwctx) == 24, "config_hwctx layout");
_Static_assert(sizeof(struct amdxdna_drm_va_entry) == 16, "va_entry layout");
_Static_assert(sizeof(struct amdxdna_drm_va_tbl) == 8, "va_tbl layout");
_Static_assert(sizeof(struct amdxdna_drm_create_bo) == 32, "create_bo layout");
_Static_assert(sizeof(struct amdxdna_drm_get_bo_info) == 48, "get_bo_info layout");
_Static_assert(sizeof(struct amdxdna_drm_sync_bo) == 24, "sync_bo layout");
_Static_assert(sizeof(struct amdxdna_drm_exec_cmd) == 56, "exec_cmd layout");
_Static_assert(sizeof(struct amdxdna_drm_wait_cmd) == 16, "wait_cmd layout");
_Static_assert(sizeof(struct amdxdna_drm_query_aie_status) == 16, "aie_status layout");
_Static_assert(sizeof(struct amdxdna_drm_query_aie_version) == 8, "aie_version layout");
_Static_assert(sizeof(struct amdxdna_drm_query_aie_tile_metadata) == 16, "tile_metadata layout");
_Static_assert(sizeof(struct amdxdna_drm_query_aie_metadata) == 64, "aie_metadata layout");
_Static_assert(sizeof(struct amdxdna_drm_query_clock) == 24, "clock layout");
_Static_assert(sizeof(struct amdxdna_drm_query_clock_metadata) == 48, "clock_metadata layout");
_Static_assert(sizeof(struct amdxdna_drm_query_sensor) == 168, "sensor layout");
_Static_assert(sizeof(struct amdxdna_drm_query_hwctx) == 64, "query_hwctx layout");
_Static_assert(sizeof(struct amdxdna_drm_get_power_mode) == 8, "get_power_mode layout");
_Static_assert(sizeof(struct amdxdna_drm_query_firmware_version) == 16, "fw_version layout");
_Static_assert(sizeof(struct amdxdna_drm_get_resource_info) == 40, "resource_info layout");
_Static_assert(sizeof(struct amdxdna_drm_attribute_state) == 8, "attribute_state layout");
_Static_assert(sizeof(struct amdxdna_drm_query_telemetry_header) == 16, "telemetry layout");
_Static_assert(sizeof(struct amdxdna_drm_get_info) == 16, "get_info layout");
_Static_assert(sizeof(struct amdxdna_drm_hwctx_entry) == 144, "hwctx_entry layout");
_Static_assert(sizeof(struct amdxdna_async_error) == 24, "async_error layout");
_Static_assert(sizeof(struct amdxdna_drm_bo_usage) == 32, "bo_usage layout");
_Static_assert(sizeof(struct amdxdna_drm_get_array) == 24, "get_array layout");
_Static_assert(sizeof(struct amdxdna_drm_set_state) == 16, "set_state layout");
_Static_assert(sizeof(struct amdxdna_drm_set_power_mode) == 8, "set_power_mode layout");
#endif

#if defined(__cplusplus)
}
#endif

#endif /* LIBACCEL_UAPI_AMDXDNA_ACCEL_H */
