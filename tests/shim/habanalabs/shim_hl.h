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
};

struct hl_dram {
	struct hl_dram *next;
	uint32_t handle;
	uint32_t npages;
	uint64_t total;
	int memfd;
	int mapping_cnt;
	bool contiguous;
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

struct hl_cs_rec {
	uint64_t seq;
	int64_t done_at;		/* CLOCK_MONOTONIC ns; INT64_MAX: never */
	uint32_t outcome;
	bool timestamp;			/* HL_CS_FLAGS_TIMESTAMP */
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

struct hl_ctx {
	struct hl_ctx *next;		/* all live contexts */
	struct shim_device *dev;
	const struct hl_model *m;
	struct hl_dram *drams;
	struct hl_map *maps;
	struct hl_cb *cbs;
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
};

static inline uint64_t hl_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* kernel-side copies to and from the process, EFAULT on a bad pointer */
int hl_copy_from_user(void *dst, uint64_t uptr, size_t len);
int hl_copy_to_user(uint64_t uptr, const void *src, size_t len);

bool hl_operational(struct shim_device *d);
uint64_t hl_dram_user_size(const struct hl_model *m);
uint64_t hl_dmmu_start(const struct hl_model *m);
uint64_t hl_dmmu_end(const struct hl_model *m);

int hl_mem_ioctl(struct shim_file *f, void *data);
int hl_cb_ioctl(struct shim_file *f, void *data);
int hl_cs_ioctl(struct shim_file *f, void *data);
int hl_wait_ioctl(struct shim_file *f, void *data);
int hl_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	    uint64_t offset, void **out);
bool hl_munmap(void *addr, size_t len);
void hl_mem_release(struct hl_ctx *ctx);
/* is [va, va + len) reachable through this context's MMU mappings? */
bool hl_va_mapped(struct hl_ctx *ctx, uint64_t va, uint64_t len);
bool hl_cs_idle(struct hl_ctx *ctx);
int hl_set_debug_mode(struct hl_ctx *ctx, bool enable);

extern struct hl_ctx *hl_contexts;

/* keep sysfs and in-flight CSs in step with a new device status */
int shim_hl_status_changed(struct shim_device *d);

#endif /* ACCEL_SHIM_HL_H */
