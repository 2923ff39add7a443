/* SPDX-License-Identifier: MIT */
/* Internals shared by shim_gem.c, shim_fence.c and shim_syncobj.c. */
#ifndef ACCEL_SHIM_GEM_INTERNAL_H
#define ACCEL_SHIM_GEM_INTERNAL_H

#include "shim_gem.h"

enum shim_fence_kind {
	SHIM_FENCE_JOB,		/* a job's completion, or the stub */
	SHIM_FENCE_CHAIN,	/* dma_fence_chain: a timeline point */
	SHIM_FENCE_ARRAY,	/* dma_fence_array: a merge */
};

struct shim_fence {
	unsigned int refcnt;
	enum shim_fence_kind kind;
	bool signaled;
	int error;
	int64_t timestamp;
	uint64_t context, seqno;
	/* JOB signalled by the timer thread */
	int64_t signal_at;
	int pending_error;
	struct shim_fence *timer_next;
	/* CHAIN: the point's fence, the older node, that node's seqno */
	struct shim_fence *fence, *prev;
	uint64_t prev_seqno;
	/* ARRAY */
	struct shim_fence **children;
	unsigned int count;
};

uint64_t shim_fence_context_alloc(void);
struct shim_fence *shim_fence_alloc(enum shim_fence_kind kind);
struct shim_fence *shim_fence_array(struct shim_fence **v, unsigned int n);

struct shim_resv *shim_resv_create(void);
struct shim_resv *shim_resv_get(struct shim_resv *resv);
int shim_resv_add_fence(struct shim_resv *resv, struct shim_fence *fence,
			enum shim_resv_usage usage);
bool shim_resv_test_signaled(struct shim_resv *resv,
			     enum shim_resv_usage usage);

/* a growable table indexed by handle, lowest free from 1 (idr/xa ALLOC1) */
struct shim_handles {
	void **v;
	uint32_t n;
};
int shim_handles_alloc(struct shim_handles *h, void *p, uint32_t *handle);
void *shim_handles_find(struct shim_handles *h, uint32_t handle);
void *shim_handles_remove(struct shim_handles *h, uint32_t handle);

struct shim_gem_handle {
	struct shim_gem_object *obj;
	struct shim_file *prime;	/* the file's prime cache entry: a dma-buf */
};

/* the DRM file's GEM and syncobj state */
struct shim_gem_file {
	struct shim_handles objects;	/* struct shim_gem_handle * */
	struct shim_handles syncobjs;	/* struct shim_syncobj * */
};

void shim_syncobj_file_release(struct shim_file *f);
void shim_syncobj_eventfd_kick(void);

static inline bool shim_has_feature(struct shim_file *f, unsigned int feat)
{
	return (f->dev->drv->features & feat) == feat;
}

#endif /* ACCEL_SHIM_GEM_INTERNAL_H */
