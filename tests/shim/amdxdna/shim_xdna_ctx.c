// SPDX-License-Identifier: MIT
/*
 * amdxdna emulation: hardware contexts, EXEC_CMD and the emulated
 * firmware, after drivers/accel/amdxdna/{amdxdna_ctx.c,aie2_ctx.c,
 * aie2_message.c} of Linux 7.2 (AIE2, the legacy command-list slots).
 *
 * A context gets its timeline syncobj at creation; EXEC_CMD takes one of
 * its 4 job slots (sleeping while they are taken, as down_interruptible()
 * on job_sem does), numbers the job from 0 (priv->seq), adds the job's
 * fence to the argument BOs (write usage) and at point seq of the
 * syncobj. The job then runs at once, or waits for the test's release
 * (accel_shim_xdna.h). Running it checks the packet as the slot fillers
 * do (a refusal fails the job's fence and leaves the state NEW), then the
 * emulated firmware runs the CUs (the ERT subset of accel_shim_xdna.h) and
 * writes the state back: COMPLETED, or ERROR with the packet's data (or
 * the first chained command's) filled with 0xff as amdxdna_cmd_set_error()
 * does. A context destroyed with held jobs aborts them (ABORT), as the
 * firmware's context teardown does after aie2_hwctx_wait_for_idle()'s 2 s.
 *
 * Deviations: driver commands (debug BO attach, detach, sync) complete at
 * once even behind held jobs; a context holds at most 16 per device
 * (hwctx_limit) rather than what the column solver would place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_xdna.h"

#define SLOT_CF_HDR 8u		/* struct cmd_chain_slot_execbuf_cf */
#define SLOT_DPU_HDR 24u	/* struct cmd_chain_slot_dpu */
#define MAX_DPU_ARGS (34u * 4u)	/* MAX_DPU_ARGS_SIZE */

static uint64_t job_stamp;

struct xdna_hwctx *xdna_hwctx_find(struct xdna_client *c, uint32_t id)
{
	struct xdna_hwctx *h;

	for (h = c->hwctxs; h; h = h->next)
		if (h->id == id && !h->dead)
			return h;
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* the emulated firmware                                                    */
/* ------------------------------------------------------------------------ */

static uint32_t hdr_of(const uint32_t *p)
{
	return p[0];
}

static void set_state(uint32_t *p, uint32_t st)
{
	p[0] = (p[0] & ~0xfu) | st;
}

/* amdxdna_cmd_get_payload(): words after the CU masks, or NULL */
static uint32_t *payload(struct xdna_bo *bo, uint32_t *p, uint32_t *len)
{
	uint32_t op = (hdr_of(p) >> 23) & 0x1f, count = (hdr_of(p) >> 12) & 0x7ff;
	uint32_t masks = op == ERT_CMD_CHAIN ? 0 : 1 + ((hdr_of(p) >> 10) & 3);

	if (count <= masks || (uint64_t)count * 4 + 4 > bo->obj->size) {
		*len = 0;
		return NULL;
	}
	*len = (count - masks) * 4;
	return &p[1 + masks];
}

/* amdxdna_cmd_get_cu_idx() */
static uint32_t cu_idx(uint32_t *p)
{
	uint32_t masks = 1 + ((hdr_of(p) >> 10) & 3), i;

	for (i = 0; i < masks; i++)
		if (p[1 + i])
			return (uint32_t)__builtin_ctz(p[1 + i]) + 32 * i;
	return ~0u;
}

/* the CPU view of [addr, addr + len) among the job's argument BOs */
static void *arg_mem(struct xdna_job *job, uint64_t addr, uint64_t len)
{
	uint32_t i;

	for (i = 0; i < job->nbos; i++) {
		struct xdna_bo *bo = xdna_bo_of(job->bos[i]);
		uint64_t base = bo ? xdna_bo_dev_addr(bo) : XDNA_INVALID_ADDR;

		if (base == XDNA_INVALID_ADDR || addr < base || addr - base >= bo->obj->size)
			continue;
		return xdna_bo_kva(bo, addr - base, len);
	}
	return NULL;
}

/* one CU run: 0 done, 1 firmware error */
static int run_cu(struct xdna_job *job, uint32_t idx, const uint32_t *args, uint32_t nargs)
{
	struct xdna_hwctx *h = job->hwctx;
	struct xdna_client *c = h->client;
	uint32_t kernel = 0, i;
	uint64_t dst, src;
	void *d, *s;

	if (!h->cus || idx >= h->cus->num_cus)
		return 1;
	/* the CU's configuration: the first word of its PDI (a DEV BO) */
	for (i = 0; i < c->nheap; i++) {
		struct xdna_bo *hp = c->heaps[i];

		if (h->cu_addr[idx] >= hp->dev_addr &&
		    h->cu_addr[idx] + 4 <= hp->dev_addr + hp->obj->size) {
			char *base = shim_gem_vaddr(hp->obj);

			if (base)
				memcpy(&kernel, base + (h->cu_addr[idx] - hp->dev_addr), 4);
			break;
		}
	}
	switch (kernel) {
	case SHIM_XDNA_KERNEL_COPY:
		if (nargs < 5)
			return 1;
		dst = args[0] | (uint64_t)args[1] << 32;
		src = args[2] | (uint64_t)args[3] << 32;
		d = arg_mem(job, dst, args[4]);
		s = arg_mem(job, src, args[4]);
		if (!d || !s)
			return 1;
		memmove(d, s, args[4]);
		return 0;
	case SHIM_XDNA_KERNEL_FILL:
		if (nargs < 4 || args[3] % 4)
			return 1;
		dst = args[0] | (uint64_t)args[1] << 32;
		d = arg_mem(job, dst, args[3]);
		if (!d)
			return 1;
		for (i = 0; i < args[3] / 4; i++)
			memcpy((char *)d + 4 * i, &args[2], 4);
		return 0;
	default:
		return 1;	/* FAIL, or a configuration the firmware rejects */
	}
}

struct slot {
	struct xdna_bo *bo;
	uint32_t *p;
	uint32_t idx;
	const uint32_t *args;
	uint32_t nargs;
};

/* aie2_cmdlist_fill_slot(): 0, or the run-time refusal */
static int fill_slot(struct xdna_bo *bo, uint32_t *op, uint32_t *room, struct slot *s)
{
	uint32_t *p = xdna_bo_kva(bo, 0, 4), len, o;
	uint32_t *pl;

	if (!p)
		return -ENOMEM;
	o = (hdr_of(p) >> 23) & 0x1f;
	if (*op == ~0u)
		*op = o;
	else if (o != *op)
		return -EINVAL;
	s->bo = bo;
	s->p = p;
	pl = payload(bo, p, &len);
	switch (o) {
	case ERT_START_CU:
		if (*room < SLOT_CF_HDR + len)
			return -EINVAL;
		s->idx = cu_idx(p);
		if (s->idx == ~0u)
			return -EINVAL;
		s->args = pl;
		s->nargs = len / 4;
		*room -= SLOT_CF_HDR + len;
		return 0;
	case ERT_START_NPU: {
		uint32_t arg_sz = len - 16;

		if (len < 16 || arg_sz > MAX_DPU_ARGS)
			return -EINVAL;
		if (*room < SLOT_DPU_HDR + arg_sz)
			return -EINVAL;
		s->idx = cu_idx(p);
		if (s->idx == ~0u)
			return -EINVAL;
		/* the kernel arguments follow the properties */
		s->args = pl[3] <= arg_sz / 4 ? pl + 4 + pl[3] : NULL;
		s->nargs = pl[3] <= arg_sz / 4 ? arg_sz / 4 - pl[3] : 0;
		*room -= SLOT_DPU_HDR + arg_sz;
		return 0;
	}
	case ERT_START_NPU_PREEMPT:
	case ERT_START_NPU_PREEMPT_ELF:
		shim_not_emulated(XDNA_DRV, "ERT_START_NPU_PREEMPT");
	default:
		return -EOPNOTSUPP;
	}
}

/* amdxdna_cmd_set_error(): the state, and the data filled with 0xff */
static void set_error(struct xdna_job *job, uint32_t fail_idx, uint32_t st)
{
	struct xdna_bo *bo = xdna_bo_of(job->cmd);
	uint32_t *p = xdna_bo_kva(bo, 0, bo->obj->size);

	if (!p)
		return;
	set_state(p, st);
	if (((hdr_of(p) >> 23) & 0x1f) == ERT_CMD_CHAIN) {
		uint32_t len, *cc = payload(bo, p, &len);
		struct shim_gem_object *sub;
		uint64_t h0;

		if (!cc)
			return;
		cc[2] = fail_idx < cc[0] ? fail_idx : 0;	/* error_index */
		memcpy(&h0, &cc[6], sizeof(h0));
		if (!job->hwctx->client->f)
			return;
		sub = shim_gem_lookup(job->hwctx->client->f, (uint32_t)h0);
		if (!sub)
			return;
		bo = xdna_bo_of(sub);
		p = bo ? xdna_bo_kva(bo, 0, sub->size) : NULL;
		if (p)
			memset(&p[1], 0xff, sub->size - 4);
		shim_gem_put(sub);
		return;
	}
	memset(&p[1], 0xff, bo->obj->size - 4);
}

/* aie2_sched_job_run() and the firmware: the job's fence error, or 0 */
static int execute(struct xdna_job *job)
{
	struct xdna_bo *cmd = xdna_bo_of(job->cmd);
	uint32_t *p = cmd ? xdna_bo_kva(cmd, 0, 4) : NULL;
	uint32_t op = ~0u, room = XDNA_CMDBUF_SIZE, n = 1, i;
	struct slot *slots;
	int ret = 0;

	if (!p)
		return -ENOMEM;
	set_state(p, ERT_STATE_NEW);
	if (((hdr_of(p) >> 23) & 0x1f) == ERT_CMD_CHAIN) {
		/* aie2_cmdlist_multi_execbuf() */
		uint32_t len, *cc = payload(cmd, p, &len);

		if (!cc)
			return -EINVAL;
		n = cc[0];
		if (!n || len < 24 + 8ull * n)
			return -EINVAL;
		slots = calloc(n, sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		for (i = 0; i < n; i++) {
			struct shim_gem_object *sub;
			struct xdna_bo *sbo;
			uint64_t h;

			memcpy(&h, &cc[6 + 2 * i], sizeof(h));
			sub = job->hwctx->client->f ?
				      shim_gem_lookup(job->hwctx->client->f, (uint32_t)h) : NULL;
			sbo = sub ? xdna_bo_of(sub) : NULL;
			if (!sbo || sbo->type != AMDXDNA_BO_SHARE) {
				if (sub)
					shim_gem_put(sub);
				ret = -ENOENT;
				goto out;
			}
			ret = fill_slot(sbo, &op, &room, &slots[i]);
			shim_gem_put(sub);	/* the client's handle keeps it */
			if (ret)
				goto out;
		}
	} else {
		slots = calloc(1, sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		ret = fill_slot(cmd, &op, &room, &slots[0]);
		if (ret)
			goto out;
	}
	for (i = 0; i < n; i++) {
		if (run_cu(job, slots[i].idx, slots[i].args, slots[i].nargs)) {
			set_error(job, i, ERT_STATE_ERROR);
			goto out;
		}
	}
	set_state(p, ERT_STATE_COMPLETED);
out:
	free(slots);
	return ret;
}

static void job_free(struct xdna_job *job)
{
	uint32_t i;

	for (i = 0; i < job->nbos; i++)
		shim_gem_put(job->bos[i]);
	if (job->cmd)
		shim_gem_put(job->cmd);
	shim_fence_put(job->fence);
	free(job->bos);
	free(job);
}

/* the job ends: run it, or end it with state st (TIMEOUT, ABORT) */
static void job_end(struct xdna_job *job, uint32_t st)
{
	struct xdna_hwctx *h = job->hwctx;
	int err = 0;

	if (job->cmd && !st) {
		err = execute(job);
	} else if (job->cmd) {
		set_error(job, 0, st);
		err = st == ERT_STATE_TIMEOUT ? -ETIME : -ECANCELED;
	}
	h->completed++;
	h->inflight--;	/* up(&job_sem) */
	shim_fence_signal(job->fence, err);
	shim_fence_kick();
	job_free(job);
}

static void job_unlink(struct xdna_job *job)
{
	struct xdna_hwctx *h = job->hwctx;
	struct xdna_job **pp;

	for (pp = &h->jobs; *pp; pp = &(*pp)->next) {
		if (*pp == job) {
			*pp = job->next;
			break;
		}
	}
	if (!h->jobs)
		h->jobs_tail = &h->jobs;
	else
		for (h->jobs_tail = &h->jobs; *h->jobs_tail; h->jobs_tail = &(*h->jobs_tail)->next)
			;
}

/* ------------------------------------------------------------------------ */
/* submission (amdxdna_cmd_submit, aie2_cmd_submit)                         */
/* ------------------------------------------------------------------------ */

/* push a job: seq, fences, the syncobj point; it runs or is held */
static uint64_t push(struct xdna_hwctx *h, struct xdna_job *job, bool now)
{
	struct xdna_dev *x = xdna_dev_of(h->client->dev);
	uint64_t seq;
	uint32_t i;

	job->hwctx = h;
	job->seq = h->seq++;
	job->stamp = ++job_stamp;
	for (i = 0; i < job->nbos; i++)
		shim_gem_add_fence(job->bos[i], job->fence, SHIM_RESV_WRITE);
	shim_syncobj_add_point(h->syncobj, job->fence, job->seq);
	h->inflight++;
	seq = job->seq;
	if (now || x->mode == SHIM_XDNA_RUN) {
		job_end(job, 0);
	} else {
		job->next = NULL;
		*h->jobs_tail = job;
		h->jobs_tail = &job->next;
	}
	return seq;
}

/* down_interruptible(&job_sem): sleep while 4 jobs are in flight */
static void take_slot(struct xdna_hwctx *h)
{
	while (h->inflight >= XDNA_MAX_CMDS) {
		h->sleepers++;
		shim_fence_sleep(INT64_MAX);
		h->sleepers--;
		if (h->dead)
			shim_not_emulated(XDNA_DRV,
					  "DRM_IOCTL_AMDXDNA_DESTROY_HWCTX while an EXEC_CMD sleeps on it");
	}
}

static struct xdna_job *job_new(struct shim_gem_object *cmd, uint32_t nbos)
{
	struct xdna_job *job = calloc(1, sizeof(*job));

	if (!job)
		return NULL;
	job->bos = nbos ? calloc(nbos, sizeof(*job->bos)) : NULL;
	job->fence = shim_fence_create();
	if ((nbos && !job->bos) || !job->fence) {
		if (job->fence)
			shim_fence_put(job->fence);
		free(job->bos);
		free(job);
		return NULL;
	}
	job->cmd = cmd;
	return job;
}

int xdna_exec_cmd(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_exec_cmd *a = arg;
	struct xdna_client *c = f->priv;
	struct shim_gem_object *cmd;
	struct xdna_hwctx *h;
	struct xdna_job *job;
	uint32_t *hdl = NULL, i;
	int ret;

	if (a->ext || a->ext_flags)
		return -EINVAL;
	if (a->type != AMDXDNA_CMD_SUBMIT_EXEC_BUF)
		return -EINVAL;
	/* amdxdna_drm_submit_execbuf() */
	if (a->arg_count > XDNA_MAX_ARGS)
		return -EINVAL;
	if (a->cmd_count != 1)
		return -EINVAL;
	if (a->arg_count) {
		hdl = calloc(a->arg_count, sizeof(*hdl));
		if (!hdl)
			return -ENOMEM;
		if (shim_copy_from_user(hdl, a->args, a->arg_count * sizeof(*hdl))) {
			free(hdl);
			return -EFAULT;
		}
	}
	/* amdxdna_cmd_submit(): the command BO is looked up as a SHARE BO */
	if ((uint32_t)a->cmd_handles == AMDXDNA_INVALID_BO_HANDLE) {
		ret = -EINVAL;
		goto out;
	}
	cmd = shim_gem_lookup(f, (uint32_t)a->cmd_handles);
	if (!cmd || !xdna_bo_of(cmd) || xdna_bo_of(cmd)->type != AMDXDNA_BO_SHARE) {
		if (cmd)
			shim_gem_put(cmd);
		ret = -EINVAL;
		goto out;
	}
	job = job_new(cmd, a->arg_count);
	if (!job) {
		shim_gem_put(cmd);
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < a->arg_count; i++) {
		job->bos[i] = shim_gem_lookup(f, hdl[i]);
		if (!job->bos[i]) {
			ret = -ENOENT;
			goto free_job;
		}
		job->nbos++;
	}
	h = xdna_hwctx_find(c, a->hwctx);
	if (!h) {
		ret = -EINVAL;
		goto free_job;
	}
	take_slot(h);
	a->seq = push(h, job, false);
	ret = 0;
	goto out;
free_job:
	job_free(job);
out:
	free(hdl);
	return ret;
}

/* aie2 has no cmd_wait: amdxdna_drm_wait_cmd_ioctl() says EOPNOTSUPP first */
int xdna_wait_cmd(struct shim_file *f, void *arg)
{
	(void)f;
	(void)arg;
	return -EOPNOTSUPP;
}

/* a driver command (debug BO attach/detach/sync): a seq, done at once */
static int drv_cmd(struct xdna_hwctx *h, struct shim_gem_object *bo)
{
	struct xdna_job *job;

	if (h->inflight >= XDNA_MAX_CMDS)
		shim_not_emulated(XDNA_DRV, "a debug BO command with 4 jobs in flight");
	job = job_new(NULL, 1);
	if (!job)
		return -ENOMEM;
	shim_gem_get(bo);
	job->bos[0] = bo;
	job->nbos = 1;
	push(h, job, true);
	return 0;
}

int xdna_sync_debug_bo(struct xdna_client *c, uint32_t handle)
{
	struct shim_gem_object *obj = c->f ? shim_gem_lookup(c->f, handle) : NULL;
	struct xdna_bo *bo = obj ? xdna_bo_of(obj) : NULL;
	struct xdna_hwctx *h;
	int ret;

	if (!bo) {
		ret = -EINVAL;
		goto out;
	}
	h = xdna_hwctx_find(c, bo->assigned_hwctx);
	ret = h ? drv_cmd(h, obj) : -EINVAL;
out:
	if (obj)
		shim_gem_put(obj);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* contexts                                                                 */
/* ------------------------------------------------------------------------ */

static void free_cmd_bufs(struct xdna_hwctx *h)
{
	uint32_t i;

	for (i = 0; i < XDNA_MAX_CMDS; i++) {
		if (!h->cmd_buf[i])
			continue;
		h->client->heap_usage -= XDNA_CMDBUF_SIZE;
		xdna_heap_free(h->client, h->cmd_buf[i]);
		h->cmd_buf[i] = NULL;
	}
}

/* aie2_hwctx_fini(): held jobs are aborted by the firmware's teardown */
static void hwctx_fini(struct xdna_hwctx *h)
{
	struct xdna_dev *x = xdna_dev_of(h->client->dev);

	h->dead = true;
	while (h->jobs) {
		struct xdna_job *job = h->jobs;

		job_unlink(job);
		job_end(job, ERT_STATE_ABORT);
	}
	if (h->sleepers)
		shim_not_emulated(XDNA_DRV,
				  "DRM_IOCTL_AMDXDNA_DESTROY_HWCTX while an EXEC_CMD sleeps on it");
	x->hwctx_num--;
	shim_syncobj_put(h->syncobj);
	free_cmd_bufs(h);
	if (h->client->nheap)
		shim_gem_put(h->client->heaps[0]->obj);
	free(h->cus);
	free(h);
}

static void hwctx_unlink(struct xdna_hwctx *h)
{
	struct xdna_hwctx **pp;

	for (pp = &h->client->hwctxs; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			return;
		}
	}
}

void xdna_hwctx_remove_all(struct xdna_client *c)
{
	while (c->hwctxs) {
		struct xdna_hwctx *h = c->hwctxs;

		hwctx_unlink(h);
		hwctx_fini(h);
	}
}

/* aie2_hwctx_col_list() + the solver's placement */
static int place(struct xdna_hwctx *h, const struct xdna_model *m, struct xdna_dev *x)
{
	uint32_t width = 1, start, end, first;

	if (!h->num_tiles)
		return -EINVAL;
	h->num_col = h->num_tiles / m->core.row_count;
	if (!h->num_col || h->num_col > m->cols)
		return -EINVAL;
	if (m->col_align_nature)
		width = h->num_col;
	start = m->first_col;
	end = m->cols - h->num_col;
	if (start > 0 && end == 0)
		start = 0;
	first = start + (width - start % width) % width;
	if (end - end % width < first)
		return -EINVAL;
	h->start_col = first;
	/* xrs_allocate_resource(): no partition left */
	if (x->hwctx_num >= m->hwctx_limit)
		return -ENODEV;
	return 0;
}

int xdna_create_hwctx(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_create_hwctx *a = arg;
	struct xdna_client *c = f->priv;
	struct xdna_dev *x = xdna_dev_of(f->dev);
	struct drm_syncobj_create { uint32_t handle, flags; } sc = { 0, 0 };
	struct xdna_hwctx *h, *o;
	uint32_t id, tries, i;
	int ret;

	if (a->ext || a->ext_flags)
		return -EINVAL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	if (shim_copy_from_user(&h->qos, a->qos_p, sizeof(h->qos))) {
		free(h);
		return -EFAULT;
	}
	h->client = c;
	h->num_tiles = a->num_tiles;
	h->mem_size = a->mem_size;
	h->max_opc = a->max_opc;
	h->jobs_tail = &h->jobs;
	/* aie2_hwctx_init(): the first heap, pinned */
	if (!c->nheap) {
		free(h);
		return -ENOENT;
	}
	shim_gem_get(c->heaps[0]->obj);
	/* four command-list buffers, DEV BOs of the heap */
	for (i = 0; i < XDNA_MAX_CMDS; i++) {
		ret = xdna_heap_alloc(c, XDNA_CMDBUF_SIZE, &h->cmd_buf[i]);
		if (!ret) {
			/* amdxdna_init_dev_bo(): the heap must be mapped */
			ret = c->heaps[0]->uva == XDNA_INVALID_ADDR ? -EAGAIN : 0;
			if (ret) {
				xdna_heap_free(c, h->cmd_buf[i]);
				h->cmd_buf[i] = NULL;
			} else {
				c->heap_usage += XDNA_CMDBUF_SIZE;
			}
		}
		if (ret)
			goto fail;
	}
	ret = place(h, x->m, x);
	if (ret)
		goto fail;
	/* aie2_ctx_syncobj_create(): a syncobj and the file's handle to it */
	ret = shim_syncobj_create_ioctl(f, &sc);
	if (ret)
		goto fail;
	h->syncobj_hdl = sc.handle;
	h->syncobj = shim_syncobj_find(f, sc.handle);
	if (!h->syncobj) {
		ret = -ENOMEM;
		goto fail;
	}
	/* xa_alloc_cyclic(1..MAX_HWCTX_ID) */
	for (tries = 0, id = 0; tries < XDNA_MAX_HWCTX_ID; tries++) {
		id = c->next_hwctxid + tries;
		id = id % XDNA_MAX_HWCTX_ID + 1;
		for (o = c->hwctxs; o && o->id != id; o = o->next)
			;
		if (!o)
			break;
	}
	if (tries == XDNA_MAX_HWCTX_ID) {
		ret = -EBUSY;
		goto fail_syncobj;
	}
	c->next_hwctxid = id;
	h->id = id;
	h->fw_ctx_id = x->next_fw_ctx++ % x->m->hwctx_limit;
	x->hwctx_num++;
	h->next = c->hwctxs;
	c->hwctxs = h;
	a->handle = id;
	a->syncobj_handle = h->syncobj_hdl;
	a->umq_doorbell = AMDXDNA_INVALID_DOORBELL_OFFSET;
	return 0;

fail_syncobj:
	shim_syncobj_put(h->syncobj);
fail:
	free_cmd_bufs(h);
	shim_gem_put(c->heaps[0]->obj);
	free(h);
	return ret;
}

int xdna_destroy_hwctx(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_destroy_hwctx *a = arg;
	struct xdna_client *c = f->priv;
	struct xdna_hwctx *h;

	if (a->pad)
		return -EINVAL;
	h = xdna_hwctx_find(c, a->handle);
	if (!h)
		return -EINVAL;
	hwctx_unlink(h);
	hwctx_fini(h);
	return 0;
}

/* aie2_hwctx_cu_config() + aie2_config_cu() */
static int config_cu(struct xdna_hwctx *h, struct amdxdna_hwctx_param_config_cu *cfg,
		     uint32_t size)
{
	uint32_t total, i;

	if (cfg->pad[0] || cfg->pad[1] || cfg->pad[2])
		return -EINVAL;
	if (h->cus)
		return -EINVAL;
	if (!cfg->num_cus)
		return -EINVAL;
	total = sizeof(*cfg) + cfg->num_cus * sizeof(cfg->cu_configs[0]);
	if (total > size)
		return -EINVAL;
	if (cfg->num_cus > XDNA_MAX_CUS)
		return -EINVAL;
	for (i = 0; i < cfg->num_cus; i++) {
		struct amdxdna_cu_config *cu = &cfg->cu_configs[i];
		struct shim_gem_object *obj;
		struct xdna_bo *bo;

		if (cu->pad[0] || cu->pad[1] || cu->pad[2])
			return -EINVAL;
		obj = h->client->f ? shim_gem_lookup(h->client->f, cu->cu_bo) : NULL;
		if (!obj)
			return -EINVAL;
		bo = xdna_bo_of(obj);
		if (!bo || bo->type != AMDXDNA_BO_DEV) {
			shim_gem_put(obj);
			return -EINVAL;
		}
		h->cu_addr[i] = bo->mm_start;
		shim_gem_put(obj);
	}
	h->cus = malloc(total);
	if (!h->cus)
		return -ENOMEM;
	memcpy(h->cus, cfg, total);
	return 0;
}

/* aie2_hwctx_cfg_debug_bo() */
static int debug_bo(struct xdna_hwctx *h, uint32_t handle, bool attach)
{
	struct shim_gem_object *obj = h->client->f ? shim_gem_lookup(h->client->f, handle) : NULL;
	struct xdna_bo *bo = obj ? xdna_bo_of(obj) : NULL;
	int ret;

	if (!bo || bo->type != AMDXDNA_BO_DEV) {
		ret = -EINVAL;
		goto out;
	}
	if (attach && bo->assigned_hwctx != AMDXDNA_INVALID_CTX_HANDLE) {
		ret = -EBUSY;
		goto out;
	}
	if (!attach && bo->assigned_hwctx != h->id) {
		ret = -EINVAL;
		goto out;
	}
	ret = drv_cmd(h, obj);
	if (!ret)
		bo->assigned_hwctx = attach ? h->id : AMDXDNA_INVALID_CTX_HANDLE;
out:
	if (obj)
		shim_gem_put(obj);
	return ret;
}

int xdna_config_hwctx(struct shim_file *f, void *arg)
{
	struct amdxdna_drm_config_hwctx *a = arg;
	struct xdna_client *c = f->priv;
	struct xdna_hwctx *h;
	uint8_t *buf = NULL;
	uint32_t size = a->param_val_size;
	int ret;

	if (a->pad)
		return -EINVAL;
	switch (a->param_type) {
	case DRM_AMDXDNA_HWCTX_CONFIG_CU:
		if (size > SHIM_PAGE_SIZE)
			return -E2BIG;
		buf = calloc(1, SHIM_PAGE_SIZE);
		if (!buf)
			return -ENOMEM;
		if (shim_copy_from_user(buf, a->param_val, size)) {
			free(buf);
			return -EFAULT;
		}
		break;
	case DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF:
	case DRM_AMDXDNA_HWCTX_REMOVE_DBG_BUF:
		size = 0;
		break;
	default:
		return -EINVAL;
	}
	h = xdna_hwctx_find(c, a->handle);
	if (!h) {
		ret = -EINVAL;
		goto out;
	}
	if (a->param_type == DRM_AMDXDNA_HWCTX_CONFIG_CU)
		ret = config_cu(h, (struct amdxdna_hwctx_param_config_cu *)buf, size);
	else
		ret = debug_bo(h, (uint32_t)a->param_val,
			       a->param_type == DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF);
out:
	free(buf);
	return ret;
}

/* ------------------------------------------------------------------------ */
/* test controls (accel_shim_xdna.h)                                        */
/* ------------------------------------------------------------------------ */

#define EXPORT __attribute__((visibility("default")))

/* the device's oldest held job */
static struct xdna_job *oldest(struct shim_device *d)
{
	struct xdna_job *best = NULL;
	struct xdna_client *c;
	struct xdna_hwctx *h;

	for (c = xdna_clients; c; c = c->next) {
		if (c->dev != d)
			continue;
		for (h = c->hwctxs; h; h = h->next)
			if (h->jobs && (!best || h->jobs->stamp < best->stamp))
				best = h->jobs;
	}
	return best;
}

static int end_held(int minor, int n, uint32_t st)
{
	struct shim_device *d;
	struct xdna_job *job;
	int done = 0;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	while ((n < 0 || done < n) && (job = oldest(d))) {
		job_unlink(job);
		job_end(job, st);
		done++;
	}
	pthread_mutex_unlock(&shim_lock);
	return done;
}

EXPORT int accel_shim_xdna_set_mode(int minor, enum shim_xdna_mode mode)
{
	struct shim_device *d;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	xdna_dev_of(d)->mode = mode;
	pthread_mutex_unlock(&shim_lock);
	return mode == SHIM_XDNA_RUN ? end_held(minor, -1, 0) : 0;
}

EXPORT int accel_shim_xdna_release(int minor, int n)
{
	return end_held(minor, n, 0);
}

EXPORT int accel_shim_xdna_timeout(int minor)
{
	return end_held(minor, -1, ERT_STATE_TIMEOUT);
}

EXPORT int accel_shim_xdna_pending(int minor)
{
	struct shim_device *d;
	struct xdna_client *c;
	struct xdna_hwctx *h;
	struct xdna_job *j;
	int n = 0;

	shim_init();
	d = shim_device_get(minor);
	if (!d)
		return -ENODEV;
	pthread_mutex_lock(&shim_lock);
	for (c = xdna_clients; c; c = c->next) {
		if (c->dev != d)
			continue;
		for (h = c->hwctxs; h; h = h->next) {
			for (j = h->jobs; j; j = j->next)
				n++;
			n += h->sleepers;
		}
	}
	pthread_mutex_unlock(&shim_lock);
	return n;
}
