/* SPDX-License-Identifier: MIT */
/*
 * ivpu provider internals (Intel NPU, drivers/accel/ivpu of Linux 7.2).
 */
#ifndef ACCEL_PROV_IVPU_H
#define ACCEL_PROV_IVPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <accel/ivpudv.h>
#include <uapi/drm/ivpu_accel.h>

#include "accel_provider.h"

#define IVPUDV_EXPORT __attribute__((visibility("default")))
#define IVPU_DRIVER_NAME "intel_vpu"
#define IVPU_PAGE_SIZE 4096ull
/* JOB_MAX_BUFFER_COUNT of ivpu_job.c: the command BO and the rest */
#define IVPU_MAX_BUFFERS 65535u
/*
 * A kernel job queue is one 4 KiB page of 64-byte entries after a
 * 64-byte header, one entry always free (ivpu_cmdq_push_job(): EBUSY
 * when full): 62 jobs in flight per queue.
 */
#define IVPU_MAX_IN_FLIGHT 62u
/* IVPU_CMDQ_MIN_ID..IVPU_CMDQ_MAX_ID */
#define IVPU_MAX_CMDQS 255u
/* SUBMIT and CMDQ_SUBMIT: commands_offset is 8-byte aligned */
#define IVPU_CMD_ALIGN 8u

/* memory domains of accel_query_mem_domains(): range x cache mode */
enum ivpu_domain {
	IVPU_DOMAIN_USER_WB = 0,	/* default range, cached + snooped */
	IVPU_DOMAIN_USER_WC,		/* default range, write-combined */
	IVPU_DOMAIN_HIGH_WB,		/* DRM_IVPU_BO_HIGH_MEM (SHAVE range) */
	IVPU_DOMAIN_HIGH_WC,
	IVPU_DOMAIN_DMA_WB,		/* DRM_IVPU_BO_DMA_MEM */
	IVPU_DOMAIN_DMA_WC,
	IVPU_NUM_DOMAINS
};

struct ivpu_context {
	struct accel_context base;
	struct accel_gem_table gem;
	uint32_t device_id;
	/* hardware scheduling: queues are CMDQ_CREATE command queues */
	bool hws;
	bool userptr;
	bool dma_range;
	uint64_t base_address;	/* CONTEXT_BASE_ADDRESS */
	/* guards ivpu_bo.last_job and the job records across SUBMIT */
	pthread_mutex_t job_lock;
	/*
	 * A BO no job ever lists, as a dma-buf: its sync_file is an already
	 * signalled one, for work that has retired. Made on first use.
	 */
	int idle_dmabuf;
};

struct ivpu_job_rec;

struct ivpu_bo {
	struct accel_bo base;
	uint32_t handle;	/* GEM handle on base.ctx->fd, counted */
	uint32_t ivpu_flags;
	uint64_t vpu_addr;
	uint64_t map_size;
	void *userptr;		/* BO_CREATE_FROM_USERPTR memory, not ours */
	int dmabuf;		/* exported once for sync_files, or -1 */
	/*
	 * The last job whose command buffer this BO was: its job_status
	 * lives in the kernel BO until the next job on it overwrites it,
	 * so it is read before that submission (under ctx->job_lock).
	 */
	struct ivpu_job_rec *last_job;
};

struct ivpu_queue {
	struct accel_queue base;
	uint32_t cmdq_id;	/* 0: SUBMIT with priority (OS scheduling) */
	uint32_t priority;	/* DRM_IVPU_JOB_PRIORITY_* */
	struct accel_bo *preempt_bo;	/* referenced, optional */
};

/* What completes a submission: BO_WAIT on its command BO */
struct ivpu_job_rec {
	struct ivpu_bo *cmd;	/* the core holds it until retire */
	bool done;
	uint32_t job_status;
};

extern const struct accel_context_ops ivpu_ctx_ops;
extern const struct accel_provider ivpu_provider;

static inline struct ivpu_context *to_ivpu_ctx(struct accel_context *c)
{
	return (struct ivpu_context *)c;
}

static inline struct ivpu_bo *to_ivpu_bo(struct accel_bo *b)
{
	return (struct ivpu_bo *)b;
}

static inline struct ivpu_queue *to_ivpu_queue(struct accel_queue *q)
{
	return (struct ivpu_queue *)q;
}

/* an ioctl retried on EINTR only: 0 or -errno */
int ivpu_ioctl(int fd, unsigned long req, void *arg);
int ivpu_get_param(int fd, uint32_t param, uint32_t index, uint64_t *value);

int ivpu_query_mem_domains(struct accel_context *ctx,
			   struct accel_mem_domain *domains, uint32_t max);
struct accel_bo *ivpu_bo_alloc(struct accel_context *ctx,
			       const struct accel_bo_alloc_args *args);
/* a BO_CREATE (userptr NULL) or BO_CREATE_FROM_USERPTR, set up, unpublished */
struct ivpu_bo *ivpu_bo_new(struct accel_context *ctx, uint64_t size,
			    uint32_t ivpu_flags, void *userptr);
void ivpu_bo_destroy(struct accel_bo *bo);
int ivpu_bo_map(struct accel_bo *bo, void **ptr);
int ivpu_bo_unmap(struct accel_bo *bo, void *ptr);
int ivpu_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *ivpu_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd);

int ivpu_query_engines(struct accel_context *ctx,
		       struct accel_engine_info *engines, uint32_t max);
/* generic priority (<0 low, 0, >0 high) to DRM_IVPU_JOB_PRIORITY_* */
uint32_t ivpu_job_priority(int32_t priority);
struct accel_queue *ivpu_queue_create(struct accel_context *ctx,
				      const struct accel_queue_attr *attr);
/* a CMDQ_CREATE queue (set up, unpublished) */
struct ivpu_queue *ivpu_cmdq_new(struct accel_context *ctx,
				 const struct accel_queue_attr *attr,
				 uint32_t priority, uint32_t flags);
void ivpu_queue_destroy(struct accel_queue *queue);
int ivpu_submit(struct accel_queue *queue, const struct accel_submit *submit,
		struct accel_job *job);
int ivpu_fence_wait(struct accel_queue *queue, struct accel_job *job,
		    int64_t abs_deadline_ns);
void ivpu_job_retire(struct accel_queue *queue, struct accel_job *job);
int ivpu_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job);
/* ivpu_usage.c */
int ivpu_query_usage(struct accel_device *dev, struct accel_usage *u);

#endif /* ACCEL_PROV_IVPU_H */
