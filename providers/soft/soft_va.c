// SPDX-License-Identifier: MIT
/*
 * The soft device's address space: one per context. First fit over a
 * sorted array of ranges; every range ends with an unmapped guard page so
 * that running off the end of one BO never lands in the next one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

int soft_va_alloc(struct soft_context *ctx, uint64_t size, uint64_t *addr)
{
	uint64_t len = size + soft_page_size(), prev_end = SOFT_VA_BASE;
	size_t i;
	int ret = -ENOMEM;

	if (len < size)
		return -ENOMEM;
	pthread_mutex_lock(&ctx->lock);
	if (ctx->nranges == ctx->ranges_cap) {
		size_t cap = ctx->ranges_cap ? ctx->ranges_cap * 2 : 64;
		struct soft_range *r = realloc(ctx->ranges, cap * sizeof(*r));

		if (!r)
			goto out;
		ctx->ranges = r;
		ctx->ranges_cap = cap;
	}
	for (i = 0; i <= ctx->nranges; i++) {
		uint64_t next = i < ctx->nranges ? ctx->ranges[i].addr : SOFT_VA_END;

		if (next - prev_end >= len)
			break;
		if (i < ctx->nranges)
			prev_end = ctx->ranges[i].addr + ctx->ranges[i].len;
	}
	if (i > ctx->nranges)
		goto out;	/* address space full */
	memmove(&ctx->ranges[i + 1], &ctx->ranges[i],
		(ctx->nranges - i) * sizeof(ctx->ranges[0]));
	ctx->ranges[i].addr = prev_end;
	ctx->ranges[i].len = len;
	ctx->nranges++;
	*addr = prev_end;
	ret = 0;
out:
	pthread_mutex_unlock(&ctx->lock);
	return ret;
}

void soft_va_free(struct soft_context *ctx, uint64_t addr)
{
	size_t lo = 0, hi;

	pthread_mutex_lock(&ctx->lock);
	hi = ctx->nranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ctx->ranges[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ctx->nranges && ctx->ranges[lo].addr == addr) {
		memmove(&ctx->ranges[lo], &ctx->ranges[lo + 1],
			(ctx->nranges - lo - 1) * sizeof(ctx->ranges[0]));
		ctx->nranges--;
	}
	pthread_mutex_unlock(&ctx->lock);
}
