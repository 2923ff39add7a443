/* SPDX-License-Identifier: MIT */
/*
 * The soft provider: a userspace reference device. Private declarations
 * shared by its files; see accel_soft(7) for the device it emulates.
 */
#ifndef SOFT_H
#define SOFT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <accel_provider.h>
#include <accel/softdv.h>

#define SOFT_MAX_DEVICES 64
/* device address space: [base, end), with a guard page after every BO */
#define SOFT_VA_BASE (1ull << 20)
#define SOFT_VA_END (1ull << 47)

struct soft_range {
	uint64_t addr;
	uint64_t len;		/* BO size rounded to pages, plus a guard page */
};

struct soft_context {
	struct accel_context base;
	pthread_mutex_t lock;		/* ranges */
	struct soft_range *ranges;	/* sorted by addr */
	size_t nranges;
	size_t ranges_cap;
	bool heap_memory;		/* BOs come from the system dma-heap */
	unsigned int index;		/* N of softN */
};

struct soft_bo {
	struct accel_bo base;
	int fd;			/* sealed memfd, or a dma-buf */
	bool is_dmabuf;		/* fd is a dma-buf: bracket CPU access */
	bool readonly;		/* imported without write access */
	void *mem;		/* the device's view, used by the queues */
	uint64_t mem_size;	/* page-rounded length of mem */
};

/* One validated command, its device addresses resolved to host memory */
struct soft_op {
	uint16_t opcode;
	uint32_t cmp;
	uint32_t pattern;
	void *dst;
	const void *src;
	uint64_t size;
	uint64_t value;
	uint64_t mask;
	uint64_t timeout_ns;
};

/* Jobs are recycled through a per-queue cache, arrays and all. */
struct soft_job {
	struct soft_job *next;
	uint64_t seqno;
	struct soft_op *ops;
	uint32_t nops, ops_cap;
	struct soft_bo **bos;	/* each holds a reference until completion */
	uint32_t nbos, bos_cap;
	void *stream;		/* the submit-time copy of the commands */
	uint64_t stream_cap;
	int in_fence_fd;	/* -1 or a sync_file we own */
	struct soft_err *err;	/* allocated up front: failing cannot fail */
};

struct soft_err {
	struct soft_err *next;
	uint64_t seqno;
	int err;
};

struct soft_queue {
	struct accel_queue base;
	pthread_mutex_t lock;
	pthread_cond_t work_cond;	/* wakes the worker */
	pthread_cond_t done_cond;	/* wakes accel_wait() */
	struct soft_job *head;
	struct soft_job *tail;
	uint64_t last_submitted;
	_Atomic uint64_t completed;
	struct soft_err *errs;		/* failed jobs, newest first */
	unsigned int nerrs;
	struct soft_job *free_jobs;	/* retired jobs kept for reuse */
	unsigned int nfree_jobs;
	bool stopping;			/* drain, then the worker exits */
	atomic_bool abort_waits;	/* fail WAIT_VALUE and in-fence waits */
	int efd;			/* eventfd, readable on completion */
	pthread_t thread;
};

static inline struct soft_context *to_soft_ctx(struct accel_context *ctx)
{
	return (struct soft_context *)ctx;
}

static inline struct soft_bo *to_soft_bo(struct accel_bo *bo)
{
	return (struct soft_bo *)bo;
}

static inline struct soft_queue *to_soft_queue(struct accel_queue *q)
{
	return (struct soft_queue *)q;
}

/* soft_config.c */
/* the soft device count and where it came from */
unsigned int soft_config_devices(const char **source);
bool soft_config_heap_memory(void);

/* soft_va.c */
int soft_va_alloc(struct soft_context *ctx, uint64_t size, uint64_t *addr);
void soft_va_free(struct soft_context *ctx, uint64_t addr);

/* soft_bo.c */
uint64_t soft_page_size(void);
struct accel_bo *soft_bo_alloc(struct accel_context *ctx, uint64_t size,
			       uint32_t flags);
void soft_bo_destroy(struct accel_bo *bo);
int soft_bo_map(struct accel_bo *bo, void **ptr);
int soft_bo_unmap(struct accel_bo *bo, void *ptr);
/* bracket device access to a dma-buf backed BO; no-op for memfd BOs */
void soft_bo_access_begin(struct soft_bo *bo, bool write);
void soft_bo_access_end(struct soft_bo *bo, bool write);

/* soft_dmabuf.c */
int soft_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *soft_bo_import_dmabuf(struct accel_context *ctx, int fd);
int soft_heap_alloc(uint64_t size, int *fd);
bool soft_have_udmabuf(void);
bool soft_have_system_heap(void);

/* soft_cmd.c */
int soft_cmd_parse(const void *stream, uint64_t size, struct soft_bo *const *bos,
		   uint32_t nbos, struct soft_op **ops, uint32_t *ops_cap,
		   uint32_t *nops);
int soft_cmd_run(struct soft_queue *q, const struct soft_op *op);
/* tell WAIT_VALUE waiters that device memory changed */
void soft_mem_kick(void);

/* soft_queue.c */
struct accel_queue *soft_queue_create(struct accel_context *ctx,
				      const struct accel_queue_attr *attr);
void soft_queue_destroy(struct accel_queue *queue);
void soft_queue_shutdown(struct accel_queue *queue);
int soft_submit(struct accel_queue *queue, const struct accel_submit *submit,
		uint64_t *seqno);
int soft_wait(struct accel_queue *queue, uint64_t seqno, int64_t timeout_ns);
int soft_queue_get_fd(struct accel_queue *queue);
int soft_queue_completed(struct accel_queue *queue, uint64_t *seqno);

#endif /* SOFT_H */
