/* SPDX-License-Identifier: MIT */
/* Core-private lifetime helpers for contexts, BOs and queues. */
#ifndef ACCEL_CTX_H
#define ACCEL_CTX_H

#include "accel_internal.h"

struct accel_context *accel_ctx_get(struct accel_context *ctx, int *err);
void accel_ctx_put(struct accel_context *ctx);
/* take a child out of the registry and its context; -ESTALE if gone */
int accel_bo_kill(struct accel_bo *bo);
int accel_queue_kill(struct accel_queue *queue);
/* a live BO of any context with a reference, or NULL + *err */
struct accel_bo *accel_bo_get_checked(const struct accel_bo *bo, int *err);

#endif
