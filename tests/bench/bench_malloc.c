// SPDX-License-Identifier: MIT
/*
 * A heap-allocation counter for accel_bench, preloaded into its worker
 * processes (LD_PRELOAD). It defines the allocator entry points and
 * forwards them to glibc's own (__libc_malloc and friends, which unlike
 * dlsym(RTLD_NEXT) never allocate themselves), counting calls from every
 * thread while the bench has counting switched on. Not built with
 * sanitizers, whose allocator must stay the only one.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <malloc.h>	/* memalign */

#define EXPORT __attribute__((visibility("default")))

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);
void __libc_free(void *p);

static atomic_bool counting;
static atomic_uint_fast64_t nallocs, nfrees;

static inline void count(atomic_uint_fast64_t *c)
{
	if (atomic_load_explicit(&counting, memory_order_relaxed))
		atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

EXPORT void accel_bench_allocs_enable(int on);
EXPORT void accel_bench_allocs_read(uint64_t *allocs, uint64_t *frees);

EXPORT void accel_bench_allocs_enable(int on)
{
	if (on) {
		atomic_store(&nallocs, 0);
		atomic_store(&nfrees, 0);
	}
	atomic_store(&counting, on != 0);
}

EXPORT void accel_bench_allocs_read(uint64_t *allocs, uint64_t *frees)
{
	*allocs = atomic_load(&nallocs);
	*frees = atomic_load(&nfrees);
}

EXPORT void *malloc(size_t size)
{
	count(&nallocs);
	return __libc_malloc(size);
}

EXPORT void *calloc(size_t n, size_t size)
{
	count(&nallocs);
	return __libc_calloc(n, size);
}

EXPORT void *realloc(void *p, size_t size)
{
	count(&nallocs);
	return __libc_realloc(p, size);
}

EXPORT void *memalign(size_t align, size_t size)
{
	count(&nallocs);
	return __libc_memalign(align, size);
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
	count(&nallocs);
	return __libc_memalign(align, size);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	count(&nallocs);
	p = __libc_memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

EXPORT void free(void *p)
{
	if (p)
		count(&nfrees);
	__libc_free(p);
}
