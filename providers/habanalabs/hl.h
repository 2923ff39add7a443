/* SPDX-License-Identifier: MIT */
/*
 * habanalabs provider internals.
 */
#ifndef ACCEL_PROV_HL_H
#define ACCEL_PROV_HL_H

#include <pthread.h>
#include <stdint.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "accel_provider.h"

#define HLDV_EXPORT __attribute__((visibility("default")))
#define HL_PAGE_SIZE 4096ull
#define HL_GAUDI2_ID 0x1020
#define HL_MAX_PENDING_CS 64		/* GAUDI2_MAX_PENDING_CS, per context */
#define HL_STREAMS 4			/* H/W queues per engine */
#define HL_NUM_ENGINE_CLASSES 5		/* enum hldv_engine */
#define HL_MAX_ENGINES 32		/* engines of one class */

/* memory domains of accel_query_mem_domains() */
enum hl_domain {
	HL_DOMAIN_DRAM = 0,	/* device memory: ALLOC + MAP */
	HL_DOMAIN_HOST = 1,	/* pinned host memory: MAP|USERPTR */
	HL_DOMAIN_CB = 2,	/* kernel command buffers: HL_CB */
	HL_NUM_DOMAINS
};

struct hl_context {
	struct accel_context base;
	struct hl_info_hw_ip_info hw;	/* read at open */
	/*
	 * Device memory behind the device MMU (Gaudi2): ALLOC gives a handle
	 * that MAP places. Goya and Gaudi leave DRAM to the user (ALLOC only
	 * counts), which this provider does not manage.
	 */
	bool dram_virtual;
	/*
	 * The usable engines of each class (enum hldv_engine), from the
	 * enabled masks: the H/W queue of each one's stream 0.
	 */
	uint16_t engine_q[HL_NUM_ENGINE_CLASSES][HL_MAX_ENGINES];
	uint32_t num_engines[HL_NUM_ENGINE_CLASSES];
	/*
	 * Device memory whose BO was freed while a dma-buf of it was open:
	 * the kernel refuses to unmap exported memory, so it is unmapped and
	 * freed once the dma-bufs are closed (tried again at the next
	 * allocation or query).
	 */
	pthread_mutex_t zombie_lock;
	struct hl_zombie *zombies;
};

struct hl_zombie {
	struct hl_zombie *next;
	uint64_t handle;
	uint64_t va;
};

enum hl_bo_kind {
	HL_BO_DRAM,		/* device memory: ALLOC + MAP */
	HL_BO_HOST,		/* host memory we own: mmap + MAP|USERPTR */
	HL_BO_USERPTR,		/* host memory the caller owns: MAP|USERPTR */
	HL_BO_CB,		/* a kernel command buffer */
};

struct hl_bo {
	struct accel_bo base;
	enum hl_bo_kind kind;
	uint64_t handle;	/* DRAM handle or CB handle */
	void *host;		/* CPU address of HOST, USERPTR and CB kinds */
	size_t host_len;	/* bytes of our own mapping (HOST, CB) */
};

struct hl_queue {
	struct accel_queue base;
	uint32_t queue_index;	/* the H/W queue */
};

extern const struct accel_context_ops hl_ctx_ops;
extern const struct accel_provider hl_provider;

static inline struct hl_context *to_hl_ctx(struct accel_context *c)
{
	return (struct hl_context *)c;
}

static inline struct hl_bo *to_hl_bo(struct accel_bo *b)
{
	return (struct hl_bo *)b;
}

static inline struct hl_queue *to_hl_queue(struct accel_queue *q)
{
	return (struct hl_queue *)q;
}

/* a reference on a live context of ours; -EINVAL, -ESTALE, -EOPNOTSUPP */
int hl_check_ctx(struct accel_context **ctx);

int hl_info(int fd, uint32_t op, uint32_t arg, void *buf, uint32_t len);
/* the device's control node, checked: an fd or a negative errno */
int hl_control_open(const struct accel_device *dev, const char *fn);
/* the same for a device object the core already holds (provider ops) */
int hl_control_open_node(const struct accel_device *dev);
/* an ioctl retried on EINTR only: EAGAIN means something to habanalabs */
int hl_ioctl(int fd, unsigned long req, void *arg);

int hl_query_device(struct accel_context *ctx, struct accel_device_attr *attr);
/* the error records of every error-event opcode, 0 where absent */
void hl_read_errors(int fd, struct hldv_error_records *r);
/* hl_props.c: accel_describe_device_props() */
int hl_describe_props(struct accel_device *dev, accel_prop_fn fn, void *arg);
/* hl_usage.c: accel_device_usage() */
int hl_query_usage(struct accel_device *dev, struct accel_usage *u);
int hl_query_mem_domains(struct accel_context *ctx, struct accel_mem_domain *domains,
			 uint32_t max);
int hl_query_engines(struct accel_context *ctx, struct accel_engine_info *engines,
		     uint32_t max);
void hl_init_engines(struct hl_context *ctx);
/* is this H/W queue one a CS may use? 0, or -EINVAL with the reason set */
int hl_check_hw_queue(struct hl_context *ctx, uint32_t qi, const char *what);
void hl_reap_zombies(struct hl_context *ctx);
void hl_free_zombies(struct hl_context *ctx);
struct accel_bo *hl_bo_alloc(struct accel_context *ctx,
			     const struct accel_bo_alloc_args *args);
void hl_bo_destroy(struct accel_bo *bo);
int hl_bo_map(struct accel_bo *bo, void **ptr);
int hl_bo_unmap(struct accel_bo *bo, void *ptr);
int hl_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);

struct accel_queue *hl_queue_create(struct accel_context *ctx,
				    const struct accel_queue_attr *attr);
void hl_queue_destroy(struct accel_queue *queue);
int hl_submit(struct accel_queue *queue, const struct accel_submit *submit,
	      struct accel_job *job);
int hl_fence_wait(struct accel_queue *queue, struct accel_job *job,
		  int64_t abs_deadline_ns);

#endif /* ACCEL_PROV_HL_H */
