/* SPDX-License-Identifier: MIT */
/*
 * The harness of the emulated-NPU targets (bench_ivpu.c, bench_xdna.c,
 * bench_qaic.c, bench_rocket.c, bench_ethosu.c): one emulated device,
 * opened once through libaccel and once by hand, both through the
 * preloaded shim, so the two sides do the same work on the same device.
 * Each target fills a struct npu_driver with its driver's side (its
 * ioctls); the harness does the rest: the open, the BOs of the map and
 * export ops, the four ops and the allocation count.
 */
#ifndef ACCEL_BENCH_NPU_H
#define ACCEL_BENCH_NPU_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#include "bench.h"

#define NPU_WAIT_NS 5000000000ll	/* waits: long enough to mean "never" */
#define NPU_BO_SIZE (64u << 10)		/* the alloc, map and export ops' BOs */

struct npu_driver;

struct npu_st {
	const struct npu_driver *d;
	char cfg[PATH_MAX];
	struct accel_device **list;
	struct accel_context *ctx;	/* libaccel's side */
	struct accel_bo *bo;		/* libaccel: map and export */
	struct accel_queue *q;		/* libaccel: submit+wait */
	int fd;				/* raw: the same node opened by hand */
	uint32_t raw_bo;		/* raw: map and export */
	void *drv;			/* the target's own state */
	struct bench_op ops[BENCH_MAX_OPS];
	size_t nops;
};

/* a raw op: what its sequence does, its fewest system calls, the op */
struct npu_raw {
	const char *desc;
	int min_sys;
	int (*op)(void *st);
};

struct npu_driver {
	const char *prov;		/* the provider to load */
	size_t drv_size;		/* the target's own state, s->drv */
	/*
	 * optional: the shim's function that times the emulated jobs, and
	 * its call making them end when they run (the software path alone)
	 */
	const char *delay_fn;
	int (*no_delay)(void *fn);
	/*
	 * the driver's BO create: the raw map and export BO (NPU_BO_SIZE,
	 * s->raw_bo) and, with GEM_CLOSE, the raw alloc op; or, where
	 * creating is more than one call, raw_bo and alloc.op
	 */
	int (*create_bo)(int fd, uint64_t size, uint32_t *handle);
	int (*raw_bo)(struct npu_st *s);
	/* the submissions of both sides: s->q, BOs and commands */
	int (*make_jobs)(struct npu_st *s, char *why, size_t len);
	/* alloc+free and map+unmap by hand; map's op NULL: no raw twin */
	struct npu_raw alloc, map;
	/* 0, or alloc is timed last and at most this many times */
	unsigned int alloc_max_iters;
	/* submit+wait: libaccel's submit on s->q, the raw submit and wait */
	int (*lib_submit)(void *st, uint64_t *seq);
	struct bench_sw raw;
	const char *submit_desc;	/* the raw sequence, for the report */
	const char *raw_names;		/* its two ioctls, for the alloc note */
};

/* bench_target hooks: setup is the target's, calling npu_setup() */
int npu_setup(void **out, const struct npu_driver *d, char *why, size_t len);
void npu_teardown(void *st);
size_t npu_get_ops(void *st, const struct bench_op **ops);
int npu_count_allocs(void *st, struct bench_result *r);
#define NPU_TARGET_HOOKS						\
	.teardown = npu_teardown, .get_ops = npu_get_ops,		\
	.count_allocs = npu_count_allocs, .needs_shim = true

int npu_gem_close(int fd, uint32_t handle);
/* raw map+unmap of a GEM object at a fake offset: mmap, munmap */
int npu_raw_mmap(int fd, uint64_t offset, uint64_t size);
int64_t npu_deadline(void);	/* now + NPU_WAIT_NS, CLOCK_MONOTONIC */

#endif /* ACCEL_BENCH_NPU_H */
