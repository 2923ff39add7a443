// SPDX-License-Identifier: MIT
/*
 * testdrv: a provider of the unit tier. It claims kernel devices by driver
 * name "testdrv", DRM cards of driver "testdrm", by PCI id 1ded:1234 and by
 * an OF modalias, and serves userspace devices on request; it reads the node
 * the core opened for it (a regular file in the fake /dev) as its firmware
 * version.
 *
 * Its pretend hardware is a kernel-like fence_wait backend the tests drive
 * (see testdrv.h): BOs are calloc'd memory the CPU maps, and a submission
 * completes when the 64-bit word at cmd_bo + cmd_offset becomes nonzero;
 * fence_wait polls that word until the deadline. Live BO bytes show in
 * attr.mem_free, so a test sees when memory really goes back.
 *
 * Devices of driver "testbare" get a bare variant: no map, and a userspace
 * backend (no fence_wait) that the tests complete by calling
 * accel_queue_signal() themselves. No variant has dma-buf or sync_file
 * ops, so the core's EOPNOTSUPP dispatch of those is tested.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accel_provider.h"
#include "testdrv.h"

#define POLL_NS 100000	/* how often fence_wait looks at the word */

struct testdrv_context {
	struct accel_context base;
	char fw[64];
	pthread_mutex_t lock;	/* next_addr: BOs come from any thread */
	uint64_t next_addr;
	atomic_uint_fast64_t live;	/* bytes of BOs not yet destroyed */
};

struct testdrv_bo {
	struct accel_bo base;
	void *mem;
};

static const struct accel_engine_info testdrv_engines[] = {
	{
		.id = TESTDRV_ENGINE_IN_ORDER,
		.flags = ACCEL_ENGINE_IN_ORDER | ACCEL_ENGINE_CMD_BUFFER,
		.name = "inorder",
		.count = 2,
		.min_priority = -1,
		.max_priority = 1,
		.max_in_flight = 0,
		.max_bos = 8,
	},
	{
		.id = TESTDRV_ENGINE_ANY_ORDER,
		.flags = ACCEL_ENGINE_CMD_BUFFER,
		.name = "anyorder",
		.count = 1,
		.min_priority = 0,
		.max_priority = 0,
		.max_in_flight = 64,
		.max_bos = 0,
	},
};

#define NUM_ENGINES (sizeof(testdrv_engines) / sizeof(testdrv_engines[0]))

static struct testdrv_context *tctx(struct accel_context *ctx)
{
	return (struct testdrv_context *)ctx;
}

static void testdrv_close(struct accel_context *ctx)
{
	pthread_mutex_destroy(&tctx(ctx)->lock);
	free(ctx);
}

static int testdrv_query(struct accel_context *ctx, struct accel_device_attr *attr)
{
	struct testdrv_context *c = tctx(ctx);
	const char *how = ctx->dev->match ? ctx->dev->match->driver_data : NULL;

	snprintf(attr->fw_version, sizeof(attr->fw_version), "%s", c->fw);
	/* which table entry claimed the device */
	snprintf(attr->card_name, sizeof(attr->card_name), "%s", how ? how : "?");
	attr->mem_total = TESTDRV_MEM_TOTAL;
	attr->mem_free = TESTDRV_MEM_TOTAL - atomic_load(&c->live);
	attr->bo_align = 4096;
	attr->max_bo_size = TESTDRV_MEM_TOTAL;
	attr->max_queues = 4;
	return 0;
}

static int testdrv_query_mem_domains(struct accel_context *ctx,
				     struct accel_mem_domain *d, uint32_t max)
{
	uint64_t free_bytes = TESTDRV_MEM_TOTAL - atomic_load(&tctx(ctx)->live);
	uint32_t i;

	for (i = 0; i < 2 && i < max; i++) {
		d[i].id = i;
		d[i].flags = ACCEL_DOMAIN_HOST_VISIBLE | ACCEL_DOMAIN_COHERENT;
		d[i].flags |= i ? ACCEL_DOMAIN_DEVICE_LOCAL :
				  ACCEL_DOMAIN_CACHED | ACCEL_DOMAIN_COMMAND;
		snprintf(d[i].name, sizeof(d[i].name), "%s", i ? "device" : "host");
		d[i].granule = 4096;
		d[i].max_bo_size = TESTDRV_MEM_TOTAL;
		d[i].total = TESTDRV_MEM_TOTAL;
		d[i].free = free_bytes;
	}
	return 2;
}

static int testdrv_query_engines(struct accel_context *ctx,
				 struct accel_engine_info *e, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < NUM_ENGINES && i < max; i++)
		e[i] = testdrv_engines[i];
	return NUM_ENGINES;
}

static struct accel_bo *testdrv_bo_alloc(struct accel_context *ctx,
					 const struct accel_bo_alloc_args *args)
{
	struct testdrv_context *c = tctx(ctx);
	uint64_t size = args->size, live;
	struct testdrv_bo *bo;

	if ((args->comp_mask & ACCEL_BO_ALLOC_DOMAIN) && args->domain > 1) {
		errno = EINVAL;
		accel_set_reason(-EINVAL, "testdrv: no memory domain %u", args->domain);
		return NULL;
	}
	/* reserve the bytes first, so threads cannot overcommit together */
	live = atomic_fetch_add(&c->live, size);
	if (size > TESTDRV_MEM_TOTAL || live + size > TESTDRV_MEM_TOTAL) {
		atomic_fetch_sub(&c->live, size);
		errno = ENOMEM;
		accel_set_reason(-ENOMEM, "testdrv: %llu bytes do not fit",
				 (unsigned long long)size);
		return NULL;
	}
	bo = calloc(1, sizeof(*bo));
	if (bo)
		bo->mem = calloc(1, size);
	if (!bo || !bo->mem) {
		atomic_fetch_sub(&c->live, size);
		free(bo);
		errno = ENOMEM;
		return NULL;
	}
	accel_init_bo(&bo->base, ctx, size, args->flags);
	pthread_mutex_lock(&c->lock);
	bo->base.device_addr = c->next_addr;
	c->next_addr += (size + 4095) & ~(uint64_t)4095;
	pthread_mutex_unlock(&c->lock);
	return &bo->base;
}

static void testdrv_bo_destroy(struct accel_bo *bo)
{
	struct testdrv_bo *b = (struct testdrv_bo *)bo;

	atomic_fetch_sub(&tctx(bo->ctx)->live, bo->size);
	free(b->mem);
	free(b);
}

static int testdrv_bo_map(struct accel_bo *bo, void **ptr)
{
	*ptr = ((struct testdrv_bo *)bo)->mem;
	return 0;
}

static int testdrv_bo_unmap(struct accel_bo *bo, void *ptr)
{
	return 0;
}

static struct accel_queue *testdrv_queue_create(struct accel_context *ctx,
						const struct accel_queue_attr *attr)
{
	uint32_t engine = 0, instance = 0;
	int32_t prio = 0;
	struct accel_queue *q;

	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_ENGINE))
		engine = attr->engine;
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_INSTANCE))
		instance = attr->instance;
	if (attr && (attr->comp_mask & ACCEL_QUEUE_ATTR_PRIORITY))
		prio = attr->priority;
	if (engine >= NUM_ENGINES || instance >= testdrv_engines[engine].count ||
	    prio < testdrv_engines[engine].min_priority ||
	    prio > testdrv_engines[engine].max_priority) {
		errno = EINVAL;
		accel_set_reason(-EINVAL, "testdrv: no engine %u instance %u priority %d",
				 engine, instance, prio);
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	accel_init_queue(q, ctx, attr);
	q->in_order = testdrv_engines[engine].flags & ACCEL_ENGINE_IN_ORDER;
	return q;
}

static void testdrv_queue_destroy(struct accel_queue *queue)
{
	free(queue);
}

/*
 * The core has checked the BOs, so they must be ours. The job's status
 * word is in its command BO, which the core holds until it retires.
 */
static int testdrv_submit(struct accel_queue *queue,
			  const struct accel_submit *submit, struct accel_job *job)
{
	uint32_t i;

	if (!submit->cmd_bo)
		return accel_set_reason(-EINVAL, "testdrv: every engine needs a cmd_bo");
	if (submit->cmd_offset % 8 || submit->cmd_size < 8)
		return accel_set_reason(-EINVAL, "testdrv: the status word must be 8 aligned bytes");
	if (submit->cmd_bo->ctx != queue->ctx)
		return -EFAULT;
	for (i = 0; i < submit->num_bos; i++)
		if (submit->bos[i].bo->ctx != queue->ctx)
			return -EFAULT;
	job->priv = (char *)((struct testdrv_bo *)submit->cmd_bo)->mem +
		    submit->cmd_offset;
	job->kernel_seq = job->seqno + 1000;	/* the driver's own, private */
	return 0;
}

static int testdrv_fence_wait(struct accel_queue *queue, struct accel_job *job,
			      int64_t abs_deadline_ns)
{
	const uint64_t *word = job->priv;
	struct timespec ts = { 0, POLL_NS };

	for (;;) {
		int64_t v = (int64_t)__atomic_load_n(word, __ATOMIC_ACQUIRE);

		if (v == TESTDRV_DONE)
			return 0;
		if (v == TESTDRV_LOST)
			return accel_job_fail(job, -ENOTRECOVERABLE, -ENODEV, (uint64_t)v,
					      "testdrv: the device was lost");
		if (v < 0)
			return accel_job_fail(job, -EIO, (int)v, (uint64_t)v,
					      "testdrv: job %llu failed: %s",
					      (unsigned long long)job->seqno,
					      strerror((int)-v));
		if (accel_deadline_left_ns(abs_deadline_ns) == 0)
			return -ETIMEDOUT;
		nanosleep(&ts, NULL);
	}
}

static const struct accel_context_ops testdrv_ops = {
	.close = testdrv_close,
	.query_device = testdrv_query,
	.query_mem_domains = testdrv_query_mem_domains,
	.query_engines = testdrv_query_engines,
	.bo_flags = TESTDRV_BO_FLAGS,
	.bo_alloc = testdrv_bo_alloc,
	.bo_destroy = testdrv_bo_destroy,
	.bo_map = testdrv_bo_map,
	.bo_unmap = testdrv_bo_unmap,
	.queue_create = testdrv_queue_create,
	.queue_destroy = testdrv_queue_destroy,
	.submit = testdrv_submit,
	.fence_wait = testdrv_fence_wait,
};

/* testbare: the userspace backend takes any submission; tests signal it */
static int testbare_submit(struct accel_queue *queue,
			   const struct accel_submit *submit, struct accel_job *job)
{
	return 0;
}

static const struct accel_context_ops testbare_ops = {
	.close = testdrv_close,
	.query_device = testdrv_query,
	.bo_flags = TESTDRV_BO_FLAGS,
	.bo_alloc = testdrv_bo_alloc,
	.bo_destroy = testdrv_bo_destroy,
	.queue_create = testdrv_queue_create,
	.queue_destroy = testdrv_queue_destroy,
	.submit = testbare_submit,
};

static struct accel_context *testdrv_open(struct accel_device *dev, int fd)
{
	bool userspace = dev->info.flags & ACCEL_DEVICE_USERSPACE;
	const char *how = dev->match ? dev->match->driver_data : NULL;
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
	pthread_mutex_init(&c->lock, NULL);
	atomic_init(&c->live, 0);
	accel_init_context(&c->base, dev, fd, how && !strcmp(how, "bare") ?
			   &testbare_ops : &testdrv_ops);
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

/*
 * accel_describe_device_props(): two groups from what the scan learnt,
 * and a "veto" string from sysfs when the device has that file.
 */
static int testdrv_describe_props(struct accel_device *dev, accel_prop_fn emit, void *arg)
{
	struct accel_prop p = { .group = "ids", .type = ACCEL_PROP_UINT };
	char buf[64];
	int ret;

	p.key = "minor";
	p.u = dev->info.minor;
	ret = emit(&p, arg);
	if (ret)
		return ret;
	p.key = "pci_device";
	p.u = dev->info.pci_device_id;
	ret = emit(&p, arg);
	if (ret)
		return ret;
	p.group = "text";
	p.key = "name";
	p.type = ACCEL_PROP_STRING;
	p.s = dev->name;
	ret = emit(&p, arg);
	if (ret)
		return ret;
	if (accel_read_sysfs(dev, "device/testdrv_props", buf, sizeof(buf)) < 0)
		return 0;
	buf[strcspn(buf, "\n")] = 0;
	p.key = "sysfs";
	p.s = buf;
	p.unit = "text";
	return emit(&p, arg);
}

static const struct accel_match_ent testdrv_match[] = {
	ACCEL_DRIVER_MATCH("testdrv", "driver"),
	ACCEL_DRIVER_MATCH("testbare", "bare"),
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
	.describe_props = testdrv_describe_props,
};

ACCEL_PROVIDER(testdrv, testdrv_provider)
