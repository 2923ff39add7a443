/* SPDX-License-Identifier: MIT */
/*
 * The rocket provider: private declarations shared by its files.
 */
#ifndef ROCKET_H
#define ROCKET_H

#include <stdint.h>

#include <accel_provider.h>
#include <accel/rocketdv.h>
#include <uapi/drm/rocket_accel.h>

#define ROCKET_PROVIDER_NAME "rocket"

struct rocket_context {
	struct accel_context base;
	struct accel_gem_table gem;
	uint64_t page_size;
	pthread_mutex_t lock;	/* nqueues, scratch */
	uint32_t nqueues;	/* live queues: the file has one entity */
	uint32_t scratch;	/* an idle BO for signalled sync_files, or 0 */
};

struct rocket_bo {
	struct accel_bo base;
	uint32_t handle;	/* GEM handle on base.ctx->fd */
	uint64_t mmap_offset;	/* CREATE_BO's offset; 0 for imported BOs */
	uint64_t map_size;
};

struct rocket_queue {
	struct accel_queue base;
};

static inline struct rocket_context *to_rocket_ctx(struct accel_context *ctx)
{
	return (struct rocket_context *)ctx;
}

static inline struct rocket_bo *to_rocket_bo(struct accel_bo *bo)
{
	return (struct rocket_bo *)bo;
}

/* PREP_BO on handle until abs_deadline_ns: 0, -ETIMEDOUT or -errno */
int rocket_prep_bo(int fd, uint32_t handle, int64_t abs_deadline_ns);

int rocket_submit(struct accel_queue *queue, const struct accel_submit *s,
		  struct accel_job *job);
/* rocket_fence.c */
int rocket_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job);
int rocket_import_in_fences(struct accel_context *ctx, uint32_t handle,
			    const struct accel_submit *s);

int rocket_fence_wait(struct accel_queue *queue, struct accel_job *job,
		      int64_t abs_deadline_ns);

#endif /* ROCKET_H */
