// SPDX-License-Identifier: MIT
/*
 * accel_generic - one program for every device: allocate, fill by a
 * submitted job, copy on a second queue that waits for the first, wait,
 * check the job status, read back, export the result as a dma-buf and
 * the finished work as a sync_file.
 *
 * Only building a job and making a queue differ per driver
 * (accel_encoders.h); the rest is the generic API. A device whose
 * emulator runs nothing (habanalabs in the shim) gets its BOs allocated
 * and exported, and the program says why the data checks are skipped.
 * Exits non-zero on any failure or mismatch. Usage:
 * accel_generic [-d DEVICE] [-s BYTES].
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_encoders.h"

#define PATTERN 0x5eed1e55u

/* Why the last call failed, from errno or a negative return */
static void fail(const char *what, int err)
{
	const char *why = accel_last_error();

	fprintf(stderr, "%s: %s%s%s\n", what, strerror(err < 0 ? -err : err),
		why ? ": " : "", why ? why : "");
}

/* the job's status, which must be DONE */
static int check_status(const char *name, struct accel_queue *q, uint64_t seqno)
{
	static const char *const states[] = { "pending", "done", "failed" };
	struct accel_job_status st = { 0 };
	int ret = accel_job_status(q, seqno, &st, sizeof(st));

	if (ret) {
		fail("accel_job_status", ret);
		return ret;
	}
	printf("queue %s seqno %llu: %s%s%s\n", name, (unsigned long long)seqno,
	       st.state < 3 ? states[st.state] : "?",
	       st.state == ACCEL_JOB_FAILED ? ": " : "",
	       st.state == ACCEL_JOB_FAILED ? st.reason : "");
	return st.state == ACCEL_JOB_DONE ? 0 : -EIO;
}

struct pipeline {
	struct enc_dev d;
	struct accel_queue *qa, *qb;
	struct accel_bo *src, *dst;
	struct enc_job ja, jb;
	uint64_t size;
};

static int verify(struct pipeline *p)
{
	uint32_t *words = accel_bo_map(p->dst);
	uint64_t i;
	int ret;

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
	return ret;
}

/* a sync_file of B's finished work, signalled already, where the device can */
static int export_fence(struct pipeline *p, uint64_t seq_b)
{
	struct accel_device_attr attr = { 0 };
	struct pollfd pfd = { .events = POLLIN };
	int ret;

	ret = accel_query_device(p->d.ctx, &attr, sizeof(attr));
	if (ret) {
		fail("accel_query_device", ret);
		return ret;
	}
	pfd.fd = accel_fence_export_sync_file(p->qb, seq_b);
	if (pfd.fd < 0 && !(attr.caps & ACCEL_CAP_FENCE_EXPORT)) {
		printf("no sync_file of B: %s\n",
		       accel_last_error() ? accel_last_error() : strerror(-pfd.fd));
		return 0;
	}
	if (pfd.fd < 0) {
		fail("accel_fence_export_sync_file", pfd.fd);
		return pfd.fd;
	}
	ret = poll(&pfd, 1, 0);
	close(pfd.fd);
	if (ret != 1) {
		fprintf(stderr, "the sync_file of finished work is not signalled\n");
		return -EIO;
	}
	printf("sync_file of B: signalled\n");
	return 0;
}

static int run(struct pipeline *p)
{
	struct accel_fence_point after_a;
	uint64_t seq_a, seq_b;
	int ret;

	ret = p->d.enc->fill(&p->d, &p->ja, p->qa, p->src, p->size, PATTERN);
	if (!ret)
		ret = p->d.enc->copy(&p->d, &p->jb, p->qb, p->dst, p->src, p->size);
	if (ret) {
		fail("encoding the jobs", ret);
		return ret;
	}
	ret = accel_submit(p->qa, &p->ja.s, &seq_a);
	if (ret) {
		fail("accel_submit (A)", ret);
		return ret;
	}
	/* B runs after A: no CPU wait in between */
	after_a.queue = p->qa;
	after_a.seqno = seq_a;
	p->jb.s.comp_mask |= ACCEL_SUBMIT_WAIT;
	p->jb.s.wait_points = &after_a;
	p->jb.s.num_wait_points = 1;
	ret = accel_submit(p->qb, &p->jb.s, &seq_b);
	if (ret) {
		fail("accel_submit (B)", ret);
		return ret;
	}
	ret = accel_wait(p->qb, seq_b, 10000000000LL);	/* 10 s */
	if (ret) {
		fail("accel_wait (B)", ret);
		return ret;
	}
	/* B waited for A: A is done too */
	ret = check_status("A", p->qa, seq_a);
	ret = check_status("B", p->qb, seq_b) ?: ret;
	if (ret)
		return ret;
	ret = verify(p);
	if (!ret)
		printf("FILL on A, then COPY on B of %llu bytes: verified\n",
		       (unsigned long long)p->size);
	return ret ?: export_fence(p, seq_b);
}

/* the destination as a dma-buf, where the device exports */
static int export_dst(struct pipeline *p)
{
	struct accel_device_attr attr = { 0 };
	int fd, ret;

	ret = accel_query_device(p->d.ctx, &attr, sizeof(attr));
	if (ret) {
		fail("accel_query_device", ret);
		return ret;
	}
	fd = accel_bo_export_dmabuf(p->dst, 0);
	if (fd >= 0) {
		printf("destination exported as dma-buf fd %d\n", fd);
		close(fd);
		return 0;
	}
	/* a device that does not export, or not this kind of memory */
	if (fd == -EOPNOTSUPP || !(attr.caps & ACCEL_CAP_DMABUF_EXPORT)) {
		printf("destination not exported: %s\n",
		       accel_last_error() ? accel_last_error() : strerror(-fd));
		return 0;
	}
	fail("accel_bo_export_dmabuf", fd);
	return fd;
}

static int setup(struct pipeline *p)
{
	p->qa = p->d.enc->make_queue(&p->d, 0);
	if (!p->qa) {
		fail("queue for FILL", errno);
		return -errno;
	}
	p->qb = p->d.enc->make_queue(&p->d, 1);
	if (!p->qb) {
		fail("queue for COPY", errno);
		return -errno;
	}
	if (p->qa == p->qb)
		printf("one queue per context: both stages on it\n");
	p->src = accel_bo_alloc(p->d.ctx, p->size, ACCEL_BO_HOST_VISIBLE);
	p->dst = accel_bo_alloc(p->d.ctx, p->size, ACCEL_BO_HOST_VISIBLE);
	if (!p->src || !p->dst) {
		fail("accel_bo_alloc", errno);
		return -errno;
	}
	return 0;
}

/*
 * No executing emulator: the BOs, the export, and a word why. The
 * destination is device memory, which every exporting device exports
 * (habanalabs exports nothing else); nothing is read back from it.
 */
static int no_exec(struct pipeline *p)
{
	p->src = accel_bo_alloc(p->d.ctx, p->size, ACCEL_BO_HOST_VISIBLE);
	p->dst = accel_bo_alloc(p->d.ctx, p->size, ACCEL_BO_DEVICE_LOCAL);
	if (!p->src || !p->dst) {
		fail("accel_bo_alloc", errno);
		return -errno;
	}
	printf("%s: %s; data checks skipped\n", p->d.enc->driver, p->d.enc->no_exec);
	return export_dst(p);
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
			/* FILL works in 4-byte words; DMA engines like 64 */
			p.size = strtoull(optarg, NULL, 0) & ~63ull;
			break;
		default:
			fprintf(stderr, "usage: %s [-d DEVICE] [-s BYTES]\n", argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!p.size) {
		fprintf(stderr, "-s: the size is at least 64 bytes\n");
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
			   !!enc_find(accel_device_driver(list[i])))
			dev = list[i];
	if (!dev) {
		fprintf(stderr, "no device %s\n", name ? name : "with a known command format");
		goto free_list;
	}
	p.d.enc = enc_find(accel_device_driver(dev));
	if (!p.d.enc) {
		fprintf(stderr, "%s: no command encoder for the %s driver in this example\n",
			accel_device_name(dev), accel_device_driver(dev));
		goto free_list;
	}
	p.d.ctx = accel_open_device(dev);
	if (!p.d.ctx) {
		fail("accel_open_device", errno);
		goto free_list;
	}
	printf("device %s (driver %s)\n", accel_device_name(dev),
	       accel_device_driver(dev));
	if (p.d.enc->no_exec)
		ret = !!no_exec(&p);
	else if (!setup(&p) && !run(&p) && !export_dst(&p))
		ret = 0;
	/* frees the queues and BOs too, once their work is done */
	if (accel_close_device(p.d.ctx))
		ret = 1;
free_list:
	accel_free_device_list(list);
	return ret;
}
