/* SPDX-License-Identifier: MIT */
/*
 * Declarations for the habanalabs accel uAPI (Gaudi, Gaudi2, Goya).
 *
 * Written for libaccel with the kernel's identifiers; it follows
 * include/uapi/drm/habanalabs_accel.h of Linux 7.2 (the DRM ioctl numbering
 * used since 6.7). Only what libaccel and its tests use is declared. The
 * layouts are fixed-width and the same on every ABI; the static asserts at
 * the end pin the sizes the kernel was measured to have, and the request
 * codes and field offsets were checked against the 7.2 headers' values.
 */
#ifndef LIBACCEL_UAPI_HABANALABS_ACCEL_H
#define LIBACCEL_UAPI_HABANALABS_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef DRM_IOCTL_BASE
#define DRM_IOCTL_BASE		'd'
#endif
#ifndef DRM_COMMAND_BASE
#define DRM_COMMAND_BASE	0x40
#endif
#ifndef DRM_IOWR
#define DRM_IOWR(nr, type)	_IOWR(DRM_IOCTL_BASE, nr, type)
#endif

/* Gaudi2 H/W queues the user may name in a CS chunk (subset). */
enum gaudi2_queue_id {
	GAUDI2_QUEUE_ID_PDMA_0_0 = 0,
	GAUDI2_QUEUE_ID_PDMA_0_1 = 1,
	GAUDI2_QUEUE_ID_PDMA_0_2 = 2,
	GAUDI2_QUEUE_ID_PDMA_0_3 = 3,
	GAUDI2_QUEUE_ID_PDMA_1_0 = 4,
	GAUDI2_QUEUE_ID_PDMA_1_1 = 5,
	GAUDI2_QUEUE_ID_PDMA_1_2 = 6,
	GAUDI2_QUEUE_ID_PDMA_1_3 = 7,
	GAUDI2_QUEUE_ID_DCORE0_EDMA_0_0 = 8,
	GAUDI2_QUEUE_ID_NIC_0_0 = 156,
	GAUDI2_QUEUE_ID_NIC_23_3 = 251,
	GAUDI2_QUEUE_ID_ROT_1_3 = 259,
	GAUDI2_QUEUE_ID_CPU_PQ = 260,
	GAUDI2_QUEUE_ID_SIZE = 261
};

/* HL_INFO opcodes */
#define HL_INFO_HW_IP_INFO			0
#define HL_INFO_HW_EVENTS			1
#define HL_INFO_DRAM_USAGE			2
#define HL_INFO_HW_IDLE				3
#define HL_INFO_DEVICE_STATUS			4
#define HL_INFO_DEVICE_UTILIZATION		6
#define HL_INFO_HW_EVENTS_AGGREGATE		7
#define HL_INFO_CLK_RATE			8
#define HL_INFO_RESET_COUNT			9
#define HL_INFO_TIME_SYNC			10
#define HL_INFO_CS_COUNTERS			11
#define HL_INFO_PCI_COUNTERS			12
#define HL_INFO_CLK_THROTTLE_REASON		13
#define HL_INFO_SYNC_MANAGER			14
#define HL_INFO_TOTAL_ENERGY			15
#define HL_INFO_PLL_FREQUENCY			16
#define HL_INFO_POWER				17
#define HL_INFO_OPEN_STATS			18
#define HL_INFO_DRAM_REPLACED_ROWS		21
#define HL_INFO_DRAM_PENDING_ROWS		22
#define HL_INFO_LAST_ERR_OPEN_DEV_TIME		23
#define HL_INFO_CS_TIMEOUT_EVENT		24
#define HL_INFO_RAZWI_EVENT			25
#define HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES	26
#define HL_INFO_SECURED_ATTESTATION		27
#define HL_INFO_REGISTER_EVENTFD		28
#define HL_INFO_UNREGISTER_EVENTFD		29
#define HL_INFO_GET_EVENTS			30
#define HL_INFO_UNDEFINED_OPCODE_EVENT		31
#define HL_INFO_ENGINE_STATUS			32
#define HL_INFO_PAGE_FAULT_EVENT		33
#define HL_INFO_USER_MAPPINGS			34
#define HL_INFO_FW_GENERIC_REQ			35
#define HL_INFO_HW_ERR_EVENT			36
#define HL_INFO_FW_ERR_EVENT			37
#define HL_INFO_USER_ENGINE_ERR_EVENT		38
#define HL_INFO_DEV_SIGNED			40

#define HL_INFO_VERSION_MAX_LEN			128
#define HL_INFO_CARD_NAME_MAX_LEN		16

enum hl_device_status {
	HL_DEVICE_STATUS_OPERATIONAL,
	HL_DEVICE_STATUS_IN_RESET,
	HL_DEVICE_STATUS_MALFUNCTION,
	HL_DEVICE_STATUS_NEEDS_RESET,
	HL_DEVICE_STATUS_IN_DEVICE_CREATION,
	HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE,
	HL_DEVICE_STATUS_LAST = HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE
};

enum hl_server_type {
	HL_SERVER_TYPE_UNKNOWN = 0,
	HL_SERVER_GAUDI_HLS1 = 1,
	HL_SERVER_GAUDI_HLS1H = 2,
	HL_SERVER_GAUDI_TYPE1 = 3,
	HL_SERVER_GAUDI_TYPE2 = 4,
	HL_SERVER_GAUDI2_HLS2 = 5,
	HL_SERVER_GAUDI2_TYPE1 = 7
};

/* HL_INFO_HW_IP_INFO answer; dram_base_address is a device VA on Gaudi2 */
struct hl_info_hw_ip_info {
	__u64 sram_base_address;
	__u64 dram_base_address;
	__u64 dram_size;
	__u32 sram_size;
	__u32 num_of_events;
	__u32 device_id;		/* PCI device id */
	__u32 module_id;
	__u32 decoder_enabled_mask;
	__u16 first_available_interrupt_id;
	__u16 server_type;		/* enum hl_server_type */
	__u32 cpld_version;
	__u32 psoc_pci_pll_nr;
	__u32 psoc_pci_pll_nf;
	__u32 psoc_pci_pll_od;
	__u32 psoc_pci_pll_div_factor;
	__u8 tpc_enabled_mask;
	__u8 dram_enabled;
	__u8 security_enabled;
	__u8 mme_master_slave_mode;
	__u8 cpucp_version[HL_INFO_VERSION_MAX_LEN];
	__u8 card_name[HL_INFO_CARD_NAME_MAX_LEN];
	__u64 tpc_enabled_mask_ext;
	__u64 dram_page_size;
	__u32 edma_enabled_mask;
	__u16 number_of_user_interrupts;
	__u8 reserved1;
	__u8 reserved2;
	__u64 reserved3;
	__u64 device_mem_alloc_default_page_size;
	__u64 reserved4;
	__u64 reserved5;
	__u32 reserved6;
	__u8 reserved7;
	__u8 revision_id;
	__u16 tpc_interrupt_id;
	__u32 rotator_enabled_mask;
	__u32 reserved9;
	__u64 engine_core_interrupt_reg_addr;
	__u64 reserved_dram_size;
};

struct hl_info_dram_usage {
	__u64 dram_free_mem;
	__u64 ctx_dram_mem;
};

#define HL_BUSY_ENGINES_MASK_EXT_SIZE	4

struct hl_info_hw_idle {
	__u32 is_idle;
	__u32 busy_engines_mask;
	__u64 busy_engines_mask_ext[HL_BUSY_ENGINES_MASK_EXT_SIZE];
};

struct hl_info_device_status {
	__u32 status;			/* enum hl_device_status */
	__u32 pad;
};

struct hl_info_device_utilization {
	__u32 utilization;		/* percent */
	__u32 pad;
};

struct hl_info_clk_rate {
	__u32 cur_clk_rate_mhz;
	__u32 max_clk_rate_mhz;
};

struct hl_info_reset_count {
	__u32 hard_reset_cnt;
	__u32 soft_reset_cnt;
};

struct hl_open_stats_info {
	__u64 open_counter;
	__u64 last_open_period_ms;
	__u8 is_compute_ctx_active;
	__u8 compute_ctx_in_release;
	__u8 pad[6];
};

struct hl_info_time_sync {
	__u64 device_time;
	__u64 host_time;		/* CLOCK_MONOTONIC_RAW ns */
	__u64 tsc_time;
};

/* CSs the driver refused, by reason: the device's and this context's */
struct hl_info_cs_counters {
	__u64 total_out_of_mem_drop_cnt;
	__u64 ctx_out_of_mem_drop_cnt;
	__u64 total_parsing_drop_cnt;
	__u64 ctx_parsing_drop_cnt;
	__u64 total_queue_full_drop_cnt;
	__u64 ctx_queue_full_drop_cnt;
	__u64 total_device_in_reset_drop_cnt;
	__u64 ctx_device_in_reset_drop_cnt;
	__u64 total_max_cs_in_flight_drop_cnt;
	__u64 ctx_max_cs_in_flight_drop_cnt;
	__u64 total_validation_drop_cnt;
	__u64 ctx_validation_drop_cnt;
};

struct hl_info_dev_memalloc_page_sizes {
	__u64 page_order_bitmask;
};

/*
 * DRM_IOCTL_HL_INFO: the kernel writes at most return_size bytes of the
 * answer to return_pointer; pad must be 0.
 */
struct hl_info_args {
	__u64 return_pointer;
	__u32 return_size;
	__u32 op;
	union {
		__u32 dcore_id;
		__u32 ctx_id;
		__u32 period_ms;
		__u32 pll_index;
		__u32 eventfd;
		__u32 user_buffer_actual_size;
		__u32 sec_attest_nonce;
		__u32 array_size;
		__u32 fw_sub_opcode;
	};
	__u32 pad;
};

/* DRM_IOCTL_HL_CB: command buffers */
#define HL_CB_OP_CREATE		0
#define HL_CB_OP_DESTROY	1
#define HL_CB_OP_INFO		2

#define HL_MAX_CB_SIZE		(0x200000 - 32)

#define HL_CB_FLAGS_MAP			0x1	/* map into the device MMU */
#define HL_CB_FLAGS_GET_DEVICE_VA	0x2	/* INFO: answer device_va */

struct hl_cb_in {
	__u64 cb_handle;
	__u32 op;
	__u32 cb_size;
	__u32 ctx_id;
	__u32 flags;
};

struct hl_cb_out {
	union {
		__u64 cb_handle;
		union {
			struct {
				__u32 usage_cnt;
				__u32 pad;
			};
			__u64 device_va;
		};
	};
};

union hl_cb_args {
	struct hl_cb_in in;
	struct hl_cb_out out;
};

/* DRM_IOCTL_HL_CS: command submission */
#define HL_CS_CHUNK_FLAGS_USER_ALLOC_CB 0x1

struct hl_cs_chunk {
	union {
		__u64 cb_handle;	/* or a device VA with USER_ALLOC_CB */
		__u64 signal_seq_arr;
		__u64 encaps_signal_seq;
	};
	__u32 queue_index;
	union {
		__u32 cb_size;
		__u32 num_signal_seq_arr;
		__u32 encaps_signal_offset;
	};
	__u32 cs_chunk_flags;
	__u32 collective_engine_id;
	__u32 pad[10];
};

#define HL_CS_FLAGS_FORCE_RESTORE		0x1
#define HL_CS_FLAGS_SIGNAL			0x2
#define HL_CS_FLAGS_WAIT			0x4
#define HL_CS_FLAGS_COLLECTIVE_WAIT		0x8
#define HL_CS_FLAGS_TIMESTAMP			0x20
#define HL_CS_FLAGS_STAGED_SUBMISSION		0x40
#define HL_CS_FLAGS_STAGED_SUBMISSION_FIRST	0x80
#define HL_CS_FLAGS_STAGED_SUBMISSION_LAST	0x100
#define HL_CS_FLAGS_CUSTOM_TIMEOUT		0x200
#define HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT	0x400
#define HL_CS_FLAGS_ENCAP_SIGNALS		0x800
#define HL_CS_FLAGS_RESERVE_SIGNALS_ONLY	0x1000
#define HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY	0x2000
#define HL_CS_FLAGS_ENGINE_CORE_COMMAND		0x4000
#define HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES	0x8000
#define HL_CS_FLAGS_ENGINES_COMMAND		0x10000

#define HL_CS_STATUS_SUCCESS		0

#define HL_MAX_JOBS_PER_CS		512

struct hl_cs_in {
	union {
		struct {
			__u64 chunks_restore;
			__u64 chunks_execute;
		};
		struct {
			__u64 engine_cores;
			__u32 num_engine_cores;
			__u32 core_command;
		};
		struct {
			__u64 engines;
			__u32 num_engines;
			__u32 engine_command;
		};
	};
	union {
		__u64 seq;
		__u32 encaps_sig_handle_id;
		struct {
			__u32 encaps_signals_count;
			__u32 encaps_signals_q_idx;
		};
	};
	__u32 num_chunks_restore;
	__u32 num_chunks_execute;
	__u32 timeout;			/* seconds, with CUSTOM_TIMEOUT */
	__u32 cs_flags;
	__u32 ctx_id;
	__u8 pad[4];
};

struct hl_cs_out {
	union {
		__u64 seq;
		struct {
			__u32 handle_id;
			__u32 count;
		};
	};
	__u32 status;
	__u32 sob_base_addr_offset;
	__u16 sob_count_before_submission;
	__u16 pad[3];
};

union hl_cs_args {
	struct hl_cs_in in;
	struct hl_cs_out out;
};

/* DRM_IOCTL_HL_WAIT_CS: timeout_us in microseconds, 0 polls */
#define HL_WAIT_CS_FLAGS_INTERRUPT		0x2
#define HL_WAIT_CS_FLAGS_INTERRUPT_MASK		0xFFF00000
#define HL_WAIT_CS_FLAGS_MULTI_CS		0x4
#define HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ	0x10
#define HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT	0x20

#define HL_WAIT_MULTI_CS_LIST_MAX_LEN	32

struct hl_wait_cs_in {
	union {
		struct {
			__u64 seq;	/* or a pointer to a seq array (MULTI_CS) */
			__u64 timeout_us;
		};
		struct {
			union {
				__u64 addr;
				__u64 cq_counters_handle;
			};
			__u64 target;
		};
	};
	__u32 ctx_id;
	__u32 flags;
	union {
		struct {
			__u8 seq_arr_len;
			__u8 pad[7];
		};
		__u64 interrupt_timeout_us;
	};
	__u64 cq_counters_offset;
	__u64 timestamp_handle;
	__u64 timestamp_offset;
};

#define HL_WAIT_CS_STATUS_COMPLETED	0
#define HL_WAIT_CS_STATUS_BUSY		1
#define HL_WAIT_CS_STATUS_TIMEDOUT	2
#define HL_WAIT_CS_STATUS_ABORTED	3

#define HL_WAIT_CS_STATUS_FLAG_GONE		0x1
#define HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD	0x2

struct hl_wait_cs_out {
	__u32 status;
	__u32 flags;
	__s64 timestamp_nsec;
	__u32 cs_completion_map;	/* MULTI_CS: bit i = seq_arr[i] done */
	__u32 pad;
};

union hl_wait_cs_args {
	struct hl_wait_cs_in in;
	struct hl_wait_cs_out out;
};

/* DRM_IOCTL_HL_MEMORY */
#define HL_MEM_OP_ALLOC			0
#define HL_MEM_OP_FREE			1
#define HL_MEM_OP_MAP			2
#define HL_MEM_OP_UNMAP			3
#define HL_MEM_OP_MAP_BLOCK		4
#define HL_MEM_OP_EXPORT_DMABUF_FD	5
#define HL_MEM_OP_TS_ALLOC		6

#define HL_MEM_CONTIGUOUS	0x1
#define HL_MEM_SHARED		0x2
#define HL_MEM_USERPTR		0x4
#define HL_MEM_FORCE_HINT	0x8
#define HL_MEM_PREFETCH		0x40

struct hl_mem_in {
	union {
		struct {
			__u64 mem_size;
			__u64 page_size;
		} alloc;
		struct {
			__u64 handle;
		} free;
		struct {
			__u64 hint_addr;
			__u64 handle;
		} map_device;
		struct {
			__u64 host_virt_addr;
			__u64 hint_addr;
			__u64 mem_size;
		} map_host;
		struct {
			__u64 block_addr;
		} map_block;
		struct {
			__u64 device_virt_addr;
		} unmap;
		struct {
			__u64 addr;
			__u64 mem_size;
			__u64 offset;
		} export_dmabuf_fd;
	};
	__u32 op;
	__u32 flags;		/* HL_MEM_*; the file flags for EXPORT */
	__u32 ctx_id;
	__u32 num_of_elements;
};

struct hl_mem_out {
	union {
		__u64 device_virt_addr;
		__u64 handle;
		struct {
			__u64 block_handle;
			__u32 block_size;
			__u32 pad;
		};
		__s32 fd;
	};
};

union hl_mem_args {
	struct hl_mem_in in;
	struct hl_mem_out out;
};

/* DRM_IOCTL_HL_DEBUG */
#define HL_DEBUG_OP_ETR		0
#define HL_DEBUG_OP_ETF		1
#define HL_DEBUG_OP_STM		2
#define HL_DEBUG_OP_FUNNEL	3
#define HL_DEBUG_OP_BMON	4
#define HL_DEBUG_OP_SPMU	5
#define HL_DEBUG_OP_TIMESTAMP	6
#define HL_DEBUG_OP_SET_MODE	7

struct hl_debug_args {
	__u64 input_ptr;
	__u64 output_ptr;
	__u32 input_size;
	__u32 output_size;
	__u32 op;
	__u32 reg_idx;
	__u32 enable;
	__u32 ctx_id;
};

/* Driver ioctl indexes; since 6.7 they are offsets from DRM_COMMAND_BASE */
#define HL_IOCTL_INFO		0x00
#define HL_IOCTL_CB		0x01
#define HL_IOCTL_CS		0x02
#define HL_IOCTL_WAIT_CS	0x03
#define HL_IOCTL_MEMORY		0x04
#define HL_IOCTL_DEBUG		0x05

#define DRM_IOCTL_HL_INFO	DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_INFO, struct hl_info_args)
#define DRM_IOCTL_HL_CB		DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_CB, union hl_cb_args)
#define DRM_IOCTL_HL_CS		DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_CS, union hl_cs_args)
#define DRM_IOCTL_HL_WAIT_CS	DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_WAIT_CS, \
					 union hl_wait_cs_args)
#define DRM_IOCTL_HL_MEMORY	DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_MEMORY, union hl_mem_args)
#define DRM_IOCTL_HL_DEBUG	DRM_IOWR(DRM_COMMAND_BASE + HL_IOCTL_DEBUG, struct hl_debug_args)

#define HL_COMMAND_START	(DRM_COMMAND_BASE + HL_IOCTL_INFO)
#define HL_COMMAND_END		(DRM_COMMAND_BASE + HL_IOCTL_DEBUG + 1)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct hl_info_hw_ip_info) == 304, "hw_ip_info layout");
_Static_assert(sizeof(struct hl_info_args) == 24, "info_args layout");
_Static_assert(sizeof(struct hl_info_cs_counters) == 96, "cs_counters layout");
_Static_assert(sizeof(union hl_cb_args) == 24, "cb_args layout");
_Static_assert(sizeof(struct hl_cs_chunk) == 64, "cs_chunk layout");
_Static_assert(sizeof(union hl_cs_args) == 48, "cs_args layout");
_Static_assert(sizeof(union hl_wait_cs_args) == 56, "wait_cs_args layout");
_Static_assert(sizeof(union hl_mem_args) == 40, "mem_args layout");
_Static_assert(sizeof(struct hl_debug_args) == 40, "debug_args layout");
#endif

#endif /* LIBACCEL_UAPI_HABANALABS_ACCEL_H */
