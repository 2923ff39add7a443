// SPDX-License-Identifier: MIT
/*
 * Target "soft": libaccel's userspace reference device against what a
 * program would do by hand to get the same thing: memfd_create, ftruncate
 * and mmap for memory, udmabuf for dma-bufs, memcpy for COPY, and a worker
 * thread woken through eventfds for a submit+wait round trip. With
 * liburing, io_uring NOPs are one more floor for the NOP rows.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <accel/accel.h>
#include <accel/softdv.h>
#include <uapi/linux/udmabuf.h>

#include "bench.h"
#ifdef BENCH_HAVE_URING
#include "bench_uring.h"
#endif

#define SOFT_BO_SIZE (64u << 10)
#define SOFT_COPY_SIZE (4u << 20)
#define SOFT_FILL_SIZE (16u << 20)
#define SOFT_FILL_PATTERN 0x01234567u	/* bytes differ: not a memset */
#define SOFT_BATCH 64			/* jobs submitted before one wait */
#define SOFT_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)

struct soft_st {
	char cfg[PATH_MAX];
	struct accel_device **list;
	struct accel_device *dev;
	struct accel_context *ctx;
	struct accel_queue *q;
	struct accel_bo *bo;		/* mapped and exported by the ops */
	struct accel_bo *cmd_nop, *cmd_copy, *src, *dst;
	struct accel_bo *cmd_copy4k, *cmd_copy64k, *cmd_fill, *fill;
	void *src_ptr, *dst_ptr, *fill_ptr;
	int memfd;			/* raw twin of bo */
	int udmabuf_dev;		/* /dev/udmabuf, -1 without it */
	int dmabuf;			/* what import imports, -1 without */
	/* the raw round trip: a worker woken by one eventfd, answering on another */
	pthread_t worker;
	bool worker_started;
	int efd_submit, efd_done;
	/* the raw batch: a bare mutex/condvar queue of counters to a worker */
	pthread_t qworker;
	bool qworker_started;
	pthread_mutex_t qlock;
	pthread_cond_t qwork, qdone;
	uint64_t qsubmitted, qcompleted;
	bool qstop;
	struct bench_uring *uring;	/* NULL: no io_uring rows */
	struct bench_op ops[BENCH_MAX_OPS];
	size_t nops;
};

static int op_list_lib(void *p)
{
	struct accel_device **l;
	int n;

	(void)p;
	l = accel_get_device_list(&n);
	if (!l)
		return -errno;
	accel_free_device_list(l);
	return 0;
}

/* The kernel part of finding accelerators: list /sys/class/accel */
static int op_list_raw(void *p)
{
	struct dirent *d;
	DIR *dir;
	int n = 0;

	(void)p;
	dir = opendir("/sys/class/accel");
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n >= 0 ? 0 : -EIO;
}

static int op_open_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_context *c = accel_open_device(s->dev);

	if (!c)
		return -errno;
	return accel_close_device(c);
}

static int op_query_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_device_attr attr;

	return accel_query_device(s->ctx, &attr, sizeof(attr));
}

static int op_alloc_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo *bo = accel_bo_alloc(s->ctx, SOFT_BO_SIZE, 0);

	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

/*
 * What the soft device does for a BO: a memfd sealed against resizing (so
 * udmabuf can export it), mapped for the device's view of it.
 */
static int op_alloc_raw(void *p)
{
	void *m;
	int fd, ret = 0;

	(void)p;
	fd = memfd_create("bench", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, SOFT_BO_SIZE) || fcntl(fd, F_ADD_SEALS, SOFT_SEALS)) {
		ret = -errno;
		goto out;
	}
	m = mmap(NULL, SOFT_BO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		ret = -errno;
	else
		munmap(m, SOFT_BO_SIZE);
out:
	close(fd);
	return ret;
}

static int op_map_lib(void *p)
{
	struct soft_st *s = p;

	if (!accel_bo_map(s->bo))
		return -errno;
	return accel_bo_unmap(s->bo);
}

static int op_map_raw(void *p)
{
	struct soft_st *s = p;
	void *m;

	m = mmap(NULL, SOFT_BO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 s->memfd, 0);
	if (m == MAP_FAILED)
		return -errno;
	return munmap(m, SOFT_BO_SIZE) ? -errno : 0;
}

static int op_export_lib(void *p)
{
	struct soft_st *s = p;
	int fd = accel_bo_export_dmabuf(s->bo, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fd;
	return close(fd) ? -errno : 0;
}

static int op_export_raw(void *p)
{
	struct soft_st *s = p;
	struct udmabuf_create c = {
		.memfd = (uint32_t)s->memfd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = SOFT_BO_SIZE,
	};
	int fd;

	if (s->udmabuf_dev < 0)
		return -EOPNOTSUPP;
	fd = ioctl(s->udmabuf_dev, UDMABUF_CREATE, &c);
	if (fd < 0)
		return -errno;
	return close(fd) ? -errno : 0;
}

static int op_import_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo *bo;

	if (s->dmabuf < 0)
		return -EOPNOTSUPP;
	bo = accel_bo_import_dmabuf(s->ctx, s->dmabuf);
	if (!bo)
		return -errno;
	return accel_bo_free(bo);
}

/* Take a reference to the dma-buf, learn its size, map it; then undo */
static int op_import_raw(void *p)
{
	struct soft_st *s = p;
	off_t size;
	void *m;
	int fd, ret = 0;

	if (s->dmabuf < 0)
		return -EOPNOTSUPP;
	fd = fcntl(s->dmabuf, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0) {
		ret = size ? -errno : -EINVAL;
		goto out;
	}
	m = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		ret = -errno;
	else
		munmap(m, (size_t)size);
out:
	close(fd);
	return ret;
}

static int submit_wait(struct soft_st *s, struct accel_bo *cmd, uint64_t size,
		       const struct accel_bo_ref *bos, uint32_t nbos)
{
	struct accel_submit sub = {
		.cmd_bo = cmd,
		.cmd_size = size,
		.bos = bos,
		.num_bos = nbos,
	};
	uint64_t seq;
	int ret;

	ret = accel_submit(s->q, &sub, &seq);
	if (ret)
		return ret;
	return accel_wait(s->q, seq, -1);
}

static int op_submit_lib(void *p)
{
	struct soft_st *s = p;

	return submit_wait(s, s->cmd_nop, 8, NULL, 0);
}

static void *raw_worker(void *p)
{
	struct soft_st *s = p;
	uint64_t v, one = 1;

	while (read(s->efd_submit, &v, sizeof(v)) == sizeof(v)) {
		if (v == 2)	/* the stop word */
			break;
		if (v > 2) {	/* a copy of v - 3 bytes */
			memcpy(s->dst_ptr, s->src_ptr, v - 3);
			__asm__ volatile("" : : "r"(s->dst_ptr) : "memory");
		}
		if (write(s->efd_done, &one, sizeof(one)) != sizeof(one))
			break;
	}
	return NULL;
}

/* Hand one job to a worker thread and wait for its answer */
static int op_submit_raw(void *p)
{
	struct soft_st *s = p;
	uint64_t v = 1;

	if (write(s->efd_submit, &v, sizeof(v)) != sizeof(v))
		return -errno;
	if (read(s->efd_done, &v, sizeof(v)) != sizeof(v))
		return -errno;
	return 0;
}

/* SOFT_BATCH NOPs, then one wait for the last */
static int op_batch_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_submit sub = { .cmd_bo = s->cmd_nop, .cmd_size = 8 };
	uint64_t seq = 0;
	int i, ret;

	for (i = 0; i < SOFT_BATCH; i++) {
		ret = accel_submit(s->q, &sub, &seq);
		if (ret)
			return ret;
	}
	return accel_wait(s->q, seq, -1);
}

#ifdef BENCH_HAVE_URING
static int op_uring_nop(void *p)
{
	return bench_uring_nops(((struct soft_st *)p)->uring, 1);
}

static int op_uring_batch(void *p)
{
	return bench_uring_nops(((struct soft_st *)p)->uring, SOFT_BATCH);
}
#endif

/* The floor of a real queue: a counter under a mutex, condvars both ways */
static void *raw_qworker(void *p)
{
	struct soft_st *s = p;

	pthread_mutex_lock(&s->qlock);
	for (;;) {
		while (s->qcompleted == s->qsubmitted && !s->qstop)
			pthread_cond_wait(&s->qwork, &s->qlock);
		if (s->qstop)
			break;
		s->qcompleted++;	/* one job: a NOP */
		pthread_mutex_unlock(&s->qlock);
		pthread_cond_broadcast(&s->qdone);
		pthread_mutex_lock(&s->qlock);
	}
	pthread_mutex_unlock(&s->qlock);
	return NULL;
}

static int op_batch_raw(void *p)
{
	struct soft_st *s = p;
	uint64_t last = 0;
	int i;

	for (i = 0; i < SOFT_BATCH; i++) {
		pthread_mutex_lock(&s->qlock);
		last = ++s->qsubmitted;
		pthread_mutex_unlock(&s->qlock);
		pthread_cond_signal(&s->qwork);
	}
	pthread_mutex_lock(&s->qlock);
	while (s->qcompleted < last)
		pthread_cond_wait(&s->qdone, &s->qlock);
	pthread_mutex_unlock(&s->qlock);
	return 0;
}

static int op_fill_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo_ref bos[] = { { s->fill, ACCEL_ACCESS_WRITE, 0 } };

	return submit_wait(s, s->cmd_fill, sizeof(struct softdv_cmd_fill), bos, 1);
}

static int op_fill_raw(void *p)
{
	struct soft_st *s = p;

	memset(s->fill_ptr, 0x5a, SOFT_FILL_SIZE);
	__asm__ volatile("" : : "r"(s->fill_ptr) : "memory");
	return 0;
}

static int op_copy4k_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo_ref bos[] = {
		{ s->src, ACCEL_ACCESS_READ, 0 },
		{ s->dst, ACCEL_ACCESS_WRITE, 0 },
	};

	return submit_wait(s, s->cmd_copy4k, sizeof(struct softdv_cmd_copy), bos, 2);
}

static int op_copy64k_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo_ref bos[] = {
		{ s->src, ACCEL_ACCESS_READ, 0 },
		{ s->dst, ACCEL_ACCESS_WRITE, 0 },
	};

	return submit_wait(s, s->cmd_copy64k, sizeof(struct softdv_cmd_copy), bos, 2);
}

/* memcpy on the worker thread, handed off and answered through eventfds */
static int copy_handoff(struct soft_st *s, uint64_t size)
{
	uint64_t v = 3 + size;	/* 0..1: NOP; 2: stop; above: a copy */

	if (write(s->efd_submit, &v, sizeof(v)) != sizeof(v))
		return -errno;
	if (read(s->efd_done, &v, sizeof(v)) != sizeof(v))
		return -errno;
	return 0;
}

static int op_copy4k_raw(void *p)
{
	return copy_handoff(p, 4096);
}

static int op_copy64k_raw(void *p)
{
	return copy_handoff(p, 65536);
}

static int op_copy_lib(void *p)
{
	struct soft_st *s = p;
	struct accel_bo_ref bos[] = {
		{ s->src, ACCEL_ACCESS_READ, 0 },
		{ s->dst, ACCEL_ACCESS_WRITE, 0 },
	};

	return submit_wait(s, s->cmd_copy, sizeof(struct softdv_cmd_copy), bos, 2);
}

static int op_copy_raw(void *p)
{
	struct soft_st *s = p;

	memcpy(s->dst_ptr, s->src_ptr, SOFT_COPY_SIZE);
	/* keep the compiler from dropping a copy nobody reads */
	__asm__ volatile("" : : "r"(s->dst_ptr) : "memory");
	return 0;
}

static void soft_teardown(void *p)
{
	struct soft_st *s = p;
	uint64_t stop = 2;

	if (!s)
		return;
#ifdef BENCH_HAVE_URING
	bench_uring_free(s->uring);
#endif
	if (s->worker_started) {
		if (write(s->efd_submit, &stop, sizeof(stop)) == sizeof(stop))
			pthread_join(s->worker, NULL);
	}
	if (s->qworker_started) {
		pthread_mutex_lock(&s->qlock);
		s->qstop = true;
		pthread_mutex_unlock(&s->qlock);
		pthread_cond_signal(&s->qwork);
		pthread_join(s->qworker, NULL);
	}
	if (s->efd_submit >= 0)
		close(s->efd_submit);
	if (s->efd_done >= 0)
		close(s->efd_done);
	if (s->dmabuf >= 0)
		close(s->dmabuf);
	if (s->udmabuf_dev >= 0)
		close(s->udmabuf_dev);
	if (s->memfd >= 0)
		close(s->memfd);
	if (s->ctx)
		accel_close_device(s->ctx);	/* frees its BOs and queues */
	if (s->list)
		accel_free_device_list(s->list);
	if (s->cfg[0])
		bench_rm_tree(s->cfg);
	free(s);
}

static struct accel_bo *alloc_mapped(struct accel_context *ctx, uint64_t size,
				     void **ptr)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);

	if (!bo)
		return NULL;
	*ptr = accel_bo_map(bo);
	if (!*ptr) {
		accel_bo_free(bo);
		return NULL;
	}
	return bo;
}

static void add_op(struct soft_st *s, const char *name, const char *raw_desc,
		   int raw_min, int (*lib)(void *), int (*raw)(void *),
		   double units, const char *unit)
{
	bench_add_op(s->ops, &s->nops, name, raw_desc, raw_min, lib, raw);
	s->ops[s->nops - 1].units = units;
	s->ops[s->nops - 1].unit = unit;
}

static int make_queue_bos(struct soft_st *s)
{
	void *p;

	s->q = accel_queue_create(s->ctx, NULL);
	if (!s->q)
		return -errno;
	s->cmd_nop = alloc_mapped(s->ctx, 4096, &p);
	if (!s->cmd_nop)
		return -errno;
	softdv_emit_nop(p);
	s->src = alloc_mapped(s->ctx, SOFT_COPY_SIZE, &s->src_ptr);
	s->dst = alloc_mapped(s->ctx, SOFT_COPY_SIZE, &s->dst_ptr);
	if (!s->src || !s->dst)
		return -errno;
	memset(s->src_ptr, 0x5a, SOFT_COPY_SIZE);
	memset(s->dst_ptr, 0, SOFT_COPY_SIZE);
	s->cmd_copy = alloc_mapped(s->ctx, 4096, &p);
	if (!s->cmd_copy)
		return -errno;
	softdv_emit_copy(p, accel_bo_device_addr(s->dst),
			 accel_bo_device_addr(s->src), SOFT_COPY_SIZE);
	s->cmd_copy4k = alloc_mapped(s->ctx, 4096, &p);
	if (!s->cmd_copy4k)
		return -errno;
	softdv_emit_copy(p, accel_bo_device_addr(s->dst),
			 accel_bo_device_addr(s->src), 4096);
	s->cmd_copy64k = alloc_mapped(s->ctx, 4096, &p);
	if (!s->cmd_copy64k)
		return -errno;
	softdv_emit_copy(p, accel_bo_device_addr(s->dst),
			 accel_bo_device_addr(s->src), 65536);
	s->fill = alloc_mapped(s->ctx, SOFT_FILL_SIZE, &s->fill_ptr);
	s->cmd_fill = alloc_mapped(s->ctx, 4096, &p);
	if (!s->fill || !s->cmd_fill)
		return -errno;
	memset(s->fill_ptr, 0, SOFT_FILL_SIZE);
	softdv_emit_fill(p, accel_bo_device_addr(s->fill), SOFT_FILL_SIZE,
			 SOFT_FILL_PATTERN);
	return 0;
}

static int make_raw(struct soft_st *s)
{
	struct udmabuf_create c = { .flags = UDMABUF_FLAGS_CLOEXEC,
				    .size = SOFT_BO_SIZE };
	int ret;

	s->memfd = memfd_create("bench", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (s->memfd < 0 || ftruncate(s->memfd, SOFT_BO_SIZE) ||
	    fcntl(s->memfd, F_ADD_SEALS, SOFT_SEALS))
		return -errno;
	s->udmabuf_dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (s->udmabuf_dev >= 0) {
		c.memfd = (uint32_t)s->memfd;
		s->dmabuf = ioctl(s->udmabuf_dev, UDMABUF_CREATE, &c);
	}
	s->efd_submit = eventfd(0, EFD_CLOEXEC);
	s->efd_done = eventfd(0, EFD_CLOEXEC);
	if (s->efd_submit < 0 || s->efd_done < 0)
		return -errno;
	ret = pthread_create(&s->worker, NULL, raw_worker, s);
	if (ret)
		return -ret;
	s->worker_started = true;
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qwork, NULL);
	pthread_cond_init(&s->qdone, NULL);
	ret = pthread_create(&s->qworker, NULL, raw_qworker, s);
	if (ret)
		return -ret;
	s->qworker_started = true;
	return 0;
}

static int soft_setup(void **out, bool short_mode, char *why, size_t len)
{
	static const char *const provs[] = { "soft", NULL };
	struct soft_st *s = calloc(1, sizeof(*s));
	int n, ret;

	if (!s)
		return -ENOMEM;
	s->memfd = s->udmabuf_dev = s->dmabuf = -1;
	s->efd_submit = s->efd_done = -1;
	ret = bench_config_dir(provs, s->cfg, sizeof(s->cfg));
	if (ret) {
		snprintf(why, len, "no soft provider in this build (%s)",
			 strerror(-ret));
		s->cfg[0] = '\0';
		goto err;
	}
	setenv("ACCEL_CONFIG_DIR", s->cfg, 1);
	setenv("ACCEL_SOFT_DEVICES", "1", 1);
	unsetenv("ACCEL_PROVIDERS");

	s->list = accel_get_device_list(&n);
	if (!s->list || n < 1) {
		ret = s->list ? -ENODEV : -errno;
		snprintf(why, len, "no soft device listed");
		goto err;
	}
	s->dev = s->list[0];
	s->ctx = accel_open_device(s->dev);
	s->bo = s->ctx ? accel_bo_alloc(s->ctx, SOFT_BO_SIZE, 0) : NULL;
	if (!s->bo) {
		ret = -errno;
		snprintf(why, len, "cannot open soft0 and allocate: %s",
			 strerror(errno));
		goto err;
	}
	ret = make_queue_bos(s);
	if (!ret)
		ret = make_raw(s);
	if (ret) {
		snprintf(why, len, "setup: %s", strerror(-ret));
		goto err;
	}

	add_op(s, "device list", access("/sys/class/accel", F_OK) ?
	       "opendir /sys/class/accel (absent)" :
	       "readdir /sys/class/accel",
	       access("/sys/class/accel", F_OK) ? 1 : 3,
	       op_list_lib, op_list_raw, 0, NULL);
	add_op(s, "open+close", "none: a userspace device", -1, op_open_lib,
	       NULL, 0, NULL);
	add_op(s, "query", "none: a userspace device", -1, op_query_lib, NULL,
	       0, NULL);
	add_op(s, "bo alloc+free 64K",
	       "memfd_create ftruncate F_ADD_SEALS mmap munmap close", 6, op_alloc_lib,
	       op_alloc_raw, 0, NULL);
	add_op(s, "bo map+unmap", "mmap munmap of the memfd", 2, op_map_lib,
	       op_map_raw, 0, NULL);
	add_op(s, "dmabuf export+close", "UDMABUF_CREATE on an open /dev/udmabuf, close",
	       2, op_export_lib, op_export_raw, 0, NULL);
	add_op(s, "dmabuf import+free", "dup lseek mmap munmap close", 5,
	       op_import_lib, op_import_raw, 0, NULL);
	add_op(s, "submit+wait NOP",
	       "eventfd write, worker read+write, eventfd read", 4,
	       op_submit_lib, op_submit_raw, 0, NULL);
	add_op(s, "NOP x64, one wait",
	       "64 jobs through a bare mutex/condvar queue to a worker thread", 2,
	       op_batch_lib, op_batch_raw, SOFT_BATCH, "job");
#ifdef BENCH_HAVE_URING
	s->uring = bench_uring_new(SOFT_BATCH, &ret);
	if (s->uring) {
		add_op(s, "NOP vs io_uring", "io_uring NOP submit+wait: one io_uring_enter",
		       1, op_submit_lib, op_uring_nop, 0, NULL);
		add_op(s, "NOP x64 vs io_uring", "io_uring 64 NOPs, one wait: one io_uring_enter",
		       1, op_batch_lib, op_uring_batch, SOFT_BATCH, "job");
	} else {
		fprintf(stderr, "accel_bench: soft: io_uring: %s: no io_uring rows\n",
			strerror(-ret));
	}
	ret = 0;
#endif
	add_op(s, "COPY 4M submit+wait", "memcpy 4 MiB", 0, op_copy_lib,
	       op_copy_raw, SOFT_COPY_SIZE, "B");
	add_op(s, "COPY 4K submit+wait",
	       "memcpy 4 KiB on a worker thread, eventfd handoff and answer", 4,
	       op_copy4k_lib, op_copy4k_raw, 4096, "B");
	add_op(s, "COPY 64K submit+wait",
	       "memcpy 64 KiB on a worker thread, eventfd handoff and answer", 4,
	       op_copy64k_lib, op_copy64k_raw, 65536, "B");
	add_op(s, "FILL 16M submit+wait", "memset 16 MiB (32-bit pattern on the lib side)",
	       0, op_fill_lib, op_fill_raw, SOFT_FILL_SIZE, "B");
	(void)short_mode;
	*out = s;
	return 0;
err:
	soft_teardown(s);
	return ret ? ret : -EIO;
}

static size_t soft_get_ops(void *p, const struct bench_op **ops)
{
	struct soft_st *s = p;

	*ops = s->ops;
	return s->nops;
}

/*
 * The same past the caches: SOFT_BATCH jobs in flight, one wait. The
 * core and soft keep 256 retired jobs each per queue (and a byte budget), so jobs past that
 * allocate (and are freed as they retire). The first job of each batch
 * holds the worker on a WAIT_VALUE until all are submitted, so they are
 * all in flight whatever the worker's speed (a worker that kept up
 * retired each NOP before the next submit and the count said 0). A
 * warm-up batch first.
 */
static int soft_count_batch(struct soft_st *s, struct bench_result *r)
{
	struct accel_submit sub = { .cmd_bo = s->cmd_nop, .cmd_size = 8 };
	struct accel_submit hold = { .cmd_offset = 64 };
	uint64_t seq = 0, a, f, sa = 0, sf = 0, *gate;
	int pass, i, ret;

	hold.cmd_bo = alloc_mapped(s->ctx, 4096, (void **)&gate);
	if (!hold.cmd_bo)
		return -errno;
	hold.cmd_size = softdv_emit_wait_value((char *)gate + 64,
					       accel_bo_device_addr(hold.cmd_bo),
					       1, ~0ull, SOFTDV_WAIT_EQ, 0);
	for (pass = 0; pass < 2; pass++) {
		__atomic_store_n(gate, 0, __ATOMIC_RELEASE);
		ret = accel_submit(s->q, &hold, &seq);
		for (i = 1; !ret && i < SOFT_BATCH; i++) {
			bench_allocs_begin();
			ret = accel_submit(s->q, &sub, &seq);
			bench_allocs_end(&a, &f);
			sa += pass ? a : 0;
			sf += pass ? f : 0;
		}
		__atomic_store_n(gate, 1, __ATOMIC_RELEASE);
		if (ret)
			break;
		bench_allocs_begin();
		ret = accel_wait(s->q, seq, -1);
		bench_allocs_end(&a, &f);
		if (ret)
			break;
	}
	if (!ret)
		ret = accel_wait(s->q, seq, -1);
	accel_bo_free(hold.cmd_bo);
	if (ret)
		return ret;
	snprintf(r->note, sizeof(r->note),
		 "%d in flight (the worker held): %.2f allocs %.2f frees per accel_submit; the wait: %llu allocs %llu frees (caches keep 256 jobs)",
		 SOFT_BATCH, (double)sa / (SOFT_BATCH - 1),
		 (double)sf / (SOFT_BATCH - 1), (unsigned long long)a,
		 (unsigned long long)f);
	return 0;
}

/* Allocations inside accel_submit() and inside accel_wait(), separately */
static int nop_submit(void *p, uint64_t *seq)
{
	struct soft_st *s = p;
	struct accel_submit sub = { .cmd_bo = s->cmd_nop, .cmd_size = 8 };

	return accel_submit(s->q, &sub, seq);
}

static int nop_wait(void *p, uint64_t seq)
{
	struct soft_st *s = p;

	return accel_wait(s->q, seq, -1);
}

static int soft_count_allocs(void *p, struct bench_result *r)
{
	static const struct bench_sw nop = { nop_submit, nop_wait };
	int ret = bench_count_sw_allocs(p, &nop, NULL, NULL, r);

	return ret ? ret : soft_count_batch(p, r);
}

const struct bench_target bench_target_soft = {
	.name = "soft",
	.desc = "the soft device vs memfd/udmabuf/memcpy/eventfd by hand",
	.setup = soft_setup,
	.teardown = soft_teardown,
	.get_ops = soft_get_ops,
	.count_allocs = soft_count_allocs,
};
