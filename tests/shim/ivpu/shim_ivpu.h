/* SPDX-License-Identifier: MIT */
/*
 * The ivpu emulation's internals: the emulated NPU models and the state
 * of one open file (a context: its BOs, command queues, jobs and metric
 * streamer instances).
 */
#ifndef ACCEL_SHIM_IVPU_H
#define ACCEL_SHIM_IVPU_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/drm/ivpu_accel.h>

#include "shim.h"
#include "shim_gem.h"

#define IVPU_JOB_MAX_BUFFER_COUNT 65535	/* JOB_MAX_BUFFER_COUNT */
#define IVPU_CMDQ_MIN_ID	1
#define IVPU_CMDQ_MAX_ID	255
/* a 4 KiB job queue: 64-byte header, 64-byte entries, one kept free */
#define IVPU_CMDQ_ENTRIES	63
#define IVPU_USER_CONTEXT_MIN_SSID 2
#define IVPU_CONTEXT_COUNT	129	/* IVPU_USER_CONTEXT_MAX_SSID - MIN + 1 */
#define IVPU_FW_API_VER_NUM	16
#define IVPU_MS_MIN_SAMPLE_PERIOD_NS 1000000
#define IVPU_MS_NUM_BUFFERS	2
#define IVPU_MS_READ_PERIOD_MULTIPLIER 2
/* CONFIG_HZ=250 of Debian's kernels: BO_WAIT adds one jiffy */
#define IVPU_JIFFY_NS		4000000ll

struct ivpu_model {
	const char *name;
	uint16_t device_id;
	uint8_t revision;
	bool hws;			/* VPU_SCHEDULING_MODE_HW */
	bool gen37;			/* IVPU_HW_IP_37XX: its copy descriptors */
	uint32_t max_freq_mhz;		/* CORE_CLOCK_RATE / 10^6 */
	uint64_t tile_config;
	uint64_t sku;
	uint64_t preempt_buf_size;	/* primary + secondary, page aligned */
	uint64_t user_start, user_size;	/* hw->ranges.user */
	uint64_t shave_start, shave_size;
	uint64_t dma_start, dma_size;
	uint32_t ms_sample_size;	/* what the firmware would answer */
};

/*
 * What the driver keeps of a GEM object in one file (struct ivpu_bo): its
 * NPU address in that context, flags and last job status. The object
 * itself (pages, handles, PRIME, dma-resv) is the GEM core's.
 */
struct ivpu_sbo {
	struct ivpu_sbo *next;
	struct shim_gem_object *obj;	/* referenced */
	uint32_t flags;
	uint64_t vpu_addr;
	bool userptr;			/* BO_CREATE_FROM_USERPTR */
	bool mmu_mapped;		/* listed by a submission (ivpu_bo_bind) */
	uint32_t job_status;		/* of the last job it was command BO of */
};

struct ivpu_cmdq {
	struct ivpu_cmdq *next;
	uint32_t id;
	uint32_t priority;		/* the JSM priority band */
	uint32_t flags;
	bool is_legacy;			/* SUBMIT's per-priority queue */
	bool registered;		/* has a doorbell (first submission) */
};

struct ivpu_job {
	struct ivpu_job *next;
	struct ivpu_sbo *cmd;
	struct shim_fence *fence;	/* done_fence: WRITE on cmd, BOOKKEEP else */
	uint32_t cmdq_id;
	int64_t done_at;		/* INT64_MAX: hangs */
	uint32_t status;		/* job_status at done_at */
	bool faults;			/* it faults the NPU MMU */
};

struct ivpu_ms {
	struct ivpu_ms *next;
	uint64_t mask;
	uint64_t max_data_size;
};

struct ivpu_ctx {
	struct ivpu_ctx *next;
	struct shim_device *dev;
	const struct ivpu_model *m;
	uint32_t id;			/* the SSID, from 2 */
	struct ivpu_sbo *bos;
	uint64_t next_user_va, next_shave_va, next_dma_va;
	struct ivpu_cmdq *cmdqs;
	uint32_t cmdq_id_next;
	struct ivpu_job *jobs;
	struct ivpu_ms *ms;
	bool has_mmu_faults;
};

/* the emulated jobs' fate, set by the test controls */
struct ivpu_job_mode {
	int64_t delay_ns;		/* run time of a job */
	bool hang;			/* jobs never end */
	bool fault_next;		/* the next job faults the MMU */
	uint32_t fail_status;		/* nonzero: jobs end with this status */
};

extern struct ivpu_ctx *ivpu_contexts;
extern struct ivpu_job_mode ivpu_job_mode;

static inline uint64_t ivpu_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static inline struct ivpu_ctx *ivpu_ctx_of(struct shim_file *f)
{
	return f->priv;
}

/*
 * drm_gem_object_lookup() of handle in f and the driver's record of it
 * (made on first sight for an import: ivpu_gem_bo_open()). 0 and *out,
 * -ENOENT for no such handle, or the address allocation's -ENOSPC.
 */
int ivpu_sbo_lookup(struct shim_file *f, uint32_t handle, struct ivpu_sbo **out);
int ivpu_bo_create_ioctl(struct shim_file *f, void *data);
int ivpu_bo_userptr_ioctl(struct shim_file *f, void *data);
int ivpu_bo_info_ioctl(struct shim_file *f, void *data);
int ivpu_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	      uint64_t offset, void **out);
void ivpu_bo_release(struct ivpu_ctx *ctx);

int ivpu_submit_ioctl(struct shim_file *f, void *data);
int ivpu_cmdq_submit_ioctl(struct shim_file *f, void *data);
int ivpu_cmdq_create_ioctl(struct shim_file *f, void *data);
int ivpu_cmdq_destroy_ioctl(struct shim_file *f, void *data);
int ivpu_bo_wait_ioctl(struct shim_file *f, void *data);
void ivpu_job_release(struct ivpu_ctx *ctx);
/*
 * Run the command buffer at offset in cmd (shim_ivpu_exec.c): the job's
 * status, and *fault when it touched memory its context has not mapped.
 */
uint32_t ivpu_exec(struct ivpu_ctx *ctx, struct ivpu_sbo *cmd, uint32_t offset,
		   bool *fault);

int ivpu_ms_start_ioctl(struct shim_file *f, void *data);
int ivpu_ms_stop_ioctl(struct shim_file *f, void *data);
int ivpu_ms_get_data_ioctl(struct shim_file *f, void *data);
int ivpu_ms_get_info_ioctl(struct shim_file *f, void *data);

#endif /* ACCEL_SHIM_IVPU_H */
