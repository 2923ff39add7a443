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
	uint32_t queue_index;
	pthread_mutex_t lock;
	uint64_t last_seq;	/* last submitted on this queue */
	uint64_t completed;	/* highest known complete */
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

/* is this object ours (so hldv calls may use it)? */
bool hl_is_ctx(const struct accel_context *ctx);
int hl_check_ctx(struct accel_context *ctx);

int hl_info(int fd, uint32_t op, uint32_t arg, void *buf, uint32_t len);
/* an ioctl retried on EINTR only: EAGAIN means something to habanalabs */
int hl_ioctl(int fd, unsigned long req, void *arg);

int hl_query_device(struct accel_context *ctx, struct accel_device_attr *attr);
void hl_reap_zombies(struct hl_context *ctx);
void hl_free_zombies(struct hl_context *ctx);
struct accel_bo *hl_bo_alloc(struct accel_context *ctx, uint64_t size, uint32_t flags);
void hl_bo_destroy(struct accel_bo *bo);
int hl_bo_map(struct accel_bo *bo, void **ptr);
int hl_bo_unmap(struct accel_bo *bo, void *ptr);
int hl_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);

struct accel_queue *hl_queue_create(struct accel_context *ctx,
				    const struct accel_queue_attr *attr);
void hl_queue_destroy(struct accel_queue *queue);
int hl_submit(struct accel_queue *queue, const struct accel_submit *submit,
	      uint64_t *seqno);
int hl_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns);
int hl_queue_completed(struct accel_queue *queue, uint64_t *seqno);

#endif /* ACCEL_PROV_HL_H */
