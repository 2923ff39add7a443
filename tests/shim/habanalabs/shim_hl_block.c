// SPDX-License-Identifier: MIT
/*
 * habanalabs H/W blocks mapped to the user: HL_MEM_OP_MAP_BLOCK and mmap
 * of the handle it returns, after common/memory.c (map_block,
 * hl_hw_block_mmap) and gaudi2/gaudi2.c (gaudi2_get_hw_block_id,
 * gaudi2_block_mmap) of Linux 7.2.
 *
 * The table (shim_hl_blocks.h) is Gaudi2's, all 453 blocks with the
 * kernel's ids, addresses and sizes. The mapping is anonymous shared
 * memory: the registers read back what was written and drive nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "shim_hl.h"

#define GAUDI2_CFG_BASE		0x1000007FF8000000ull
#define NUM_USER_MAPPED_BLOCKS	453		/* 69 + 8 + 10 + 6 + 24 * 15 */

struct hl_hw_block {
	uint32_t id;
	uint64_t address;	/* from CFG_BASE */
	uint32_t size;
};

#include "shim_hl_blocks.h"

#define NUM_BLOCKS (sizeof(gaudi2_blocks) / sizeof(gaudi2_blocks[0]))

static const struct hl_hw_block *block_by_id(uint32_t id)
{
	size_t i;

	for (i = 0; i < NUM_BLOCKS; i++)
		if (gaudi2_blocks[i].id == id)
			return &gaudi2_blocks[i];
	return NULL;
}

/* map_block(): the handle is (id | HL_MMAP_TYPE_BLOCK) << PAGE_SHIFT */
int hl_map_block(uint64_t addr, uint64_t *handle, uint32_t *size)
{
	size_t i;

	*handle = 0;
	*size = 0;
	for (i = 0; i < NUM_BLOCKS; i++) {
		if (addr == GAUDI2_CFG_BASE + gaudi2_blocks[i].address) {
			*size = gaudi2_blocks[i].size;
			*handle = ((uint64_t)gaudi2_blocks[i].id | HL_MMAP_TYPE_BLOCK) << 12;
			return 0;
		}
	}
	return -EINVAL;	/* "Invalid block address" */
}

/* hl_hw_block_mmap() -> gaudi2_block_mmap(): a whole block only */
int hl_block_mmap(struct hl_ctx *ctx, struct shim_file *f, void *addr, size_t len,
		  int prot, int flags, uint64_t pgoff, void **out)
{
	uint64_t id = pgoff & ~HL_MMAP_TYPE_MASK;
	const struct hl_hw_block *b;
	struct hl_block_map *bm;
	void *p;

	if (id >= NUM_USER_MAPPED_BLOCKS)
		return -EINVAL;	/* "Invalid block id" */
	b = block_by_id((uint32_t)id);
	if (!b || len != b->size)
		return -EINVAL;	/* "Invalid block size" */
	bm = calloc(1, sizeof(*bm));
	if (!bm)
		return -ENOMEM;
	p = shim_real_mmap(addr, len, prot, (flags & ~MAP_TYPE) | MAP_SHARED | MAP_ANONYMOUS,
			   -1, 0);
	if (p == MAP_FAILED) {
		free(bm);
		return -errno;
	}
	bm->addr = p;
	bm->len = len;
	bm->id = b->id;
	/* the VMA holds the context (hl_ctx_get) and the file */
	bm->file = f;
	shim_file_get(f);
	bm->next = ctx->blocks;
	ctx->blocks = bm;
	*out = p;
	return 0;
}

bool hl_block_munmap(void *addr, size_t len)
{
	struct hl_block_map **pp, *bm;
	struct hl_ctx *ctx;

	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		for (pp = &ctx->blocks; (bm = *pp); pp = &bm->next) {
			if (bm->addr != addr)
				continue;
			shim_real_munmap(addr, len);
			*pp = bm->next;
			shim_file_put(bm->file);	/* may release the context */
			free(bm);
			return true;
		}
	}
	return false;
}
