// SPDX-License-Identifier: MIT
/*
 * The bench side of the allocation counter: finds the preloaded
 * interposer (bench_malloc.c) and checks that it really sees this
 * process's allocations before any count is believed; and counts a
 * target's submissions and waits with it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static void (*enable_fn)(int on);
static void (*read_fn)(uint64_t *allocs, uint64_t *frees);

bool bench_allocs_available(void)
{
	static int state = -1;	/* -1 unknown, 0 no, 1 yes */
	void *(*volatile do_malloc)(size_t) = malloc;
	uint64_t a, f;
	void *p;

	if (state >= 0)
		return state;
	state = 0;
	enable_fn = (void (*)(int))dlsym(RTLD_DEFAULT, "accel_bench_allocs_enable");
	read_fn = (void (*)(uint64_t *, uint64_t *))
		dlsym(RTLD_DEFAULT, "accel_bench_allocs_read");
	if (!enable_fn || !read_fn)
		return false;
	/* a sanitizer's allocator, for one, would leave the counter at 0 */
	enable_fn(1);
	p = do_malloc(24);
	free(p);
	enable_fn(0);
	read_fn(&a, &f);
	state = a >= 1 && f >= 1;
	return state;
}

void bench_allocs_begin(void)
{
	if (bench_allocs_available())
		enable_fn(1);
}

void bench_allocs_end(uint64_t *allocs, uint64_t *frees)
{
	*allocs = *frees = 0;
	if (!bench_allocs_available())
		return;
	enable_fn(0);
	read_fn(allocs, frees);
}

/* one submission and its wait; their allocations and frees added to sum */
static int counted_round(void *st, const struct bench_sw *sw, uint64_t sum[4])
{
	uint64_t seq, a, f;
	int ret;

	bench_allocs_begin();
	ret = sw->submit(st, &seq);
	bench_allocs_end(&a, &f);
	if (ret)
		return ret;
	sum[0] += a;
	sum[1] += f;
	bench_allocs_begin();
	ret = sw->wait(st, seq);
	bench_allocs_end(&a, &f);
	sum[2] += a;
	sum[3] += f;
	return ret;
}

int bench_count_sw_allocs(void *st, const struct bench_sw *lib,
			  const struct bench_sw *raw, const char *raw_names,
			  struct bench_result *r)
{
	uint64_t l[4] = { 0 }, rw[4] = { 0 };
	const unsigned int n = 200;
	unsigned int i;
	int ret;

	if (!bench_allocs_available())
		return -ENOSYS;
	for (i = 0; i < n; i++) {
		ret = counted_round(st, lib, l);
		if (!ret && raw)
			ret = counted_round(st, raw, rw);
		if (ret)
			return ret;
	}
	r->allocs_submit = (double)l[0] / n;
	r->frees_submit = (double)l[1] / n;
	r->allocs_wait = (double)l[2] / n;
	r->frees_wait = (double)l[3] / n;
	if (raw)
		snprintf(r->note, sizeof(r->note),
			 "raw %s through the same shim: %.2f / %.2f allocs",
			 raw_names, (double)rw[0] / n, (double)rw[2] / n);
	return 0;
}
