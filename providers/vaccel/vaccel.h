/* SPDX-License-Identifier: MIT */
/*
 * The vaccel provider: private declarations shared by its files.
 *
 * vaccel is libaccel's reference accel kernel driver (kmod/vaccel, uAPI
 * include/uapi/drm/vaccel_accel.h): GEM shmem BOs, engines that run the
 * soft command format (softdv.h) under the DRM scheduler, syncobj
 * timelines. The provider is written to be copied: one file per part of
 * the uAPI, the core's GEM layer for what every GEM driver shares.
 */
#ifndef ACCEL_PROV_VACCEL_H
#define ACCEL_PROV_VACCEL_H

#include <stdint.h>

#include <uapi/drm/vaccel_accel.h>

#include "accel_provider.h"

struct vaccel_context {
	struct accel_context base;
	struct accel_gem_table gem;
	uint32_t num_engines;	/* GET_PARAM NUM_ENGINES */
	uint32_t instance;	/* the platform device vaccel.N */
	uint64_t max_bo_size;
	uint64_t addr_base;	/* the lowest device address of a BO */
	uint64_t page_size;
};

struct vaccel_bo {
	struct accel_bo base;
	uint32_t handle;	/* GEM handle on base.ctx->fd, counted */
	uint64_t mmap_offset;	/* BO_INFO's, also for imported BOs */
	uint64_t map_size;	/* the object's size, whole pages */
};

/*
 * A queue is one engine of the device and one timeline syncobj: job
 * seqno N signals point N, so a wait point of a queue of the same
 * context is (syncobj, seqno) as SUBMIT takes it.
 */
struct vaccel_queue {
	struct accel_queue base;
	uint32_t engine;
	uint32_t syncobj;
};

extern const struct accel_provider vaccel_provider;

static inline struct vaccel_context *to_vaccel_ctx(struct accel_context *ctx)
{
	return (struct vaccel_context *)ctx;
}

static inline struct vaccel_bo *to_vaccel_bo(struct accel_bo *bo)
{
	return (struct vaccel_bo *)bo;
}

static inline struct vaccel_queue *to_vaccel_queue(struct accel_queue *q)
{
	return (struct vaccel_queue *)q;
}

/* vaccel_dev.c: GET_PARAM, 0 or -errno */
int vaccel_get_param(int fd, uint32_t param, uint64_t *value);

/* vaccel_bo.c */
int vaccel_query_mem_domains(struct accel_context *ctx,
			     struct accel_mem_domain *d, uint32_t max);
struct accel_bo *vaccel_bo_alloc(struct accel_context *ctx,
				 const struct accel_bo_alloc_args *args);
void vaccel_bo_destroy(struct accel_bo *bo);
int vaccel_bo_map(struct accel_bo *bo, void **ptr);
int vaccel_bo_unmap(struct accel_bo *bo, void *ptr);
int vaccel_bo_cpu_prep(struct accel_bo *bo, uint32_t access,
		       int64_t abs_deadline_ns);
int vaccel_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *vaccel_bo_import_dmabuf(struct accel_context *ctx,
					 int dmabuf_fd);

/* vaccel_queue.c */
int vaccel_query_engines(struct accel_context *ctx,
			 struct accel_engine_info *e, uint32_t max);
struct accel_queue *vaccel_queue_create(struct accel_context *ctx,
					const struct accel_queue_attr *attr);
void vaccel_queue_destroy(struct accel_queue *queue);
int vaccel_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job);
int vaccel_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns);
int vaccel_fence_export_sync_file(struct accel_queue *queue,
				  struct accel_job *job);

/* vaccel_usage.c */
int vaccel_query_usage(struct accel_device *dev, struct accel_usage *u);

#endif /* ACCEL_PROV_VACCEL_H */
