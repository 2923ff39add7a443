// SPDX-License-Identifier: MIT
/*
 * The soft device's address space: one per context. Every range ends
 * with an unmapped guard page so that running off the end of one BO never
 * lands in the next one.
 *
 * Addresses are handed out upward from a bump pointer inside the current
 * free window, and the live ranges are kept in a balanced tree (tsearch)
 * keyed by address: allocating and freeing are O(log n) whatever the
 * number of live BOs. The last SOFT_VA_RECENT freed ranges are kept and
 * reused first, for a BO that fits (a program that frees and allocates
 * alike sizes keeps its addresses); the rest of the freed space comes
 * back when the window is used up: then one in-order walk of the live
 * ranges picks the largest gap as the next window (O(n), once per
 * window).
 */
#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

static int range_cmp(const void *a, const void *b)
{
	const struct soft_range *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct gap_walk {
	uint64_t prev_end;
	uint64_t best, best_len;
};

static void gap_visit(const void *node, VISIT v, void *arg)
{
	const struct soft_range *r = *(const struct soft_range *const *)node;
	struct gap_walk *w = arg;

	/* in order: an inner node on its second visit, a leaf once */
	if (v != postorder && v != leaf)
		return;
	if (r->addr - w->prev_end > w->best_len) {
		w->best = w->prev_end;
		w->best_len = r->addr - w->prev_end;
	}
	w->prev_end = r->addr + r->len;
}

/* The largest gap between live ranges becomes the window */
static void soft_va_rewindow(struct soft_context *ctx)
{
	struct gap_walk w = { SOFT_VA_BASE, 0, 0 };

	twalk_r(ctx->va_tree, gap_visit, &w);
	if (SOFT_VA_END - w.prev_end > w.best_len) {
		w.best = w.prev_end;
		w.best_len = SOFT_VA_END - w.prev_end;
	}
	ctx->va_next = w.best;
	ctx->va_limit = w.best + w.best_len;
}

/* A recently freed range that holds len bytes, taken off the list; or 0 */
static uint64_t soft_va_recent(struct soft_context *ctx, uint64_t len)
{
	uint64_t addr;
	unsigned int i;

	for (i = 0; i < ctx->nrecent; i++) {
		if (ctx->recent[i].len < len)
			continue;
		addr = ctx->recent[i].addr;
		ctx->recent[i] = ctx->recent[--ctx->nrecent];
		return addr;
	}
	return 0;
}

int soft_va_alloc(struct soft_context *ctx, uint64_t size, uint64_t *addr)
{
	uint64_t len = size + soft_page_size();
	struct soft_range *r;
	int ret = -ENOMEM;
	bool window;

	if (len < size)
		return -ENOMEM;
	r = malloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	pthread_mutex_lock(&ctx->lock);
	if (!ctx->va_limit) {
		ctx->va_next = SOFT_VA_BASE;
		ctx->va_limit = SOFT_VA_END;
	}
	r->len = len;
	r->addr = soft_va_recent(ctx, len);
	window = !r->addr;
	if (window) {
		if (ctx->va_limit - ctx->va_next < len) {
			/* the recent ones lie between live ranges: the walk sees them */
			ctx->nrecent = 0;
			soft_va_rewindow(ctx);
			if (ctx->va_limit - ctx->va_next < len)
				goto out;	/* no gap that large */
		}
		r->addr = ctx->va_next;
	}
	if (!tsearch(r, &ctx->va_tree, range_cmp))
		goto out;	/* (a recent range taken is found again by the walk) */
	if (window)
		ctx->va_next += len;
	*addr = r->addr;
	r = NULL;
	ret = 0;
out:
	pthread_mutex_unlock(&ctx->lock);
	free(r);
	return ret;
}

void soft_va_free(struct soft_context *ctx, uint64_t addr)
{
	struct soft_range key = { .addr = addr }, *r = NULL;
	void *node;

	pthread_mutex_lock(&ctx->lock);
	node = tfind(&key, &ctx->va_tree, range_cmp);
	if (node) {
		r = *(struct soft_range **)node;
		tdelete(&key, &ctx->va_tree, range_cmp);
		/* the oldest recent range drops out: the next walk finds it */
		if (ctx->nrecent == SOFT_VA_RECENT)
			memmove(ctx->recent, ctx->recent + 1,
				(SOFT_VA_RECENT - 1) * sizeof(ctx->recent[0]));
		else
			ctx->nrecent++;
		ctx->recent[ctx->nrecent - 1] = *r;
	}
	pthread_mutex_unlock(&ctx->lock);
	free(r);
}

void soft_va_fini(struct soft_context *ctx)
{
	tdestroy(ctx->va_tree, free);
	ctx->va_tree = NULL;
}
