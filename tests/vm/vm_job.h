/* SPDX-License-Identifier: MIT */
/*
 * A job through libaccel for the tests that drive a device with the soft
 * command format (vaccel_api.c, vaccel_interop.c): a mapped command BO
 * the softdv_emit_*() encoders write into, the BOs the job touches, its
 * wait points and an optional in-fence. Failures end the test.
 */
#ifndef VM_JOB_H
#define VM_JOB_H

#include <stdint.h>

#include <accel/accel.h>

struct job {
	struct accel_bo *cmd;
	uint8_t *p;
	uint32_t len;
	struct accel_bo_ref refs[4];
	struct accel_fence_point points[2];
	int32_t in_fd;			/* -1: none */
	struct accel_submit s;
};

/* append a command: emit(j, softdv_emit_fill, addr, size, value) */
#define emit(j, fn, ...) ((j)->len += fn((j)->p + (j)->len, ##__VA_ARGS__))

/* a 4 KiB command BO of ctx, mapped, no BOs yet */
void job_init(struct accel_context *ctx, struct job *j);
void job_ref(struct job *j, struct accel_bo *bo, uint32_t access);
/* the job starts only once seqno of q is done */
void job_wait_on(struct job *j, struct accel_queue *q, uint64_t seqno);
/* accel_submit of the commands emitted so far: the job's seqno */
uint64_t job_submit(struct accel_queue *q, struct job *j);
void job_free(struct job *j);

#endif /* VM_JOB_H */
