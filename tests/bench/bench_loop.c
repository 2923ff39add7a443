// SPDX-License-Identifier: MIT
/*
 * bench_loop: one soft operation in a loop, nothing else, for counting
 * what it costs with tools that watch the whole process: instructions
 * (valgrind --tool=callgrind), system calls (strace -f -c), or wall time
 * for N threads. Run it twice with two loop counts and divide the
 * difference: start-up and teardown cancel. Prints, never judges.
 *
 *   bench_loop nop ITERS [BATCH]   BATCH NOP submits, then one wait
 *   bench_loop lookup THREADS ITERS  accel_queue_completed() per thread
 *   bench_loop bo LIVE ITERS       64 KiB alloc+free with LIVE BOs live
 *   bench_loop import ITERS        import+free of one exported BO's dma-buf
 *   bench_loop fill ITERS          FILL 16 MiB (32-bit pattern) submit+wait
 *   bench_loop enum ITERS [OP]     accel_get_device_list() over accel_bench's
 *                                  fake sysfs tree (OP 3: 256 devices; the
 *                                  by-hand sequence with "hand" as argv[4])
 *   bench_loop vgem ITERS [OP]     the vgem target's op OP (0: the device
 *                                  list; 1 with "hand": drmGetDevices2) on
 *                                  the real vgem driver (modprobe vgem)
 *
 * Runs on the first device: a soft one (ACCEL_SOFT_DEVICES=1 and the
 * build's providers), or an emulated one with the shim preloaded
 * (import on soft needs /dev/udmabuf).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/softdv.h>

#include "bench.h"

static long iters;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int loop_nop(struct accel_context *ctx, long n, long batch)
{
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	struct accel_submit s = { .cmd_bo = cmd, .cmd_size = 8 };
	uint64_t seq = 0;
	void *p = cmd ? accel_bo_map(cmd) : NULL;
	long i, j;

	if (!q || !p)
		return -errno;
	softdv_emit_nop(p);
	for (i = 0; i < n; i++) {
		for (j = 0; j < batch; j++)
			if (accel_submit(q, &s, &seq))
				return -errno;
		if (accel_wait(q, seq, -1))
			return -errno;
	}
	return 0;
}

static int loop_fill(struct accel_context *ctx, long n)
{
	const uint64_t size = 16u << 20;
	struct accel_queue *q = accel_queue_create(ctx, NULL);
	struct accel_bo *cmd = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	struct accel_bo *dst = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);
	void *p = cmd ? accel_bo_map(cmd) : NULL;
	void *d = dst ? accel_bo_map(dst) : NULL;
	struct accel_bo_ref refs[1] = { { dst, ACCEL_ACCESS_WRITE, 0 } };
	struct accel_submit s = { .cmd_bo = cmd, .bos = refs, .num_bos = 1 };
	double t0;
	uint64_t seq;
	long i;

	if (!q || !p || !d)
		return -errno;
	memset(d, 0, size);
	s.cmd_size = softdv_emit_fill(p, accel_bo_device_addr(dst), size,
				      0x01234567u);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (accel_submit(q, &s, &seq) || accel_wait(q, seq, -1))
			return -errno;
	printf("FILL 16M: %.1f us per submit+wait\n", (now_ns() - t0) / n / 1e3);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		memset(d, 0x5a, size);
		__asm__ volatile("" : : "r"(d) : "memory");
	}
	printf("memset 16M: %.1f us\n", (now_ns() - t0) / n / 1e3);
	return 0;
}

static void *lookup_thread(void *arg)
{
	uint64_t seq;
	long i;

	for (i = 0; i < iters; i++)
		accel_queue_completed(arg, &seq);
	return NULL;
}

static int loop_lookup(struct accel_context *ctx, int nt)
{
	struct accel_queue *q[16];
	pthread_t th[16];
	double t0;
	int i;

	if (nt < 1 || nt > 16)
		return -EINVAL;
	for (i = 0; i < nt; i++)
		if (!(q[i] = accel_queue_create(ctx, NULL)))
			return -errno;
	t0 = now_ns();
	for (i = 0; i < nt; i++)
		pthread_create(&th[i], NULL, lookup_thread, q[i]);
	for (i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	printf("%d threads: %.1f ns per call per thread\n", nt,
	       (now_ns() - t0) / (double)iters);
	return 0;
}

static int loop_bo(struct accel_context *ctx, long live, long n)
{
	struct rlimit rl;
	double t0;
	long i;

	/* each soft BO holds an fd */
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (i = 0; i < live; i++)
		if (!accel_bo_alloc(ctx, 4096, 0))	/* freed with ctx */
			return -errno;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		struct accel_bo *bo = accel_bo_alloc(ctx, 64 << 10, 0);

		if (!bo)
			return -errno;
		accel_bo_free(bo);
	}
	printf("%ld live: %.0f ns per alloc+free 64K\n", live,
	       (now_ns() - t0) / (double)n);
	return 0;
}

/* Export one BO, then import+free its dma-buf ITERS times */
static int loop_import(struct accel_context *ctx, long n)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 64 << 10, ACCEL_BO_HOST_VISIBLE);
	int fd = bo ? accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC) : -errno;
	long i;

	if (fd < 0)
		return fd;
	for (i = 0; i < n; i++) {
		struct accel_bo *imp = accel_bo_import_dmabuf(ctx, fd);

		if (!imp) {
			close(fd);
			return -errno;
		}
		accel_bo_free(imp);
	}
	close(fd);
	return 0;
}

/* An accel_bench target's setup and ops, without its timing */
static int loop_target(const struct bench_target *t, long n, long op, bool hand)
{
	const struct bench_op *ops;
	char why[256] = "";
	void *st = NULL;
	long i;
	int ret;

	ret = t->setup(&st, false, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "bench_loop %s: %s\n", t->name, why);
		return ret;
	}
	if (op < 0 || (size_t)op >= t->get_ops(st, &ops)) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; !ret && i < n; i++)
		ret = hand ? ops[op].raw(st) : ops[op].lib(st);
out:
	t->teardown(st);
	return ret;
}

int main(int argc, char **argv)
{
	struct accel_device **list;
	struct accel_context *ctx;
	long a, b;
	int n, ret;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_loop nop ITERS [BATCH] | lookup THREADS ITERS | bo LIVE ITERS | import ITERS | fill ITERS | enum|vgem ITERS [OP [hand]]\n");
		return 2;
	}
	a = atol(argv[2]);
	b = argc > 3 ? atol(argv[3]) : 1;
	if (!strcmp(argv[1], "enum") || !strcmp(argv[1], "vgem")) {
		bool vgem = argv[1][0] == 'v';

		ret = loop_target(vgem ? &bench_target_vgem : &bench_target_enum,
				  a, argc > 3 ? b : vgem ? 0 : 3,
				  argc > 4 && !strcmp(argv[4], "hand"));
		if (ret)
			fprintf(stderr, "bench_loop %s: %s\n", argv[1], strerror(-ret));
		return ret ? 1 : 0;
	}
	list = accel_get_device_list(&n);
	if (!list || n < 1) {
		fprintf(stderr, "bench_loop: no device (ACCEL_SOFT_DEVICES=1?)\n");
		return 1;
	}
	ctx = accel_open_device(list[0]);
	if (!ctx)
		return 1;
	if (!strcmp(argv[1], "nop")) {
		ret = loop_nop(ctx, a, b);
	} else if (!strcmp(argv[1], "lookup")) {
		iters = b;
		ret = loop_lookup(ctx, (int)a);
	} else if (!strcmp(argv[1], "bo")) {
		ret = loop_bo(ctx, a, b);
	} else if (!strcmp(argv[1], "fill")) {
		ret = loop_fill(ctx, a);
	} else if (!strcmp(argv[1], "import")) {
		ret = loop_import(ctx, a);
	} else {
		ret = -EINVAL;
	}
	if (ret)
		fprintf(stderr, "bench_loop %s: %s\n", argv[1], strerror(-ret));
	accel_close_device(ctx);
	accel_free_device_list(list);
	return ret ? 1 : 0;
}
