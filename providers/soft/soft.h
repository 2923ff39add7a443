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

/* BOs up to SOFT_POOL_MAX_BO share memfds of SOFT_ARENA_SIZE (soft_pool.c) */
#define SOFT_ARENA_SIZE (64ull << 20)
#define SOFT_POOL_MAX_BO (1ull << 20)

struct soft_arena;

struct soft_range {
	uint64_t addr;
	uint64_t len;		/* BO size rounded to pages, plus a guard page */
};

struct soft_context {
	struct accel_context base;
	pthread_mutex_t lock;		/* the address space and arenas below */
	struct soft_arena *arenas;	/* memfds shared by small BOs */
	void *va_tree;			/* live soft_ranges by addr (tsearch) */
	uint64_t va_next, va_limit;	/* the free window handed out upward */
#define SOFT_VA_RECENT 16
	struct soft_range recent[SOFT_VA_RECENT]; /* freed, reused first */
	unsigned int nrecent;
	bool heap_memory;		/* BOs come from the system dma-heap */
	unsigned int index;		/* N of softN */
};

struct soft_bo {
	struct accel_bo base;
	int fd;			/* sealed memfd, or a dma-buf */
	struct soft_arena *arena; /* fd is this arena's, not the BO's own */
	uint64_t offset;	/* of the BO in fd */
	bool is_dmabuf;		/* fd is a dma-buf: bracket CPU access */
	bool readonly;		/* imported without write access */
	void *mem;		/* the device's view, used by the queues */
	uint64_t mem_size;	/* page-rounded length of mem */
	_Atomic uint32_t cpu_access; /* the open accel_bo_cpu_prep() bracket */
};

/* A BO of a job: the device memory and how the job may touch it */
struct soft_job_bo {
	struct soft_bo *bo;	/* the core holds it until the job retires */
	uint32_t access;	/* enum accel_access */
};

/* One validated command, its device addresses resolved to host memory */
struct soft_op {
	uint16_t opcode;
	uint32_t index;		/* the command's place in the stream */
	uint32_t cmp;
	uint32_t pattern;
	void *dst;
	const void *src;
	uint64_t size;
	uint64_t value;
	uint64_t mask;
	uint64_t timeout_ns;
};

/*
 * A submission as the worker sees it (the core's job->priv). Jobs are
 * recycled through a per-queue cache, arrays and all.
 */
struct soft_job {
	struct soft_job *next;
	uint64_t seqno;
	struct soft_op *ops;
	uint32_t nops, ops_cap;
	struct soft_job_bo *bos;	/* [0] is the command BO */
	uint32_t nbos, bos_cap;
	void *stream;		/* the submit-time copy of the commands */
	uint64_t stream_cap;
	int *in_fences;		/* sync_files we own, waited by the worker */
	uint32_t nin_fences, in_fences_cap;
	struct accel_fence_point *points; /* waited by the worker */
	uint32_t npoints, points_cap;
	uint64_t cached_bytes;	/* counted in free_bytes while cached */
};

struct soft_queue {
	struct accel_queue base;
	pthread_mutex_t lock;
	/*
	 * The worker sleeps on this futex word, bumped to wake it: a condvar
	 * would leave lock marked contended after each wait, one more system
	 * call per job.
	 */
	atomic_uint work_gen;
	struct soft_job *head;
	struct soft_job *tail;
	struct soft_job *free_jobs;	/* retired jobs kept for reuse */
	unsigned int nfree_jobs;
	uint64_t free_bytes;		/* what the cached jobs keep allocated */
	bool stopping;			/* drain, then the worker exits */
	bool worker_idle;		/* asleep on work_gen: submit wakes it */
	atomic_bool abort_waits;	/* fail dependency and WAIT_VALUE waits */
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
void soft_va_fini(struct soft_context *ctx);

/* soft_pool.c */
/* a range of an arena for a page-rounded len: sets fd, offset, mem, arena */
int soft_pool_alloc(struct soft_context *ctx, uint64_t len, struct soft_bo *bo);
void soft_pool_free(struct soft_context *ctx, struct soft_bo *bo);
void soft_pool_fini(struct soft_context *ctx);

/* soft_bo.c */
int soft_memfd_create(uint64_t size, int *fd_out);
uint64_t soft_page_size(void);
/* one line of soft.conf: true and the value in val when it sets key */
bool soft_config_line(char *line, const char *key, char *val, size_t len);
/* RAM plus swap, page-aligned, at most SOFTDV_MAX_BO_SIZE */
uint64_t soft_mem_limit(void);
struct accel_bo *soft_bo_alloc(struct accel_context *ctx,
			       const struct accel_bo_alloc_args *args);
void soft_bo_destroy(struct accel_bo *bo);
int soft_bo_map(struct accel_bo *bo, void **ptr);
int soft_bo_unmap(struct accel_bo *bo, void *ptr);
int soft_bo_cpu_prep(struct accel_bo *bo, uint32_t access, int64_t deadline);
int soft_bo_cpu_fini(struct accel_bo *bo);
/* bracket device access to a dma-buf backed BO; no-op for memfd BOs */
void soft_bo_access_begin(struct soft_bo *bo, bool write);
void soft_bo_access_end(struct soft_bo *bo, bool write);

/* soft_dmabuf.c */
int soft_bo_export_dmabuf(struct accel_bo *bo, uint32_t flags);
struct accel_bo *soft_bo_import_dmabuf(struct accel_context *ctx, int fd);
int soft_heap_alloc(uint64_t size, int *fd);
bool soft_have_udmabuf(void);
bool soft_have_system_heap(void);

/* soft_usage.c: accel_device_usage() counters */
void soft_usage_busy(struct soft_queue *q, int64_t ns);
void soft_usage_mem(struct accel_bo *bo, bool add);
int soft_query_usage(struct accel_device *dev, struct accel_usage *u);

/* soft_cmd.c */
/* 0, or -EINVAL with a reason naming the command and the rule */
int soft_cmd_parse(const void *stream, uint64_t size,
		   const struct soft_job_bo *bos, uint32_t nbos,
		   struct soft_op **ops, uint32_t *ops_cap, uint32_t *nops);
/* 0 or the device error; reason gets a line when it fails */
int soft_cmd_run(struct soft_queue *q, const struct soft_op *op,
		 char *reason, size_t reason_len);
/* the queue is going away: stop waiting (checks the context too) */
bool soft_queue_aborting(struct soft_queue *q);
/* tell WAIT_VALUE waiters that device memory changed */
void soft_mem_kick(void);

/* soft_queue.c */
struct accel_queue *soft_queue_create(struct accel_context *ctx,
				      const struct accel_queue_attr *attr);
void soft_queue_destroy(struct accel_queue *queue);
void soft_queue_shutdown(struct accel_queue *queue);
int soft_submit(struct accel_queue *queue, const struct accel_submit *submit,
		struct accel_job *job);
void soft_job_retire(struct accel_queue *queue, struct accel_job *job);

#endif /* SOFT_H */
