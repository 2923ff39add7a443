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
#include <sys/ioctl.h>
#include <unistd.h>

#include <uapi/drm/qaic_accel.h>

#include "shim_test.h"

/* a MANAGE message being built, as the user hands it to the kernel */
struct umsg {
	uint32_t len, count;
	uint64_t buf[QAIC_MANAGE_MAX_MSG_LENGTH / 8];
};

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

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
	int ret = xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a);

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
	assert_int_equal(xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a), -EINVAL);
	/* copy_from_user() of a bad pointer */
	a.len = 8;
	a.data = 8;
	assert_int_equal(xioctl(fd, DRM_IOCTL_QAIC_MANAGE, &a), -EFAULT);
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

SHIM_TEST_LIST(
	cmocka_unit_test(test_sysfs),
	cmocka_unit_test(test_manage_framing),
	cmocka_unit_test(test_manage_transactions),
	cmocka_unit_test(test_activate_deactivate),
	cmocka_unit_test(test_manage_mixed),
);
