/* SPDX-License-Identifier: MIT */
/*
 * The habanalabs emulation's internals: one emulated ASIC model, and the
 * state of the one compute context a device can have.
 */
#ifndef ACCEL_SHIM_HL_H
#define ACCEL_SHIM_HL_H

#include <stdint.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim.h"
#include "shim.h"

#define HL_MAX_PENDING_CS	64	/* GAUDI2_MAX_PENDING_CS */
#define HL_MAX_SCHEDULE_TIMEOUT	0x7fffffffffffffffull	/* LONG_MAX */
#define HL_MMAP_TYPE_SHIFT	(59 - 12)
#define HL_MMAP_TYPE_MASK	(0x1full << HL_MMAP_TYPE_SHIFT)
#define HL_MMAP_TYPE_TS_BUFF	(0x10ull << HL_MMAP_TYPE_SHIFT)
#define HL_MMAP_TYPE_BLOCK	(0x4ull << HL_MMAP_TYPE_SHIFT)
#define HL_MMAP_TYPE_CB		(0x2ull << HL_MMAP_TYPE_SHIFT)

/*
 * Gaudi2's first user sync objects, monitors and CQ (dcore 0):
 * GAUDI2_RESERVED_{SOB,MON}_NUMBER (64 CS completions + KDMA + 2 x 10
 * decoders: 85 SOBs, 125 monitors with 3 per decoder) plus HL_RSVD_SOBS (2)
 * and HL_RSVD_MONS (1) per sync-stream queue (164: all but the 96 NIC
 * queues), after GAUDI2_RESERVED_CQ_NUMBER (2).
 */
#define HL_GAUDI2_FIRST_USER_SOB	(85 + 164 * 2)
#define HL_GAUDI2_FIRST_USER_MON	(125 + 164 * 1)
#define HL_GAUDI2_FIRST_USER_CQ		2

struct hl_model {
	const char *name;
	const char *device_type;	/* sysfs device_type */
	uint16_t device_id;
	uint8_t revision;
	const char *card_name;
	uint64_t dram_phys_base;
	uint64_t dram_total;		/* all HBM */
	uint64_t dram_page_size;	/* also the default alloc page size */
	uint64_t dmmu_page_size;
	uint64_t sram_base;
	uint32_t sram_size;
	uint64_t host_va_start;		/* PMMU range for host memory */
	uint64_t host_va_end;
	uint64_t host_hpage_va_start;	/* PMMU range for huge pages */
	uint64_t host_hpage_va_end;
	uint64_t host_huge_page;
	uint32_t max_queues;
	uint32_t cpu_pq;		/* the driver-only queue */
	uint32_t num_of_events;
	uint16_t first_user_interrupt;
	uint16_t num_user_interrupts;
	uint16_t num_dec_interrupts;	/* user_dec_intr_count */
	uint32_t decoder_enabled_mask;
};

struct hl_dram {
	struct hl_dram *next;
	uint32_t handle;
	uint32_t npages;
	uint64_t total;
	int memfd;
	int mapping_cnt;
	bool contiguous;
	bool shared;			/* HL_MEM_SHARED */
	struct hl_ctx *owner;		/* phys_pg_pack->asid */
};

struct hl_map {
	struct hl_map *next;
	uint64_t vaddr;			/* what MAP returned */
	uint64_t size;			/* bytes the device can reach from vaddr */
	uint64_t va_len;		/* the VA block, from vaddr's page */
	struct hl_dram *dram;		/* NULL: host memory (userptr) */
	uint64_t host_addr;
	int export_cnt;
};

struct hl_cb {
	struct hl_cb *next;
	struct hl_ctx *ctx;
	uint32_t id;
	uint32_t size;			/* mappable size, >= PAGE_SIZE */
	int memfd;
	int refs;			/* handle + CPU mapping */
	bool destroyed;
	bool mmapped;
	void *uaddr;
	size_t ulen;
	struct shim_file *mmap_file;
	uint64_t device_va;		/* 0 unless created with HL_CB_FLAGS_MAP */
	uint32_t cs_cnt;
};

enum hl_cs_outcome {
	HL_CS_OK,
	HL_CS_TIMEDOUT,			/* the device's TDR fired: -ETIMEDOUT */
	HL_CS_ABORTED,			/* reset or MMU fault: -EIO */
	HL_CS_NOT_SUBMITTED,		/* rejected after its seq was taken */
};

enum hl_cs_kind { HL_CSK_DEFAULT, HL_CSK_SIGNAL, HL_CSK_WAIT };

#define HL_QMASK_WORDS	5		/* 261 H/W queues */

struct hl_cs_rec {
	uint64_t seq;
	int64_t done_at;		/* CLOCK_MONOTONIC ns; INT64_MAX: never */
	uint32_t outcome;
	bool timestamp;			/* HL_CS_FLAGS_TIMESTAMP */
	bool tdr_seen;			/* its timeout was captured */
	bool skip_reset;		/* HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT */
	uint8_t kind;			/* enum hl_cs_kind */
	int8_t sob;			/* signal/wait: the SOB (0, 1) it holds, or -1 */
	uint16_t sob_q;			/* ... of this queue's sync stream */
	uint64_t qmask[HL_QMASK_WORDS];	/* the H/W queues its jobs run on */
	uint8_t smask;			/* stream_master_qid_map (multi-CS) */
};

/*
 * hl_sync_stream_properties of one H/W queue: two reserved SOBs used in
 * turn, the next value to signal, and the SOBs' references (the base one,
 * reservations, the need_reset hand-over); signal and wait CSs in flight
 * hold one more each, counted from the pending CSs.
 */
struct hl_sync_stream {
	uint32_t next_sob_val;		/* starts at 1 */
	uint8_t curr;
	bool need_reset[2];
	uint32_t refs[2];		/* 0 means 1: never touched */
	uint32_t value[2];		/* what the SOB would count */
};

/* hl_cs_encaps_sig_handle */
struct hl_encaps {
	struct hl_encaps *next;
	uint32_t id;
	uint32_t q_idx;
	uint32_t count;
	uint32_t pre_sob_val;
	uint8_t sob;
	uint64_t cs_seq;		/* ULLONG_MAX: never set on Gaudi2 */
};

/* hl_cs_outcome_store: outcomes of timestamped CSs whose fence is gone */
#define HL_CS_OUTCOME_HISTORY_LEN 256

struct hl_outcome {
	uint64_t seq;			/* 0: free */
	int64_t ts;
	uint32_t outcome;
};

/* hl_cs_counters_atomic; the device's sum lives in shim_shared_dev.drops */
enum hl_drop {
	HL_DROP_MAX_CS_IN_FLIGHT,
	HL_DROP_VALIDATION,
	HL_DROP_PARSING,
	HL_DROP_NUM
};

struct hl_cs_drops {
	uint64_t cnt[HL_DROP_NUM];
};

/* an mmap of a H/W block (hl_vm_hw_block_list_node) */
struct hl_block_map {
	struct hl_block_map *next;
	void *addr;
	size_t len;
	uint32_t id;
	struct shim_file *file;
};

/* the coresight units that keep a state (ETF, ETR) */
struct hl_coresight {
	uint8_t etf[(141 + 7) / 8];
	bool etr_on;
	uint64_t etr_buffer;
};

struct hl_ctx {
	struct hl_ctx *next;		/* all live contexts */
	struct shim_device *dev;
	const struct hl_model *m;
	struct hl_dram *drams;
	struct hl_map *maps;
	struct hl_cb *cbs;
	struct hl_block_map *blocks;
	uint32_t next_handle;
	uint32_t next_cb_id;
	uint64_t next_dram_va;
	uint64_t next_host_va;
	uint64_t ctx_dram;
	uint64_t cs_sequence;		/* next seq; the first CS gets 1 */
	struct hl_cs_rec pending[HL_MAX_PENDING_CS];
	struct hl_outcome outcomes[HL_CS_OUTCOME_HISTORY_LEN];
	unsigned int outcome_next;	/* the oldest, replaced when full */
	struct hl_cs_drops drops;
	bool in_debug;
	struct hl_coresight coresight;
	struct hl_ts_buf *ts_bufs;	/* HL_MEM_OP_TS_ALLOC buffers */
	struct hl_sync_stream *streams;	/* per H/W queue, lazily allocated */
	struct hl_encaps *encaps;
	uint32_t next_encaps_id;
	uint32_t halted_cores[3];	/* ENGINE_CORE_COMMAND HALT, by CPU id */
	uint64_t stalled_engines[4];	/* ENGINES_COMMAND STALL, by engine id */
	/* hpriv->notifier_event: a dup of the registered eventfd, or -1 */
	int eventfd;
	uint64_t events_mask;
};

/*
 * Device state the kernel keeps in hl_device that INFO reports: the first
 * error of each kind since the last reset (captured_err_info), clock
 * throttling and open statistics. Kept per process (the tests drive one
 * device from one process).
 */
struct hl_devstate {
	bool cs_timeout_armed;			/* write_enable */
	struct hl_info_cs_timeout_event cs_timeout;
	bool razwi_avail;
	struct hl_info_razwi_event razwi;
	bool undef_armed;
	struct hl_info_undefined_opcode_event undef;
	bool pgf_avail;
	struct hl_page_fault_info pgf;
	struct hl_user_mapping *user_maps;
	uint32_t num_user_maps;
	bool hw_err_avail;
	struct hl_info_hw_err_event hw_err;
	bool fw_err_avail;
	struct hl_info_fw_err_event fw_err;
	bool eng_err_avail;
	struct hl_info_engine_err_event eng_err;
	uint32_t throttle_reason, throttle_aggregated;
	int64_t throttle_start[HL_CLK_THROTTLE_TYPE_MAX];
	int64_t throttle_end[HL_CLK_THROTTLE_TYPE_MAX];
	int64_t last_open_ns;			/* last_successful_open_ktime */
	int64_t open_since_ns;			/* the open compute context's */
	uint64_t last_open_period_ms;
	int64_t powered_on_ns;			/* the energy counter's base */
	uint64_t irq_count[4096];		/* interrupts raised, by id */
	/*
	 * hdev->supports_wait_for_multi_cs: off on Gaudi2; a test may turn
	 * it on (accel_shim_hl_set_multi_cs) to run the common code path
	 */
	bool multi_cs;
	int mcs_used;				/* multi_cs_completion slots taken */
	bool initialized;
};

static inline uint64_t hl_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

bool hl_operational(struct shim_device *d);
uint64_t hl_dram_user_size(const struct hl_model *m);
uint64_t hl_dmmu_start(const struct hl_model *m);
uint64_t hl_dmmu_end(const struct hl_model *m);

int hl_mem_ioctl(struct shim_file *f, void *data);
int hl_cb_ioctl(struct shim_file *f, void *data);
int hl_cs_ioctl(struct shim_file *f, void *data);
/* shim_hl_cs.c, for shim_hl_sync.c */
void hl_cs_drop(struct hl_ctx *ctx, int what);
struct hl_cs_rec *hl_cs_allocate(struct hl_ctx *ctx, const struct hl_cs_in *in, int *err);
int64_t hl_cs_queue_tail(struct hl_ctx *ctx, uint32_t q);
void hl_cs_finish(struct shim_file *f, struct hl_cs_rec *rec, const struct hl_cs_in *in,
		  int64_t after, bool fault);
/* shim_hl_sync.c */
int hl_cs_signal_wait(struct shim_file *f, struct hl_cs_in *in, uint32_t type,
		      uint64_t *seq, uint32_t *sob_addr, uint16_t *sob_count);
int hl_cs_reserve(struct hl_ctx *ctx, uint32_t q_idx, uint32_t count, uint32_t *handle,
		  uint32_t *sob_addr, uint32_t *signals);
int hl_cs_unreserve(struct hl_ctx *ctx, uint32_t handle);
int hl_cs_engine_cores(struct hl_ctx *ctx, const struct hl_cs_in *in);
int hl_cs_engines(struct hl_ctx *ctx, const struct hl_cs_in *in);
void hl_sync_release(struct hl_ctx *ctx);
int hl_wait_ioctl(struct shim_file *f, void *data);
int hl_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	    uint64_t offset, void **out);
bool hl_munmap(void *addr, size_t len);
int hl_map_block(uint64_t addr, uint64_t *handle, uint32_t *size);
int hl_block_mmap(struct hl_ctx *ctx, struct shim_file *f, void *addr, size_t len,
		  int prot, int flags, uint64_t pgoff, void **out);
bool hl_block_munmap(void *addr, size_t len);
void hl_mem_release(struct hl_ctx *ctx);
/* is [va, va + len) reachable through this context's MMU mappings? */
bool hl_va_mapped(struct hl_ctx *ctx, uint64_t va, uint64_t len);
bool hl_cs_idle(struct hl_ctx *ctx);
/* the TDRs that fired since the last look: captured and notified */
void hl_cs_tick(struct shim_device *d);
int hl_set_debug_mode(struct hl_ctx *ctx, bool enable);
int hl_debug_coresight(struct hl_ctx *ctx, struct hl_debug_args *a);
void hl_debug_halt(struct hl_ctx *ctx);

extern struct hl_ctx *hl_contexts;

/* a registration of a timestamp record (timestamp_reg_info) */
struct hl_ts_reg {
	bool in_use;
	uint16_t interrupt;		/* the interrupt id it waits on */
	uint32_t cq_cb;			/* the CQ counters CB's id */
	uint64_t cq_offset;		/* in u64s */
	uint64_t target;
};

/* hl_ts_buff: user records (a memfd the process maps) and registrations */
struct hl_ts_buf {
	struct hl_ts_buf *next;
	uint32_t id;
	uint32_t num;
	int memfd;
	bool mmapped;
	void *uaddr;
	size_t ulen;
	struct shim_file *mmap_file;
	struct hl_ts_reg *regs;
};

struct hl_cb *hl_find_cb(struct hl_ctx *ctx, uint64_t handle);
int hl_ts_alloc(struct hl_ctx *ctx, uint32_t num, uint64_t *handle);
int hl_ts_mmap(struct hl_ctx *ctx, struct shim_file *f, void *addr, size_t len, int prot,
	       int flags, uint64_t offset, void **out);
bool hl_ts_munmap(void *addr, size_t len);
int hl_interrupt_wait(struct shim_file *f, union hl_wait_cs_args *args);
void hl_intr_release(struct hl_ctx *ctx);
struct hl_devstate *hl_devstate(struct shim_device *d);
/* hl_enable_err_info_capture(): a reset forgets the captured errors */
void hl_err_capture_reset(struct shim_device *d);
/* hl_notifier_event_send_all() */
void hl_notify_all(struct shim_device *d, uint64_t mask);
/* the first CS timeout since the reset, as cs_timedout() records it */
void hl_capture_cs_timeout(struct shim_device *d, uint64_t seq, int64_t at);
/* an MMU page fault at addr: the record and the context's mappings */
void hl_capture_page_fault(struct hl_ctx *ctx, uint64_t addr, uint16_t engine_id);
int hl_info_ioctl(struct shim_file *f, void *data);
int hl_info(struct shim_file *f, struct hl_info_args *a);

/* keep sysfs and in-flight CSs in step with a new device status */
int shim_hl_status_changed(struct shim_device *d);

#endif /* ACCEL_SHIM_HL_H */
