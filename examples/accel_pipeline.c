// SPDX-License-Identifier: MIT
/*
 * accel_pipeline - two queues, one waiting for the other.
 *
 * Queue A fills a buffer; queue B copies it into a second buffer, and its
 * submission names (A, seqno) as a wait point, so B starts only once A's
 * work is done, whichever way the device's provider resolves that (in the
 * kernel, or in a worker as the soft device does). The program then waits
 * for B alone, checks the copy on the CPU and prints both jobs' status.
 *
 * Run it on any device whose provider takes accel_submit() with a command
 * buffer: it asks accel_query_engines() for an engine class that has
 * command buffers and needs no program, and it needs a command encoder
 * for the driver (struct encoder below; the soft device's today). Usage:
 * accel_pipeline [-d DEVICE] [-s BYTES].
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/softdv.h>

#define PATTERN 0x5eed1e55u

/* How to say FILL and COPY to one kind of device */
struct encoder {
	const char *driver;
	uint32_t (*fill)(void *p, uint64_t dst, uint64_t size, uint32_t pattern);
	uint32_t (*copy)(void *p, uint64_t dst, uint64_t src, uint64_t size);
};

static const struct encoder encoders[] = {
	{ "soft", softdv_emit_fill, softdv_emit_copy },
};

static const struct encoder *find_encoder(const char *driver)
{
	size_t i;

	for (i = 0; i < sizeof(encoders) / sizeof(encoders[0]); i++)
		if (!strcmp(encoders[i].driver, driver))
			return &encoders[i];
	return NULL;
}

/* Why the last call failed, from errno or a negative return */
static void fail(const char *what, int err)
{
	const char *why = accel_last_error();

	fprintf(stderr, "%s: %s%s%s\n", what, strerror(err < 0 ? -err : err),
		why ? ": " : "", why ? why : "");
}

/* An engine class whose queues take command buffers from accel_submit() */
static int pick_engine(struct accel_context *ctx, uint32_t *engine)
{
	struct accel_engine_info e[16];
	int i, n;

	n = accel_query_engines(ctx, e, 16, sizeof(e[0]));
	if (n < 0)
		return n;
	for (i = 0; i < n && i < 16; i++) {
		if ((e[i].flags & ACCEL_ENGINE_CMD_BUFFER) &&
		    !(e[i].flags & ACCEL_ENGINE_NEEDS_PROGRAM) && e[i].count) {
			*engine = e[i].id;
			printf("engine %u (%s): %u instance(s)%s\n", e[i].id,
			       e[i].name, e[i].count,
			       e[i].flags & ACCEL_ENGINE_IN_ORDER ? ", in order" : "");
			return 0;
		}
	}
	return -EOPNOTSUPP;
}

static void print_status(const char *name, struct accel_queue *q, uint64_t seqno)
{
	static const char *const states[] = { "pending", "done", "failed" };
	struct accel_job_status st;
	int ret = accel_job_status(q, seqno, &st, sizeof(st));

	if (ret) {
		fail("accel_job_status", ret);
		return;
	}
	printf("queue %s seqno %llu: %s%s%s\n", name, (unsigned long long)seqno,
	       st.state < 3 ? states[st.state] : "?",
	       st.state == ACCEL_JOB_FAILED ? ": " : "",
	       st.state == ACCEL_JOB_FAILED ? st.reason : "");
}

struct pipeline {
	struct accel_context *ctx;
	const struct encoder *enc;
	struct accel_queue *qa, *qb;
	struct accel_bo *src, *dst, *cmd_a, *cmd_b;
	uint64_t size;
};

/* A command BO with one command in it; NULL + errno */
static struct accel_bo *command(struct pipeline *p, int copy, uint32_t *len)
{
	struct accel_bo_alloc_args args = {
		.size = 4096, .usage = ACCEL_BO_USAGE_COMMAND,
		.flags = ACCEL_BO_HOST_VISIBLE,
	};
	struct accel_bo *bo = accel_bo_alloc_ex(p->ctx, &args, sizeof(args));
	void *cs;

	if (!bo)
		return NULL;
	cs = accel_bo_map(bo);
	if (!cs || accel_bo_cpu_prep(bo, ACCEL_ACCESS_WRITE, -1)) {
		accel_bo_free(bo);
		return NULL;
	}
	/* commands name memory by device address, like hardware does */
	*len = copy ? p->enc->copy(cs, accel_bo_device_addr(p->dst),
				   accel_bo_device_addr(p->src), p->size) :
		      p->enc->fill(cs, accel_bo_device_addr(p->src), p->size,
				   PATTERN);
	accel_bo_cpu_fini(bo);	/* hand the CPU's writes to the device */
	return bo;
}

static int run(struct pipeline *p)
{
	struct accel_bo_ref refs_a[] = { { p->src, ACCEL_ACCESS_WRITE, 0 } };
	struct accel_bo_ref refs_b[] = {
		{ p->src, ACCEL_ACCESS_READ, 0 },
		{ p->dst, ACCEL_ACCESS_WRITE, 0 },
	};
	struct accel_submit sa = { 0 }, sb = { 0 };
	struct accel_fence_point after_a;
	uint32_t len_a, len_b, *words;
	uint64_t seq_a, seq_b, i;
	int ret;

	p->cmd_a = command(p, 0, &len_a);
	p->cmd_b = command(p, 1, &len_b);
	if (!p->cmd_a || !p->cmd_b) {
		fail("command buffer", errno);
		return -errno;
	}

	sa.cmd_bo = p->cmd_a;
	sa.cmd_size = len_a;
	sa.bos = refs_a;
	sa.num_bos = 1;
	ret = accel_submit(p->qa, &sa, &seq_a);
	if (ret) {
		fail("accel_submit (A)", ret);
		return ret;
	}

	/* B runs after A: no CPU wait in between */
	after_a.queue = p->qa;
	after_a.seqno = seq_a;
	sb.comp_mask = ACCEL_SUBMIT_WAIT;
	sb.wait_points = &after_a;
	sb.num_wait_points = 1;
	sb.cmd_bo = p->cmd_b;
	sb.cmd_size = len_b;
	sb.bos = refs_b;
	sb.num_bos = 2;
	ret = accel_submit(p->qb, &sb, &seq_b);
	if (ret) {
		fail("accel_submit (B)", ret);
		return ret;
	}

	ret = accel_wait(p->qb, seq_b, 10000000000LL);	/* 10 s */
	print_status("A", p->qa, seq_a);
	print_status("B", p->qb, seq_b);
	if (ret) {
		fail("accel_wait (B)", ret);
		return ret;
	}

	words = accel_bo_map(p->dst);
	if (!words) {
		fail("accel_bo_map", errno);
		return -errno;
	}
	ret = accel_bo_cpu_prep(p->dst, ACCEL_ACCESS_READ, -1);
	if (ret) {
		fail("accel_bo_cpu_prep", ret);
		return ret;
	}
	for (i = 0; i < p->size / 4; i++) {
		if (words[i] != PATTERN) {
			fprintf(stderr, "word %llu is 0x%08x, expected 0x%08x\n",
				(unsigned long long)i, words[i], PATTERN);
			ret = -EIO;
			break;
		}
	}
	accel_bo_cpu_fini(p->dst);
	if (!ret)
		printf("FILL on A, then COPY on B of %llu bytes: verified\n",
		       (unsigned long long)p->size);
	return ret;
}

static int setup(struct pipeline *p)
{
	struct accel_queue_attr attr = { .comp_mask = ACCEL_QUEUE_ATTR_ENGINE };
	int ret;

	ret = pick_engine(p->ctx, &attr.engine);
	if (ret) {
		fail("no engine takes command buffers", ret);
		return ret;
	}
	p->qa = accel_queue_create(p->ctx, &attr);
	p->qb = accel_queue_create(p->ctx, &attr);
	if (!p->qa || !p->qb) {
		fail("accel_queue_create", errno);
		return -errno;
	}
	p->src = accel_bo_alloc(p->ctx, p->size, 0);
	p->dst = accel_bo_alloc(p->ctx, p->size, ACCEL_BO_HOST_VISIBLE);
	if (!p->src || !p->dst) {
		fail("accel_bo_alloc", errno);
		return -errno;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pipeline p = { .size = 1 << 20 };
	struct accel_device **list, *dev = NULL;
	const char *name = NULL;
	int n, i, opt, ret = 1;

	while ((opt = getopt(argc, argv, "d:s:h")) != -1) {
		switch (opt) {
		case 'd':
			name = optarg;
			break;
		case 's':
			/* FILL works in 4-byte words */
			p.size = strtoull(optarg, NULL, 0) & ~3ull;
			break;
		default:
			fprintf(stderr, "usage: %s [-d DEVICE] [-s BYTES]\n", argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!p.size) {
		fprintf(stderr, "-s: the size is at least 4 bytes\n");
		return 2;
	}

	list = accel_get_device_list(&n);
	if (!list) {
		fail("accel_get_device_list", errno);
		return 1;
	}
	/* the named device, else the first one we can encode commands for */
	for (i = 0; i < n && !dev; i++)
		if (name ? !strcmp(accel_device_name(list[i]), name) :
			   !!find_encoder(accel_device_driver(list[i])))
			dev = list[i];
	if (!dev) {
		fprintf(stderr, "no device %s\n", name ? name : "with a known command format");
		goto free_list;
	}
	p.enc = find_encoder(accel_device_driver(dev));
	if (!p.enc) {
		fprintf(stderr, "%s: no command encoder for the %s driver in this example\n",
			accel_device_name(dev), accel_device_driver(dev));
		goto free_list;
	}
	p.ctx = accel_open_device(dev);
	if (!p.ctx) {
		fail("accel_open_device", errno);
		goto free_list;
	}
	printf("device %s (driver %s)\n", accel_device_name(dev),
	       accel_device_driver(dev));
	if (!setup(&p) && !run(&p))
		ret = 0;
	/* frees the queues and BOs too, once their work is done */
	accel_close_device(p.ctx);
free_list:
	accel_free_device_list(list);
	return ret;
}
