/* SPDX-License-Identifier: MIT */
/*
 * qaic provider internals.
 */
#ifndef ACCEL_PROV_QAIC_H
#define ACCEL_PROV_QAIC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <accel/qaicdv.h>
#include <uapi/drm/qaic_accel.h>

#include "accel_provider.h"

#define QAICDV_EXPORT __attribute__((visibility("default")))
#define QAIC_NUM_DBC 16			/* DBC_NUM of qaic_drv.c */
/* a wait in chunks when the deadline is never: the kernel's u32 ms */
#define QAIC_WAIT_CHUNK_MS 60000u

struct qaic_context {
	struct accel_context base;
	struct accel_gem_table gem;
	uint64_t page_size;
	/*
	 * Bumped at every activation and deactivation of a DBC: the kernel
	 * detaches every BO sliced onto a DBC when it is released
	 * (release_dbc()), so a BO's slicing is live only while the
	 * generation it was made in is.
	 */
	atomic_uint dbc_gen[QAIC_NUM_DBC];
};

struct qaic_bo {
	struct accel_bo base;
	uint32_t handle;
	uint64_t map_size;
	pthread_mutex_t lock;		/* the slicing below */
	bool sliced;
	uint32_t dir;			/* enum qaicdv_dir */
	uint32_t dbc_id;
	uint32_t dbc_gen;
	/* bumped at each EXECUTE of the BO: jobs see a later one */
	atomic_uint exec_gen;
};

struct qaic_queue {
	struct accel_queue base;
	uint32_t dbc_id;
	uint32_t gen;			/* dbc_gen when activated */
	bool deactivated;
};

/* what completes a job: its from-device BOs (else all of them) */
struct qaic_job {
	uint32_t num;
	struct {
		struct qaic_bo *bo;
		uint32_t exec_gen;
	} wait[];
};

extern const struct accel_provider qaic_provider;
extern const struct accel_context_ops qaic_ctx_ops;

static inline struct qaic_context *to_qaic_ctx(struct accel_context *c)
{
	return (struct qaic_context *)c;
}

static inline struct qaic_bo *to_qaic_bo(struct accel_bo *b)
{
	return (struct qaic_bo *)b;
}

static inline struct qaic_queue *to_qaic_queue(struct accel_queue *q)
{
	return (struct qaic_queue *)q;
}

/* an ioctl retried on EINTR only; 0 or -errno */
int qaic_ioctl(int fd, unsigned long req, void *arg);

/* the BO's slicing is live on a DBC (the kernel has not dropped it) */
bool qaic_bo_sliced(struct qaic_context *ctx, struct qaic_bo *bo);

/* qaic_dev.c */
int qaic_manage_msg(struct accel_context *ctx, struct qaicdv_msg *msg);

/* qaic_mem.c */
int qaic_query_mem_domains(struct accel_context *ctx, struct accel_mem_domain *d,
			   uint32_t max);
struct accel_bo *qaic_bo_alloc(struct accel_context *ctx,
			       const struct accel_bo_alloc_args *args);
void qaic_bo_destroy(struct accel_bo *bo);
int qaic_bo_map(struct accel_bo *bo, void **ptr);
int qaic_bo_unmap(struct accel_bo *bo, void *ptr);
int qaic_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *qaic_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd);

/* qaic_queue.c */
int qaic_query_engines(struct accel_context *ctx, struct accel_engine_info *e,
		       uint32_t max);
void qaic_queue_destroy(struct accel_queue *queue);
int qaic_submit(struct accel_queue *queue, const struct accel_submit *submit,
		struct accel_job *job);
int qaic_fence_wait(struct accel_queue *queue, struct accel_job *job,
		    int64_t abs_deadline_ns);
void qaic_job_retire(struct accel_queue *queue, struct accel_job *job);
/* qaic_usage.c: accel_device_usage() */
int qaic_query_usage(struct accel_device *dev, struct accel_usage *u);

#endif /* ACCEL_PROV_QAIC_H */
