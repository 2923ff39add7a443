/* SPDX-License-Identifier: MIT */
/* Core-private lifetime helpers for contexts, BOs and queues. */
#ifndef ACCEL_CTX_H
#define ACCEL_CTX_H

#include "accel_internal.h"

/* a lookup that failed: the reason (context.c) */
void accel_ctx_get_failed(int err);

/* ctx's object with a reference, or NULL with *err and a reason set */
static inline struct accel_context *accel_ctx_get(struct accel_context *ctx,
						  int *err)
{
	struct accel_object *obj = accel_obj_get(ctx, ACCEL_OBJ_CONTEXT, err);

	if (!obj) {
		accel_ctx_get_failed(*err);
		return NULL;
	}
	return container_of(obj, struct accel_context, obj);
}

static inline void accel_ctx_put(struct accel_context *ctx)
{
	accel_obj_put(&ctx->obj);
}
/*
 * Take a child (by its handle) out of the table and its context; -ESTALE
 * if gone. Public calls look their arguments up and then use the object:
 * "bo = b" after the lookup, from there on bo is no longer the handle.
 */
int accel_bo_kill(const void *handle);
int accel_queue_kill(const void *handle);
/* a live BO of any context with a reference, or NULL + *err */
struct accel_bo *accel_bo_get_checked(const struct accel_bo *bo, int *err);

#endif
