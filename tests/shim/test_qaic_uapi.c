// SPDX-License-Identifier: MIT
/*
 * The emulator's qaic answers at the uAPI level (Linux 7.2,
 * drivers/accel/qaic): MANAGE's framing and transaction checks and what
 * the kernel does with the emulated firmware's answers, sysfs, and (with
 * the shared GEM core) the data path's error answers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/drm/qaic_accel.h>

#include "shim_test.h"

/* a MANAGE message being built, as the user hands it to the kernel */
struct umsg {
	uint32_t len, count;
	uint64_t buf[QAIC_MANAGE_MAX_MSG_LENGTH / 8];
};

static int open_node(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static void *add(struct umsg *m, uint32_t type, uint32_t len)
{
	struct qaic_manage_trans_hdr *h = (void *)((char *)m->buf + m->len);

	memset(h, 0, len);
	h->type = type;
	h->len = len;
	m->len += len;
	m->count++;
	return h;
}

/* MANAGE of m; the kernel's len and count written back */
static int manage(int fd, struct umsg *m)
{
	struct qaic_manage_msg a = { .len = m->len, .count = m->count,
				     .data = (uintptr_t)m->buf };
	int ret = shim_xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a);

	m->len = a.len;
	m->count = a.count;
	return ret;
}

static void add_activate(struct umsg *m, uint32_t queue_size)
{
	struct qaic_manage_trans_activate_to_dev *t =
		add(m, QAIC_TRANS_ACTIVATE_FROM_USR, sizeof(*t));

	t->queue_size = queue_size;
}

/* activate a DBC of queue_size, its id */
static uint32_t activate(int fd, uint32_t queue_size)
{
	struct qaic_manage_trans_activate_from_dev *a;
	struct umsg m = { 0 };

	add_activate(&m, queue_size);
	assert_int_equal(manage(fd, &m), 0);
	assert_int_equal(m.count, 1);
	assert_int_equal(m.len, sizeof(*a));
	a = (void *)m.buf;
	assert_int_equal(a->hdr.type, QAIC_TRANS_ACTIVATE_FROM_DEV);
	assert_int_equal(a->status, 0);
	return a->dbc_id;
}

static int deactivate(int fd, uint32_t dbc_id)
{
	struct qaic_manage_trans_deactivate *d;
	struct umsg m = { 0 };
	int ret;

	d = add(&m, QAIC_TRANS_DEACTIVATE_FROM_USR, sizeof(*d));
	d->dbc_id = dbc_id;
	ret = manage(fd, &m);
	if (!ret) {
		/* decode_deactivate() counts the answer but copies nothing */
		assert_int_equal(m.count, 1);
		assert_int_equal(m.len, 0);
	}
	return ret;
}

static int dbc_state(uint32_t id)
{
	char path[512], buf[16] = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/dbc%u_state", accel_shim_root(),
		 id);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return atoi(buf);
}

static void test_sysfs(void **state)
{
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/ce_count",
		 accel_shim_root());
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(dbc_state(0), 0);
	assert_int_equal(dbc_state(15), 0);
	assert_int_equal(dbc_state(16), -1);
}

static void test_manage_framing(void **state)
{
	struct qaic_manage_msg a = { 0 };
	struct qaic_manage_trans_hdr *h;
	struct umsg m = { 0 };
	int fd = open_node();

	(void)state;
	/* qaic_manage_ioctl(): len past the 4 KiB */
	a.len = QAIC_MANAGE_MAX_MSG_LENGTH + 1;
	a.count = 1;
	a.data = (uintptr_t)m.buf;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a), -EINVAL);
	/* copy_from_user() of a bad pointer */
	a.len = 8;
	a.data = 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a), -EFAULT);
	/* qaic_manage(): count past 512 */
	m.len = 8;
	m.count = 513;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* encode_message(): no transactions, or len below a header */
	m.count = 0;
	assert_int_equal(manage(fd, &m), -EINVAL);
	m.count = 1;
	m.len = 4;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* a transaction shorter than its header, or past len */
	m = (struct umsg){ 0 };
	h = add(&m, QAIC_TRANS_STATUS_FROM_USR, 8);
	h->len = 4;
	assert_int_equal(manage(fd, &m), -EINVAL);
	h->len = 16;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* count says two, len holds one */
	h->len = 8;
	m.count = 2;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* len holds more than count's transactions */
	m.count = 1;
	m.len = 16;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* types userspace may not send */
	m = (struct umsg){ 0 };
	add(&m, QAIC_TRANS_ACTIVATE_FROM_DEV, 24);
	assert_int_equal(manage(fd, &m), -EINVAL);
	m = (struct umsg){ 0 };
	add(&m, QAIC_TRANS_TERMINATE_TO_DEV, 16);
	assert_int_equal(manage(fd, &m), -EINVAL);
	close(fd);
}

static void test_manage_transactions(void **state)
{
	struct qaic_manage_trans_status_from_dev *st;
	struct qaic_manage_trans_dma_xfer *x;
	struct qaic_manage_trans_hdr *h;
	struct umsg m = { 0 };
	static char data[8192];
	int fd = open_node();

	(void)state;
	/* STATUS: the emulated firmware speaks NNC 5.0 */
	add(&m, QAIC_TRANS_STATUS_FROM_USR, 8);
	assert_int_equal(manage(fd, &m), 0);
	assert_int_equal(m.count, 1);
	assert_int_equal(m.len, sizeof(*st));
	st = (void *)m.buf;
	assert_int_equal(st->hdr.type, QAIC_TRANS_STATUS_FROM_DEV);
	assert_int_equal(st->major, 5);
	assert_int_equal(st->minor, 0);
	assert_int_equal(st->status, 0);
	/* PASSTHROUGH: a length not a multiple of 8; the echo */
	m = (struct umsg){ 0 };
	h = add(&m, QAIC_TRANS_PASSTHROUGH_FROM_USR, 16);
	h->len = 12;
	m.len = 12;
	assert_int_equal(manage(fd, &m), -EINVAL);
	m = (struct umsg){ 0 };
	h = add(&m, QAIC_TRANS_PASSTHROUGH_FROM_USR, 24);
	memcpy(h + 1, "0123456789abcdef", 16);
	assert_int_equal(manage(fd, &m), 0);
	assert_int_equal(m.len, 24);
	h = (void *)m.buf;
	assert_int_equal(h->type, QAIC_TRANS_PASSTHROUGH_FROM_DEV);
	assert_memory_equal(h + 1, "0123456789abcdef", 16);
	/* DMA_XFER: size 0, an unmapped range; a good one has no answer */
	m = (struct umsg){ 0 };
	x = add(&m, QAIC_TRANS_DMA_XFER_FROM_USR, sizeof(*x));
	x->addr = (uintptr_t)data;
	assert_int_equal(manage(fd, &m), -EINVAL);
	x->size = sizeof(data);
	x->addr = 4096;
	assert_int_equal(manage(fd, &m), -EFAULT);
	x->addr = UINT64_MAX - 8;
	assert_int_equal(manage(fd, &m), -EINVAL);
	x->addr = (uintptr_t)data;
	assert_int_equal(manage(fd, &m), 0);
	assert_int_equal(m.count, 0);
	assert_int_equal(m.len, 0);
	close(fd);
}

static void test_activate_deactivate(void **state)
{
	struct qaic_manage_trans_activate_to_dev *t;
	struct umsg m = { 0 };
	int fd = open_node(), fd2 = open_node();
	uint32_t ids[16], i;

	(void)state;
	/* encode_activate(): queue_size 0, pad */
	add_activate(&m, 0);
	assert_int_equal(manage(fd, &m), -EINVAL);
	m = (struct umsg){ 0 };
	t = add(&m, QAIC_TRANS_ACTIVATE_FROM_USR, sizeof(*t));
	t->queue_size = 8;
	t->pad = 1;
	assert_int_equal(manage(fd, &m), -EINVAL);
	/* the lowest free DBC, assigned (sysfs dbcN_state 1) */
	ids[0] = activate(fd, 64);
	assert_int_equal(ids[0], 0);
	assert_int_equal(dbc_state(0), 1);
	assert_int_equal(activate(fd2, 64), 1);
	/* encode_deactivate(): range and pad, another file's DBC */
	assert_int_equal(deactivate(fd, 16), -EINVAL);
	assert_int_equal(deactivate(fd, 1), -EPERM);
	assert_int_equal(deactivate(fd, 0), 0);
	assert_int_equal(dbc_state(0), 0);
	/* deactivated: not ours any more */
	assert_int_equal(deactivate(fd, 0), -EPERM);
	/* all 16 taken: the firmware's status 1 is ECANCELED, answer copied */
	for (i = 0; i < 15; i++)
		activate(fd, 8);
	m = (struct umsg){ 0 };
	add_activate(&m, 8);
	assert_int_equal(manage(fd, &m), -ECANCELED);
	assert_int_equal(m.count, 1);
	assert_int_equal(((struct qaic_manage_trans_activate_from_dev *)m.buf)->status, 1);
	/* closing a file releases its DBCs */
	close(fd2);
	assert_int_equal(dbc_state(1), 0);
	assert_int_equal(activate(fd, 8), 1);
	close(fd);
	for (i = 0; i < 16; i++)
		assert_int_equal(dbc_state(i), 0);
}

static void test_manage_mixed(void **state)
{
	struct qaic_manage_trans_hdr *h;
	struct umsg m = { 0 };
	int fd = open_node();
	uint32_t off = 0, n = 0;

	(void)state;
	/* a passthrough, an activation and a status in one message */
	h = add(&m, QAIC_TRANS_PASSTHROUGH_FROM_USR, 16);
	memcpy(h + 1, "network!", 8);
	add_activate(&m, 32);
	add(&m, QAIC_TRANS_STATUS_FROM_USR, 8);
	assert_int_equal(manage(fd, &m), 0);
	assert_int_equal(m.count, 3);
	while (off < m.len) {
		h = (void *)((char *)m.buf + off);
		off += h->len;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(dbc_state(0), 1);
	/* a second activation in one message: the queues went to the first */
	m = (struct umsg){ 0 };
	add_activate(&m, 8);
	add_activate(&m, 8);
	assert_int_equal(manage(fd, &m), -EINVAL);
	assert_int_equal(dbc_state(1), 1);
	close(fd);
}

/* ------------------------------------------------------------------------ */
/* the data path                                                            */
/* ------------------------------------------------------------------------ */

#define DRM_IOCTL_GEM_CLOSE_U _IOW('d', 0x09, uint64_t)

static uint32_t create_bo(int fd, uint64_t size)
{
	struct qaic_create_bo c = { .size = size };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_CREATE_BO, &c), 0);
	assert_int_not_equal(c.handle, 0);
	return c.handle;
}

static void *map_bo(int fd, uint32_t handle, size_t size)
{
	struct qaic_mmap_bo m = { .handle = handle };
	void *p;

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_MMAP_BO, &m), 0);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)m.offset);
	assert_true(p != MAP_FAILED);
	return p;
}

static int attach(int fd, uint32_t handle, uint32_t dbc, uint32_t dir,
		  struct qaic_attach_slice_entry *e, uint32_t count)
{
	struct qaic_attach_slice a = {
		.hdr = { .count = count, .dbc_id = dbc, .handle = handle, .dir = dir },
		.data = (uintptr_t)e,
	};

	return shim_xioctl(fd, DRM_IOCTL_QAIC_ATTACH_SLICE_BO, &a);
}

/* one slice of size bytes at offset 0 to or from dev_addr */
static int attach1(int fd, uint32_t handle, uint32_t dbc, uint32_t dir, uint64_t size,
		   uint64_t dev_addr)
{
	struct qaic_attach_slice_entry e = { .size = size, .dev_addr = dev_addr };

	return attach(fd, handle, dbc, dir, &e, 1);
}

static int exec(int fd, uint32_t dbc, const uint32_t *handles, uint32_t n)
{
	struct qaic_execute_entry e[8] = { 0 };
	struct qaic_execute x = { .hdr = { .count = n, .dbc_id = dbc }, .data = (uintptr_t)e };
	uint32_t i;

	for (i = 0; i < n; i++)
		e[i].handle = handles[i];
	return shim_xioctl(fd, DRM_IOCTL_QAIC_EXECUTE_BO, &x);
}

static int wait_bo(int fd, uint32_t dbc, uint32_t handle, uint32_t ms)
{
	struct qaic_wait w = { .handle = handle, .dbc_id = dbc, .timeout = ms };

	return shim_xioctl(fd, DRM_IOCTL_QAIC_WAIT_BO, &w);
}

static int detach(int fd, uint32_t handle)
{
	struct qaic_detach_slice d = { .handle = handle };

	return shim_xioctl(fd, DRM_IOCTL_QAIC_DETACH_SLICE_BO, &d);
}

static void test_create_mmap(void **state)
{
	struct qaic_create_bo c = { .size = 100, .pad = 1 };
	struct qaic_mmap_bo m = { .handle = 77 };
	int fd = open_node();
	uint32_t h;
	char *p;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_CREATE_BO, &c), -EINVAL);
	c = (struct qaic_create_bo){ .size = 0 };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_CREATE_BO, &c), -EINVAL);
	c.size = UINT64_MAX - 10;	/* PAGE_ALIGN wraps to 0 */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_CREATE_BO, &c), -EINVAL);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_MMAP_BO, &m), -ENOENT);
	h = create_bo(fd, 100);
	p = map_bo(fd, h, 4096);	/* rounded to a page */
	memset(p, 0x5a, 4096);
	assert_int_equal(munmap(p, 4096), 0);
	close(fd);
}

static void test_attach_errors(void **state)
{
	struct qaic_attach_slice_entry e[2] = { { .size = 4096 } };
	int fd = open_node(), fd2 = open_node();
	uint32_t h = create_bo(fd, 8192), dbc, other;

	(void)state;
	dbc = activate(fd, 8);
	other = activate(fd2, 8);
	assert_int_equal(attach(fd, h, dbc, 1, e, 0), -EINVAL);
	assert_int_equal(attach(fd, h, dbc, 3, e, 1), -EINVAL);
	assert_int_equal(attach(fd, h, dbc, 0, e, 1), -EINVAL);
	assert_int_equal(attach(fd, h, dbc, 1, NULL, 1), -EINVAL);
	assert_int_equal(attach(fd, h, 16, 1, e, 1), -EINVAL);
	/* memdup_user() past kmalloc's limit, then a bad pointer */
	assert_int_equal(attach(fd, h, dbc, 1, e, 1u << 20), -ENOMEM);
	{
		struct qaic_attach_slice a = {
			.hdr = { .count = 1, .dbc_id = dbc, .handle = h, .dir = 1 },
			.data = 8,
		};

		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_ATTACH_SLICE_BO, &a), -EFAULT);
	}
	assert_int_equal(attach(fd, 99, dbc, 1, e, 1), -ENOENT);
	/* qaic_validate_req(): doorbell width, sems, the range */
	e[0].db_len = 24;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].db_len = 0;
	e[0].sem1.val = 0x1000;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem1.val = 0;
	e[0].sem2.index = 32;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem2.index = 0;
	e[0].sem3.cmd = QAIC_SEM_WAIT_GT_0 + 1;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem3.cmd = 0;
	e[0].sem0.flags = 4;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem0.flags = 0;
	e[0].sem0.presync = 2;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem0.presync = 0;
	e[0].offset = 4097;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].offset = 0;
	/* the DBC of another file is EINVAL here (not EPERM) */
	assert_int_equal(attach(fd, h, other, 1, e, 1), -EINVAL);
	/* encode_reqs(): doorbell alignment, two presyncs */
	e[0].db_len = 32;
	e[0].db_addr = 0x1002;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].db_addr = 0x1004;
	e[0].sem0.presync = 1;
	e[0].sem1.presync = 1;
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	e[0].sem1.presync = 0;
	/* a zero-size slice still needs a page of the BO */
	e[1] = (struct qaic_attach_slice_entry){ .size = 0, .offset = 8192 };
	assert_int_equal(attach(fd, h, dbc, 1, e, 2), -EINVAL);
	e[1].offset = 4096;
	assert_int_equal(attach(fd, h, dbc, 1, e, 2), 0);
	/* sliced once */
	assert_int_equal(attach(fd, h, dbc, 1, e, 1), -EINVAL);
	assert_int_equal(detach(fd, h), 0);
	assert_int_equal(detach(fd, h), -EINVAL);
	/* more request elements than the DBC's 8 */
	{
		struct qaic_attach_slice_entry many[9] = { 0 };
		uint32_t big = create_bo(fd, 9 * 4096), i;

		for (i = 0; i < 9; i++)
			many[i] = (struct qaic_attach_slice_entry){ .size = 4096,
								    .offset = i * 4096 };
		assert_int_equal(attach(fd, big, dbc, 1, many, 9), -ENOSPC);
		assert_int_equal(attach(fd, big, dbc, 1, many, 8), 0);
	}
	close(fd2);
	close(fd);
}

static void test_execute_errors(void **state)
{
	struct qaic_partial_execute_entry pe = { 0 };
	struct qaic_execute x = { 0 };
	int fd = open_node(), fd2 = open_node();
	uint32_t in = create_bo(fd, 4096), out = create_bo(fd, 4096), loose = create_bo(fd, 4096);
	uint32_t dbc, other, h2[2];

	(void)state;
	accel_shim_qaic_set_xfer(0, 0, 1);	/* transfers hang */
	dbc = activate(fd, 8);
	other = activate(fd2, 8);
	assert_int_equal(attach1(fd, in, dbc, 1, 4096, 0), 0);
	assert_int_equal(attach1(fd, out, dbc, 2, 4096, 0), 0);
	x.hdr.dbc_id = dbc;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_EXECUTE_BO, &x), -EINVAL);
	x.hdr.count = 1;
	x.data = 8;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_EXECUTE_BO, &x), -EFAULT);
	assert_int_equal(exec(fd, 16, &in, 1), -EINVAL);
	assert_int_equal(exec(fd, other, &in, 1), -EPERM);
	assert_int_equal(exec(fd, dbc, (uint32_t[]){ 99 }, 1), -ENOENT);
	assert_int_equal(exec(fd, dbc, &loose, 1), -EINVAL);
	/* the same BO twice: the second is queued already */
	h2[0] = h2[1] = in;
	assert_int_equal(exec(fd, dbc, h2, 2), -EINVAL);
	/* rolled back: the first was not left queued */
	assert_int_equal(wait_bo(fd, dbc, in, 1), 0);
	assert_int_equal(exec(fd, dbc, &in, 1), 0);
	/* re-queue of a queued BO */
	assert_int_equal(exec(fd, dbc, &in, 1), -EINVAL);
	assert_int_equal(wait_bo(fd, dbc, in, 10), -ETIMEDOUT);
	/* an idle BO is done at once */
	assert_int_equal(wait_bo(fd, dbc, out, 1), 0);
	assert_int_equal(detach(fd, in), -EBUSY);
	/* queue space: 8 elements, one kept free: 7 one-element BOs fit */
	{
		uint32_t hs[7], i;

		for (i = 0; i < 7; i++) {
			hs[i] = create_bo(fd, 4096);
			assert_int_equal(attach1(fd, hs[i], dbc, 1, 4096, 0), 0);
		}
		assert_int_equal(exec(fd, dbc, hs, 6), 0);
		assert_int_equal(exec(fd, dbc, &hs[6], 1), -EAGAIN);
	}
	/* PARTIAL: resize past the BO */
	pe.handle = out;
	pe.resize = 8192;
	x.data = (uintptr_t)&pe;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO, &x), -EINVAL);
	/* WAIT_BO: pad, range, owner, handle */
	{
		struct qaic_wait w = { .handle = in, .dbc_id = dbc, .pad = 1 };

		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_WAIT_BO, &w), -EINVAL);
	}
	assert_int_equal(wait_bo(fd, 16, in, 1), -EINVAL);
	assert_int_equal(wait_bo(fd, other, in, 1), -EPERM);
	assert_int_equal(wait_bo(fd, dbc, 99, 1), -ENOENT);
	/* deactivating drops what is queued: the BOs are idle and unsliced */
	assert_int_equal(deactivate(fd, dbc), 0);
	assert_int_equal(wait_bo(fd, dbc, in, 1), -EPERM);
	assert_int_equal(detach(fd, in), -EINVAL);
	close(fd2);
	close(fd);
}

static void test_data_copy(void **state)
{
	struct qaic_attach_slice_entry se[2] = {
		{ .size = 4096, .offset = 0, .dev_addr = 0x100000 },
		{ .size = 4096, .offset = 4096, .dev_addr = 0x200000 },
	};
	struct qaic_perf_stats_entry ps[2] = { 0 };
	struct qaic_perf_stats p = { .hdr = { .count = 2 }, .data = (uintptr_t)ps };
	int fd = open_node();
	uint32_t in = create_bo(fd, 8192), out = create_bo(fd, 8192), dbc, h[2];
	uint8_t *pi, *po;
	int i;

	(void)state;
	dbc = activate(fd, 16);
	pi = map_bo(fd, in, 8192);
	po = map_bo(fd, out, 8192);
	for (i = 0; i < 8192; i++)
		pi[i] = (uint8_t)(i * 7);
	/* two slices in; out reads them back crossed */
	assert_int_equal(attach(fd, in, dbc, 1, se, 2), 0);
	se[0].dev_addr = 0x200000;
	se[1].dev_addr = 0x100000;
	assert_int_equal(attach(fd, out, dbc, 2, se, 2), 0);
	h[0] = in;
	h[1] = out;
	assert_int_equal(exec(fd, dbc, h, 2), 0);
	assert_int_equal(wait_bo(fd, dbc, out, 1000), 0);
	assert_memory_equal(po, pi + 4096, 4096);
	assert_memory_equal(po + 4096, pi, 4096);
	/* PERF_STATS: both BOs, two elements each, in order */
	p.hdr.dbc_id = dbc;
	ps[0].handle = in;
	ps[1].handle = out;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_PERF_STATS_BO, &p), 0);
	assert_int_equal(ps[0].num_queue_element, 2);
	assert_int_equal(ps[0].queue_level_before, 0);
	assert_int_equal(ps[1].queue_level_before, 2);
	assert_true(ps[1].device_latency_us >= 1000);
	p.hdr.dbc_id = dbc + 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_PERF_STATS_BO, &p), -EINVAL);
	ps[1].handle = 99;
	p.hdr.dbc_id = dbc;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_PERF_STATS_BO, &p), -ENOENT);
	/* PARTIAL: only the first 100 bytes of in move */
	{
		struct qaic_partial_execute_entry pe[2] = {
			{ .handle = in, .resize = 100 }, { .handle = out, .resize = 8192 },
		};
		struct qaic_execute x = { .hdr = { .count = 2, .dbc_id = dbc },
					  .data = (uintptr_t)pe };

		memset(pi, 0xee, 8192);
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO, &x), 0);
		assert_int_equal(wait_bo(fd, dbc, out, 1000), 0);
		assert_int_equal(po[4096], 0xee);
		assert_int_equal(po[4096 + 99], 0xee);
		assert_int_equal(po[4096 + 100], (uint8_t)(100 * 7));
	}
	assert_int_equal(detach(fd, in), 0);
	close(fd);
}

struct waiter {
	int fd;
	uint32_t dbc, handle;
	int ret;
	atomic_bool started;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	atomic_store(&w->started, true);
	w->ret = wait_bo(w->fd, w->dbc, w->handle, 5000);
	return NULL;
}

static void test_ssr(void **state)
{
	int fd = open_node();
	uint32_t h = create_bo(fd, 4096), h2 = create_bo(fd, 4096), dbc;
	struct waiter w;
	pthread_t t;

	(void)state;
	accel_shim_qaic_set_xfer(0, 0, 1);
	dbc = activate(fd, 8);
	assert_int_equal(attach1(fd, h, dbc, 1, 4096, 0), 0);
	assert_int_equal(exec(fd, dbc, &h, 1), 0);
	w = (struct waiter){ .fd = fd, .dbc = dbc, .handle = h };
	assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
	/*
	 * the reset must find the waiter asleep in WAIT_BO (a late one gets
	 * EPERM from the released DBC): wait until the thread runs, which on
	 * a loaded machine took longer than the 20 ms after it
	 */
	while (!atomic_load(&w.started))
		usleep(1000);
	usleep(20000);
	assert_int_equal(accel_shim_qaic_ssr(0, dbc, 1), 0);
	pthread_join(t, NULL);
	/* the sleeping waiter wakes to EPIPE; the released DBC is not ours */
	assert_int_equal(w.ret, -EPIPE);
	assert_int_equal(exec(fd, dbc, &h, 1), -EPERM);
	assert_int_equal(wait_bo(fd, dbc, h, 1), -EPERM);
	assert_int_equal(attach1(fd, h2, dbc, 1, 4096, 0), -EINVAL);
	assert_int_equal(accel_shim_qaic_ssr(0, dbc, 0), 0);
	close(fd);
}

static void test_close_sliced(void **state)
{
	int fd = open_node();
	uint32_t h = create_bo(fd, 4096), dbc;
	uint64_t gc;

	(void)state;
	dbc = activate(fd, 8);
	assert_int_equal(attach1(fd, h, dbc, 1, 4096, 0), 0);
	assert_int_equal(exec(fd, dbc, &h, 1), 0);
	/* the handle goes; the kernel keeps the object for the transfer */
	gc = h;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE_U, &gc), 0);
	close(fd);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_sysfs),
	cmocka_unit_test(test_manage_framing),
	cmocka_unit_test(test_manage_transactions),
	cmocka_unit_test(test_activate_deactivate),
	cmocka_unit_test(test_manage_mixed),
	cmocka_unit_test(test_create_mmap),
	cmocka_unit_test(test_attach_errors),
	cmocka_unit_test(test_execute_errors),
	cmocka_unit_test(test_data_copy),
	cmocka_unit_test(test_ssr),
	cmocka_unit_test(test_close_sliced),
);
