/* SPDX-License-Identifier: MIT */
/*
 * accel_encoders.h - how to say "fill this BO" and "copy that BO" to each
 * kind of device, for accel_generic.c (and the shim's generic API test).
 *
 * Everything else a program does is the generic API: only building a
 * job (its command buffer and BO list) and making a queue differ per
 * driver. An encoder writes one job into struct enc_job; the caller adds
 * wait points and calls accel_submit().
 *
 * Which devices execute what, as of their emulators (tests/shim):
 *  soft       FILL and COPY commands (softdv.h)
 *  vaccel     the same soft commands, run by the vaccel kernel module
 *  intel_vpu  (ivpu) the firmware's MEMORY_FILL and COPY_SYSTEM_TO_SYSTEM job
 *             commands (ivpudv.h); a copy's descriptor sits in a heap BO
 *  amdxdna    ERT START_CU on a hardware context (amdxdnadv.h) whose CU
 *             runs the emulated firmware's FILL or COPY kernel; such
 *             queues come from the dv constructor, not accel_queue_create
 *  qaic       no commands: a DBC moves sliced BOs. A to-device slice
 *             writes the card's memory, a from-device slice at the same
 *             address reads it back; FILL is a CPU-filled staging BO sent
 *             to the card and read into the target, COPY reads the same
 *             card memory into the destination
 *  rocket     the shim's own copy task (tests/shim/rocket/shim_rocket.h):
 *             the real NPU runs register command programs, which nothing
 *             here generates; FILL is a copy from a CPU-filled staging BO.
 *             One queue per file: both stages share it
 *  ethosu     a command stream BO made from data with a 1-D DMA; FILL is
 *             a DMA from a CPU-filled staging BO. One queue per file
 *  habanalabs the emulator completes CSs without running their packets:
 *             no executing emulator, no encoder
 */
#ifndef ACCEL_ENCODERS_H
#define ACCEL_ENCODERS_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <accel/accel.h>
#include <accel/softdv.h>
#include <accel/ivpudv.h>	/* header-only use: the job format */
#ifdef HAVE_AMDXDNADV
#include <accel/amdxdnadv.h>
#endif
#ifdef HAVE_QAICDV
#include <accel/qaicdv.h>
#endif

/* a job in the making: what accel_submit() gets, less the wait points */
struct enc_job {
	struct accel_submit s;
	struct accel_bo_ref refs[4];
	struct accel_bo *cmd;
	struct accel_bo *staging;	/* the CPU's pattern, where FILL needs one */
};

struct enc_dev {
	struct accel_context *ctx;
	const struct encoder *enc;
	struct accel_queue *first;	/* the first queue made */
	uint32_t engine;		/* from enc_pick_engine() */
	int have_engine;
};

struct encoder {
	const char *driver;
	/* NULL: no executing emulator, data checks are skipped */
	const char *no_exec;
	/* a queue for stage 0 (FILL) or 1 (COPY); NULL + errno */
	struct accel_queue *(*make_queue)(struct enc_dev *d, int stage);
	int (*fill)(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
		    struct accel_bo *dst, uint64_t size, uint32_t pattern);
	int (*copy)(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
		    struct accel_bo *dst, struct accel_bo *src, uint64_t size);
};

/* ------------------------------------------------------------------ */
/* shared pieces                                                      */
/* ------------------------------------------------------------------ */

/* An engine class whose queues take command buffers from accel_submit() */
static inline int enc_pick_engine(struct enc_dev *d)
{
	struct accel_engine_info e[16];
	int i, n;

	n = accel_query_engines(d->ctx, e, 16, sizeof(e[0]));
	if (n < 0)
		return n;
	for (i = 0; i < n && i < 16; i++) {
		if ((e[i].flags & ACCEL_ENGINE_CMD_BUFFER) &&
		    !(e[i].flags & ACCEL_ENGINE_NEEDS_PROGRAM) && e[i].count) {
			d->engine = e[i].id;
			d->have_engine = 1;
			return 0;
		}
	}
	return -EOPNOTSUPP;
}

/* accel_queue_create() on the picked engine, or the default one */
static inline struct accel_queue *enc_queue_generic(struct enc_dev *d, int stage)
{
	struct accel_queue_attr attr = { .comp_mask = ACCEL_QUEUE_ATTR_ENGINE };
	struct accel_queue *q;

	(void)stage;
	if (!d->have_engine && enc_pick_engine(d))
		q = accel_queue_create(d->ctx, NULL);
	else {
		attr.engine = d->engine;
		q = accel_queue_create(d->ctx, &attr);
	}
	if (q && !d->first)
		d->first = q;
	return q;
}

/* One queue per file (rocket, ethosu): the second stage shares the first's */
static inline struct accel_queue *enc_queue_single(struct enc_dev *d, int stage)
{
	if (stage && d->first)
		return d->first;
	d->first = accel_queue_create(d->ctx, NULL);
	return d->first;
}

static inline void enc_ref(struct enc_job *j, struct accel_bo *bo, uint32_t access,
			   uint32_t slot)
{
	j->refs[j->s.num_bos].bo = bo;
	j->refs[j->s.num_bos].access = access;
	j->refs[j->s.num_bos].slot = slot;
	j->s.num_bos++;
	j->s.bos = j->refs;
}

/* A mappable command BO of size bytes, mapped and prepared for writing */
static inline void *enc_cmd_begin(struct enc_dev *d, struct enc_job *j, uint64_t size)
{
	struct accel_bo_alloc_args args = {
		.size = size, .usage = ACCEL_BO_USAGE_COMMAND,
		.flags = ACCEL_BO_HOST_VISIBLE,
	};
	void *p;

	j->cmd = accel_bo_alloc_ex(d->ctx, &args, sizeof(args));
	if (!j->cmd)
		return NULL;
	p = accel_bo_map(j->cmd);
	if (!p || accel_bo_cpu_prep(j->cmd, ACCEL_ACCESS_WRITE, -1))
		return NULL;
	j->s.cmd_bo = j->cmd;
	return p;
}

/* hand the CPU's writes to the device */
static inline int enc_cmd_end(struct enc_job *j, uint64_t len)
{
	j->s.cmd_size = len;
	return accel_bo_cpu_fini(j->cmd);
}

/* A BO holding pattern, written by the CPU: the source of a "FILL" by copy */
static inline struct accel_bo *enc_staging(struct enc_dev *d, struct enc_job *j,
					   uint64_t size, uint32_t pattern)
{
	uint32_t *w;
	uint64_t i;

	j->staging = accel_bo_alloc(d->ctx, size, ACCEL_BO_HOST_VISIBLE);
	if (!j->staging)
		return NULL;
	w = accel_bo_map(j->staging);
	if (!w || accel_bo_cpu_prep(j->staging, ACCEL_ACCESS_WRITE, -1))
		return NULL;
	for (i = 0; i < size / 4; i++)
		w[i] = pattern;
	accel_bo_cpu_fini(j->staging);
	return j->staging;
}

#define ENC_ERR(x) ((x) ? 0 : (errno ? -errno : -EIO))

/* ------------------------------------------------------------------ */
/* soft                                                               */
/* ------------------------------------------------------------------ */

static inline int soft_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	void *cs = enc_cmd_begin(d, j, 4096);

	if (!cs)
		return ENC_ERR(0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	/* commands name memory by device address, like hardware does */
	return enc_cmd_end(j, softdv_emit_fill(cs, accel_bo_device_addr(dst), size,
					       pattern));
}

static inline int soft_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	void *cs = enc_cmd_begin(d, j, 4096);

	if (!cs)
		return ENC_ERR(0);
	enc_ref(j, src, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return enc_cmd_end(j, softdv_emit_copy(cs, accel_bo_device_addr(dst),
					       accel_bo_device_addr(src), size));
}

/* ------------------------------------------------------------------ */
/* ivpu: a firmware job command buffer                                */
/* ------------------------------------------------------------------ */
/* header, then the commands (ivpudv.h's emitters); the header's size covers both */
static inline uint8_t *ivpu_begin(struct enc_dev *d, struct enc_job *j, uint64_t heap)
{
	uint8_t *p = enc_cmd_begin(d, j, 4096);

	if (p)
		ivpudv_emit_buffer_header(p, heap, heap);
	return p;
}

static inline int ivpu_end(struct enc_job *j, uint8_t *p, uint32_t size)
{
	ivpudv_set_size(p, sizeof(struct ivpudv_cmd_buffer_header) + size);
	/* cmd_offset is where the header is; 64 bytes as the provider tests do */
	return enc_cmd_end(j, 64);
}

static inline int ivpu_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	uint8_t *p = ivpu_begin(d, j, 0);

	if (!p)
		return ENC_ERR(0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	/* BOs are page aligned */
	return ivpu_end(j, p, ivpudv_emit_fill(p + sizeof(struct ivpudv_cmd_buffer_header),
					       accel_bo_device_addr(dst), size, pattern));
}

/* one descriptor in a heap BO, in the layout of the NPU's generation */
static inline int ivpu_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	struct accel_device_attr attr = { 0 };
	uint8_t *p, *heap;
	int ret;

	if (size > 16u << 20)
		return -EINVAL;	/* one descriptor moves at most 16 MiB */
	ret = accel_query_device(d->ctx, &attr, sizeof(attr));
	if (ret)
		return ret;
	j->staging = accel_bo_alloc(d->ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	heap = j->staging ? accel_bo_map(j->staging) : NULL;
	if (!heap || accel_bo_cpu_prep(j->staging, ACCEL_ACCESS_WRITE, -1))
		return ENC_ERR(0);
	if (attr.pci_device_id == 0x7d1d)	/* Meteor Lake: 37xx */
		ivpudv_emit_copy_desc_37xx(heap, accel_bo_device_addr(dst),
					   accel_bo_device_addr(src), (uint32_t)size);
	else
		ivpudv_emit_copy_desc_40xx(heap, accel_bo_device_addr(dst),
					   accel_bo_device_addr(src), (uint32_t)size);
	accel_bo_cpu_fini(j->staging);
	p = ivpu_begin(d, j, accel_bo_device_addr(j->staging));
	if (!p)
		return ENC_ERR(0);
	enc_ref(j, src, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	enc_ref(j, j->staging, ACCEL_ACCESS_READ, 0);
	return ivpu_end(j, p, ivpudv_emit_copy(p + sizeof(struct ivpudv_cmd_buffer_header),
					       IVPUDV_CMD_COPY_SYSTEM_TO_SYSTEM, 0, 1));
}

/* ------------------------------------------------------------------ */
/* amdxdna: ERT START_CU on a hardware context                        */
/* ------------------------------------------------------------------ */
#ifdef HAVE_AMDXDNADV
/*
 * The emulated firmware picks the kernel a CU runs by the first word of
 * its configuration (tests/shim/amdxdna/accel_shim_xdna.h): "FILL" for
 * stage 0's context, "COPY" for stage 1's. Real firmware takes an xclbin
 * or an ELF there.
 */
#define XDNA_KERNEL_COPY 0x59504f43u	/* "COPY" */
#define XDNA_KERNEL_FILL 0x4c4c4946u	/* "FILL" */

static inline struct accel_queue *xdna_queue(struct enc_dev *d, int stage)
{
	struct accel_bo *cu = amdxdnadv_bo_alloc(d->ctx, AMDXDNADV_BO_DEV, 4096);
	struct amdxdnadv_cu cus[1] = { { .cu_bo = cu } };
	struct amdxdnadv_hwctx_attr a = { .num_cus = 1, .cus = cus };
	uint32_t *p;

	if (!cu)
		return NULL;
	p = accel_bo_map(cu);
	if (!p)
		return NULL;
	p[0] = stage ? XDNA_KERNEL_COPY : XDNA_KERNEL_FILL;
	accel_bo_cpu_fini(cu);
	/* a NEEDS_PROGRAM engine: the queue is the dv constructor's */
	return amdxdnadv_hwctx_create(d->ctx, &a, sizeof(a));
}

static inline int xdna_start_cu(struct enc_dev *d, struct enc_job *j,
				const uint32_t *regs, uint32_t n)
{
	void *p = enc_cmd_begin(d, j, 4096);

	if (!p)
		return ENC_ERR(0);
	return enc_cmd_end(j, amdxdnadv_ert_start_cu(p, 4096, 1, regs, n));
}

static inline int xdna_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	uint64_t a = accel_bo_device_addr(dst);
	uint32_t regs[4] = { (uint32_t)a, (uint32_t)(a >> 32), pattern, (uint32_t)size };

	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return xdna_start_cu(d, j, regs, 4);
}

static inline int xdna_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	uint64_t a = accel_bo_device_addr(dst), b = accel_bo_device_addr(src);
	uint32_t regs[5] = { (uint32_t)a, (uint32_t)(a >> 32), (uint32_t)b,
			     (uint32_t)(b >> 32), (uint32_t)size };

	enc_ref(j, src, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return xdna_start_cu(d, j, regs, 5);
}
#endif

/* ------------------------------------------------------------------ */
/* qaic: sliced BOs on a DBC                                          */
/* ------------------------------------------------------------------ */
#ifdef HAVE_QAICDV
#define QAIC_CARD_ADDR 0	/* where the data sits in the card's memory */

static inline struct accel_queue *qaic_queue(struct enc_dev *d, int stage)
{
	struct qaicdv_dbc_attr attr = { .queue_size = 64 };

	(void)stage;
	/* the firmware must have a network: the dv constructor activates */
	return qaicdv_dbc_activate(d->ctx, &attr, sizeof(attr));
}

static inline int qaic_slice(struct accel_bo *bo, struct accel_queue *q, uint32_t dir,
			     uint64_t size)
{
	struct qaicdv_slice s = { .size = size, .dev_addr = QAIC_CARD_ADDR };

	return qaicdv_bo_attach_slices(bo, q, dir, &s, 1);
}

/* the staging BO to the card, the card's bytes into dst, in list order */
static inline int qaic_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	int ret;

	if (!enc_staging(d, j, size, pattern))
		return ENC_ERR(0);
	ret = qaic_slice(j->staging, q, QAICDV_TO_DEV, size);
	if (!ret)
		ret = qaic_slice(dst, q, QAICDV_FROM_DEV, size);
	enc_ref(j, j->staging, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return ret;
}

/*
 * A BO is sliced onto one DBC only, and src is FILL's from-device BO on
 * the first: the copy reads the card memory FILL wrote, at the same
 * address, into dst. It does not name src, so it is ordered after FILL
 * by the caller's wait point alone.
 */
static inline int qaic_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			    struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	(void)src;
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return qaic_slice(dst, q, QAICDV_FROM_DEV, size);
}
#endif

/* ------------------------------------------------------------------ */
/* rocket: the shim's copy task                                       */
/* ------------------------------------------------------------------ */
/*
 * This task format is the shim's own (tests/shim/rocket/shim_rocket.h),
 * not the NPU's: real hardware runs register command programs. On a real
 * RK3588 this job completes without moving data.
 */
#define ROCKET_SHIM_OP_COPY 0x59504f434d494853ull	/* "SHIMCOPY" */

static inline int rocket_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			      struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	uint64_t *c = enc_cmd_begin(d, j, 4096);

	if (!c)
		return ENC_ERR(0);
	c[0] = ROCKET_SHIM_OP_COPY;
	c[1] = accel_bo_device_addr(src);
	c[2] = accel_bo_device_addr(dst);
	c[3] = size;
	enc_ref(j, src, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 0);
	return enc_cmd_end(j, 4 * 8);
}

static inline int rocket_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			      struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	if (!enc_staging(d, j, size, pattern))
		return ENC_ERR(0);
	return rocket_copy(d, j, q, dst, j->staging, size);
}

/* ------------------------------------------------------------------ */
/* ethosu: a command stream with a 1-D DMA                            */
/* ------------------------------------------------------------------ */
/* enum ethosu_cmds of the kernel's ethosu_device.h */
#define EU_OP_STOP		0x0
#define EU_OP_DMA_START		0x10
#define EU_SET_DMA0_SRC_REGION	0x130
#define EU_SET_DMA0_DST_REGION	0x131
#define EU_SET_DMA0_SRC		0x4030
#define EU_SET_DMA0_DST		0x4031
#define EU_SET_DMA0_LEN		0x4032

/* a 64-bit command: address bits 32..39 in the first word's param */
static inline uint32_t eu_cmd64(uint32_t *w, uint32_t n, uint16_t cmd, uint64_t v)
{
	w[n] = cmd | (uint32_t)((v >> 32) & 0xff) << 16;
	w[n + 1] = (uint32_t)v;
	return n + 2;
}

/* region 0 (src) to region 1 (dst), size bytes, then STOP */
static inline int ethosu_copy(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			      struct accel_bo *dst, struct accel_bo *src, uint64_t size)
{
	struct accel_bo_alloc_args a = {
		.comp_mask = ACCEL_BO_ALLOC_DOMAIN | ACCEL_BO_ALLOC_INIT,
		.domain = 1,	/* ETHOSUDV_DOMAIN_CMDSTREAM */
		.usage = ACCEL_BO_USAGE_COMMAND,
	};
	uint32_t w[16], n = 0;

	w[n++] = EU_SET_DMA0_SRC_REGION | 0u << 16;	/* mode 0: 1-D */
	w[n++] = EU_SET_DMA0_DST_REGION | 1u << 16;
	n = eu_cmd64(w, n, EU_SET_DMA0_SRC, 0);
	n = eu_cmd64(w, n, EU_SET_DMA0_DST, 0);
	n = eu_cmd64(w, n, EU_SET_DMA0_LEN, size);
	w[n++] = EU_OP_DMA_START;
	w[n++] = EU_OP_STOP;
	/* the kernel validates the stream as it makes the BO (ethosudv.h) */
	a.size = n * 4;
	a.init_data = w;
	a.init_size = n * 4;
	j->cmd = accel_bo_alloc_ex(d->ctx, &a, sizeof(a));
	if (!j->cmd)
		return ENC_ERR(0);
	j->s.cmd_bo = j->cmd;
	j->s.cmd_size = n * 4;
	enc_ref(j, src, ACCEL_ACCESS_READ, 0);
	enc_ref(j, dst, ACCEL_ACCESS_WRITE, 1);
	return 0;
}

static inline int ethosu_fill(struct enc_dev *d, struct enc_job *j, struct accel_queue *q,
			      struct accel_bo *dst, uint64_t size, uint32_t pattern)
{
	if (!enc_staging(d, j, size, pattern))
		return ENC_ERR(0);
	return ethosu_copy(d, j, q, dst, j->staging, size);
}

/* ------------------------------------------------------------------ */

static const struct encoder enc_table[] = {
	{ "soft", NULL, enc_queue_generic, soft_fill, soft_copy },
	{ "vaccel", NULL, enc_queue_generic, soft_fill, soft_copy },
	{ "intel_vpu", NULL, enc_queue_generic, ivpu_fill, ivpu_copy },
#ifdef HAVE_AMDXDNADV
	{ "amdxdna", NULL, xdna_queue, xdna_fill, xdna_copy },
#endif
#ifdef HAVE_QAICDV
	{ "qaic", NULL, qaic_queue, qaic_fill, qaic_copy },
#endif
	{ "rocket", NULL, enc_queue_single, rocket_fill, rocket_copy },
	{ "ethosu", NULL, enc_queue_single, ethosu_fill, ethosu_copy },
	{ "habanalabs",
	  "no executing emulator: CSs complete without running their packets",
	  enc_queue_generic, NULL, NULL },
};

static inline const struct encoder *enc_find(const char *driver)
{
	size_t i;

	for (i = 0; i < sizeof(enc_table) / sizeof(enc_table[0]); i++)
		if (!strcmp(enc_table[i].driver, driver))
			return &enc_table[i];
	return NULL;
}

#endif /* ACCEL_ENCODERS_H */
