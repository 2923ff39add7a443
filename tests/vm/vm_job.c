// SPDX-License-Identifier: MIT
/* A job through libaccel for the vm tests: see vm_job.h. */
#include "vm_job.h"
#include "vmtest.h"

void job_init(struct accel_context *ctx, struct job *j)
{
	memset(j, 0, sizeof(*j));
	j->cmd = t_ptr(accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE));
	j->p = t_ptr(accel_bo_map(j->cmd));
	j->s.cmd_bo = j->cmd;
	j->s.bos = j->refs;
	j->s.wait_points = j->points;
	j->in_fd = -1;
}

void job_ref(struct job *j, struct accel_bo *bo, uint32_t access)
{
	j->refs[j->s.num_bos++] = (struct accel_bo_ref){ bo, access, 0 };
}

void job_wait_on(struct job *j, struct accel_queue *q, uint64_t seqno)
{
	j->points[j->s.num_wait_points++] = (struct accel_fence_point){ q, seqno };
	j->s.comp_mask |= ACCEL_SUBMIT_WAIT;
}

uint64_t job_submit(struct accel_queue *q, struct job *j)
{
	uint64_t seqno = 0;

	j->s.cmd_size = j->len;
	if (j->in_fd >= 0) {
		j->s.in_fence_fds = &j->in_fd;
		j->s.num_in_fences = 1;
		j->s.comp_mask |= ACCEL_SUBMIT_IN_FENCE;
	}
	if (accel_submit(q, &j->s, &seqno))
		t_fail("accel_submit: %s", accel_last_error());
	return seqno;
}

void job_free(struct job *j)
{
	t_ok(accel_bo_free(j->cmd));
}
