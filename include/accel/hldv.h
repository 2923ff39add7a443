/* SPDX-License-Identifier: MIT */
/*
 * hldv - the habanalabs "direct" extensions of libaccel (Gaudi, Gaudi2),
 * for what the generic API cannot hold: the device description and every
 * HL_INFO opcode (also through the control node, so a busy device can
 * still be observed) and device events; placement in the device address
 * space, host memory, H/W blocks, command buffers, sub-range dma-buf
 * export; multi-chunk submission, sync streams, reserved signals, engine
 * commands, CS flags; interrupt waits and timestamp records; debug mode
 * and the coresight units. Link with -lhldv. See hldv(3), whose table maps
 * every item of the kernel's uAPI to its call.
 *
 * Errors follow libaccel: pointer-returning calls return NULL and set
 * errno; int calls return 0 (or a new fd) or a negative errno. Calls on an
 * object of another provider answer -EOPNOTSUPP (NULL, errno EOPNOTSUPP).
 */
#ifndef ACCEL_HLDV_H
#define ACCEL_HLDV_H

#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#ifdef __cplusplus
extern "C" {
#endif

/* enum hl_device_status of the kernel */
enum hldv_device_status {
	HLDV_STATUS_OPERATIONAL = 0,
	HLDV_STATUS_IN_RESET = 1,
	HLDV_STATUS_MALFUNCTION = 2,
	HLDV_STATUS_NEEDS_RESET = 3,
	HLDV_STATUS_IN_DEVICE_CREATION = 4,
	HLDV_STATUS_IN_RESET_AFTER_DEVICE_RELEASE = 5,
};

/*
 * The device as HL_INFO describes it. Extensible: pass sizeof(info); the
 * fields the library does not know are zeroed.
 */
struct hldv_device_info {
	uint32_t device_id;		/* PCI device id: 0x1020 Gaudi2 */
	uint32_t revision_id;
	uint32_t module_id;
	uint32_t status;		/* enum hldv_device_status */
	char card_name[16];
	char cpucp_version[128];	/* firmware */
	uint64_t dram_base_address;	/* a device VA where DRAM is virtual */
	uint64_t dram_size;		/* what the user can allocate */
	uint64_t dram_page_size;	/* allocation granule */
	uint64_t dram_free;		/* HL_INFO_DRAM_USAGE */
	uint64_t dram_used_by_ctx;	/* 0 through the control node */
	uint64_t sram_base_address;
	uint32_t sram_size;
	uint32_t security_enabled;
	uint64_t tpc_enabled_mask;
	uint32_t decoder_enabled_mask;
	uint32_t edma_enabled_mask;
	uint64_t open_counter;		/* successful compute opens */
	uint32_t compute_ctx_active;	/* some process holds the device */
	uint32_t hard_reset_count;
	uint32_t soft_reset_count;
	uint32_t server_type;
};

/*
 * Describe a device without opening its compute node: through
 * accel_controlDN, which any number of processes may open while one holds
 * the compute node. Works while the device is busy or in reset.
 */
int hldv_device_query(const struct accel_device *dev,
		      struct hldv_device_info *info, size_t info_size);
/* the same through an open context (dram_used_by_ctx filled) */
int hldv_query_device(struct accel_context *ctx,
		      struct hldv_device_info *info, size_t info_size);
/* HL_INFO_DEVICE_STATUS: enum hldv_device_status, or a negative errno */
int hldv_device_status(struct accel_context *ctx);
/*
 * Raw HL_INFO: opcode op (HL_INFO_* of habanalabs_accel.h), answer of at
 * most len bytes into buf, arg the opcode's argument (dcore, period...).
 */
int hldv_info(struct accel_context *ctx, uint32_t op, uint32_t arg,
	      void *buf, uint32_t len);

/*
 * Map host memory [addr, addr + size) into the device address space
 * (HL_MEM_OP_MAP with HL_MEM_USERPTR). The memory stays the caller's: it
 * must stay mapped until the BO is freed. accel_bo_map() answers addr.
 * Not exportable as a dma-buf (the kernel exports device memory only).
 */
struct accel_bo *hldv_bo_from_host(struct accel_context *ctx, void *addr,
				   uint64_t size);

/* placement flags of hldv_bo_alloc_at() and hldv_bo_from_host_at() */
#define HLDV_MEM_CONTIGUOUS	(1u << 0)	/* DRAM: physically contiguous */
#define HLDV_MEM_FORCE_HINT	(1u << 1)	/* fail rather than map elsewhere */
#define HLDV_MEM_PREFETCH	(1u << 2)	/* MMU prefetch; 7.2's ASICs ignore it */
/*
 * HL_MEM_SHARED: device memory another context of the device may map.
 * 7.2 has one compute context per device and frees a context's memory
 * with it, so no second context ever sees the handle: accepted, no effect.
 */
#define HLDV_MEM_SHARED		(1u << 3)

/*
 * Device memory (HL_MEM_OP_ALLOC + MAP) mapped at device VA va_hint when
 * that is aligned and free (0: anywhere). Without HLDV_MEM_FORCE_HINT an
 * unusable hint places the BO elsewhere; with it the call fails.
 */
struct accel_bo *hldv_bo_alloc_at(struct accel_context *ctx, uint64_t size,
				  uint64_t va_hint, uint32_t flags);
/* hldv_bo_from_host() at a device VA hint, as hldv_bo_alloc_at() */
struct accel_bo *hldv_bo_from_host_at(struct accel_context *ctx, void *addr,
				      uint64_t size, uint64_t va_hint, uint32_t flags);

/*
 * Map a H/W block's registers (a sync manager, an ARC's ACP) into the
 * process: HL_MEM_OP_MAP_BLOCK, then mmap of the whole block. block_addr
 * is the block's address in the device's configuration space; *size
 * receives the block's size. NULL and errno on failure.
 */
void *hldv_map_block(struct accel_context *ctx, uint64_t block_addr, uint32_t *size);
int hldv_unmap_block(void *ptr, uint32_t size);

/*
 * A command buffer: kernel memory (HL_CB_OP_CREATE) mapped into the device
 * MMU and into the process; size at most 2 MiB - 32. accel_bo_map() answers
 * its CPU address; accel_bo_device_addr() its device VA. The same as
 * accel_bo_alloc_ex() with usage ACCEL_BO_USAGE_COMMAND.
 */
struct accel_bo *hldv_cb_alloc(struct accel_context *ctx, uint32_t size);
/* the kernel's handle of a command buffer BO (0 for other BOs) */
uint64_t hldv_cb_handle(const struct accel_bo *bo);
/*
 * A command buffer the device reaches by its handle only (HL_CB_OP_CREATE
 * without HL_CB_FLAGS_MAP): CPU-mapped, no device VA
 * (accel_bo_device_addr() answers 0). A chunk on it names the CB by its
 * handle (a "kernel CB": no HL_CS_CHUNK_FLAGS_USER_ALLOC_CB) and runs it
 * from its start: offset 0, size 8 bytes up to the CB's. Gaudi2's user
 * queues take user CBs only: the kernel refuses such a CS with -EINVAL
 * (validate_queue_index()), which counts as a validation drop.
 */
struct accel_bo *hldv_cb_alloc_kernel(struct accel_context *ctx, uint32_t size);

/*
 * Export [offset, offset + size) of a device-memory BO as a dma-buf;
 * offset and size in 4 KiB pages. flags: O_CLOEXEC, O_RDWR.
 */
int hldv_bo_export_dmabuf(struct accel_bo *bo, uint64_t offset,
			  uint64_t size, uint32_t flags);

/*
 * Engine classes of accel_query_engines() on Gaudi2 (accel_queue_attr.
 * engine). Each engine has four H/W queues (streams); instance i of a
 * class is stream i % 4 of the (i / 4)-th engine that HW_IP_INFO's
 * enabled masks leave usable, in H/W queue order, so every instance below
 * accel_engine_info.count can take work. Decoders have no H/W queue and
 * NIC queues belong to the NIC driver: neither is listed.
 */
enum hldv_engine {
	HLDV_ENGINE_PDMA = 0,	/* 2 PCI DMA engines; the default queue */
	HLDV_ENGINE_EDMA = 1,	/* edma_enabled_mask */
	HLDV_ENGINE_MME = 2,	/* one per DCORE */
	HLDV_ENGINE_TPC = 3,	/* tpc_enabled_mask_ext */
	HLDV_ENGINE_ROT = 4,	/* rotator_enabled_mask */
};

/*
 * The job status of a failed CS (accel_job_status()): provider_status is
 * HL_WAIT_CS's out.status (HL_WAIT_CS_STATUS_TIMEDOUT when the device timed
 * the CS out, _ABORTED when a reset or an MMU fault aborted it) in bits
 * 0-31 and its out.flags in bits 32-63; device_error is the kernel's errno
 * (-ETIMEDOUT, -EIO).
 */
#define HLDV_JOB_WAIT_STATUS(provider_status) ((uint32_t)(provider_status))
#define HLDV_JOB_WAIT_FLAGS(provider_status) ((uint32_t)((provider_status) >> 32))

/* one job of a command submission */
struct hldv_cs_chunk {
	struct accel_bo *cb;		/* a BO with a device address */
	uint64_t offset;		/* bytes into cb */
	uint32_t size;			/* bytes of commands */
	uint32_t queue_index;		/* H/W queue, e.g. GAUDI2_QUEUE_ID_* */
};

/* accel_submit_ext.type of struct hldv_submit_chunks ("HLCS") */
#define HLDV_SUBMIT_EXT_CHUNKS 0x484c4353u

/*
 * Chained from accel_submit.ext: the CS is these chunks (1..512) instead
 * of cmd_bo, which must be NULL. Every chunk's cb must also be listed in
 * accel_submit.bos, so that it is held until the CS retires.
 * hldv_submit() builds this for you.
 */
struct hldv_submit_chunks {
	struct accel_submit_ext ext;	/* type HLDV_SUBMIT_EXT_CHUNKS */
	const struct hldv_cs_chunk *chunks;
	uint32_t num;
	uint32_t reserved;
};

/*
 * Submit num chunks (1..512) as one command submission (HL_IOCTL_CS)
 * through accel_submit() on queue: *seqno receives the queue's next
 * seqno, which accel_wait() on that queue takes, and every chunk's CB is
 * held until the CS retires. The chunks may aim at any H/W queue; the
 * CS completes as one. -EAGAIN: 64 submissions in flight on the context;
 * wait for one and retry.
 */
int hldv_submit(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
		uint32_t num, uint64_t *seqno);

/* accel_submit_ext.type of struct hldv_submit_cs ("HLCT") */
#define HLDV_SUBMIT_EXT_CS 0x484c4354u

/* hldv_submit_cs.type */
enum hldv_cs_type {
	HLDV_CS_DEFAULT = 0,		/* cmd_bo, or hldv_submit_chunks */
	HLDV_CS_SIGNAL = 1,		/* signal the queue's sync object */
	HLDV_CS_WAIT = 2,		/* wait for a signal CS */
	HLDV_CS_COLLECTIVE_WAIT = 3,	/* Gaudi2 refuses it: EINVAL */
};

/* hldv_submit_cs.flags (HL_CS_FLAGS_*) */
#define HLDV_CS_TIMESTAMP	(1u << 0)	/* keep the completion time */
#define HLDV_CS_CUSTOM_TIMEOUT	(1u << 1)	/* the TDR after timeout_s */
#define HLDV_CS_SKIP_RESET	(1u << 2)	/* no device reset if it times out */
#define HLDV_CS_ENCAP_SIGNALS	(1u << 3)	/* WAIT: signal_seq names reserved signals */
/*
 * A part of a staged submission (HL_CS_FLAGS_STAGED_SUBMISSION, _FIRST,
 * _LAST): the parts after the first name it by its kernel sequence in
 * signal_seq. Gaudi2 does not support staged submission
 * (hdev->supports_staged_submission is false): -EPERM.
 */
#define HLDV_CS_STAGED		(1u << 4)
#define HLDV_CS_STAGED_FIRST	(1u << 5)
#define HLDV_CS_STAGED_LAST	(1u << 6)

/*
 * Chained from accel_submit.ext: the kind of CS and its flags. A SIGNAL or
 * WAIT has no cmd_bo: the kernel builds its packets, on the queue's H/W
 * queue. A WAIT names the signal CS by the kernel sequence its
 * out_kernel_seq reported; when that CS is already done the kernel makes
 * no CS and the job completes at once. hldv_signal() and
 * hldv_wait_signal() build this for you.
 */
struct hldv_submit_cs {
	struct accel_submit_ext ext;	/* type HLDV_SUBMIT_EXT_CS */
	uint32_t type;			/* enum hldv_cs_type */
	uint32_t flags;			/* HLDV_CS_* */
	uint32_t timeout_s;		/* with HLDV_CS_CUSTOM_TIMEOUT */
	uint32_t encaps_offset;		/* WAIT with ENCAP_SIGNALS: 1..count */
	uint64_t signal_seq;		/* WAIT; a STAGED part but the first */
	uint32_t collective_engine_id;
	uint32_t reserved;
	uint64_t *out_kernel_seq;	/* the CS's sequence, or UINT64_MAX: none */
	uint16_t *out_sob_count;	/* SIGNAL: the SOB's count before it */
};

/*
 * A SIGNAL CS on queue's H/W queue (after the work before it there):
 * *seqno as for accel_submit(); *kernel_seq (may be NULL) is what
 * hldv_wait_signal() takes; *sob_count (may be NULL) the sync object's
 * count before this signal.
 */
int hldv_signal(struct accel_queue *queue, uint64_t *seqno, uint64_t *kernel_seq,
		uint16_t *sob_count);
/* a WAIT CS on queue for the signal CS of kernel sequence signal_seq */
int hldv_wait_signal(struct accel_queue *queue, uint64_t signal_seq, uint64_t *seqno);

/* accel_submit_ext.type of struct hldv_submit_restore ("HLRS") */
#define HLDV_SUBMIT_EXT_RESTORE 0x484c5253u

/*
 * Chained from accel_submit.ext: HL_CS_FLAGS_FORCE_RESTORE. Before the
 * CS, the kernel runs these chunks (0..512; 0: none) as a CS of its own,
 * which takes a kernel sequence, and waits for it (up to its
 * timeout_locked, 30 s by default). When that CS cannot be submitted the
 * kernel's errno is returned; when it fails on the device, -ENOEXEC; in
 * both cases the CS itself is not submitted. Every chunk's cb must be in
 * accel_submit.bos too.
 */
struct hldv_submit_restore {
	struct accel_submit_ext ext;	/* type HLDV_SUBMIT_EXT_RESTORE */
	const struct hldv_cs_chunk *chunks;
	uint32_t num;
	uint32_t reserved;
};

/*
 * hldv_submit() with the CS's flags (cs: type HLDV_CS_DEFAULT; NULL: none)
 * and a restore phase (restore: NULL for none); the extensions are copied
 * and chained here, and every CB of both chunk lists is held.
 */
int hldv_submit_ex(struct accel_queue *queue, const struct hldv_cs_chunk *chunks,
		   uint32_t num, const struct hldv_submit_cs *cs,
		   const struct hldv_submit_restore *restore, uint64_t *seqno);

/* hldv_multi_cs_wait.flags (HL_WAIT_CS_STATUS_FLAG_*) */
#define HLDV_WAIT_GONE		(1u << 0)	/* no timestamp: see hldv_wait_cs_multi(3) */
#define HLDV_WAIT_TIMESTAMP	(1u << 1)	/* timestamp_ns is valid */

struct hldv_multi_cs_wait {
	uint32_t completed;	/* bit i: kernel_seqs[i] is done; 0: none yet */
	uint32_t flags;		/* HLDV_WAIT_* */
	int64_t timestamp_ns;	/* with HLDV_WAIT_TIMESTAMP */
};

/*
 * Wait up to timeout_us for the first of num (1..32) CSs, named by kernel
 * sequence (hldv_submit_cs.out_kernel_seq), to complete:
 * HL_WAIT_CS_FLAGS_MULTI_CS, woken by CSs on the same stream masters.
 * Gaudi2 has no multi-CS wait (hdev->supports_wait_for_multi_cs is
 * false): -EPERM; wait for each job with accel_wait().
 */
int hldv_wait_cs_multi(struct accel_context *ctx, const uint64_t *kernel_seqs, uint32_t num,
		       uint64_t timeout_us, struct hldv_multi_cs_wait *out);

/* a reservation of signals on a H/W queue's sync object */
struct hldv_signal_reservation {
	uint32_t handle;		/* for hldv_unreserve_signals() */
	uint32_t sob_addr;		/* 0 on Gaudi2 */
	uint32_t next_count;		/* the SOB's count after the reserved ones */
	uint32_t reserved;
};

/* HL_CS_FLAGS_RESERVE_SIGNALS_ONLY / _UNRESERVE_SIGNALS_ONLY */
int hldv_reserve_signals(struct accel_context *ctx, uint32_t hw_queue, uint32_t count,
			 struct hldv_signal_reservation *r);
int hldv_unreserve_signals(struct accel_context *ctx, uint32_t handle);

/*
 * Engine control: run or halt engine cores (ARCs, by CPU id:
 * HL_ENGINE_CORE_RUN/HALT), or stall/resume engines (by engine id:
 * HL_ENGINE_STALL/RESUME, or RUN/HALT of cores). command is enum
 * hl_engine_command of habanalabs_accel.h (1..4).
 */
int hldv_engine_cores(struct accel_context *ctx, const uint32_t *cores, uint32_t num,
		      uint32_t command);
int hldv_engines(struct accel_context *ctx, const uint32_t *engines, uint32_t num,
		 uint32_t command);
/* make the device's PCI writes to host memory visible (HBW flush) */
int hldv_flush_pci_writes(struct accel_context *ctx);

/* ------------------------------------------------------------------------ */
/* Interrupt waits and timestamp records                                    */
/* ------------------------------------------------------------------------ */

/*
 * Wait until the u64 *counter reaches target, checked when the call starts
 * and at each user interrupt interrupt_id (decoders 0..9 and user CQs
 * 48..111 on Gaudi2; 0xFFF any user CQ, 0xFFE any decoder). The counter is
 * in host memory (hldv_wait_interrupt), or entry index of a command
 * buffer's u64 array (hldv_wait_interrupt_cq: a kernel CQ). timeout_us 0
 * polls. 0 when reached (*timestamp_ns, may be NULL: when, CLOCK_MONOTONIC,
 * or 0), -ETIMEDOUT when not by the timeout, -EIO when a reset aborted it.
 */
int hldv_wait_interrupt(struct accel_context *ctx, uint32_t interrupt_id,
			const volatile uint64_t *counter, uint64_t target,
			uint64_t timeout_us, int64_t *timestamp_ns);
int hldv_wait_interrupt_cq(struct accel_context *ctx, uint32_t interrupt_id,
			   struct accel_bo *cq, uint64_t index, uint64_t target,
			   uint64_t timeout_us, int64_t *timestamp_ns);

/*
 * A timestamp buffer (HL_MEM_OP_TS_ALLOC): num u64 records (at most 2^20)
 * mapped read-only into the process. The kernel keeps the buffer until the
 * context closes; hldv_ts_buffer_free() unmaps it.
 */
struct hldv_ts_buffer;

struct hldv_ts_buffer *hldv_ts_buffer_alloc(struct accel_context *ctx, uint32_t num);
const volatile uint64_t *hldv_ts_buffer_records(const struct hldv_ts_buffer *ts);
void hldv_ts_buffer_free(struct hldv_ts_buffer *ts);
/*
 * Have the kernel write the time (CLOCK_MONOTONIC ns) into record index
 * when interrupt interrupt_id finds entry cq_index of command buffer cq at
 * target (at once when it is there already). A record registered again is
 * moved to the new registration.
 */
int hldv_ts_register(struct hldv_ts_buffer *ts, uint32_t index, uint32_t interrupt_id,
		     struct accel_bo *cq, uint64_t cq_index, uint64_t target);

/* ------------------------------------------------------------------------ */
/* Debug: coresight trace and profiling units                               */
/* ------------------------------------------------------------------------ */

/* HL_DEBUG_OP_*: the unit kinds of hldv_debug_configure() */
enum hldv_debug_op {
	HLDV_DEBUG_ETR = 0,		/* trace router to memory */
	HLDV_DEBUG_ETF = 1,		/* trace FIFOs */
	HLDV_DEBUG_STM = 2,		/* system trace macrocells */
	HLDV_DEBUG_FUNNEL = 3,
	HLDV_DEBUG_BMON = 4,		/* bus monitors */
	HLDV_DEBUG_SPMU = 5,		/* performance monitors */
	HLDV_DEBUG_TIMESTAMP = 6,	/* deprecated: does nothing */
};

/* the input of an enable, per kind (struct hl_debug_params_* layouts) */
struct hldv_debug_etr {
	uint64_t buffer_address;	/* a device VA (host or DRAM) or SRAM */
	uint64_t buffer_size;
	uint32_t sink_mode;
	uint32_t pad;
};

struct hldv_debug_etf {
	uint64_t buffer_address;
	uint64_t buffer_size;
	uint32_t sink_mode;
	uint32_t pad;
};

struct hldv_debug_stm {
	uint64_t he_mask;
	uint64_t sp_mask;
	uint32_t id;
	uint32_t frequency;
};

struct hldv_debug_bmon {
	uint64_t start_addr0;
	uint64_t addr_mask0;
	uint64_t start_addr1;
	uint64_t addr_mask1;
	uint32_t bw_win;
	uint32_t win_capture;
	uint32_t id;
	uint32_t control;
	uint64_t start_addr2;
	uint64_t end_addr2;
	uint64_t start_addr3;
	uint64_t end_addr3;
};

struct hldv_debug_spmu {
	uint64_t event_types[10];
	uint32_t event_types_num;	/* at most 6 */
	uint32_t pmtrc_val;
	uint32_t trc_ctrl_host_val;
	uint32_t trc_en_host_val;
};

/*
 * Enter (enable 1) or leave debug mode (HL_DEBUG_OP_SET_MODE): the
 * coresight units take configuration only in debug mode, and leaving it
 * halts the ETFs and the ETR. -EFAULT when already in (or not in) it.
 */
int hldv_debug_set_mode(struct accel_context *ctx, int enable);
/*
 * Enable or disable unit `unit` of a kind: params is the kind's struct
 * (NULL for FUNNEL and for a disable), out what a disable reads back (ETR:
 * its write pointer, one u64; SPMU: its counters, the overflow flags and
 * the cycle count, as u64s).
 */
int hldv_debug_configure(struct accel_context *ctx, uint32_t op, uint32_t unit, int enable,
			 const void *params, size_t params_size, void *out, size_t out_size);

/* ------------------------------------------------------------------------ */
/* Device information (HL_INFO), one call per family of opcodes             */
/* ------------------------------------------------------------------------ */

/* hldv_telemetry.valid: which opcodes answered (in reset, only THROTTLE) */
enum hldv_telemetry_valid {
	HLDV_TM_IDLE = 1 << 0,		/* HL_INFO_HW_IDLE */
	HLDV_TM_UTILIZATION = 1 << 1,	/* HL_INFO_DEVICE_UTILIZATION */
	HLDV_TM_CLOCKS = 1 << 2,	/* HL_INFO_CLK_RATE */
	HLDV_TM_POWER = 1 << 3,		/* HL_INFO_POWER */
	HLDV_TM_ENERGY = 1 << 4,	/* HL_INFO_TOTAL_ENERGY */
	HLDV_TM_PCI = 1 << 5,		/* HL_INFO_PCI_COUNTERS */
	HLDV_TM_THROTTLE = 1 << 6,	/* HL_INFO_CLK_THROTTLE_REASON */
	HLDV_TM_TIME_SYNC = 1 << 7,	/* HL_INFO_TIME_SYNC */
	HLDV_TM_DRAM_ROWS = 1 << 8,	/* HL_INFO_DRAM_{PENDING,REPLACED}_ROWS */
};

/* clock throttling reasons (HL_CLK_THROTTLE_*) */
#define HLDV_THROTTLE_POWER	(1u << 0)
#define HLDV_THROTTLE_THERMAL	(1u << 1)

/* an HBM row the firmware replaced (struct cpucp_hbm_row_info) */
struct hldv_hbm_row {
	uint8_t hbm_idx;
	uint8_t pc;
	uint8_t sid;
	uint8_t bank_idx;
	uint16_t row_addr;
	uint8_t replaced_row_cause;	/* 0 double ECC, 1 repeated single ECC */
	uint8_t pad;
};

/*
 * What the device reports about its activity, the firmware's sensors
 * included. Extensible: pass sizeof(*t).
 */
struct hldv_telemetry {
	uint32_t valid;			/* enum hldv_telemetry_valid */
	uint32_t is_idle;
	uint64_t busy_engines_mask[4];	/* bit per engine id */
	uint32_t utilization;		/* percent, derived from power */
	uint32_t cur_clk_mhz;
	uint32_t max_clk_mhz;
	uint32_t throttle_reason;	/* HLDV_THROTTLE_* now */
	uint64_t power_mw;
	uint64_t energy_mj;		/* since power-on */
	uint64_t pci_rx_bytes_per_s;
	uint64_t pci_tx_bytes_per_s;
	uint64_t pci_replay_cnt;
	uint64_t throttle_start_us[2];	/* [0] power, [1] thermal; 0: never */
	uint64_t throttle_duration_ns[2];
	uint64_t device_time;		/* the device's clock */
	uint64_t host_time;		/* CLOCK_MONOTONIC_RAW at the same time */
	uint64_t tsc_time;
	uint32_t dram_pending_rows;
	uint32_t reserved;
	struct hldv_hbm_row dram_replaced_row;
};

int hldv_query_telemetry(struct accel_context *ctx, struct hldv_telemetry *t,
			 size_t size);
/* the same through the control node, while another process holds dev */
int hldv_device_telemetry(const struct accel_device *dev, struct hldv_telemetry *t,
			  size_t size);

/*
 * The first error of each kind since the device was last opened (the
 * kernel's captured_err_info). A record is present when its timestamp
 * (CLOCK_MONOTONIC ns) is not 0. Extensible: pass sizeof(*r).
 */
struct hldv_error_records {
	int64_t last_open_ns;		/* the open these records belong to */
	int64_t cs_timeout_ns;
	uint64_t cs_timeout_seq;
	int64_t razwi_ns;		/* illegal access */
	uint64_t razwi_addr;
	uint16_t razwi_engines[128];	/* engine ids that may have made it */
	uint16_t razwi_num_engines;
	uint8_t razwi_flags;		/* HL_RAZWI_* */
	uint8_t pad0[5];
	int64_t undef_opcode_ns;
	uint64_t undef_cq_addr;
	uint64_t undef_cb_addr_streams[4][8];
	uint32_t undef_cq_size;
	uint32_t undef_cb_addr_streams_len;
	uint32_t undef_engine_id;
	uint32_t undef_stream_id;
	int64_t page_fault_ns;
	uint64_t page_fault_addr;
	uint16_t page_fault_engine_id;
	uint16_t hw_err_event_id;
	uint16_t fw_err_type;		/* 0 heartbeat, 1 reported */
	uint16_t fw_err_event_id;
	int64_t hw_err_ns;
	int64_t fw_err_ns;
	int64_t engine_err_ns;
	uint16_t engine_err_engine_id;
	uint16_t engine_err_count;
	uint32_t pad1;
};

int hldv_query_errors(struct accel_context *ctx, struct hldv_error_records *r,
		      size_t size);
int hldv_device_errors(const struct accel_device *dev, struct hldv_error_records *r,
		       size_t size);

/* a device VA range mapped when the page fault happened */
struct hldv_user_mapping {
	uint64_t dev_va;
	uint64_t size;
};

/*
 * The context's mappings captured with the page fault: returns their
 * number, and fills maps when max is enough (0 when no fault happened).
 */
int hldv_query_user_mappings(struct accel_context *ctx,
			     struct hldv_user_mapping *maps, uint32_t max);

/* dropped submissions, device-wide and this context's (hl_info_cs_counters) */
struct hldv_cs_counters {
	uint64_t total_out_of_mem_drop_cnt;
	uint64_t ctx_out_of_mem_drop_cnt;
	uint64_t total_parsing_drop_cnt;
	uint64_t ctx_parsing_drop_cnt;
	uint64_t total_queue_full_drop_cnt;
	uint64_t ctx_queue_full_drop_cnt;
	uint64_t total_device_in_reset_drop_cnt;
	uint64_t ctx_device_in_reset_drop_cnt;
	uint64_t total_max_cs_in_flight_drop_cnt;
	uint64_t ctx_max_cs_in_flight_drop_cnt;
	uint64_t total_validation_drop_cnt;
	uint64_t ctx_validation_drop_cnt;
};

int hldv_query_cs_counters(struct accel_context *ctx, struct hldv_cs_counters *c,
			   size_t size);

/*
 * Per-event counters of the device's event queue (HL_INFO_HW_EVENTS, or
 * _AGGREGATE across resets): fills up to max, returns how many it filled.
 */
int hldv_query_hw_events(struct accel_context *ctx, int aggregate,
			 uint32_t *counts, uint32_t max);

/* the output frequencies in MHz of PLL pll (HL_GAUDI2_*_PLL) */
int hldv_query_pll(struct accel_context *ctx, uint32_t pll, uint16_t mhz[4]);

/* the first sync object, monitor and CQ left to the user in a dcore */
struct hldv_sync_manager {
	uint32_t first_sob;
	uint32_t first_monitor;
	uint32_t first_cq;
	uint32_t reserved;
};

int hldv_query_sync_manager(struct accel_context *ctx, uint32_t dcore,
			    struct hldv_sync_manager *sm);

/* HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES: bit n = 2^n-byte pages; 0: one size */
int hldv_query_page_sizes(struct accel_context *ctx, uint64_t *mask);

/*
 * The engines' status as the driver prints it (text). len from 1 KiB to
 * 1 MiB; returns the bytes written (not NUL-terminated).
 */
int hldv_query_engine_status(struct accel_context *ctx, char *buf, uint32_t len);

/* the firmware's signed attestation (struct hl_info_sec_attest layout) */
struct hldv_attestation {
	uint32_t nonce;
	uint16_t pcr_quote_len;
	uint16_t pub_data_len;
	uint16_t certificate_len;
	uint8_t pcr_num_reg;
	uint8_t pcr_reg_len;
	uint8_t quote_sig_len;
	uint8_t pcr_data[256];
	uint8_t pcr_quote[510];
	uint8_t quote_sig[255];
	uint8_t public_data[510];
	uint8_t certificate[2046];
	uint8_t pad0[2];
};

/* the firmware's signed device info (struct hl_info_signed layout) */
struct hldv_signed_info {
	uint32_t nonce;
	uint16_t pub_data_len;
	uint16_t certificate_len;
	uint8_t info_sig_len;
	uint8_t public_data[510];
	uint8_t certificate[2046];
	uint8_t info_sig[255];
	uint16_t dev_info_len;
	uint8_t dev_info[5120];
	uint8_t pad[2];
};

int hldv_query_attestation(struct accel_context *ctx, uint32_t nonce,
			   struct hldv_attestation *out);
int hldv_query_signed_info(struct accel_context *ctx, uint32_t nonce,
			   struct hldv_signed_info *out);

/* sub-requests of hldv_fw_request() (enum hl_passthrough_type) */
enum hldv_fw_request {
	HLDV_FW_VERSIONS = 0,		/* out: the firmware's version text */
	HLDV_FW_ERR_COUNTERS = 1,	/* in/out: the error counters */
	HLDV_FW_P_STATE = 2,		/* out: the power state */
};

/* a firmware pass-through request (HL_INFO_FW_GENERIC_REQ), len <= 1 MiB */
int hldv_fw_request(struct accel_context *ctx, uint32_t request, void *buf,
		    uint32_t len);

/* device events (HL_NOTIFIER_EVENT_*) */
#define HLDV_EVENT_TPC_ASSERT		(1ull << 0)
#define HLDV_EVENT_UNDEFINED_OPCODE	(1ull << 1)
#define HLDV_EVENT_DEVICE_RESET		(1ull << 2)
#define HLDV_EVENT_CS_TIMEOUT		(1ull << 3)
#define HLDV_EVENT_DEVICE_UNAVAILABLE	(1ull << 4)
#define HLDV_EVENT_USER_ENGINE_ERR	(1ull << 5)
#define HLDV_EVENT_GENERAL_HW_ERR	(1ull << 6)
#define HLDV_EVENT_RAZWI		(1ull << 7)
#define HLDV_EVENT_PAGE_FAULT		(1ull << 8)
#define HLDV_EVENT_CRITICAL_HW_ERR	(1ull << 9)
#define HLDV_EVENT_CRITICAL_FW_ERR	(1ull << 10)

/*
 * Be woken on device events: the kernel signals eventfd (eventfd(2)) at
 * each one. One eventfd per context; the kernel keeps its own reference.
 */
int hldv_event_register(struct accel_context *ctx, int eventfd);
int hldv_event_unregister(struct accel_context *ctx);
/* the events since the last call (HLDV_EVENT_*), then cleared */
int hldv_get_events(struct accel_context *ctx, uint64_t *mask);

#ifdef __cplusplus
}
#endif

#endif /* ACCEL_HLDV_H */
