// SPDX-License-Identifier: MIT
/*
 * Small soft BOs share memfds: a context keeps arenas (one sealed memfd of
 * SOFT_ARENA_SIZE bytes, mapped once) and hands out page-aligned ranges
 * of them, so a BO costs neither an fd nor a mapping of its own and a
 * process is no longer stopped at its fd limit after some thousands of
 * BOs. memfd pages exist only once touched, so an arena costs what its
 * live BOs use.
 *
 * A range is given back with FALLOC_FL_PUNCH_HOLE: the memory returns to
 * the system and the next BO there reads zeros, as a new memfd would.
 * Export still hands udmabuf a (memfd, offset, size) triple: it pins the
 * range's pages, so a dma-buf outliving its BO keeps the old pages while
 * a new BO at the same offset gets new ones (udmabuf_create(),
 * memfd_pin_folios() in drivers/dma-buf/udmabuf.c).
 *
 * Arenas are per context: a fork child never allocates from the parent's
 * shared memory (inherited contexts are only forgotten there). At most
 * one empty arena is kept; others are closed as they empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "soft.h"

struct soft_arena {
	struct soft_arena *next;
	int fd;
	char *base;		/* the whole memfd, mapped once */
	uint32_t npages;
	uint32_t nfree;
	uint32_t hint;		/* no free page below it */
	uint64_t map[];		/* one bit per page, set when used */
};

static uint32_t arena_pages(void)
{
	return (uint32_t)(SOFT_ARENA_SIZE / soft_page_size());
}

static bool page_used(const struct soft_arena *a, uint32_t i)
{
	return a->map[i / 64] >> (i % 64) & 1;
}

static void mark(struct soft_arena *a, uint32_t first, uint32_t n, bool used)
{
	uint32_t i;

	for (i = first; i < first + n; i++) {
		if (used)
			a->map[i / 64] |= 1ull << (i % 64);
		else
			a->map[i / 64] &= ~(1ull << (i % 64));
	}
}

/* First fit from the hint: the first page of n free ones, or -1 */
static int64_t arena_find(const struct soft_arena *a, uint32_t n)
{
	uint32_t i = a->hint, run = 0;

	while (i < a->npages) {
		/* a full word: skip it whole */
		if (i % 64 == 0 && a->map[i / 64] == ~0ull) {
			run = 0;
			i += 64;
			continue;
		}
		run = page_used(a, i) ? 0 : run + 1;
		i++;
		if (run == n)
			return (int64_t)(i - n);
	}
	return -1;
}

static struct soft_arena *arena_new(void)
{
	uint32_t npages = arena_pages();
	struct soft_arena *a;
	int err;

	a = calloc(1, sizeof(*a) + (npages + 63) / 64 * sizeof(uint64_t));
	if (!a)
		return NULL;
	err = soft_memfd_create(SOFT_ARENA_SIZE, &a->fd);
	if (err)
		goto err_free;
	a->base = mmap(NULL, SOFT_ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		       a->fd, 0);
	if (a->base == MAP_FAILED) {
		err = errno == EINVAL ? -ENOMEM : -errno;
		close(a->fd);
		goto err_free;
	}
	a->npages = a->nfree = npages;
	return a;

err_free:
	free(a);
	errno = -err;
	return NULL;
}

static void arena_free(struct soft_arena *a)
{
	munmap(a->base, SOFT_ARENA_SIZE);
	close(a->fd);
	free(a);
}

int soft_pool_alloc(struct soft_context *ctx, uint64_t len, struct soft_bo *bo)
{
	uint32_t n = (uint32_t)(len / soft_page_size());
	struct soft_arena *a;
	int64_t first = -1;

	pthread_mutex_lock(&ctx->lock);
	for (a = ctx->arenas; a; a = a->next)
		if (a->nfree >= n && (first = arena_find(a, n)) >= 0)
			break;
	if (!a) {
		a = arena_new();
		if (!a) {
			pthread_mutex_unlock(&ctx->lock);
			return -errno;
		}
		a->next = ctx->arenas;
		ctx->arenas = a;
		first = 0;
	}
	mark(a, (uint32_t)first, n, true);
	a->nfree -= n;
	if ((uint32_t)first == a->hint)
		a->hint = (uint32_t)first + n;
	pthread_mutex_unlock(&ctx->lock);
	bo->arena = a;
	bo->fd = a->fd;
	bo->offset = (uint64_t)first * soft_page_size();
	bo->mem = a->base + bo->offset;
	return 0;
}

void soft_pool_free(struct soft_context *ctx, struct soft_bo *bo)
{
	struct soft_arena *a = bo->arena, **pp, *empty = NULL;
	uint32_t first = (uint32_t)(bo->offset / soft_page_size());
	uint32_t n = (uint32_t)(bo->mem_size / soft_page_size());

	/* give the pages back, and zeros to the next BO here */
	if (fallocate(a->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      (off_t)bo->offset, (off_t)bo->mem_size))
		memset(bo->mem, 0, bo->mem_size);
	pthread_mutex_lock(&ctx->lock);
	mark(a, first, n, false);
	a->nfree += n;
	if (first < a->hint)
		a->hint = first;
	/* keep one empty arena: the one at the head of the list */
	if (a->nfree == a->npages && a != ctx->arenas) {
		for (pp = &ctx->arenas; *pp != a; pp = &(*pp)->next)
			;
		*pp = a->next;
		empty = a;
	}
	pthread_mutex_unlock(&ctx->lock);
	if (empty)
		arena_free(empty);
}

void soft_pool_fini(struct soft_context *ctx)
{
	struct soft_arena *a;

	while ((a = ctx->arenas)) {
		ctx->arenas = a->next;
		arena_free(a);
	}
}
