// SPDX-License-Identifier: MIT
/*
 * testdrv: a provider of the unit tier. It claims kernel devices by driver
 * name "testdrv", DRM cards of driver "testdrm", by PCI id 1ded:1234 and by
 * an OF modalias, and serves userspace devices on request; it reads the node
 * the core opened for it (a regular file in the fake /dev) as its firmware
 * version, and implements only some ops so that the core's EOPNOTSUPP
 * dispatch of the others can be tested: no map, no dma-buf, no wait.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accel_provider.h"

struct testdrv_context {
	struct accel_context base;
	char fw[64];
	uint64_t next_addr;
};

struct testdrv_queue {
	struct accel_queue base;
	uint64_t seqno;
};

static void testdrv_close(struct accel_context *ctx)
{
	free(ctx);
}

static int testdrv_query(struct accel_context *ctx, struct accel_device_attr *attr)
{
	struct testdrv_context *c = (struct testdrv_context *)ctx;
	const char *how = ctx->dev->match ? ctx->dev->match->driver_data : NULL;

	snprintf(attr->fw_version, sizeof(attr->fw_version), "%s", c->fw);
	/* which table entry claimed the device */
	snprintf(attr->card_name, sizeof(attr->card_name), "%s", how ? how : "?");
	attr->mem_total = 1 << 20;
	attr->bo_align = 4096;
	attr->max_bo_size = 1 << 20;
	attr->max_queues = 4;
	attr->num_engines = 1;
	return 0;
}

static struct accel_bo *testdrv_bo_alloc(struct accel_context *ctx,
					 uint64_t size, uint32_t flags)
{
	struct testdrv_context *c = (struct testdrv_context *)ctx;
	struct accel_bo *bo;

	if (size > (1 << 20)) {
		errno = ENOMEM;
		return NULL;
	}
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return NULL;
	accel_init_bo(bo, ctx, size, flags);
	/* only the core serializes nothing here: tests are single threaded */
	bo->device_addr = c->next_addr;
	c->next_addr += (size + 4095) & ~(uint64_t)4095;
	return bo;
}

static void testdrv_bo_destroy(struct accel_bo *bo)
{
	free(bo);
}

static struct accel_queue *testdrv_queue_create(struct accel_context *ctx,
						const struct accel_queue_attr *attr)
{
	struct testdrv_queue *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	accel_init_queue(&q->base, ctx, attr);
	return &q->base;
}

static void testdrv_queue_destroy(struct accel_queue *queue)
{
	free(queue);
}

/* Counts submissions; the core has checked the BOs, so they must be ours. */
static int testdrv_submit(struct accel_queue *queue,
			  const struct accel_submit *submit, uint64_t *seqno)
{
	struct testdrv_queue *q = (struct testdrv_queue *)queue;
	uint32_t i;

	if (submit->cmd_bo->ctx != queue->ctx)
		return -EFAULT;
	for (i = 0; i < submit->num_bos; i++)
		if (submit->bos[i]->ctx != queue->ctx)
			return -EFAULT;
	q->seqno++;
	if (seqno)
		*seqno = q->seqno;
	return 0;
}

static const struct accel_context_ops testdrv_ops = {
	.close = testdrv_close,
	.query_device = testdrv_query,
	.bo_alloc = testdrv_bo_alloc,
	.bo_destroy = testdrv_bo_destroy,
	.queue_create = testdrv_queue_create,
	.queue_destroy = testdrv_queue_destroy,
	.submit = testdrv_submit,
};

static struct accel_context *testdrv_open(struct accel_device *dev, int fd)
{
	bool userspace = dev->info.flags & ACCEL_DEVICE_USERSPACE;
	struct testdrv_context *c;
	ssize_t n;

	/* a kernel device comes with its node, a userspace one without */
	if ((fd < 0) != userspace) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (userspace) {
		strcpy(c->fw, "userspace");
		n = 0;
	} else {
		n = pread(fd, c->fw, sizeof(c->fw) - 1, 0);
	}
	if (n < 0) {
		free(c);
		return NULL;
	}
	c->next_addr = 0x100000;
	accel_init_context(&c->base, dev, fd, &testdrv_ops);
	return &c->base;
}

/* A device whose PCI dir has a "testdrv_veto" file is left to others. */
static bool testdrv_match_device(struct accel_device *dev)
{
	char buf[8];

	return accel_read_sysfs(dev, "device/testdrv_veto", buf, sizeof(buf)) < 0;
}

/* TESTDRV_USERSPACE_DEVICES=N adds userspace devices testsw0..N-1 */
static int testdrv_scan(struct accel_scan *scan)
{
	const char *env = getenv("TESTDRV_USERSPACE_DEVICES");
	int i, n = env ? atoi(env) : 0;

	for (i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "testsw%d", i);
		if (!accel_scan_add_userspace_device(scan, name, "testsw", NULL))
			return -errno;
	}
	return 0;
}

static const struct accel_match_ent testdrv_match[] = {
	ACCEL_DRIVER_MATCH("testdrv", "driver"),
	ACCEL_DRM_DRIVER_MATCH("testdrm", "drm"),
	ACCEL_PCI_MATCH(0x1ded, 0x1234, "pci"),
	ACCEL_MODALIAS_MATCH("of:N*T*Ctestvendor,npu*", "modalias"),
	ACCEL_MATCH_TABLE_END,
};

static const struct accel_provider testdrv_provider = {
	.name = "testdrv",
	.match_table = testdrv_match,
	.scan = testdrv_scan,
	.match_device = testdrv_match_device,
	.open = testdrv_open,
};

ACCEL_PROVIDER(testdrv, testdrv_provider)
