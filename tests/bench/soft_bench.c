// SPDX-License-Identifier: MIT
/*
 * soft_bench: figures for the soft device. Prints, never asserts.
 *   - NOP submit -> wait round trip: median and p99
 *   - pipelined NOP submits per second (submit many, wait for the last)
 *   - COPY bandwidth against memcpy of the same size in the same run
 *   - BO alloc + free per second
 * Usage: soft_bench [--short] [-d DEVICE]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/softdv.h>

#define COPY_SIZE (16u << 20)

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void __attribute__((noreturn)) die(const char *what, int err)
{
	fprintf(stderr, "soft_bench: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct accel_bo *cmd_bo(struct accel_context *ctx, uint64_t dst,
			       uint64_t src, uint64_t size, uint32_t *len)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	unsigned char *p;

	if (!bo || !(p = accel_bo_map(bo)))
		die("command BO", errno);
	*len = size ? softdv_emit_copy(p, dst, src, size) : softdv_emit_nop(p);
	return bo;
}

static void bench_roundtrip(struct accel_queue *q, struct accel_bo *nop,
			    int n)
{
	struct accel_submit s = { .cmd_bo = nop, .cmd_size = 8 };
	int64_t *t = calloc((size_t)n, sizeof(*t)), t0;
	uint64_t seq;
	int i, ret;

	for (i = 0; i < n; i++) {
		t0 = now_ns();
		ret = accel_submit(q, &s, &seq);
		if (!ret)
			ret = accel_wait(q, seq, -1);
		if (ret)
			die("NOP round trip", -ret);
		t[i] = now_ns() - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_i64);
	printf("NOP submit->wait round trip: median %.1f us, p99 %.1f us (%d runs)\n",
	       (double)t[n / 2] / 1e3, (double)t[n * 99 / 100] / 1e3, n);
	free(t);
}

static void bench_pipelined(struct accel_queue *q, struct accel_bo *nop, int n)
{
	struct accel_submit s = { .cmd_bo = nop, .cmd_size = 8 };
	uint64_t seq = 0;
	int64_t t0 = now_ns(), dt;
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = accel_submit(q, &s, &seq);
		if (ret)
			die("pipelined submit", -ret);
	}
	ret = accel_wait(q, seq, -1);
	if (ret)
		die("pipelined wait", -ret);
	dt = now_ns() - t0;
	printf("pipelined NOP submits: %.0f per second (%d submits, one wait)\n",
	       n / ((double)dt / 1e9), n);
}

static void bench_copy(struct accel_context *ctx, struct accel_queue *q,
		       int n)
{
	struct accel_bo *src, *dst, *cmd;
	struct accel_bo_ref bos[2];
	struct accel_submit s = { 0 };
	int64_t t0, dev = INT64_MAX, cpu = INT64_MAX, dt;
	unsigned char *ps, *pd;
	uint32_t len;
	uint64_t seq;
	int i, ret;

	src = accel_bo_alloc(ctx, COPY_SIZE, ACCEL_BO_HOST_VISIBLE);
	dst = accel_bo_alloc(ctx, COPY_SIZE, ACCEL_BO_HOST_VISIBLE);
	if (!src || !dst || !(ps = accel_bo_map(src)) || !(pd = accel_bo_map(dst)))
		die("copy BOs", errno);
	memset(ps, 0x5a, COPY_SIZE);	/* fault the pages in first */
	memset(pd, 0, COPY_SIZE);
	cmd = cmd_bo(ctx, accel_bo_device_addr(dst), accel_bo_device_addr(src),
		     COPY_SIZE, &len);
	bos[0].bo = src;
	bos[0].access = ACCEL_ACCESS_READ;
	bos[0].slot = 0;
	bos[1].bo = dst;
	bos[1].access = ACCEL_ACCESS_WRITE;
	bos[1].slot = 0;
	s.cmd_bo = cmd;
	s.cmd_size = len;
	s.bos = bos;
	s.num_bos = 2;
	/* best of n for both, interleaved so they see the same machine */
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		ret = accel_submit(q, &s, &seq);
		if (!ret)
			ret = accel_wait(q, seq, -1);
		if (ret)
			die("COPY", -ret);
		dt = now_ns() - t0;
		dev = dt < dev ? dt : dev;

		t0 = now_ns();
		memcpy(pd, ps, COPY_SIZE);
		__asm__ volatile("" : : "r"(pd) : "memory");
		dt = now_ns() - t0;
		cpu = dt < cpu ? dt : cpu;
	}
	printf("COPY %u MiB: %.2f GB/s; memcpy: %.2f GB/s; COPY/memcpy %.2f (best of %d)\n",
	       COPY_SIZE >> 20, COPY_SIZE / (double)dev, COPY_SIZE / (double)cpu,
	       (double)cpu / (double)dev, n);
	accel_bo_free(cmd);
	accel_bo_free(dst);
	accel_bo_free(src);
}

static void bench_alloc(struct accel_context *ctx, int n)
{
	int64_t t0 = now_ns(), dt;
	struct accel_bo *bo;
	int i;

	for (i = 0; i < n; i++) {
		bo = accel_bo_alloc(ctx, 64 * 1024, 0);
		if (!bo)
			die("alloc", errno);
		accel_bo_free(bo);
	}
	dt = now_ns() - t0;
	printf("BO alloc+free (64 KiB): %.0f per second (%d pairs)\n",
	       n / ((double)dt / 1e9), n);
}

int main(int argc, char **argv)
{
	struct accel_device **list, *dev = NULL;
	const char *name = "soft0";
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *nop;
	int i, n, scale = 10;
	uint32_t len;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--short"))
			scale = 1;
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			name = argv[++i];
		else
			return fprintf(stderr, "usage: %s [--short] [-d DEVICE]\n",
				       argv[0]), 2;
	}
	list = accel_get_device_list(&n);
	for (i = 0; list && i < n; i++)
		if (!strcmp(accel_device_name(list[i]), name))
			dev = list[i];
	if (!dev)
		die(name, ENODEV);
	ctx = accel_open_device(dev);
	if (!ctx)
		die("open", errno);
	q = accel_queue_create(ctx, NULL);
	if (!q)
		die("queue", errno);
	nop = cmd_bo(ctx, 0, 0, 0, &len);

	printf("soft_bench on %s%s\n", name, scale == 1 ? " (short)" : "");
	bench_roundtrip(q, nop, 1000 * scale);
	bench_pipelined(q, nop, 5000 * scale);
	bench_copy(ctx, q, 2 * scale);
	bench_alloc(ctx, 500 * scale);

	accel_close_device(ctx);
	accel_free_device_list(list);
	return 0;
}
