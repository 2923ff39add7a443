// SPDX-License-Identifier: MIT
/*
 * One driver's ioctl path through its provider, on the uAPI emulator (the
 * shim, linked in): the input is decoded into a sequence of public calls
 * on one context (allocations of any size, flags, domain and initial
 * contents; map, unmap, free, export and import, CPU brackets; queues of
 * any attributes; submissions built by the examples' encoders and then
 * bent, raw submissions and the driver's typed extensions with fuzzed
 * fields; waits, job status; the driver's dv calls with fuzzed arguments).
 * The library must answer every bad input with a negative errno (NULL and
 * errno) and a reason, never crash; everything is freed at the end.
 *
 * Every ioctl here comes from the library, so the shim's abort for an
 * item it does not emulate is a finding too. Command contents are the
 * encoders' (what a device would run is not the library's to judge), so
 * the emulated firmware never sees commands it does not know.
 *
 * Built once per driver (FUZZ_DRIVER, FUZZ_MODEL, FUZZ_PROVIDER); the
 * target re-executes itself with the shim's environment when started
 * without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/hldv.h>
#include <accel/rocketdv.h>
#include <accel/ethosudv.h>

#include "accel_encoders.h"
#ifdef FUZZ_AMDXDNADV
#include <uapi/drm/amdxdna_accel.h>
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Drivers whose device parses the command buffer (ivpu's firmware,
 * amdxdna's ERT, ethosu's NPU, rocket's tasks): commands there come only
 * from the encoders; habanalabs' emulator completes CSs without running
 * their packets and qaic has none, so any BO may be a command buffer.
 */
#if defined(FUZZ_HLDV) || defined(FUZZ_QAICDV)
#define COMMANDS_FROM_INPUT_UNSAFE 0
#else
#define COMMANDS_FROM_INPUT_UNSAFE 1
#endif

#define NBO 8
#define NQ 2
#define MAX_OPS 48

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct in *in)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | u8(in);
	return v;
}

static uint64_t u64(struct in *in)
{
	return (uint64_t)u32(in) << 32 | u32(in);
}

/* sizes an allocator must think about */
static uint64_t size_of(struct in *in)
{
	static const uint64_t sizes[] = {
		0, 1, 7, 4095, 4096, 4097, 65536, 1 << 20, 3 << 20,
		1ull << 32, (1ull << 32) + 4096, UINT64_MAX, UINT64_MAX - 4095,
	};
	uint8_t k = u8(in);

	if (k < 2 * sizeof(sizes) / sizeof(sizes[0]))
		return sizes[k % (sizeof(sizes) / sizeof(sizes[0]))];
	return u32(in) % (4u << 20);
}

struct state {
	struct accel_context *ctx;
	struct enc_dev ed;
	const struct encoder *enc;
	struct accel_bo *bo[NBO];
	struct accel_queue *q[NQ];
	uint64_t last[NQ];	/* the newest seqno a submission got */
	uint32_t ndomains;
	uint32_t domain_ids[8];
};

static struct accel_device **devices;
static struct accel_device *device;

/* how often submissions went through and failed: FUZZ_DRIVER_STATS=1 */
static unsigned long n_submit_ok, n_submit_err, n_wait_ok;

static void __attribute__((destructor)) print_stats(void)
{
	if (getenv("FUZZ_DRIVER_STATS"))
		fprintf(stderr, "fuzz_driver(%s): submissions %lu accepted, %lu refused; %lu waits done\n",
			FUZZ_DRIVER, n_submit_ok, n_submit_err, n_wait_ok);
}

static void finding(const char *call, const char *what)
{
	fprintf(stderr, "fuzz_driver(%s): %s: %s\n", FUZZ_DRIVER, call, what);
	abort();
}

/* a failure must be a negative errno with a reason the caller can read */
static long check_ret(const char *call, long ret)
{
	const char *why;

	if (ret >= 0)
		return ret;
	if (ret < -4095)
		finding(call, "not a negative errno");
	why = accel_last_error();
	if (!why || !why[0])
		finding(call, "failed without a reason");
	return ret;
}

static void *check_ptr(const char *call, void *p)
{
	const char *why;

	if (p)
		return p;
	if (errno <= 0 || errno > 4095)
		finding(call, "NULL without errno");
	why = accel_last_error();
	if (!why || !why[0])
		finding(call, "NULL without a reason");
	return NULL;
}

static int free_slot(struct state *s)
{
	int i;

	for (i = 0; i < NBO; i++)
		if (!s->bo[i])
			return i;
	return -1;
}

static struct accel_bo *pick_bo(struct in *in, struct state *s)
{
	return s->bo[u8(in) % NBO];
}

static void put_bo(struct state *s, struct accel_bo *bo)
{
	int i = free_slot(s);

	if (!bo)
		return;
	if (i < 0) {
		check_ret("accel_bo_free", accel_bo_free(bo));
		return;
	}
	s->bo[i] = bo;
}

static void op_alloc(struct in *in, struct state *s)
{
	uint64_t size = size_of(in);
	uint32_t flags = u8(in);

	if (flags & 0x80)
		flags |= u32(in);
	put_bo(s, check_ptr("accel_bo_alloc", accel_bo_alloc(s->ctx, size, flags & 0x8f)));
}

static void op_alloc_ex(struct in *in, struct state *s)
{
	uint8_t init[512], raw[sizeof(struct accel_bo_alloc_args) + 16];
	struct accel_bo_alloc_args *a = (void *)raw;
	struct accel_bo *bo;
	size_t args_size, i, n;
	uint8_t k = u8(in);

	memset(raw, 0, sizeof(raw));
	a->comp_mask = k & 7;
	a->flags = u8(in) & 0xf;
	a->size = size_of(in);
	a->domain = u8(in);
	if (s->ndomains && (a->domain & 0x80) == 0)
		a->domain = s->domain_ids[a->domain % s->ndomains];
	a->usage = u8(in) % 3;
	n = u8(in) * 2;
	for (i = 0; i < n; i++)
		init[i] = u8(in);
	a->init_data = (k & 8) ? NULL : init;
	a->init_size = (k & 16) ? u32(in) % sizeof(init) : n;
	if (a->init_data == NULL && (k & 32))
		a->init_size = 0;
	switch ((k >> 6) & 3) {
	case 0: args_size = sizeof(*a); break;
	case 1: args_size = offsetof(struct accel_bo_alloc_args, init_data); break;
	case 2: args_size = sizeof(raw); raw[sizeof(*a) + 3] = u8(in); break;
	default: args_size = u8(in) % sizeof(raw); break;
	}
	bo = check_ptr("accel_bo_alloc_ex", accel_bo_alloc_ex(s->ctx, a, args_size));
	if (bo && a->usage == ACCEL_BO_USAGE_COMMAND && COMMANDS_FROM_INPUT_UNSAFE) {
		/* commands made of input bytes: never run (see the top) */
		check_ret("accel_bo_free", accel_bo_free(bo));
		return;
	}
	put_bo(s, bo);
}

static void op_map(struct in *in, struct state *s)
{
	struct accel_bo *bo = pick_bo(in, s);
	volatile uint8_t sum = 0;
	uint8_t *p;
	uint64_t i, n;

	if (!bo)
		return;
	p = check_ptr("accel_bo_map", accel_bo_map(bo));
	if (!p)
		return;
	/* read: a mapping may be read-only (init-only domains) */
	n = accel_bo_size(bo) < 8192 ? accel_bo_size(bo) : 8192;
	for (i = 0; i < n; i += 64)
		sum += p[i];
	(void)sum;
}

static void op_unmap(struct in *in, struct state *s)
{
	struct accel_bo *bo = pick_bo(in, s);

	if (bo)
		check_ret("accel_bo_unmap", accel_bo_unmap(bo));
}

static void op_free(struct in *in, struct state *s)
{
	uint8_t i = u8(in) % NBO;

	if (!s->bo[i])
		return;
	check_ret("accel_bo_free", accel_bo_free(s->bo[i]));
	s->bo[i] = NULL;
}

static void op_export_import(struct in *in, struct state *s)
{
	static const uint32_t flags[] = { O_RDWR, O_RDONLY, O_RDWR | O_CLOEXEC, O_WRONLY,
					  0xffffffffu, O_RDWR | O_NONBLOCK };
	struct accel_bo *bo = pick_bo(in, s);
	uint8_t k = u8(in);
	int fd = -1, pfd[2];

	if (k & 1) {
		/* import of what is not a dma-buf of ours */
		if (k & 2) {
			if (pipe(pfd))
				return;
			put_bo(s, check_ptr("accel_bo_import_dmabuf",
					    accel_bo_import_dmabuf(s->ctx, pfd[0])));
			close(pfd[0]);
			close(pfd[1]);
		} else {
			put_bo(s, check_ptr("accel_bo_import_dmabuf",
					    accel_bo_import_dmabuf(s->ctx, (int)u32(in))));
		}
		return;
	}
	if (!bo)
		return;
	fd = (int)check_ret("accel_bo_export_dmabuf",
			    accel_bo_export_dmabuf(bo, flags[(k >> 2) % 6]));
	if (fd < 0)
		return;
	put_bo(s, check_ptr("accel_bo_import_dmabuf", accel_bo_import_dmabuf(s->ctx, fd)));
	close(fd);
}

static int64_t timeout_of(struct in *in)
{
	static const int64_t t[] = { 0, 1000, 1000000, 5000000, -5, INT64_MIN };

	return t[u8(in) % 6];
}

static void op_cpu(struct in *in, struct state *s)
{
	struct accel_bo *bo = pick_bo(in, s);
	uint8_t k = u8(in);

	if (!bo)
		return;
	if (k & 1)
		check_ret("accel_bo_cpu_fini", accel_bo_cpu_fini(bo));
	else
		check_ret("accel_bo_cpu_prep", accel_bo_cpu_prep(bo, (k >> 1) & 7,
								 timeout_of(in)));
}

static void op_query(struct in *in, struct state *s)
{
	uint8_t buf[16 * 256];
	uint8_t k = u8(in);
	uint32_t max = u8(in) % 17;
	size_t esz = u8(in);

	if (max * esz > sizeof(buf))
		esz = sizeof(buf) / (max ? max : 1);
	switch (k % 4) {
	case 0:
		check_ret("accel_query_device",
			  accel_query_device(s->ctx, (void *)buf,
					     u8(in) % (sizeof(struct accel_device_attr) + 32)));
		break;
	case 1:
		check_ret("accel_query_mem_domains",
			  accel_query_mem_domains(s->ctx, max ? (void *)buf : NULL, max, esz));
		break;
	case 2:
		check_ret("accel_query_engines",
			  accel_query_engines(s->ctx, max ? (void *)buf : NULL, max, esz));
		break;
	default:
		/* a bigger caller struct: the library zero-fills the rest */
		check_ret("accel_device_usage",
			  accel_device_usage(device, (void *)buf,
					     u8(in) % (sizeof(struct accel_usage) + 16)));
		break;
	}
}

static int free_queue(struct state *s)
{
	int i;

	for (i = 0; i < NQ; i++)
		if (!s->q[i])
			return i;
	return -1;
}

static void op_queue(struct in *in, struct state *s)
{
	struct accel_queue_attr attr;
	struct accel_queue *q;
	int i = free_queue(s);
	uint8_t k = u8(in);

	if (i < 0) {
		i = k % NQ;
		if (s->ed.first == s->q[i])
			s->ed.first = s->q[!i] != s->q[i] ? s->q[!i] : NULL;
		check_ret("accel_queue_destroy", accel_queue_destroy(s->q[i]));
		if (s->q[!i] == s->q[i])
			s->q[!i] = NULL;
		s->q[i] = NULL;
		return;
	}
	if ((k & 3) == 0 && s->enc) {
		/* the one the driver wants (hardware contexts, DBCs) */
		q = check_ptr("make_queue", s->enc->make_queue(&s->ed, i));
		if (q && q == s->q[!i])
			q = NULL;	/* one queue per file: shared */
	} else {
		memset(&attr, 0, sizeof(attr));
		attr.comp_mask = u8(in) & 0xf;
		attr.flags = (k & 4) ? u32(in) : 0;
		attr.priority = (int8_t)u8(in);
		attr.engine = u8(in) % 6;
		attr.instance = u8(in) % 4;
		q = check_ptr("accel_queue_create",
			      accel_queue_create(s->ctx, (k & 8) ? NULL : &attr));
	}
	s->q[i] = q;
	s->last[i] = 0;
}

static struct accel_queue *pick_queue(struct in *in, struct state *s, int *idx)
{
	*idx = u8(in) % NQ;
	return s->q[*idx];
}

/* after the encoder: bend the submission the way a careless caller would */
static void bend(struct in *in, struct state *s, struct accel_submit *sub,
		 struct accel_bo_ref *refs, struct accel_fence_point *wp, int32_t *fences,
		 int32_t *out_fd)
{
	uint8_t k = u8(in);
	uint32_t i;

	if (k & 1)
		sub->flags = u32(in);
	if (k & 2) {
		/* more BOs from the pool, with any access and slot */
		for (i = sub->num_bos; i < 6; i++) {
			refs[i].bo = pick_bo(in, s);
			refs[i].access = u8(in) % 5;
			refs[i].slot = u8(in) % 9;
		}
		if (sub->num_bos)
			memcpy(refs, sub->bos, sub->num_bos * sizeof(*refs));
		/*
		 * The encoder's own BOs stay listed: unlisted, the program
		 * may free memory the encoded job is about to touch, which
		 * is a device fault (an IOMMU fault on rocket), not a call
		 * the library can refuse, and no emulator models it.
		 */
		sub->bos = refs;
		if (sub->num_bos < 7)
			sub->num_bos += u8(in) % (7 - sub->num_bos);
	}
	if ((k & 4) && sub->cmd_bo) {
		uint64_t end = accel_bo_size(sub->cmd_bo);

		/* where the device parses commands, only ranges past the BO */
		if (COMMANDS_FROM_INPUT_UNSAFE) {
			sub->cmd_offset = (k & 8) ? end + u8(in) : sub->cmd_offset;
			sub->cmd_size = (k & 16) ? end + 1 + u64(in) % (UINT64_MAX - end) :
						  sub->cmd_size;
		} else {
			sub->cmd_offset = (k & 8) ? u64(in) : u8(in) * 8;
			sub->cmd_size = (k & 16) ? u64(in) : sub->cmd_size;
		}
	}
	if (k & 32) {
		int q = u8(in) % NQ;

		wp[0].queue = s->q[q];
		wp[0].seqno = (k & 64) ? u64(in) : s->last[q];
		sub->wait_points = wp;
		sub->num_wait_points = (u8(in) % 3);
		wp[1] = wp[0];
		sub->comp_mask |= ACCEL_SUBMIT_WAIT;
	}
	if (k & 128) {
		/*
		 * Closed or negative fds only: an open fd that is not a
		 * sync_file (a pipe, a queue's eventfd) blocks accel_submit
		 * forever where the core waits on the CPU (queue.c
		 * resolve_deps polls it); the kernel would answer EINVAL.
		 * Left to the core (the shim's sync_files are eventfds).
		 */
		fences[0] = (u8(in) & 1) ? -(int32_t)(u8(in) + 1) : 100000 + u8(in);
		fences[1] = -1;
		sub->in_fence_fds = fences;
		sub->num_in_fences = u8(in) % 3;
		sub->out_fence_fd = (u8(in) & 1) ? out_fd : NULL;
		sub->comp_mask |= u8(in) & 3;
	}
}

static void finish_submit(struct state *s, int qi, struct accel_queue *q,
			  const struct accel_submit *sub, const char *call)
{
	int32_t out_fd = -1;
	struct accel_submit copy = *sub;
	uint64_t seqno = 0;
	long ret;

	if (copy.out_fence_fd)
		copy.out_fence_fd = &out_fd;
	ret = check_ret(call, accel_submit(q, &copy, &seqno));
	if (ret >= 0) {
		s->last[qi] = seqno;
		n_submit_ok++;
	} else {
		n_submit_err++;
	}
	if (out_fd >= 0)
		close(out_fd);
}

/* a FILL or COPY the encoder makes, bent, then submitted */
static void op_submit_enc(struct in *in, struct state *s)
{
	struct accel_bo_ref refs[8];
	struct accel_fence_point wp[2];
	int32_t fences[2], out_fd;
	struct enc_job j;
	struct accel_bo *dst = pick_bo(in, s), *src = pick_bo(in, s);
	struct accel_queue *q;
	uint64_t len;
	int qi, ret;

	q = pick_queue(in, s, &qi);
	if (!q || !dst || !s->enc)
		return;
	if (!s->enc->fill) {
		/* no encoder (habanalabs: CSs complete unrun): dst is the CB */
		memset(&j, 0, sizeof(j));
		j.s.cmd_bo = dst;
		j.s.cmd_size = accel_bo_size(dst) < 4096 ? accel_bo_size(dst) : 4096;
		if (src)
			enc_ref(&j, src, ACCEL_ACCESS_RW, 0);
		bend(in, s, &j.s, refs, wp, fences, &out_fd);
		finish_submit(s, qi, q, &j.s, "accel_submit(cb)");
		return;
	}
	/*
	 * an encoder writes device addresses into the commands: a BO with
	 * none (rocket's imports) would make the device touch address 0
	 */
	if (!accel_bo_device_addr(dst) || (src && !accel_bo_device_addr(src)))
		return;
	len = accel_bo_size(dst);
	if (src && accel_bo_size(src) < len)
		len = accel_bo_size(src);
	len = (len < 65536 ? len : 65536) & ~(uint64_t)63;
	len = len ? (u8(in) % (len / 64) + 1) * 64 : 64;
	memset(&j, 0, sizeof(j));
	if (src && src != dst)
		ret = s->enc->copy(&s->ed, &j, q, dst, src, len);
	else
		ret = s->enc->fill(&s->ed, &j, q, dst, len, u32(in));
	if (!ret) {
		bend(in, s, &j.s, refs, wp, fences, &out_fd);
		finish_submit(s, qi, q, &j.s, "accel_submit(encoded)");
	}
	if (j.cmd)
		check_ret("accel_bo_free", accel_bo_free(j.cmd));
	if (j.staging)
		check_ret("accel_bo_free", accel_bo_free(j.staging));
}

/* the driver's typed extensions, fields from the input, pointers valid */
static void op_submit_ext(struct in *in, struct state *s)
{
	union {
		struct accel_submit_ext raw[16];
		struct hldv_submit_chunks hl_chunks;
		struct hldv_submit_cs hl_cs;
		struct rocketdv_submit_tasks rk_tasks;
		struct ethosudv_submit_sram eu_sram;
	} x;
	struct hldv_cs_chunk chunks[4];
	struct rocketdv_task tasks[4];
	struct accel_bo_ref refs[4];
	struct accel_submit sub;
	struct accel_queue *q;
	uint64_t kseq;
	uint16_t sob;
	uint8_t k = u8(in);
	uint32_t i;
	int qi;

	q = pick_queue(in, s, &qi);
	if (!q)
		return;
	memset(&x, 0, sizeof(x));
	memset(&sub, 0, sizeof(sub));
	for (i = 0; i < 4; i++) {
		refs[i].bo = pick_bo(in, s);
		refs[i].access = 1 + u8(in) % 3;
		refs[i].slot = u8(in) % 4;
	}
	sub.bos = refs;
	sub.num_bos = u8(in) % 5;
	for (i = 0; i < sub.num_bos; i++)
		if (!refs[i].bo)
			sub.num_bos = i;
	switch (k % 5) {
	case 0:	/* habanalabs chunks on any BO of the pool */
		for (i = 0; i < 4; i++) {
			chunks[i].cb = refs[i].bo;
			chunks[i].offset = u8(in) * 8;
			chunks[i].size = u32(in) % 8192;
			chunks[i].queue_index = u8(in) % 64;
		}
		x.hl_chunks.ext.type = HLDV_SUBMIT_EXT_CHUNKS;
		x.hl_chunks.chunks = chunks;
		x.hl_chunks.num = u8(in) % 5;
		x.hl_chunks.ext.size = sizeof(x.hl_chunks);
		break;
	case 1:	/* a habanalabs CS type with its flags */
		x.hl_cs.ext.type = HLDV_SUBMIT_EXT_CS;
		x.hl_cs.ext.size = sizeof(x.hl_cs);
		x.hl_cs.type = u8(in) % 5;
		x.hl_cs.flags = u8(in) & 0x1f;
		x.hl_cs.timeout_s = u8(in);
		x.hl_cs.encaps_offset = u8(in);
		x.hl_cs.signal_seq = (k & 0x80) ? u64(in) : u8(in);
		x.hl_cs.collective_engine_id = u8(in);
		x.hl_cs.out_kernel_seq = &kseq;
		x.hl_cs.out_sob_count = &sob;
		break;
	case 2:	/* rocket tasks inside a BO of the pool */
		for (i = 0; i < 4; i++) {
			struct accel_bo *bo = refs[i].bo;
			uint64_t sz = bo ? accel_bo_size(bo) : 0;
			uint64_t off = sz ? (u32(in) % sz) & ~7ull : 0;

			tasks[i].regcmd = bo ? (uint32_t)(accel_bo_device_addr(bo) + off) : u32(in);
			tasks[i].regcmd_count = sz > off + 8 ? 1 + u32(in) % ((sz - off) / 8) : 0;
		}
		x.rk_tasks.ext.type = ROCKETDV_SUBMIT_EXT_TASKS;
		x.rk_tasks.ext.size = sizeof(x.rk_tasks);
		x.rk_tasks.tasks = tasks;
		x.rk_tasks.num_tasks = u8(in) % 5;
		break;
	case 3:	/* ethosu SRAM on the encoder's job is below; alone here */
		x.eu_sram.ext.type = ETHOSUDV_SUBMIT_EXT_SRAM;
		x.eu_sram.ext.size = sizeof(x.eu_sram);
		x.eu_sram.sram_size = u32(in);
		x.eu_sram.reserved = u8(in) & 1;
		break;
	default:	/* a type nobody knows, any size */
		x.raw[0].type = u32(in);
		x.raw[0].size = u8(in) % sizeof(x);
		break;
	}
	if (u8(in) & 1)
		x.raw[0].size = u8(in) % sizeof(x);
	sub.ext = &x.raw[0];
	sub.cmd_bo = (k & 0x40) && !COMMANDS_FROM_INPUT_UNSAFE ? pick_bo(in, s) : NULL;
	sub.cmd_size = sub.cmd_bo ? u8(in) * 8 : 0;
	finish_submit(s, qi, q, &sub, "accel_submit(ext)");
}

static void op_wait(struct in *in, struct state *s)
{
	uint8_t st[sizeof(struct accel_job_status) + 8];
	struct accel_queue *q;
	uint64_t seqno, done;
	uint8_t k = u8(in);
	int qi;

	q = pick_queue(in, s, &qi);
	if (!q)
		return;
	switch (k % 4) {
	case 0: seqno = s->last[qi]; break;
	case 1: seqno = s->last[qi] + 1 + u8(in); break;
	case 2: seqno = 0; break;
	default: seqno = UINT64_MAX - u8(in); break;
	}
	switch ((k >> 2) % 4) {
	case 0:
		if (!check_ret("accel_wait", accel_wait(q, seqno, timeout_of(in))) && seqno)
			n_wait_ok++;
		break;
	case 1:
		check_ret("accel_job_status",
			  accel_job_status(q, seqno, (void *)st, u8(in) % sizeof(st)));
		break;
	case 2:
		check_ret("accel_queue_completed", accel_queue_completed(q, &done));
		break;
	default:
		check_ret("accel_queue_get_fd", accel_queue_get_fd(q));
		break;
	}
}

/* the driver's own calls, arguments from the input */
static void op_dv(struct in *in, struct state *s)
{
	uint8_t buf[4096];
	uint32_t op = u32(in), len = u32(in) % sizeof(buf);
	uint64_t v;

	(void)buf;
	(void)op;
	(void)len;
	(void)v;
#if defined(FUZZ_HLDV)
	switch (u8(in) % 4) {
	case 0:
		check_ret("hldv_info", hldv_info(s->ctx, op % 64, u32(in), buf, len));
		break;
	case 1:
		put_bo(s, check_ptr("hldv_cb_alloc", hldv_cb_alloc(s->ctx, op % (3u << 20))));
		break;
	case 2: {
		struct accel_bo *bo = pick_bo(in, s);

		if (bo) {
			int fd = (int)check_ret("hldv_bo_export_dmabuf",
						hldv_bo_export_dmabuf(bo, u64(in) % (1u << 22),
								      u64(in) % (1u << 22),
								      O_RDWR | O_CLOEXEC));
			if (fd >= 0)
				close(fd);
		}
		break;
	}
	default:
		check_ret("hldv_query_page_sizes", hldv_query_page_sizes(s->ctx, &v));
		break;
	}
#elif defined(FUZZ_IVPUDV)
	if (u8(in) & 1)
		check_ret("ivpudv_get_param", ivpudv_get_param(s->ctx, op % 32, u32(in), &v));
	else
		put_bo(s, check_ptr("ivpudv_bo_create",
				    ivpudv_bo_create(s->ctx, size_of(in), u32(in))));
#elif defined(FUZZ_AMDXDNADV)
	/* any param but the two the shim does not emulate (a raw GET_INFO
	 * sends the caller's param as it is: not the library's choice) */
	if ((u8(in) & 1) && op % 16 != DRM_AMDXDNA_QUERY_AIE_STATUS &&
	    op % 16 != DRM_AMDXDNA_QUERY_TELEMETRY)
		check_ret("amdxdnadv_get_info", amdxdnadv_get_info(s->ctx, op % 16, buf, &len));
	else
		put_bo(s, check_ptr("amdxdnadv_bo_alloc",
				    amdxdnadv_bo_alloc(s->ctx, u8(in) % 6, size_of(in))));
#elif defined(FUZZ_QAICDV)
	check_ret("qaicdv_query_device",
		  qaicdv_query_device(s->ctx, (void *)buf,
				      op % (sizeof(struct qaicdv_device_info) + 16)));
#elif defined(FUZZ_ETHOSUDV)
	{
		uint8_t data[256];
		uint32_t i, n = len % sizeof(data);

		for (i = 0; i < n; i++)
			data[i] = u8(in);
		struct accel_bo *bo = check_ptr("ethosudv_cmdstream_alloc",
						ethosudv_cmdstream_alloc(s->ctx, data, n));

		/* made and validated, never run: the stream is input bytes */
		if (bo)
			check_ret("accel_bo_free", accel_bo_free(bo));
	}
#endif
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i, num;

	/* the shim reads its environment in its constructor: set it, start again */
	if (!getenv("ACCEL_SHIM_DEVICES") || strcmp(getenv("ACCEL_SHIM_DEVICES"), FUZZ_MODEL)) {
		setenv("ACCEL_SHIM_DEVICES", FUZZ_MODEL, 1);
		setenv("ACCEL_PROVIDERS", FUZZ_PROVIDER, 1);
		setenv("ACCEL_PROVIDER_PATH", FUZZ_PROVIDER_PATH, 1);
		setenv("ACCEL_CONFIG_DIR", FUZZ_EMPTY_DIR, 1);
		setenv("ACCEL_LOG_LEVEL", "none", 1);
		execv("/proc/self/exe", *argv);
		perror("execv");
		exit(1);
	}
	(void)argc;
	devices = accel_get_device_list(&num);
	for (i = 0; devices && i < num; i++)
		if (!strcmp(accel_device_driver(devices[i]), FUZZ_DRIVER))
			device = devices[i];
	if (!device) {
		fprintf(stderr, "fuzz_driver: no %s device on the shim (%s)\n", FUZZ_DRIVER,
			FUZZ_MODEL);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct accel_mem_domain dom[8];
	struct state s;
	int i, n, ops = 0;

	memset(&s, 0, sizeof(s));
	s.ctx = accel_open_device(device);
	if (!s.ctx)
		finding("accel_open_device", accel_last_error());
	s.enc = enc_find(FUZZ_DRIVER);
	s.ed.ctx = s.ctx;
	s.ed.enc = s.enc;
	n = accel_query_mem_domains(s.ctx, dom, 8, sizeof(dom[0]));
	for (i = 0; i < n && i < 8; i++)
		s.domain_ids[s.ndomains++] = dom[i].id;
	while (in.n && ops++ < MAX_OPS) {
		switch (u8(&in) % 14) {
		case 0: case 1: op_alloc(&in, &s); break;
		case 2: op_alloc_ex(&in, &s); break;
		case 3: op_map(&in, &s); break;
		case 4: op_unmap(&in, &s); break;
		case 5: op_free(&in, &s); break;
		case 6: op_export_import(&in, &s); break;
		case 7: op_cpu(&in, &s); break;
		case 8: op_query(&in, &s); break;
		case 9: op_queue(&in, &s); break;
		case 10: op_submit_enc(&in, &s); break;
		case 11: op_submit_ext(&in, &s); break;
		case 12: op_wait(&in, &s); break;
		default: op_dv(&in, &s); break;
		}
	}
	/* everything goes, whatever state it is in */
	for (i = 0; i < NQ; i++)
		if (s.q[i])
			check_ret("accel_queue_destroy", accel_queue_destroy(s.q[i]));
	for (i = 0; i < NBO; i++)
		if (s.bo[i])
			check_ret("accel_bo_free", accel_bo_free(s.bo[i]));
	check_ret("accel_close_device", accel_close_device(s.ctx));
	return 0;
}
