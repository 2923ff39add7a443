// SPDX-License-Identifier: MIT
/*
 * habanalabs interrupt waits and timestamp records, after common/
 * command_submission.c (hl_interrupt_wait_ioctl, _hl_interrupt_wait_ioctl,
 * _hl_interrupt_wait_ioctl_user_addr, _hl_interrupt_ts_reg_ioctl,
 * ts_get_and_handle_kernel_record), common/memory.c (TS_ALLOC,
 * hl_ts_alloc_buf) and common/irq.c (handle_user_interrupt) of Linux 7.2.
 *
 * The device's side is the test's: it writes a CQ counter (in a CB, or in
 * user memory) and raises the interrupt with accel_shim_hl_raise_interrupt(),
 * as an engine writes the counter and sends its MSI. A waiter checks its
 * counter when it starts and at each interrupt on its id (or on the common
 * CQ/decoder id), as the kernel's handler wakes it; a registered timestamp
 * record is stamped by the interrupt that finds its counter at the target.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "accel_shim_hl.h"
#include "shim_hl.h"

#define HL_COMMON_USER_CQ_INTERRUPT_ID	0xFFF
#define HL_COMMON_DEC_INTERRUPT_ID	0xFFE
#define TS_MAX_ELEMENTS			(1u << 20)

static struct hl_ts_buf *find_ts(struct hl_ctx *ctx, uint64_t handle)
{
	uint32_t id = (uint32_t)(handle >> 12);
	struct hl_ts_buf *t;

	if (((handle >> 12) & HL_MMAP_TYPE_MASK) != HL_MMAP_TYPE_TS_BUFF)
		return NULL;
	for (t = ctx->ts_bufs; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

/* allocate_timestamps_buffers(): num u64 records, mmapped by the user */
int hl_ts_alloc(struct hl_ctx *ctx, uint32_t num, uint64_t *handle)
{
	struct hl_ts_buf *t;

	*handle = 0;
	if (num > TS_MAX_ELEMENTS)
		return -EINVAL;	/* "Num of elements exceeds Max allowed number" */
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->regs = calloc(num ? num : 1, sizeof(*t->regs));
	t->memfd = memfd_create("hl-ts-buff", MFD_CLOEXEC);
	if (!t->regs || t->memfd < 0 || ftruncate(t->memfd, (off_t)num * 8)) {
		if (t->memfd >= 0)
			shim_real_close(t->memfd);
		free(t->regs);
		free(t);
		return -ENOMEM;
	}
	/* the CBs' and the TS buffers' handles share the memory manager's ids */
	t->id = ctx->next_cb_id++;
	t->num = num;
	t->next = ctx->ts_bufs;
	ctx->ts_bufs = t;
	*handle = ((uint64_t)t->id | HL_MMAP_TYPE_TS_BUFF) << 12;
	return 0;
}

/* hl_mem_mgr_mmap(): the whole, page-rounded buffer, once */
int hl_ts_mmap(struct hl_ctx *ctx, struct shim_file *f, void *addr, size_t len, int prot,
	       int flags, uint64_t offset, void **out)
{
	struct hl_ts_buf *t = find_ts(ctx, offset);
	void *p;

	if (!t || hl_align(len, SHIM_PAGE_SIZE) != hl_align((uint64_t)t->num * 8, SHIM_PAGE_SIZE) ||
	    t->mmapped)
		return -EINVAL;
	p = shim_real_mmap(addr, len, prot, flags, t->memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	t->mmapped = true;
	t->uaddr = p;
	t->ulen = len;
	t->mmap_file = f;
	shim_file_get(f);
	*out = p;
	return 0;
}

bool hl_ts_munmap(void *addr, size_t len)
{
	struct hl_ts_buf *t;
	struct hl_ctx *ctx;

	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		for (t = ctx->ts_bufs; t; t = t->next) {
			if (!t->mmapped || t->uaddr != addr)
				continue;
			shim_real_munmap(addr, len);
			t->mmapped = false;
			t->uaddr = NULL;
			shim_file_put(t->mmap_file);	/* may release the context */
			return true;
		}
	}
	return false;
}

void hl_intr_release(struct hl_ctx *ctx)
{
	while (ctx->ts_bufs) {
		struct hl_ts_buf *t = ctx->ts_bufs;

		ctx->ts_bufs = t->next;
		shim_real_close(t->memfd);
		free(t->regs);
		free(t);
	}
}

/* the CQ counter at offset (in u64s) of a CB, or -EINVAL */
static int cq_read(struct hl_ctx *ctx, uint32_t cb_id, uint64_t offset, uint64_t *val)
{
	struct hl_cb *cb = hl_find_cb(ctx, (uint64_t)cb_id << 12);

	if (!cb || cb->destroyed || offset >= cb->size / sizeof(uint64_t))
		return -EINVAL;
	return pread(cb->memfd, val, sizeof(*val), (off_t)(offset * 8)) == sizeof(*val) ? 0
											 : -EIO;
}

static void ts_write(struct hl_ts_buf *t, uint32_t idx, uint64_t ns)
{
	if (pwrite(t->memfd, &ns, sizeof(ns), (off_t)idx * 8) != sizeof(ns))
		return;	/* a memfd of the right size does not fail */
}

/* the ids an interrupt on id wakes: itself and its common one */
static bool wakes(uint32_t raised, uint32_t waiting, const struct hl_model *m)
{
	if (raised == waiting)
		return true;
	if (waiting == HL_COMMON_USER_CQ_INTERRUPT_ID)
		return raised >= m->first_user_interrupt;
	if (waiting == HL_COMMON_DEC_INTERRUPT_ID)
		return raised < m->num_dec_interrupts;
	return false;
}

/* handle_user_interrupt(): stamp the records whose counter is at target */
static void stamp_records(struct shim_device *d, uint32_t id)
{
	uint64_t now = (uint64_t)shim_now_ns(), val;
	struct hl_ts_buf *t;
	struct hl_ctx *ctx;
	uint32_t i;

	for (ctx = hl_contexts; ctx; ctx = ctx->next) {
		if (ctx->dev != d)
			continue;
		for (t = ctx->ts_bufs; t; t = t->next) {
			for (i = 0; i < t->num; i++) {
				struct hl_ts_reg *r = &t->regs[i];

				if (!r->in_use || !wakes(id, r->interrupt, ctx->m))
					continue;
				if (cq_read(ctx, r->cq_cb, r->cq_offset, &val) || val < r->target)
					continue;
				ts_write(t, i, now);
				r->in_use = false;
			}
		}
	}
}

__attribute__((visibility("default"))) int accel_shim_hl_raise_interrupt(int minor, uint32_t id)
{
	struct shim_device *d;

	shim_init();
	d = shim_device_get(minor);
	if (!d || id >= 4096)
		return -EINVAL;
	pthread_mutex_lock(&shim_lock);
	hl_devstate(d)->irq_count[id]++;
	stamp_records(d, id);
	pthread_mutex_unlock(&shim_lock);
	return 0;
}

/* interrupts that would wake a waiter on id, so far */
static uint64_t irq_seen(struct shim_device *d, uint32_t id)
{
	const struct hl_devstate *s = hl_devstate(d);
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < 4096; i++)
		if (s->irq_count[i] && wakes(i, id, d->model))
			n += s->irq_count[i];
	return n;
}

/* hl_usecs64_to_jiffies(): 0 polls, the rest waits that long */
static void sleep_slice(int64_t deadline)
{
	int64_t left = deadline - shim_now_ns(), slice = 1000000;
	struct timespec ts;

	if (left < slice)
		slice = left;
	if (slice <= 0)
		return;
	ts.tv_sec = 0;
	ts.tv_nsec = slice;
	pthread_mutex_unlock(&shim_lock);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&shim_lock);
}

static int counter(struct hl_ctx *ctx, const union hl_wait_cs_args *a, bool kernel_cq,
		   uint64_t *val)
{
	if (kernel_cq)
		return cq_read(ctx, (uint32_t)(a->in.cq_counters_handle >> 12),
			       a->in.cq_counters_offset, val);
	return shim_copy_from_user(val, a->in.addr, sizeof(*val));
}

/* wait for an interrupt that finds the counter at the target */
static int wait_irq(struct shim_file *f, const union hl_wait_cs_args *a, uint32_t id,
		    bool kernel_cq, uint32_t *status, int64_t *ts)
{
	struct hl_ctx *ctx = f->priv;
	uint64_t us = a->in.interrupt_timeout_us, val, seen;
	int64_t deadline;
	int ret;

	ret = counter(ctx, a, kernel_cq, &val);
	if (ret)
		return ret;
	if (val >= a->in.target) {
		*status = HL_WAIT_CS_STATUS_COMPLETED;
		*ts = shim_now_ns();
		return 0;
	}
	*status = HL_WAIT_CS_STATUS_BUSY;
	if (!us) {
		/* the kernel-CQ flavour stamps even a busy poll */
		if (kernel_cq)
			*ts = shim_now_ns();
		return 0;
	}
	deadline = us > (uint64_t)INT64_MAX / 2000 ? INT64_MAX : shim_now_ns() + (int64_t)us * 1000;
	seen = irq_seen(f->dev, id);
	while (shim_now_ns() < deadline) {
		sleep_slice(deadline);
		if (!hl_operational(f->dev)) {
			*status = HL_WAIT_CS_STATUS_ABORTED;
			return kernel_cq ? -EIO : 0;	/* a reset cycle aborts it */
		}
		if (irq_seen(f->dev, id) == seen)
			continue;
		seen = irq_seen(f->dev, id);
		ret = counter(ctx, a, kernel_cq, &val);
		if (ret)
			return ret;
		if (val >= a->in.target) {
			*status = HL_WAIT_CS_STATUS_COMPLETED;
			*ts = shim_now_ns();
			return 0;
		}
	}
	return 0;	/* timed out: BUSY, the workload is the user's */
}

/* _hl_interrupt_ts_reg_ioctl() */
static int ts_register(struct shim_file *f, const union hl_wait_cs_args *a, uint32_t id)
{
	struct hl_ctx *ctx = f->priv;
	struct hl_ts_buf *t;
	struct hl_ts_reg *r;
	uint64_t val;
	int ret;

	ret = cq_read(ctx, (uint32_t)(a->in.cq_counters_handle >> 12), a->in.cq_counters_offset,
		      &val);
	if (ret)
		return ret;
	t = find_ts(ctx, a->in.timestamp_handle);
	if (!t || a->in.timestamp_offset >= t->num)
		return -EINVAL;	/* validate_and_get_ts_record() */
	/* a record in use is unregistered, then used again */
	r = &t->regs[a->in.timestamp_offset];
	r->in_use = true;
	r->interrupt = (uint16_t)id;
	r->cq_cb = (uint32_t)(a->in.cq_counters_handle >> 12);
	r->cq_offset = a->in.cq_counters_offset;
	r->target = a->in.target;
	if (val >= a->in.target) {
		r->in_use = false;
		ts_write(t, (uint32_t)a->in.timestamp_offset, (uint64_t)shim_now_ns());
	}
	return 0;
}

/* hl_interrupt_wait_ioctl() */
int hl_interrupt_wait(struct shim_file *f, union hl_wait_cs_args *args)
{
	const struct hl_model *m = f->dev->model;
	uint32_t id = (args->in.flags & HL_WAIT_CS_FLAGS_INTERRUPT_MASK) >> 20;
	uint32_t status = HL_WAIT_CS_STATUS_BUSY;
	bool kernel_cq = args->in.flags & HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ;
	int64_t ts = 0;
	int ret;

	if (id < m->num_dec_interrupts) {
		if (!(m->decoder_enabled_mask & (1u << id)))
			return -EINVAL;	/* "interrupt on a disabled core" */
	} else if (!(id >= m->first_user_interrupt &&
		     id < (uint32_t)m->first_user_interrupt + m->num_user_interrupts) &&
		   id != HL_COMMON_USER_CQ_INTERRUPT_ID && id != HL_COMMON_DEC_INTERRUPT_ID) {
		return -EINVAL;	/* "invalid user interrupt" */
	}
	if (kernel_cq && (args->in.flags & HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT)) {
		ret = ts_register(f, args, id);
		status = HL_WAIT_CS_STATUS_COMPLETED;
		ts = 0;
	} else {
		ret = wait_irq(f, args, id, kernel_cq, &status, &ts);
	}
	if (ret)
		return ret;
	memset(args, 0, sizeof(*args));
	args->out.status = status;
	if (ts) {
		args->out.timestamp_nsec = ts;
		args->out.flags |= HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD;
	}
	return 0;
}
