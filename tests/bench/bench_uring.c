// SPDX-License-Identifier: MIT
/*
 * io_uring NOPs, the kernel's own submit/complete queue, as another floor
 * for the soft device's NOP rows: one IORING_OP_NOP submitted and waited
 * for in one io_uring_enter(), and 64 of them with one wait for all.
 * Built only with liburing (BENCH_HAVE_URING).
 */
#include <errno.h>
#include <stdlib.h>

#include <liburing.h>

#include "bench_uring.h"

struct bench_uring {
	struct io_uring ring;
};

struct bench_uring *bench_uring_new(unsigned int depth, int *err)
{
	struct bench_uring *u = calloc(1, sizeof(*u));
	int ret;

	if (!u) {
		*err = -ENOMEM;
		return NULL;
	}
	ret = io_uring_queue_init(depth, &u->ring, 0);
	if (ret) {
		/* disabled (kernel.io_uring_disabled) or filtered (seccomp) */
		*err = ret;
		free(u);
		return NULL;
	}
	return u;
}

void bench_uring_free(struct bench_uring *u)
{
	if (!u)
		return;
	io_uring_queue_exit(&u->ring);
	free(u);
}

/* n NOPs, submitted and waited for in one io_uring_enter() */
int bench_uring_nops(struct bench_uring *u, unsigned int n)
{
	struct io_uring_cqe *cqe;
	unsigned int i, head, seen = 0;
	int ret;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);

		if (!sqe)
			return -EBUSY;
		io_uring_prep_nop(sqe);
	}
	ret = io_uring_submit_and_wait(&u->ring, n);
	if (ret < 0)
		return ret;
	/* a NOP that failed would make the figure meaningless */
	io_uring_for_each_cqe(&u->ring, head, cqe) {
		if (cqe->res < 0)
			ret = cqe->res;
		seen++;
	}
	io_uring_cq_advance(&u->ring, seen);
	if (ret < 0)
		return ret;
	return seen == n ? 0 : -EPROTO;
}
