// SPDX-License-Identifier: MIT
/*
 * Interrupt waits and timestamp records on the emulator, at the uAPI
 * level: HL_WAIT_CS_FLAGS_INTERRUPT on user memory and on kernel CQs
 * (CBs), HL_MEM_OP_TS_ALLOC and its mmap, HL_WAIT_CS_FLAGS_REGISTER_
 * INTERRUPT (common/command_submission.c, common/memory.c). The test plays
 * the device: it writes the counter, then raises the interrupt.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

#define USER_IRQ	48u	/* GAUDI2_IRQ_NUM_USER_FIRST */
#define IRQ_FLAGS(id)	(HL_WAIT_CS_FLAGS_INTERRUPT | ((uint32_t)(id) << 20))

static int open_compute(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static int wait_user(int fd, uint32_t id, volatile uint64_t *addr, uint64_t target,
		     uint64_t us, struct hl_wait_cs_out *out)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.flags = IRQ_FLAGS(id);
	a.in.addr = (uintptr_t)addr;
	a.in.target = target;
	a.in.interrupt_timeout_us = us;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a);
	*out = a.out;
	return ret;
}

struct raiser {
	volatile uint64_t *counter;
	uint64_t value;
	uint32_t id;
};

static void *raise_later(void *arg)
{
	struct raiser *r = arg;

	usleep(50000);
	*r->counter = r->value;
	accel_shim_hl_raise_interrupt(0, r->id);
	return NULL;
}

static void test_interrupt_user_addr(void **state)
{
	static volatile uint64_t counter;
	struct hl_wait_cs_out o;
	struct raiser r = { &counter, 5, USER_IRQ + 3 };
	pthread_t t;
	int fd = open_compute();

	(void)state;
	counter = 0;
	/* interrupt ids: decoders 0..9, user 48..111, the two common ones */
	assert_int_equal(wait_user(fd, 10, &counter, 1, 0, &o), -EINVAL);
	assert_int_equal(wait_user(fd, 47, &counter, 1, 0, &o), -EINVAL);
	assert_int_equal(wait_user(fd, 112, &counter, 1, 0, &o), -EINVAL);
	assert_int_equal(wait_user(fd, 9, &counter, 1, 0, &o), 0);
	assert_int_equal(wait_user(fd, 0xFFE, &counter, 1, 0, &o), 0);
	/* a poll: busy, no timestamp */
	assert_int_equal(wait_user(fd, USER_IRQ, &counter, 1, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(o.flags, 0);
	/* no interrupt: busy at the timeout even though the value is there */
	assert_int_equal(wait_user(fd, USER_IRQ, &counter, 1, 20000, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	/* the device writes and raises: done, stamped */
	assert_int_equal(pthread_create(&t, NULL, raise_later, &r), 0);
	assert_int_equal(wait_user(fd, USER_IRQ + 3, &counter, 5, 5000000, &o), 0);
	pthread_join(t, NULL);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD);
	assert_true(o.timestamp_nsec > 0);
	/* the common CQ id is woken by any user CQ interrupt */
	r.value = 9;
	r.id = USER_IRQ + 7;
	assert_int_equal(pthread_create(&t, NULL, raise_later, &r), 0);
	assert_int_equal(wait_user(fd, 0xFFF, &counter, 9, 5000000, &o), 0);
	pthread_join(t, NULL);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	/* a bad address */
	assert_int_equal(wait_user(fd, USER_IRQ, (volatile uint64_t *)8, 1, 0, &o), -EFAULT);
	close(fd);
}

static uint64_t kernel_cb(int fd, uint32_t size, volatile uint64_t **map)
{
	union hl_cb_args cb = { 0 };
	void *p;

	cb.in.op = HL_CB_OP_CREATE;
	cb.in.cb_size = size;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &cb), 0);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)cb.out.cb_handle);
	assert_true(p != MAP_FAILED);
	*map = p;
	return cb.out.cb_handle;
}

static int wait_cq(int fd, uint32_t flags, uint64_t cq, uint64_t off, uint64_t target,
		   uint64_t us, uint64_t ts, uint64_t ts_off, struct hl_wait_cs_out *out)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.flags = flags | HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ;
	a.in.cq_counters_handle = cq;
	a.in.cq_counters_offset = off;
	a.in.target = target;
	a.in.interrupt_timeout_us = us;
	a.in.timestamp_handle = ts;
	a.in.timestamp_offset = ts_off;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a);
	*out = a.out;
	return ret;
}

static void test_interrupt_kernel_cq(void **state)
{
	volatile uint64_t *cq;
	struct hl_wait_cs_out o;
	struct raiser r;
	pthread_t t;
	int fd = open_compute();
	uint64_t h = kernel_cb(fd, 4096, &cq);

	(void)state;
	/* the offset is in counters; an unknown CB */
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ), h, 512, 1, 0, 0, 0, &o), -EINVAL);
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ), h + (100 << 12), 0, 1, 0, 0, 0, &o),
			 -EINVAL);
	/* a busy poll is stamped on this flavour */
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ), h, 3, 1, 0, 0, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD);
	r = (struct raiser){ &cq[3], 2, USER_IRQ };
	assert_int_equal(pthread_create(&t, NULL, raise_later, &r), 0);
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ), h, 3, 2, 5000000, 0, 0, &o), 0);
	pthread_join(t, NULL);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD);
	/* timed out: busy, no timestamp */
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ), h, 3, 10, 20000, 0, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(o.flags, 0);
	close(fd);
}

static void test_timestamp_records(void **state)
{
	union hl_mem_args m = { 0 };
	volatile uint64_t *cq, *ts;
	struct hl_wait_cs_out o;
	int fd = open_compute();
	uint64_t h = kernel_cb(fd, 4096, &cq), th;
	void *p;

	(void)state;
	m.in.op = HL_MEM_OP_TS_ALLOC;
	m.in.num_of_elements = (1u << 20) + 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &m), -EINVAL);
	memset(&m, 0, sizeof(m));
	m.in.op = HL_MEM_OP_TS_ALLOC;
	m.in.num_of_elements = 16;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &m), 0);
	th = m.out.handle;
	assert_int_equal((th >> 12) & (0x1full << 47), 0x10ull << 47);	/* HL_MMAP_TYPE_TS_BUFF */
	/* the whole buffer (page-rounded), once */
	p = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, (off_t)th);
	assert_true(p == MAP_FAILED && errno == EINVAL);
	p = mmap(NULL, 128, PROT_READ, MAP_SHARED, fd, (off_t)th);
	assert_true(p != MAP_FAILED);
	ts = p;
	assert_true(mmap(NULL, 128, PROT_READ, MAP_SHARED, fd, (off_t)th) == MAP_FAILED);

	/* a record past the buffer; a registration answers COMPLETED at once */
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ) | HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT, h,
				 0, 1, 0, th, 16, &o), -EINVAL);
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ) | HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT, h,
				 0, 4, 0, th, 2, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, 0);
	assert_int_equal(ts[2], 0);
	/* an interrupt before the target leaves it; the one at it stamps it */
	cq[0] = 3;
	accel_shim_hl_raise_interrupt(0, USER_IRQ);
	assert_int_equal(ts[2], 0);
	cq[0] = 4;
	accel_shim_hl_raise_interrupt(0, USER_IRQ + 1);	/* another interrupt */
	assert_int_equal(ts[2], 0);
	accel_shim_hl_raise_interrupt(0, USER_IRQ);
	assert_true(ts[2] > 0);
	/* already at the target: stamped by the registration itself */
	assert_int_equal(wait_cq(fd, IRQ_FLAGS(USER_IRQ) | HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT, h,
				 0, 4, 0, th, 5, &o), 0);
	assert_true(ts[5] > 0);
	munmap(p, 128);
	close(fd);
}

SHIM_TEST_LIST(cmocka_unit_test(test_interrupt_user_addr),
	       cmocka_unit_test(test_interrupt_kernel_cq),
	       cmocka_unit_test(test_timestamp_records));
