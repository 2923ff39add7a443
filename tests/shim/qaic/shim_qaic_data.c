// SPDX-License-Identifier: MIT
/*
 * qaic data path: CREATE_BO, MMAP_BO, ATTACH_SLICE_BO, EXECUTE_BO,
 * PARTIAL_EXECUTE_BO, WAIT_BO, PERF_STATS_BO and DETACH_SLICE_BO with the
 * checks of qaic_data.c (Linux 7.2), in its order, on the shim's shared
 * GEM core (shim_gem.h).
 *
 * The emulated card: a BO's pages come in physically contiguous runs of
 * up to 4 MiB (create_sgt() with unfragmented memory), an imported BO's
 * in pages; a slice takes one DMA request element per run it touches
 * (clone_range_of_sgt_for_slice()), which counts against the DBC's queue
 * (ENOSPC at attach, EAGAIN at execute). Transfers on a DBC are processed
 * in order, each taking the control's delay (1 ms by default; a hang:
 * never). The device has a memory at device addresses: a to-device slice
 * writes its bytes there at its dev_addr when its BO completes, a
 * from-device slice reads them from its dev_addr (zeroes where nothing
 * was written), so slicing an input and an output at the same dev_addr
 * makes the network an identity copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shim_qaic.h"

#if __has_include("shim_gem.h")
#include "shim_gem.h"

#define PAGE			4096ull
#define RUN_MAX			(4ull << 20)	/* MAX_PAGE_ORDER pages */
#define KMALLOC_MAX		(4ull << 20)	/* memdup_user()'s limit */
#define SEM_VAL_MASK		0xfffu
#define SEM_INDEX_MASK		0x1fu
/* the emulated host's memory for BOs: CREATE_BO answers ENOMEM beyond */
#define BO_MAX			(4ull << 30)

struct qslice {
	uint64_t offset, size;		/* size 0: no data */
	uint64_t dev_addr;
	uint32_t nents;
	uint32_t *lens;			/* each request's bytes */
};

struct qaic_bo {
	struct shim_gem_object *obj;
	struct qaic_dev *qd;
	struct qaic_bo *next;		/* the device's BOs */
	/* slicing */
	bool sliced;
	uint32_t dir;
	struct qaic_dbc *dbc;
	uint32_t nr_slice;
	struct qslice *slices;
	uint32_t total_slice_nents;
	/* a queued transfer */
	bool queued;
	struct qaic_dbc *xdbc;
	struct qaic_bo *xnext;
	uint16_t req_id;
	uint64_t resize;		/* UINT64_MAX: whole */
	uint32_t elems;
	int64_t done_at;
	/* perf_stats */
	int64_t received_ts, submit_ts, processed_ts;
	uint32_t queue_level_before;
};

static struct qaic_bo *all_bos;

static void bo_free(struct shim_gem_object *obj)
{
	struct qaic_bo *bo = obj->priv, **pp;
	uint32_t i;

	for (pp = &all_bos; *pp; pp = &(*pp)->next) {
		if (*pp == bo) {
			*pp = bo->next;
			break;
		}
	}
	for (i = 0; i < bo->nr_slice; i++)
		free(bo->slices[i].lens);
	free(bo->slices);
	free(bo);
}

/* the driver's part of an object, made on first use for imports */
static struct qaic_bo *to_bo(struct shim_file *f, struct shim_gem_object *obj)
{
	struct qaic_bo *bo = obj->priv;

	if (bo)
		return bo;
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return NULL;
	bo->obj = obj;
	bo->qd = qaic_dev(f->dev);
	bo->next = all_bos;
	all_bos = bo;
	obj->priv = bo;
	obj->free = bo_free;
	return bo;
}

static void nap(int64_t until)
{
	int64_t left = until - shim_now_ns();
	struct timespec ts;

	if (left <= 0)
		return;
	if (left > 1000000)
		left = 1000000;	/* look again: an SSR may end the wait */
	ts.tv_sec = 0;
	ts.tv_nsec = left;
	pthread_mutex_unlock(&shim_lock);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&shim_lock);
}

/* ------------------------------------------------------------------------ */
/* device memory                                                            */
/* ------------------------------------------------------------------------ */

static uint8_t *devmem_page(struct qaic_dev *qd, uint64_t addr, bool create)
{
	struct qaic_devmem_page *p;

	for (p = qd->mem; p; p = p->next)
		if (p->addr == addr)
			return p->data;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->addr = addr;
	p->next = qd->mem;
	qd->mem = p;
	return p->data;
}

static void devmem_io(struct qaic_dev *qd, uint64_t addr, uint8_t *buf, uint64_t len,
		      bool write)
{
	while (len) {
		uint64_t pa = addr & ~(PAGE - 1), off = addr - pa;
		uint64_t n = PAGE - off < len ? PAGE - off : len;
		uint8_t *p = devmem_page(qd, pa, write);

		if (write && p)
			memcpy(p + off, buf, n);
		else if (!write)
			p ? memcpy(buf, p + off, n) : memset(buf, 0, n);
		addr += n;
		buf += n;
		len -= n;
	}
}

/* ------------------------------------------------------------------------ */
/* transfers                                                                */
/* ------------------------------------------------------------------------ */

/* bytes of a slice a transfer moves (send_bo_list_to_device()'s cases) */
static uint64_t slice_bytes(const struct qslice *s, uint64_t resize)
{
	if (resize == UINT64_MAX || resize >= s->offset + s->size)
		return s->size;
	if (!resize || resize <= s->offset)
		return 0;
	return resize - s->offset;
}

/* the device processed the BO: move its data, complete it */
static void complete(struct qaic_dev *qd, struct qaic_bo *bo)
{
	uint8_t *va = shim_gem_vaddr(bo->obj);
	uint32_t i;

	for (i = 0; va && i < bo->nr_slice; i++) {
		const struct qslice *s = &bo->slices[i];
		uint64_t n = slice_bytes(s, bo->resize);

		devmem_io(qd, s->dev_addr, va + s->offset, n, bo->dir == 1);
	}
	bo->processed_ts = bo->done_at;
	bo->queued = false;
	bo->xdbc->queued -= bo->elems;
	bo->xdbc = NULL;
	shim_gem_put(bo->obj);
}

void qaic_data_progress(struct qaic_dev *qd)
{
	int64_t now = shim_now_ns();
	uint32_t i;

	for (i = 0; i < QAIC_DBC_NUM; i++) {
		struct qaic_dbc *dbc = &qd->dbc[i];
		struct qaic_bo *bo;

		while ((bo = dbc->xfer_head) && bo->done_at <= now) {
			dbc->xfer_head = bo->xnext;
			if (!dbc->xfer_head)
				dbc->xfer_tail = &dbc->xfer_head;
			complete(qd, bo);
		}
	}
}

/* detach_slice_bo() */
static void detach(struct qaic_bo *bo)
{
	uint32_t i;

	for (i = 0; i < bo->nr_slice; i++)
		free(bo->slices[i].lens);
	free(bo->slices);
	bo->slices = NULL;
	bo->nr_slice = 0;
	bo->total_slice_nents = 0;
	bo->sliced = false;
	bo->dir = 0;
	bo->dbc = NULL;
	shim_gem_put(bo->obj);
}

/* wakeup_dbc() (empty_xfer_list: completes without data) and the detach loop */
void qaic_data_release_dbc(struct qaic_dev *qd, struct qaic_dbc *dbc)
{
	struct qaic_bo *bo, *next;

	while ((bo = dbc->xfer_head)) {
		dbc->xfer_head = bo->xnext;
		bo->queued = false;
		bo->xdbc = NULL;
		bo->req_id = 0;
		bo->received_ts = bo->submit_ts = bo->processed_ts = 0;
		bo->queue_level_before = 0;
		shim_gem_put(bo->obj);
	}
	dbc->xfer_tail = &dbc->xfer_head;
	for (bo = all_bos; bo; bo = next) {
		next = bo->next;
		if (bo->qd == qd && bo->sliced && bo->dbc == dbc)
			detach(bo);
	}
}

/* ------------------------------------------------------------------------ */
/* CREATE_BO, MMAP_BO                                                       */
/* ------------------------------------------------------------------------ */

int qaic_create_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_create_bo *a = arg;
	struct shim_gem_object *obj;
	uint64_t size, off;
	int ret;

	if (a->pad)
		return -EINVAL;
	size = (a->size + PAGE - 1) & ~(PAGE - 1);	/* PAGE_ALIGN wraps */
	if (!size)
		return -EINVAL;
	if (size > BO_MAX)
		return -ENOMEM;
	ret = shim_gem_object_create(f, size, &obj);
	if (ret)
		return ret;
	if (!to_bo(f, obj)) {
		shim_gem_put(obj);
		return -ENOMEM;
	}
	ret = shim_gem_mmap_offset(obj, &off);
	if (!ret)
		ret = shim_gem_handle_create(f, obj, &a->handle);
	shim_gem_put(obj);
	return ret;
}

int qaic_mmap_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_mmap_bo *a = arg;
	struct shim_gem_object *obj;
	uint64_t off;
	int ret;

	/* no pad check in qaic_mmap_bo_ioctl() */
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	ret = shim_gem_mmap_offset(obj, &off);
	a->offset = off;
	shim_gem_put(obj);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* ATTACH_SLICE_BO, DETACH_SLICE_BO                                         */
/* ------------------------------------------------------------------------ */

static bool invalid_sem(const struct qaic_sem *s)
{
	return (s->val & ~SEM_VAL_MASK) || (s->index & ~SEM_INDEX_MASK) ||
	       !(s->presync == 0 || s->presync == 1) || s->pad ||
	       (s->flags & ~(QAIC_SEM_INSYNCFENCE | QAIC_SEM_OUTSYNCFENCE)) ||
	       s->cmd > QAIC_SEM_WAIT_GT_0;
}

/* qaic_validate_req() */
static int validate(const struct qaic_attach_slice_entry *e, uint32_t count, uint64_t total)
{
	uint64_t end;
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (!(e[i].db_len == 32 || e[i].db_len == 16 || e[i].db_len == 8 ||
		      e[i].db_len == 0) ||
		    invalid_sem(&e[i].sem0) || invalid_sem(&e[i].sem1) ||
		    invalid_sem(&e[i].sem2) || invalid_sem(&e[i].sem3))
			return -EINVAL;
		if (__builtin_add_overflow(e[i].offset, e[i].size, &end) || end > total)
			return -EINVAL;
	}
	return 0;
}

/* the BO's DMA runs: [start, start + len) of run i, false past the end */
static bool run_at(const struct qaic_bo *bo, uint64_t pos, uint64_t *start, uint64_t *len)
{
	uint64_t size = bo->obj->size, run = bo->obj->imported ? PAGE : RUN_MAX;

	if (pos >= size)
		return false;
	*start = pos - pos % run;
	*len = size - *start < run ? size - *start : run;
	return true;
}

/* qaic_map_one_slice(): clone_range_of_sgt_for_slice() and encode_reqs() */
static int map_slice(struct qaic_bo *bo, const struct qaic_attach_slice_entry *e,
		     struct qslice *s)
{
	uint64_t size = e->size ? e->size : PAGE, pos, start, len;
	uint32_t n = 0;

	if (e->offset + size > bo->obj->size)
		return -EINVAL;	/* no sg entry holds the end */
	if (e->db_len && e->db_addr % (e->db_len / 8))
		return -EINVAL;
	if (e->sem0.presync + e->sem1.presync + e->sem2.presync + e->sem3.presync > 1)
		return -EINVAL;
	for (pos = e->offset; pos < e->offset + size && run_at(bo, pos, &start, &len);
	     pos = start + len)
		n++;
	s->lens = calloc(n, sizeof(*s->lens));
	if (!s->lens)
		return -ENOMEM;
	n = 0;
	for (pos = e->offset; pos < e->offset + size && run_at(bo, pos, &start, &len);
	     pos = start + len) {
		uint64_t end = start + len < e->offset + size ? start + len : e->offset + size;

		s->lens[n++] = (uint32_t)(end - pos);
	}
	s->nents = n;
	s->offset = e->offset;
	s->size = e->size;
	s->dev_addr = e->dev_addr;
	return 0;
}

int qaic_attach_slice_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_attach_slice *a = arg;
	struct qaic_dev *qd = qaic_dev(f->dev);
	struct qaic_attach_slice_entry *ent;
	struct shim_gem_object *obj;
	struct qaic_dbc *dbc;
	struct qaic_bo *bo;
	uint64_t arg_size;
	uint32_t i;
	int ret;

	if (!a->hdr.count)
		return -EINVAL;
	arg_size = (uint64_t)a->hdr.count * sizeof(*ent);
	if (a->hdr.dir != 1 && a->hdr.dir != 2)
		return -EINVAL;
	if (!a->data)
		return -EINVAL;
	if (a->hdr.dbc_id >= QAIC_DBC_NUM)
		return -EINVAL;
	if (arg_size > KMALLOC_MAX)
		return -ENOMEM;
	ent = malloc(arg_size);
	if (!ent)
		return -ENOMEM;
	if (shim_copy_from_user(ent, a->data, arg_size)) {
		ret = -EFAULT;
		goto free_ent;
	}
	obj = shim_gem_lookup(f, a->hdr.handle);
	if (!obj) {
		ret = -ENOENT;
		goto free_ent;
	}
	ret = validate(ent, a->hdr.count, obj->size);
	if (ret)
		goto put;
	bo = to_bo(f, obj);
	if (!bo) {
		ret = -ENOMEM;
		goto put;
	}
	if (bo->sliced) {
		ret = -EINVAL;
		goto put;
	}
	dbc = &qd->dbc[a->hdr.dbc_id];
	if (dbc->usr != qaic_usr(f)) {
		ret = -EINVAL;
		goto put;
	}
	if (dbc->id == qd->ssr_dbc) {
		ret = -EPIPE;
		goto put;
	}
	bo->slices = calloc(a->hdr.count, sizeof(*bo->slices));
	if (!bo->slices) {
		ret = -ENOMEM;
		goto put;
	}
	bo->nr_slice = a->hdr.count;
	for (i = 0; i < a->hdr.count; i++) {
		ret = map_slice(bo, &ent[i], &bo->slices[i]);
		if (ret)
			goto unslice;
		bo->total_slice_nents += bo->slices[i].nents;
	}
	if (bo->total_slice_nents > dbc->nelem) {
		ret = -ENOSPC;
		goto unslice;
	}
	bo->sliced = true;
	bo->dir = a->hdr.dir;
	bo->dbc = dbc;
	free(ent);
	return 0;	/* the lookup's reference stays with the slicing */

unslice:
	for (i = 0; i < bo->nr_slice; i++)
		free(bo->slices[i].lens);
	free(bo->slices);
	bo->slices = NULL;
	bo->nr_slice = 0;
	bo->total_slice_nents = 0;
put:
	shim_gem_put(obj);
free_ent:
	free(ent);
	return ret;
}

int qaic_detach_slice_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_detach_slice *a = arg;
	struct shim_gem_object *obj;
	struct qaic_bo *bo;
	int ret = 0;

	if (a->pad)
		return -EINVAL;
	qaic_data_progress(qaic_dev(f->dev));
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	bo = to_bo(f, obj);
	if (!bo || !bo->sliced)
		ret = -EINVAL;
	else if (bo->dbc->usr != qaic_usr(f))
		ret = -EINVAL;
	else if (bo->queued)
		ret = -EBUSY;
	else
		detach(bo);
	shim_gem_put(obj);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* EXECUTE_BO, PARTIAL_EXECUTE_BO                                           */
/* ------------------------------------------------------------------------ */

/* request elements a slice takes: copy_exec_reqs(), copy_partial_exec_reqs() */
static uint32_t slice_elems(const struct qslice *s, uint64_t resize)
{
	uint64_t last;
	uint32_t n;

	if (resize == UINT64_MAX || resize >= s->offset + s->size)
		return s->nents;
	last = !resize || resize <= s->offset ? 0 : resize - s->offset;
	for (n = 0; n < s->nents && last > s->lens[n]; n++)
		last -= s->lens[n];
	return n + 1;
}

static void unqueue(struct qaic_dbc *dbc, struct qaic_bo *bo)
{
	struct qaic_bo **pp;

	for (pp = &dbc->xfer_head; *pp; pp = &(*pp)->xnext) {
		if (*pp == bo) {
			*pp = bo->xnext;
			break;
		}
	}
	for (dbc->xfer_tail = &dbc->xfer_head; *dbc->xfer_tail;
	     dbc->xfer_tail = &(*dbc->xfer_tail)->xnext)
		;
	bo->queued = false;
	dbc->queued -= bo->elems;
	bo->xdbc = NULL;
	shim_gem_put(bo->obj);
}

static int execute(struct shim_file *f, void *arg, bool partial)
{
	struct qaic_execute *a = arg;
	struct qaic_dev *qd = qaic_dev(f->dev);
	struct qaic_usr *usr = qaic_usr(f);
	size_t esize = partial ? sizeof(struct qaic_partial_execute_entry) :
				 sizeof(struct qaic_execute_entry);
	struct qaic_bo **done = NULL;
	int64_t received = shim_now_ns(), at;
	uint32_t i, j, level, elems;
	struct qaic_dbc *dbc;
	uint8_t *exec;
	int ret = 0;

	if (!a->hdr.count)
		return -EINVAL;
	if ((uint64_t)a->hdr.count * esize > KMALLOC_MAX)
		return -ENOMEM;
	exec = malloc(a->hdr.count * esize);
	done = calloc(a->hdr.count, sizeof(*done));
	if (!exec || !done) {
		ret = -ENOMEM;
		goto out;
	}
	if (shim_copy_from_user(exec, a->data, a->hdr.count * esize)) {
		ret = -EFAULT;
		goto out;
	}
	if (a->hdr.dbc_id >= QAIC_DBC_NUM) {
		ret = -EINVAL;
		goto out;
	}
	dbc = &qd->dbc[a->hdr.dbc_id];
	if (!dbc->usr || dbc->usr->handle != usr->handle) {
		ret = -EPERM;
		goto out;
	}
	if (dbc->id == qd->ssr_dbc) {
		ret = -EPIPE;
		goto out;
	}
	qaic_data_progress(qd);
	level = dbc->queued;
	/* the device works through its queue in order */
	at = dbc->xfer_head && dbc->last_done > received ? dbc->last_done : received;
	for (i = 0; i < a->hdr.count; i++) {
		const struct qaic_partial_execute_entry *pe = (const void *)(exec + i * esize);
		uint64_t resize = partial ? pe->resize : UINT64_MAX;
		struct shim_gem_object *obj = shim_gem_lookup(f, pe->handle);
		struct qaic_bo *bo;

		if (!obj) {
			ret = -ENOENT;
			goto rollback;
		}
		bo = to_bo(f, obj);
		if (!bo || !bo->sliced || (partial && resize > obj->size) || bo->queued) {
			shim_gem_put(obj);
			ret = bo ? -EINVAL : -ENOMEM;
			goto rollback;
		}
		for (elems = 0, j = 0; j < bo->nr_slice; j++)
			elems += slice_elems(&bo->slices[j], resize);
		/* fifo_space_avail(): one element stays free */
		if (dbc->queued + elems > dbc->nelem - 1) {
			shim_gem_put(obj);
			ret = -EAGAIN;
			goto rollback;
		}
		bo->req_id = dbc->next_req_id++;
		bo->resize = resize;
		bo->elems = elems;
		bo->queued = true;
		bo->xdbc = dbc;
		bo->xnext = NULL;
		*dbc->xfer_tail = bo;
		dbc->xfer_tail = &bo->xnext;
		dbc->queued += elems;
		done[i] = bo;	/* the lookup's reference stays until completion */
	}
	/* committed to the hardware: update_profiling_data() */
	for (i = 0; i < a->hdr.count; i++) {
		struct qaic_bo *bo = done[i];

		at = qd->hang || at > INT64_MAX - qd->xfer_delay_ns ? INT64_MAX :
							       at + qd->xfer_delay_ns;
		bo->done_at = at;
		bo->received_ts = received;
		bo->submit_ts = shim_now_ns();
		bo->queue_level_before = level;
		level += bo->total_slice_nents;
	}
	dbc->last_done = at;
	goto out;

rollback:
	while (i--)
		unqueue(dbc, done[i]);
out:
	free(done);
	free(exec);
	return ret;
}

int qaic_execute_bo_ioctl(struct shim_file *f, void *arg)
{
	return execute(f, arg, false);
}

int qaic_partial_execute_bo_ioctl(struct shim_file *f, void *arg)
{
	return execute(f, arg, true);
}

/* ------------------------------------------------------------------------ */
/* WAIT_BO, PERF_STATS_BO                                                   */
/* ------------------------------------------------------------------------ */

int qaic_wait_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_wait *a = arg;
	struct qaic_dev *qd = qaic_dev(f->dev);
	struct shim_gem_object *obj;
	struct qaic_dbc *dbc;
	struct qaic_bo *bo;
	int64_t deadline;
	int ret = 0;

	if (a->pad)
		return -EINVAL;
	if (a->dbc_id >= QAIC_DBC_NUM)
		return -EINVAL;
	dbc = &qd->dbc[a->dbc_id];
	if (dbc->usr != qaic_usr(f))
		return -EPERM;
	if (dbc->id == qd->ssr_dbc)
		return -EPIPE;
	obj = shim_gem_lookup(f, a->handle);
	if (!obj)
		return -ENOENT;
	bo = to_bo(f, obj);
	deadline = shim_now_ns() +
		   (int64_t)(a->timeout ? a->timeout : QAIC_DEFAULT_WAIT_MS) * 1000000;
	for (;;) {
		qaic_data_progress(qd);
		/* the BO's completion: done unless a transfer is queued */
		if (!bo || !bo->queued)
			break;
		if (shim_now_ns() >= deadline) {
			ret = -ETIMEDOUT;
			goto put;
		}
		nap(bo->done_at < deadline ? bo->done_at : deadline);
	}
	if (!dbc->usr)
		ret = -EPERM;
	if (dbc->id == qd->ssr_dbc)
		ret = -EPIPE;
put:
	shim_gem_put(obj);
	return ret;
}

int qaic_perf_stats_bo_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_perf_stats *a = arg;
	struct qaic_dev *qd = qaic_dev(f->dev);
	struct qaic_perf_stats_entry *ent;
	size_t len = (size_t)a->hdr.count * sizeof(*ent);
	uint32_t i;
	int ret = 0;

	if (a->hdr.dbc_id >= QAIC_DBC_NUM)
		return -EINVAL;
	ent = calloc(1, len ? len : 1);
	if (!ent)
		return -ENOMEM;
	if (shim_copy_from_user(ent, a->data, len)) {
		ret = -EFAULT;
		goto out;
	}
	qaic_data_progress(qd);
	for (i = 0; i < a->hdr.count; i++) {
		struct shim_gem_object *obj = shim_gem_lookup(f, ent[i].handle);
		struct qaic_bo *bo;

		if (!obj) {
			ret = -ENOENT;
			goto out;
		}
		bo = obj->priv;
		if (!bo || !bo->sliced || bo->dbc->id != a->hdr.dbc_id) {
			shim_gem_put(obj);
			ret = -EINVAL;
			goto out;
		}
		/* processed before submitted: asked before the wait */
		ent[i].device_latency_us = bo->processed_ts < bo->submit_ts ? 0 :
			(uint32_t)((bo->processed_ts - bo->submit_ts) / 1000);
		ent[i].submit_latency_us = (uint32_t)((bo->submit_ts - bo->received_ts) / 1000);
		ent[i].queue_level_before = bo->queue_level_before;
		ent[i].num_queue_element = bo->total_slice_nents;
		shim_gem_put(obj);
	}
	if (shim_copy_to_user(a->data, ent, len))
		ret = -EFAULT;
out:
	free(ent);
	return ret;
}

#else	/* no shared GEM core yet: the data ioctls are not in the table */

void qaic_data_progress(struct qaic_dev *qd)
{
	(void)qd;
}

void qaic_data_release_dbc(struct qaic_dev *qd, struct qaic_dbc *dbc)
{
	(void)qd;
	(void)dbc;
}

#endif
