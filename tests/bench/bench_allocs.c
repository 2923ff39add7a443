// SPDX-License-Identifier: MIT
/*
 * The bench side of the allocation counter: finds the preloaded
 * interposer (bench_malloc.c) and checks that it really sees this
 * process's allocations before any count is believed.
 */
#include <dlfcn.h>
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
