/* SPDX-License-Identifier: MIT */
/*
 * The ethosu provider: private declarations shared by its files.
 */
#ifndef ETHOSU_H
#define ETHOSU_H

#include <stdint.h>

#include <accel_provider.h>
#include <accel/ethosudv.h>
#include <uapi/drm/ethosu_accel.h>

#define ETHOSU_PROVIDER_NAME "ethosu"
#define ETHOSU_SRAM_REGION 2	/* the kernel's and Vela's */

/* memory domains */
enum {
	ETHOSU_DOMAIN_CMA = 0,		/* BO_CREATE */
	ETHOSU_DOMAIN_CMDSTREAM = 1,	/* CMDSTREAM_BO_CREATE */
};

struct ethosu_context {
	struct accel_context base;
	struct accel_gem_table gem;
	struct drm_ethosu_npu_info npu;
	uint64_t page_size;
	pthread_mutex_t lock;	/* nqueues, scratch */
	uint32_t nqueues;
	uint32_t scratch;	/* an idle BO for signalled sync_files, or 0 */
};

struct ethosu_bo {
	struct accel_bo base;
	uint32_t handle;
	uint64_t map_size;
	bool cmdstream;
	bool nomap;	/* BO_CREATE with DRM_ETHOSU_BO_NO_MMAP */
	/* a command stream's regions the kernel fences (its output regions) */
	uint8_t outputs;
};

static inline struct ethosu_context *to_ethosu_ctx(struct accel_context *ctx)
{
	return (struct ethosu_context *)ctx;
}

static inline struct ethosu_bo *to_ethosu_bo(struct accel_bo *bo)
{
	return (struct ethosu_bo *)bo;
}

static inline bool ethosu_is_u65(const struct ethosu_context *ec)
{
	return DRM_ETHOSU_ARCH_MAJOR(ec->npu.id) == 1;
}

/* ethosu_cmdstream.c: the regions a stream writes, or a negative errno */
int ethosu_cmdstream_outputs(const struct ethosu_context *ec, const void *data,
			     uint32_t size);

int ethosu_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job);
/* one DRM_IOCTL_ETHOSU_SUBMIT of count jobs; the kernel's errno with a reason */
int ethosu_submit_ioctl(struct accel_context *ctx, const struct drm_ethosu_job *kj,
			uint32_t count);
/* ethosu_jobs.c: the multi-job form (struct ethosudv_submit_jobs) */
int ethosu_submit_jobs(struct accel_queue *queue, const struct accel_submit *s,
		       const struct ethosudv_submit_jobs *x, struct accel_job *job);
/* ethosu_fence.c */
int ethosu_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job);
int ethosu_import_in_fences(struct accel_context *ctx, uint32_t handle,
			    const struct accel_submit *s);

int ethosu_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns);

#endif /* ETHOSU_H */
