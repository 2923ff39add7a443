/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the soft provider tests: open a soft device, build command
 * streams, submit and wait. Every helper asserts through cmocka.
 */
#ifndef SOFT_TEST_H
#define SOFT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <accel/accel.h>
#include <accel/softdv.h>

#define SEC_NS 1000000000LL

/* The first device whose driver is "soft" (skip when none) */
struct accel_context *st_open_soft(void);
/* The device named name from a fresh list, or NULL */
struct accel_context *st_open_named(const char *name);

struct accel_bo *st_alloc_mapped(struct accel_context *ctx, uint64_t size,
				 void **map);

/* A command buffer being built: a mapped BO and a write offset */
struct st_cs {
	struct accel_bo *bo;
	unsigned char *p;
	uint32_t len;
};

void st_cs_init(struct st_cs *cs, struct accel_context *ctx);
void st_cs_fini(struct st_cs *cs);
/* submit cs with the BOs given (NULL-terminated); 0 or -errno */
int st_cs_submit(struct accel_queue *q, struct st_cs *cs, uint64_t *seqno,
		 ...);
/* submit and wait up to 10 s; 0 or -errno of either */
int st_cs_run(struct accel_queue *q, struct st_cs *cs, ...);

/* submit cs with explicit BO refs and dependencies (NULL: none) */
int st_cs_submit_ex(struct accel_queue *q, struct st_cs *cs, uint64_t *seqno,
		    const struct accel_bo_ref *bos, uint32_t nbos,
		    const struct accel_fence_point *pts, uint32_t npts);

/*
 * The last call failed: accel_last_error() has a non-empty reason, which
 * contains want when want is not NULL.
 */
#define st_assert_reason(want) st_check_reason(want, __FILE__, __LINE__)
void st_check_reason(const char *want, const char *file, int line);
/* the job's state and, when want is not NULL, a reason containing it */
void st_assert_job(struct accel_queue *q, uint64_t seqno, uint32_t state,
		   int32_t device_error, const char *want);

int st_count_fds(void);
/* whether this kernel can make dma-bufs for soft BOs */
int st_have_export(void);

#endif
