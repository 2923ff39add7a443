// SPDX-License-Identifier: MIT
/*
 * habanalabs H/W blocks mapped to the user: HL_MEM_OP_MAP_BLOCK and mmap
 * of the handle it returns, after common/memory.c (map_block,
 * hl_hw_block_mmap) and gaudi2/gaudi2.c (gaudi2_get_hw_block_id,
 * gaudi2_block_mmap) of Linux 7.2.
 *
 * The table holds the Gaudi2 blocks a runtime maps for sync streams and
 * scheduling, with the kernel's block ids, addresses and sizes: the eight
 * ACP blocks (ARC farm 0-3 and the MME QM ARCs of dcores 0-3) and the
 * sync manager blocks of dcores 1-3 (objects and global). The ARC DCCM,
 * NIC UMR and decoder blocks are left out: their addresses are looked up
 * in tables the shim does not carry, and the kernel answers EINVAL for an
 * address it does not list, as the shim does for those. The mapping is
 * anonymous shared memory: the registers read back what was written and
 * drive nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "shim_hl.h"

#define GAUDI2_CFG_BASE		0x1000007FF8000000ull
#define HL_BLOCK_SIZE		0x1000u
#define DCORE_OFFSET		0x200000ull
#define SM_OBJS_BLOCK_SIZE	0x14000u	/* SM_SEC_0 - SOB_OBJ_0 */
#define SM_OBJS_BASE		0x4100000ull	/* mmDCORE0_SYNC_MNGR_OBJS_BASE */
#define SM_GLBL_BASE		0x411E000ull	/* mmDCORE0_SYNC_MNGR_GLBL_BASE */
#define NUM_USER_MAPPED_BLOCKS	453		/* 69 + 8 + 10 + 6 + 24 * 15 */

struct hl_hw_block {
	uint32_t id;
	uint64_t address;	/* from CFG_BASE */
	uint32_t size;
};

/* gaudi2_user_mapped_blocks_init(): ids 69-76 ACP, 447-452 SM */
static const struct hl_hw_block blocks[] = {
	{ 69, 0x4E8F000ull, HL_BLOCK_SIZE },	/* ARC_FARM_ARC0_ACP_ENG */
	{ 70, 0x4EAF000ull, HL_BLOCK_SIZE },
	{ 71, 0x4ECF000ull, HL_BLOCK_SIZE },
	{ 72, 0x4EEF000ull, HL_BLOCK_SIZE },
	{ 73, 0x40CF000ull, HL_BLOCK_SIZE },	/* DCORE0_MME_QM_ARC_ACP_ENG */
	{ 74, 0x42CF000ull, HL_BLOCK_SIZE },
	{ 75, 0x44CF000ull, HL_BLOCK_SIZE },
	{ 76, 0x46CF000ull, HL_BLOCK_SIZE },
	{ 447, SM_OBJS_BASE + 1 * DCORE_OFFSET, SM_OBJS_BLOCK_SIZE },
	{ 448, SM_GLBL_BASE + 1 * DCORE_OFFSET, HL_BLOCK_SIZE },
	{ 449, SM_OBJS_BASE + 2 * DCORE_OFFSET, SM_OBJS_BLOCK_SIZE },
	{ 450, SM_GLBL_BASE + 2 * DCORE_OFFSET, HL_BLOCK_SIZE },
	{ 451, SM_OBJS_BASE + 3 * DCORE_OFFSET, SM_OBJS_BLOCK_SIZE },
	{ 452, SM_GLBL_BASE + 3 * DCORE_OFFSET, HL_BLOCK_SIZE },
};

#define NUM_BLOCKS (sizeof(blocks) / sizeof(blocks[0]))

static const struct hl_hw_block *block_by_id(uint32_t id)
{
	size_t i;

	for (i = 0; i < NUM_BLOCKS; i++)
		if (blocks[i].id == id)
			return &blocks[i];
	return NULL;
}

/* map_block(): the handle is (id | HL_MMAP_TYPE_BLOCK) << PAGE_SHIFT */
int hl_map_block(uint64_t addr, uint64_t *handle, uint32_t *size)
{
	size_t i;

	*handle = 0;
	*size = 0;
	for (i = 0; i < NUM_BLOCKS; i++) {
		if (addr == GAUDI2_CFG_BASE + blocks[i].address) {
			*size = blocks[i].size;
			*handle = ((uint64_t)blocks[i].id | HL_MMAP_TYPE_BLOCK) << 12;
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
	/* the blocks the shim leaves out would need their registers */
	if (!b)
		shim_not_emulated("habanalabs", "mmap of an ARC DCCM, NIC UMR or decoder block");
	if (len != b->size)
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
