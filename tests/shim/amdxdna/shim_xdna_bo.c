// SPDX-License-Identifier: MIT
/*
 * amdxdna emulation: buffer objects, after drivers/accel/amdxdna/
 * amdxdna_gem.c of Linux 7.2 (CREATE_BO, GET_BO_INFO, SYNC_BO, mmap, the
 * DEV heap and BO usage). GEM handles, PRIME and the mmap offsets are the
 * shim core's (shim_gem.h).
 *
 * The DEV heap range of a client is a drm_mm over [AIE2_DEVM_BASE, + 512
 * MiB); DRM_MM_INSERT_BEST is emulated as the smallest hole that fits,
 * the lowest of equal ones. A SHARE BO's device address is its first user
 * mapping (SVA). Not emulated (abort): CREATE_BO of SHARE/CMD memory from
 * a VA table or a dma-buf fd (args->vaddr set). PRIME refuses DEV BOs
 * (amdxdna_gem_dev_obj_export(): EOPNOTSUPP). Deviation: BO usage is
 * counted while the object lives, not while a handle is open.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_xdna.h"

struct xdna_bo *xdna_bos;

static void usage_add(struct xdna_bo *bo, int sign)
{
	struct xdna_client *c = bo->client;
	uint64_t size = bo->obj->size;

	/* amdxdna_gem_skip_bo_usage(): DEV BOs count in heap_usage only */
	if (!c || bo->type == AMDXDNA_BO_DEV || bo->counted == (sign > 0))
		return;
	bo->counted = sign > 0;
	if (sign > 0) {
		c->total_bo_usage += size;
		if (bo->internal)
			c->total_int_bo_usage += size;
	} else {
		c->total_bo_usage -= size;
		if (bo->internal)
			c->total_int_bo_usage -= size;
	}
}

static void xbo_free(struct shim_gem_object *obj)
{
	struct xdna_bo *bo = obj->priv, **pp;
	struct xdna_client *c;
	uint32_t i;

	if (!bo)
		return;
	for (pp = &xdna_bos; *pp; pp = &(*pp)->next) {
		if (*pp == bo) {
			*pp = bo->next;
			break;
		}
	}
	c = bo->client;
	usage_add(bo, -1);
	if (bo->heap_held && c) {
		/* amdxdna_gem_heap_free() */
		struct xdna_node n = { .start = bo->mm_start, .size = obj->size };

		xdna_heap_free(c, &n);
		c->heap_usage -= obj->size;
		for (i = bo->heap_start_id; i <= bo->heap_end_id && i < c->nheap; i++)
			shim_gem_put(c->heaps[i]->obj);
	}
	if (c)
		xdna_client_put(c);
	obj->priv = NULL;
	free(bo);
}

/* the driver's view of an object; imports get theirs on first use */
struct xdna_bo *xdna_bo_of(struct shim_gem_object *obj)
{
	struct xdna_bo *bo = obj->priv;

	if (bo)
		return bo;
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return NULL;
	bo->obj = obj;
	bo->type = AMDXDNA_BO_SHARE;
	bo->uva = XDNA_INVALID_ADDR;
	bo->next = xdna_bos;
	xdna_bos = bo;
	obj->priv = bo;
	obj->free = xbo_free;
	return bo;
}

/* amdxdna_gem_dev_addr() */
uint64_t xdna_bo_dev_addr(struct xdna_bo *bo)
{
	if (bo->type == AMDXDNA_BO_DEV_HEAP)
		return bo->dev_addr;
	if (bo->type == AMDXDNA_BO_DEV)
		return bo->mm_start;
	return bo->uva;	/* SVA: dma_addr stays invalid */
}

void *xdna_bo_kva(struct xdna_bo *bo, uint64_t off, uint64_t len)
{
	char *base;

	if (off > bo->obj->size || len > bo->obj->size - off)
		return NULL;
	if (bo->type == AMDXDNA_BO_DEV) {
		struct xdna_client *c = bo->client;
		uint64_t addr = bo->mm_start + off;
		uint32_t i;

		for (i = 0; c && i < c->nheap; i++) {
			struct xdna_bo *h = c->heaps[i];

			if (addr >= h->dev_addr && addr + len <= h->dev_addr + h->obj->size) {
				base = shim_gem_vaddr(h->obj);
				return base ? base + (addr - h->dev_addr) : NULL;
			}
		}
		return NULL;
	}
	base = shim_gem_vaddr(bo->obj);
	return base ? base + off : NULL;
}

/* ------------------------------------------------------------------------ */
/* the DEV heap range (drm_mm)                                              */
/* ------------------------------------------------------------------------ */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* drm_mm_insert_node_generic(DRM_MM_INSERT_BEST) over the client's range */
int xdna_heap_alloc(struct xdna_client *c, uint64_t size, struct xdna_node **out)
{
	uint64_t end = XDNA_DEVM_BASE + XDNA_DEVM_MAX_SIZE, best_start = 0, best_hole = 0;
	uint64_t prev_end = XDNA_DEVM_BASE;
	struct xdna_node *n, **pp, *nn;
	bool found = false;

	for (n = c->nodes;; n = n->next) {
		uint64_t hole_end = n ? n->start : end;
		uint64_t s = align_up(prev_end, XDNA_DEV_ALIGN);

		if (s < hole_end && hole_end - s >= size &&
		    (!found || hole_end - prev_end < best_hole)) {
			found = true;
			best_start = s;
			best_hole = hole_end - prev_end;
		}
		if (!n)
			break;
		prev_end = n->start + n->size;
	}
	if (!found)
		return -ENOSPC;
	nn = calloc(1, sizeof(*nn));
	if (!nn)
		return -ENOMEM;
	nn->start = best_start;
	nn->size = size;
	for (pp = &c->nodes; *pp && (*pp)->start < best_start; pp = &(*pp)->next)
		;
	nn->next = *pp;
	*pp = nn;
	*out = nn;
	return 0;
}

void xdna_heap_free(struct xdna_client *c, struct xdna_node *key)
{
	struct xdna_node **pp, *n;

	for (pp = &c->nodes; (n = *pp); pp = &n->next) {
		if (n->start == key->start) {
			*pp = n->next;
			free(n);
			return;
		}
	}
}

/* amdxdna_init_dev_bo(): the heaps that hold [start, start + size) */
static int init_dev_bo(struct xdna_client *c, struct xdna_bo *bo, uint64_t size)
{
	uint64_t exp_uva, start = bo->mm_start;
	uint32_t id;

	if (!c->nheap)
		return -EAGAIN;
	for (id = 0; id < c->nheap; id++)
		if (c->heaps[id]->dev_addr > start)
			break;
	id--;
	exp_uva = c->heaps[id]->uva;
	bo->heap_start_id = id;
	bo->uva = start - c->heaps[id]->dev_addr + exp_uva;
	for (; id < c->nheap; id++) {
		struct xdna_bo *h = c->heaps[id];

		if (h->uva == XDNA_INVALID_ADDR)
			return -EAGAIN;	/* "Heap %d is not mapped" */
		if (h->uva != exp_uva)
			return -EINVAL;	/* not contiguous */
		if (h->dev_addr + h->obj->size >= start + size)
			break;
		exp_uva += h->obj->size;
	}
	if (id == c->nheap)
		return -EAGAIN;
	bo->heap_end_id = id;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* CREATE_BO                                                                */
/* ------------------------------------------------------------------------ */

static int new_bo(struct shim_file *f, uint64_t size, uint32_t type, struct xdna_bo **out)
{
	struct xdna_client *c = f->priv;
	struct shim_gem_object *obj;
	struct xdna_bo *bo;
	int ret;

	ret = shim_gem_object_create(f, size, &obj);
	if (ret)
		return ret;
	bo = xdna_bo_of(obj);
	if (!bo) {
		shim_gem_put(obj);
		return -ENOMEM;
	}
	bo->type = type;
	bo->client = c;
	c->refs++;
	*out = bo;
	return 0;
}

/* amdxdna_drm_create_share_bo(): SHARE, CMD and the heap's memory */
static int create_share_bo(struct shim_file *f, struct amdxdna_drm_create_bo *a,
			   struct xdna_bo **out)
{
	int ret;

	if (a->vaddr)
		shim_not_emulated(XDNA_DRV, "DRM_IOCTL_AMDXDNA_CREATE_BO with a VA table");
	ret = new_bo(f, a->size, a->type == AMDXDNA_BO_DEV_HEAP ? AMDXDNA_BO_DEV_HEAP :
					 AMDXDNA_BO_SHARE, out);
	if (ret)
		return ret;
	(*out)->internal = a->type == AMDXDNA_BO_DEV_HEAP || a->type == AMDXDNA_BO_CMD;
	usage_add(*out, 1);
	return 0;
}

/* amdxdna_drm_create_dev_heap_bo() */
static int create_heap(struct shim_file *f, struct amdxdna_drm_create_bo *a,
		       struct xdna_bo **out)
{
	struct xdna_client *c = f->priv;
	struct xdna_bo *bo;
	int ret;

	if (!a->size || a->size % XDNA_DEVM_SIZE)
		return -EINVAL;
	ret = create_share_bo(f, a, &bo);
	if (ret)
		return ret;
	/* aie2 has hwctx_heap_expand: more heaps are allowed, up to the max */
	if (c->total_heap_size + bo->obj->size > XDNA_DEVM_MAX_SIZE) {
		shim_gem_put(bo->obj);
		return -ENOSPC;
	}
	bo->dev_addr = XDNA_DEVM_BASE + c->total_heap_size;
	c->total_heap_size += bo->obj->size;
	c->heaps[c->nheap++] = bo;
	shim_gem_get(bo->obj);	/* the client's reference */
	*out = bo;
	return 0;
}

/* amdxdna_gem_dev_obj_export() */
static int dev_export(struct shim_gem_object *obj)
{
	(void)obj;
	return -EOPNOTSUPP;
}

/* amdxdna_drm_create_dev_bo() + amdxdna_gem_heap_alloc() */
static int create_dev_bo(struct shim_file *f, struct amdxdna_drm_create_bo *a,
			 struct xdna_bo **out)
{
	struct xdna_client *c = f->priv;
	uint64_t size = align_up(a->size, SHIM_PAGE_SIZE);
	struct xdna_node *node;
	struct xdna_bo *bo;
	uint32_t i;
	int ret;

	if (!size)
		return -EINVAL;
	if (size > XDNA_DEVM_MAX_SIZE)
		return -EINVAL;
	ret = xdna_heap_alloc(c, size, &node);
	if (ret)
		return ret;
	ret = new_bo(f, size, AMDXDNA_BO_DEV, &bo);
	if (ret) {
		xdna_heap_free(c, node);
		return ret;
	}
	bo->internal = true;
	bo->mm_start = node->start;
	ret = init_dev_bo(c, bo, size);
	if (ret) {
		/* amdxdna_gem_destroy_obj(): nothing was counted yet */
		xdna_heap_free(c, node);
		shim_gem_put(bo->obj);
		return ret;
	}
	bo->heap_held = true;
	bo->obj->export = dev_export;
	c->heap_usage += size;
	for (i = bo->heap_start_id; i <= bo->heap_end_id; i++)
		shim_gem_get(c->heaps[i]->obj);
	*out = bo;
	return 0;
}

int xdna_create_bo(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_create_bo *a = arg;
	struct xdna_bo *bo;
	int ret;

	if (a->flags)
		return -EINVAL;
	switch (a->type) {
	case AMDXDNA_BO_CMD:
	case AMDXDNA_BO_SHARE:
		ret = create_share_bo(f, a, &bo);
		break;
	case AMDXDNA_BO_DEV_HEAP:
		ret = create_heap(f, a, &bo);
		break;
	case AMDXDNA_BO_DEV:
		ret = create_dev_bo(f, a, &bo);
		break;
	default:
		return -EINVAL;
	}
	if (ret)
		return ret;
	ret = shim_gem_handle_create(f, bo->obj, &a->handle);
	shim_gem_put(bo->obj);	/* the handle holds it now */
	return ret;
}

/* ------------------------------------------------------------------------ */
/* GET_BO_INFO, SYNC_BO                                                     */
/* ------------------------------------------------------------------------ */

int xdna_get_bo_info(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_get_bo_info *a = arg;
	struct shim_gem_object *obj;
	struct xdna_bo *bo;
	int ret = 0;

	if (a->ext || a->ext_flags || a->pad)
		return -EINVAL;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	bo = xdna_bo_of(obj);
	if (!bo) {
		ret = -ENOMEM;
		goto out;
	}
	a->vaddr = bo->uva;
	a->xdna_addr = xdna_bo_dev_addr(bo);
	if (bo->type != AMDXDNA_BO_DEV) {
		uint64_t off;

		ret = shim_gem_mmap_offset(obj, &off);
		a->map_offset = off;
	} else
		a->map_offset = XDNA_INVALID_ADDR;
out:
	shim_gem_put(obj);
	return ret;
}

/* amdxdna_flush_bo(): the CPU cache flush, checked */
static int flush_bo(struct xdna_bo *bo, uint64_t offset, uint64_t size)
{
	uint64_t end;

	if (bo->obj->imported)
		return -EOPNOTSUPP;
	if (offset >= bo->obj->size)
		return -EINVAL;
	if (__builtin_add_overflow(offset, size, &end))
		return -EINVAL;
	/* the shim's memory is coherent: nothing to flush */
	return 0;
}

int xdna_sync_bo(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_sync_bo *a = arg;
	struct xdna_client *c = f->priv;
	struct shim_gem_object *obj;
	struct xdna_bo *bo;
	int ret = 0;

	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	bo = xdna_bo_of(obj);
	if (!bo) {
		ret = -ENOMEM;
		goto out;
	}
	if (bo->type == AMDXDNA_BO_DEV) {
		uint64_t fstart = bo->mm_start + a->offset, fend = fstart + a->size;
		uint32_t i;

		for (i = bo->heap_start_id; i <= bo->heap_end_id && i < c->nheap; i++) {
			struct xdna_bo *h = c->heaps[i];
			uint64_t hs = h->dev_addr, he = hs + h->obj->size;
			uint64_t s = fstart > hs ? fstart : hs, e = fend < he ? fend : he;

			if (s >= e)
				continue;
			ret = flush_bo(h, s - hs, e - s);
			if (ret)
				goto out;
		}
	} else {
		ret = flush_bo(bo, a->offset, a->size);
		if (ret)
			goto out;
	}
	/* 7.2: FROM_DEVICE also syncs the debug BO of a context; others EINVAL */
	if (a->direction == SYNC_DIRECT_FROM_DEVICE)
		ret = xdna_sync_debug_bo(c, a->handle);
out:
	shim_gem_put(obj);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* mmap, import, usage                                                      */
/* ------------------------------------------------------------------------ */

/* drm_gem_mmap() -> amdxdna_gem_obj_mmap(): the first mapping is the uva */
int xdna_mmap(struct shim_file *f, void *addr, size_t len, int prot, int flags,
	      uint64_t offset, void **out)
{
	struct xdna_bo *bo;
	int ret;

	ret = shim_gem_mmap(f, addr, len, prot, flags, offset, out);
	if (ret)
		return ret;
	for (bo = xdna_bos; bo; bo = bo->next) {
		if (bo->obj->dev == f->dev && bo->obj->mmap_offset == offset) {
			if (bo->uva == XDNA_INVALID_ADDR)
				bo->uva = (uintptr_t)*out;
			break;
		}
	}
	return 0;
}

/* amdxdna_gem_prime_import(): a SHARE BO of the importing client */
int xdna_prime_import(struct shim_file *f, struct shim_gem_object *obj)
{
	struct xdna_bo *bo = xdna_bo_of(obj);

	if (!bo)
		return -ENOMEM;
	if (!bo->client) {
		bo->client = f->priv;
		bo->client->refs++;
		usage_add(bo, 1);
	}
	return 0;
}

void xdna_bo_usage(struct shim_device *d, int64_t pid, struct amdxdna_drm_bo_usage *u)
{
	struct xdna_client *c;

	u->total_usage = u->internal_usage = u->heap_usage = 0;
	for (c = xdna_clients; c; c = c->next) {
		if (c->dev != d || c->pid != pid || !c->f)
			continue;
		u->total_usage += c->total_bo_usage;
		u->internal_usage += c->total_int_bo_usage;
		u->heap_usage += c->heap_usage;
	}
}
