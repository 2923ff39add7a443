/* SPDX-License-Identifier: MIT */
/*
 * amdxdna provider internals.
 */
#ifndef ACCEL_PROV_AMDXDNA_H
#define ACCEL_PROV_AMDXDNA_H

#include <pthread.h>
#include <stdint.h>

#include <accel/amdxdnadv.h>
#include <uapi/drm/amdxdna_accel.h>

#include "accel_provider.h"

#define XDNA_EXPORT __attribute__((visibility("default")))

/* drivers/accel/amdxdna/aie2_pci.h: AIE2_DEVM_BASE, _SIZE, _MAX_SIZE */
#define XDNA_DEVM_BASE 0x4000000ull
#define XDNA_DEVM_SIZE (64ull << 20)
#define XDNA_DEVM_MAX_SIZE (512ull << 20)
/* dev_mem_buf_shift 15: DEV BOs are 32 KiB aligned in the heap */
#define XDNA_DEV_BO_ALIGN (32ull << 10)
/* HWCTX_MAX_CMDS: the 5th EXEC_CMD of a context blocks in the kernel */
#define XDNA_MAX_IN_FLIGHT 4
/* MAX_ARG_COUNT of amdxdna_ctx.c */
#define XDNA_MAX_ARGS 4095
/* the DRM driver name (amdxdna_drm_drv.name); the PCI driver is "amdxdna" */
#define XDNA_DRM_NAME "amdxdna_accel_driver"

/* memory domains of accel_query_mem_domains() */
enum xdna_domain {
	XDNA_DOMAIN_SHARE = 0,
	XDNA_DOMAIN_CMD = 1,
	XDNA_DOMAIN_DEV = 2,
	XDNA_NUM_DOMAINS
};

struct xdna_context {
	struct accel_context base;
	struct accel_gem_table gem;
	uint64_t page_size;
	int32_t device_type;	/* sysfs device_type; -1 unknown */
	/*
	 * The DEV heap, made on first need (a DEV BO or a hardware context):
	 * one DEV_HEAP BO of XDNA_DEVM_SIZE, mapped, as the kernel wants it
	 * before any DEV BO (amdxdna_init_dev_bo(): -EAGAIN unmapped).
	 */
	pthread_mutex_t heap_lock;
	uint32_t heap_handle;	/* 0: none yet */
	void *heap_map;
	uint64_t heap_size;
	uint64_t heap_used;	/* bytes of live DEV BOs, rounded */
};

struct xdna_bo {
	struct accel_bo base;
	uint32_t handle;
	uint32_t type;		/* enum amdxdna_bo_type */
	void *map;		/* our mapping, or inside the heap (DEV) */
	uint64_t map_size;	/* bytes we mapped (0 for DEV: the heap's) */
	uint64_t heap_bytes;	/* DEV: counted in heap_used */
	bool user;		/* from a VA table: not exportable */
};

/* seqno -> kernel seq of the last jobs, for WAIT_CMD (power of 2) */
#define XDNA_RECENT 64

struct xdna_queue {
	struct accel_queue base;
	uint32_t hwctx;
	uint32_t syncobj;
	/*
	 * The kernel's seq counts driver commands too (debug BO attach and
	 * sync), so it is not seqno - 1 after amdxdnadv_hwctx_debug_bo().
	 */
	pthread_mutex_t lock;
	struct {
		uint64_t seqno, kseq;
	} recent[XDNA_RECENT];
};

extern const struct accel_context_ops xdna_ctx_ops;
extern const struct accel_provider xdna_provider;

static inline struct xdna_context *to_xdna_ctx(struct accel_context *c)
{
	return (struct xdna_context *)c;
}

static inline struct xdna_bo *to_xdna_bo(struct accel_bo *b)
{
	return (struct xdna_bo *)b;
}

static inline struct xdna_queue *to_xdna_queue(struct accel_queue *q)
{
	return (struct xdna_queue *)q;
}

/* xdna_info.c */
int xdna_get_info(int fd, uint32_t param, void *buf, uint32_t *size);
/* xdna_usage.c: accel_device_usage() */
int xdna_query_usage(struct accel_device *dev, struct accel_usage *u);
int xdna_fill_dv_info(struct accel_context *ctx, struct amdxdnadv_device_info *info);

/* xdna_dev.c */
int xdna_query_device(struct accel_context *ctx, struct accel_device_attr *attr);
int xdna_query_mem_domains(struct accel_context *ctx, struct accel_mem_domain *d,
			   uint32_t max);
int xdna_query_engines(struct accel_context *ctx, struct accel_engine_info *e,
		       uint32_t max);

/* xdna_bo.c */
int xdna_heap_ensure(struct xdna_context *ctx);
void xdna_heap_fini(struct xdna_context *ctx);
struct accel_bo *xdna_bo_alloc(struct accel_context *ctx,
			       const struct accel_bo_alloc_args *args);
struct accel_bo *xdna_bo_create(struct accel_context *ctx, uint32_t type,
				uint64_t size, uint32_t flags);
void xdna_bo_destroy(struct accel_bo *bo);
int xdna_bo_map(struct accel_bo *bo, void **ptr);
int xdna_bo_unmap(struct accel_bo *bo, void *ptr);
int xdna_bo_cpu_prep(struct accel_bo *bo, uint32_t access, int64_t deadline);
int xdna_bo_cpu_fini(struct accel_bo *bo);
int xdna_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *xdna_bo_import_dmabuf(struct accel_context *ctx, int dmabuf_fd);

/* xdna_queue.c */
void xdna_queue_destroy(struct accel_queue *queue);
int xdna_submit(struct accel_queue *queue, const struct accel_submit *s,
		struct accel_job *job);
int xdna_fence_wait(struct accel_queue *queue, struct accel_job *job,
		    int64_t abs_deadline_ns);
int xdna_fence_export_sync_file(struct accel_queue *queue, struct accel_job *job);

#endif /* ACCEL_PROV_AMDXDNA_H */
