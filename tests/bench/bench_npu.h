/* SPDX-License-Identifier: MIT */
/*
 * Shared state and helpers of the emulated-NPU targets (bench_ivpu.c,
 * bench_xdna.c, bench_qaic.c, bench_rocket.c, bench_ethosu.c): one
 * emulated device, opened once through libaccel and once by hand, both
 * through the preloaded shim, so the two sides do the same work on the
 * same device.
 */
#ifndef ACCEL_BENCH_NPU_H
#define ACCEL_BENCH_NPU_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include <accel/accel.h>

#include "bench.h"

#define NPU_WAIT_NS 5000000000ll	/* waits: long enough to mean "never" */

struct npu_st {
	char cfg[PATH_MAX];
	struct accel_device **list;
	struct accel_context *ctx;	/* libaccel's side */
	struct accel_bo *bo;		/* libaccel: map and export */
	int fd;				/* raw: the same node opened by hand */
	uint32_t raw_bo;		/* raw: map and export */
	uint64_t bo_size;
	void *drv;			/* the target's own state */
	struct bench_op ops[BENCH_MAX_OPS];
	size_t nops;
};

/* a private config dir naming only prov; list, open ctx and fd on device 0 */
int npu_open(struct npu_st *s, const char *prov, char *why, size_t len);
void npu_close(struct npu_st *s);
void npu_add_op(struct npu_st *s, const char *name, const char *desc,
		int raw_min, int (*lib)(void *), int (*raw)(void *));
size_t npu_get_ops(void *st, const struct bench_op **ops);

int npu_ioctl(int fd, unsigned long req, void *arg);
int npu_gem_close(int fd, uint32_t handle);
/* raw dma-buf export+close: PRIME_HANDLE_TO_FD, close */
int npu_raw_export(int fd, uint32_t handle);
/* raw map+unmap of a GEM object at a fake offset: mmap, munmap */
int npu_raw_mmap(int fd, uint64_t offset, uint64_t size);
int64_t npu_deadline(void);	/* now + NPU_WAIT_NS, CLOCK_MONOTONIC */

/* the libaccel sides of the generic ops, on s->ctx and s->bo */
int npu_alloc_lib(void *p);	/* accel_bo_alloc(bo_size) + free */
int npu_map_lib(void *p);	/* accel_bo_map + accel_bo_unmap */
int npu_export_lib(void *p);	/* accel_bo_export_dmabuf + close */

/* a function of the loaded provider's dv library (or of the shim) */
void *npu_sym(const char *lib, const char *sym);

/*
 * Heap allocations in accel_submit() and accel_wait(), and in the raw
 * submit and wait (given in the note: the shim runs inside both).
 */
int npu_count_allocs(struct npu_st *s, struct bench_result *r,
		     int (*lib_submit)(struct npu_st *, uint64_t *),
		     int (*lib_wait)(struct npu_st *, uint64_t),
		     int (*raw_submit)(struct npu_st *, uint64_t *),
		     int (*raw_wait)(struct npu_st *, uint64_t),
		     const char *raw_names);

#endif /* ACCEL_BENCH_NPU_H */
