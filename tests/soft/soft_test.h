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

int st_count_fds(void);
/* whether this kernel can make dma-bufs for soft BOs */
int st_have_export(void);

#endif
