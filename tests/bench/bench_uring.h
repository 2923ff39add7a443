/* SPDX-License-Identifier: MIT */
#ifndef BENCH_URING_H
#define BENCH_URING_H

/* io_uring NOP rows of the soft target (bench_uring.c, with liburing) */
struct bench_uring;

struct bench_uring *bench_uring_new(unsigned int depth, int *err);
void bench_uring_free(struct bench_uring *u);
int bench_uring_nops(struct bench_uring *u, unsigned int n);

#endif
