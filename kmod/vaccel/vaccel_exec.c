// SPDX-License-Identifier: GPL-2.0
/*
 * vaccel - the engine: runs a job's command stream, the soft device's
 * format (include/accel/softdv.h, accel_soft(7)), over the vmapped BOs.
 *
 * The stream is read from the command BO while the job runs, as hardware
 * would, so every command is copied out before it is checked and used.
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "vaccel_drv.h"

/* The soft format, as include/accel/softdv.h declares it (SOFTDV_OP_*) */
enum {
	OP_NOP = 0x00,
	OP_COPY = 0x01,
	OP_FILL = 0x02,
	OP_WRITE_VALUE = 0x03,
	OP_WAIT_VALUE = 0x04,
	OP_TIMESTAMP = 0x05,
};

enum { WAIT_EQ, WAIT_NEQ, WAIT_GTE, WAIT_LT };

struct cmd_header {
	u16 opcode;
	u16 size;
	u32 flags;
};

struct cmd {
	struct cmd_header hdr;
	union {
		struct { u64 dst, src, size; } copy;
		struct { u64 dst, size; u32 pattern, reserved; } fill;
		struct { u64 dst, value; } write;
		struct {
			u64 addr, value, mask;
			u32 cmp, reserved;
			u64 timeout_ns;
		} wait;
		struct { u64 dst; } ts;
	};
};

static const u16 cmd_sizes[] = {
	[OP_COPY] = 32, [OP_FILL] = 32, [OP_WRITE_VALUE] = 24,
	[OP_WAIT_VALUE] = 48, [OP_TIMESTAMP] = 16,
};

#define CHUNK SZ_1M	/* bytes between abort checks in COPY and FILL */

void vaccel_wake_waiters(struct vaccel_device *vdev)
{
	atomic_inc(&vdev->value_seq);
	wake_up_all(&vdev->value_wq);
}

static int job_stopped(struct vaccel_job *job)
{
	if (READ_ONCE(job->abort))
		return -ETIME;
	if (READ_ONCE(job->vdev->unplugged))
		return -ECANCELED;
	return 0;
}

/*
 * The kernel address of [addr, addr + len) when it lies inside one BO of
 * the job with the access asked for; -EFAULT otherwise (a GPU would fault).
 */
static int resolve(struct vaccel_job *job, u64 addr, u64 len, u32 access,
		   u8 **out)
{
	unsigned int i;
	u64 end;

	if (check_add_overflow(addr, len, &end))
		return -EFAULT;
	for (i = 0; i < job->bo_count; i++) {
		struct vaccel_job_bo *bo = &job->bos[i];

		if (addr < bo->addr || end > bo->addr + bo->size)
			continue;
		if ((bo->flags & access) != access)
			return -EFAULT;
		*out = (u8 *)bo->vaddr + (addr - bo->addr);
		return 0;
	}
	return -EFAULT;
}

static int do_copy(struct vaccel_job *job, const struct cmd *c)
{
	u64 dst = c->copy.dst, src = c->copy.src, size = c->copy.size;
	u8 *d, *s;
	u64 off;
	int ret;

	if (!size)
		return -EINVAL;
	/* the format's rules first (EINVAL), then the access (EFAULT) */
	if (dst + size > dst && src + size > src &&
	    dst < src + size && src < dst + size)	/* overlap */
		return -EINVAL;
	ret = resolve(job, dst, size, DRM_VACCEL_BO_WRITE, &d);
	if (!ret)
		ret = resolve(job, src, size, DRM_VACCEL_BO_READ, &s);
	if (ret)
		return ret;
	for (off = 0; off < size; off += CHUNK) {
		ret = job_stopped(job);
		if (ret)
			return ret;
		memcpy(d + off, s + off, min_t(u64, CHUNK, size - off));
		cond_resched();
	}
	return 0;
}

static int do_fill(struct vaccel_job *job, const struct cmd *c)
{
	u64 size = c->fill.size, i;
	u32 *d;
	int ret;

	if (!size || c->fill.reserved || (c->fill.dst | size) & 3)
		return -EINVAL;
	ret = resolve(job, c->fill.dst, size, DRM_VACCEL_BO_WRITE, (u8 **)&d);
	if (ret)
		return ret;
	for (i = 0; i < size / 4; i++) {
		if (!(i % (CHUNK / 4))) {
			ret = job_stopped(job);
			if (ret)
				return ret;
			cond_resched();
		}
		d[i] = c->fill.pattern;
	}
	return 0;
}

static bool wait_true(u64 v, const struct cmd *c)
{
	v &= c->wait.mask;
	switch (c->wait.cmp) {
	case WAIT_EQ:
		return v == c->wait.value;
	case WAIT_NEQ:
		return v != c->wait.value;
	case WAIT_GTE:
		return v >= c->wait.value;
	default:
		return v < c->wait.value;
	}
}

/*
 * Polls the word, sleeping on value_wq between looks: WRITE_VALUE, COPY,
 * FILL and job completions of the device wake it, a jiffy's timeout
 * covers CPU stores through mmap and other devices.
 */
static int do_wait_value(struct vaccel_job *job, const struct cmd *c)
{
	struct vaccel_device *vdev = job->vdev;
	u64 start = ktime_get_ns();
	u64 *p;
	int ret, seq;

	if ((c->wait.addr & 7) || c->wait.cmp > WAIT_LT || c->wait.reserved)
		return -EINVAL;
	ret = resolve(job, c->wait.addr, 8, DRM_VACCEL_BO_READ, (u8 **)&p);
	if (ret)
		return ret;
	for (;;) {
		seq = atomic_read(&vdev->value_seq);
		/* acquire: pairs with WRITE_VALUE's release, as in soft */
		if (wait_true(smp_load_acquire(p), c))
			return 0;
		ret = job_stopped(job);
		if (ret)
			return ret;
		if (c->wait.timeout_ns &&
		    ktime_get_ns() - start >= c->wait.timeout_ns)
			return -ETIME;
		wait_event_timeout(vdev->value_wq,
				   atomic_read(&vdev->value_seq) != seq, 1);
	}
}

static int exec_one(struct vaccel_job *job, const struct cmd *c)
{
	u64 *p;
	int ret;

	switch (c->hdr.opcode) {
	case OP_NOP:
		return 0;
	case OP_COPY:
		return do_copy(job, c);
	case OP_FILL:
		return do_fill(job, c);
	case OP_WRITE_VALUE:
		if (c->write.dst & 7)
			return -EINVAL;
		ret = resolve(job, c->write.dst, 8, DRM_VACCEL_BO_WRITE, (u8 **)&p);
		if (ret)
			return ret;
		/* release: what the queue wrote before is visible first */
		smp_store_release(p, c->write.value);
		vaccel_wake_waiters(job->vdev);
		return 0;
	case OP_WAIT_VALUE:
		return do_wait_value(job, c);
	case OP_TIMESTAMP:
		if (c->ts.dst & 7)
			return -EINVAL;
		ret = resolve(job, c->ts.dst, 8, DRM_VACCEL_BO_WRITE, (u8 **)&p);
		if (ret)
			return ret;
		WRITE_ONCE(*p, ktime_get_ns());	/* CLOCK_MONOTONIC */
		return 0;
	}
	return -EINVAL;
}

int vaccel_exec(struct vaccel_job *job)
{
	const u8 *stream = (u8 *)job->bos[job->cmd_index].vaddr + job->cmd_offset;
	u32 off = 0, index = 0;
	int ret = 0;

	while (off < job->cmd_size) {
		u32 left = job->cmd_size - off;
		struct cmd c = {};

		memcpy(&c.hdr, stream + off, sizeof(c.hdr));
		if (c.hdr.flags || c.hdr.size < 8 || c.hdr.size % 8 ||
		    c.hdr.size > left) {
			ret = -EINVAL;
			break;
		}
		if (c.hdr.opcode != OP_NOP) {
			if (c.hdr.opcode >= ARRAY_SIZE(cmd_sizes) ||
			    c.hdr.size != cmd_sizes[c.hdr.opcode]) {
				ret = -EINVAL;
				break;
			}
			memcpy(&c, stream + off, c.hdr.size);
		}
		ret = exec_one(job, &c);
		if (ret)
			break;
		off += c.hdr.size;
		index++;
	}
	if (ret)
		drm_dbg_driver(&job->vdev->drm,
			       "job failed at command %u (offset %u): %d\n",
			       index, off, ret);
	vaccel_wake_waiters(job->vdev);
	return ret;
}
