// SPDX-License-Identifier: MIT
/*
 * The qaic provider on the emulated AIC100: matching and attributes, the
 * generic queue refusal, DBCs through qaicdv (activate, attach,
 * deactivate) and MANAGE passthrough with the message builder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <accel/qaicdv.h>

#include "shim_test.h"

static struct accel_device **list;

/* the subsystem restart of DBC 0 after a moment */
static void *ssr_later(void *arg)
{
	nanosleep(arg, NULL);
	accel_shim_qaic_ssr(0, 0, 1);
	return NULL;
}

static struct accel_context *open_qaic(void)
{
	struct accel_context *ctx;
	int i, n = 0;

	list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; list[i]; i++)
		if (!strcmp(accel_device_driver(list[i]), "qaic"))
			break;
	assert_non_null(list[i]);
	assert_string_equal(accel_device_provider(list[i]), "qaic");
	ctx = accel_open_device(list[i]);
	assert_non_null(ctx);
	return ctx;
}

static void close_qaic(struct accel_context *ctx)
{
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(list);
	list = NULL;
}

static struct accel_queue *activate(struct accel_context *ctx, uint32_t queue_size)
{
	struct qaicdv_dbc_attr attr = { .queue_size = queue_size };
	struct accel_queue *q = qaicdv_dbc_activate(ctx, &attr, sizeof(attr));

	if (!q)
		fail_msg("qaicdv_dbc_activate: %s", accel_last_error());
	return q;
}

static void test_attributes(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct accel_device_attr attr;
	struct accel_engine_info e;
	struct accel_mem_domain d;

	(void)state;
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "qaic");
	assert_string_equal(attr.card_name, "Cloud AI 100");
	assert_string_equal(attr.fw_version, "NNC 5.0");
	assert_int_equal(attr.pci_vendor_id, 0x17cb);
	assert_int_equal(attr.pci_device_id, 0xa100);
	assert_int_equal(attr.max_queues, 16);
	assert_int_equal(accel_query_engines(ctx, &e, 1, sizeof(e)), 1);
	assert_string_equal(e.name, "dbc");
	assert_int_equal(e.count, 16);
	assert_true(e.flags & ACCEL_ENGINE_NEEDS_PROGRAM);
	assert_int_equal(accel_query_mem_domains(ctx, &d, 1, sizeof(d)), 1);
	assert_true(d.flags & ACCEL_DOMAIN_HOST_VISIBLE);
	assert_true(d.flags & ACCEL_DOMAIN_EXPORTABLE);
	/* a queue needs a network: only qaicdv makes one */
	assert_null(accel_queue_create(ctx, NULL));
	assert_int_equal(errno, EOPNOTSUPP);
	close_qaic(ctx);
}

static void test_device_info(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct qaicdv_device_info info;
	struct accel_queue *q;

	(void)state;
	assert_int_equal(qaicdv_query_device(ctx, &info, sizeof(info)), 0);
	assert_int_equal(info.pci_device_id, 0xa100);
	assert_int_equal(info.num_dbc, 16);
	assert_int_equal(info.ce_count, 0);
	assert_int_equal(info.ue_nonfatal_count, 0);
	assert_int_equal(info.status_error, 0);
	assert_int_equal(info.nnc_major, 5);
	assert_int_equal(info.dbc_state[0], QAICDV_DBC_IDLE);
	q = activate(ctx, 64);
	assert_int_equal(qaicdv_query_device(ctx, &info, sizeof(info)), 0);
	assert_int_equal(info.dbc_state[qaicdv_dbc_id(q)], QAICDV_DBC_ASSIGNED);
	assert_int_equal(accel_queue_destroy(q), 0);
	/* destroying the queue deactivated the DBC */
	assert_int_equal(qaicdv_query_device(ctx, &info, sizeof(info)), 0);
	assert_int_equal(info.dbc_state[0], QAICDV_DBC_IDLE);
	close_qaic(ctx);
}

static void test_dbc_activate(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct qaicdv_dbc_attr attr = { 0 };
	struct accel_queue *q0, *q1;
	struct qaicdv_msg pre;
	const void *payload;
	uint32_t off = 0, type, len;

	(void)state;
	/* queue_size 0: MANAGE refuses it */
	assert_null(qaicdv_dbc_activate(ctx, &attr, sizeof(attr)));
	assert_int_equal(errno, EINVAL);
	assert_non_null(accel_last_error());
	/* with the firmware's network load before the activation */
	qaicdv_msg_init(&pre);
	assert_int_equal(qaicdv_msg_add_passthrough(&pre, "load net", 8), 0);
	attr.comp_mask = QAICDV_DBC_ATTR_PRE | QAICDV_DBC_ATTR_OPTIONS;
	attr.queue_size = 128;
	attr.options = 1u << 16;
	attr.pre = &pre;
	q0 = qaicdv_dbc_activate(ctx, &attr, sizeof(attr));
	assert_non_null(q0);
	assert_int_equal(qaicdv_dbc_id(q0), 0);
	/* the answers were written back: the echo, then the activation */
	assert_int_equal(qaicdv_msg_next(&pre, &off, &type, &payload, &len), 1);
	assert_int_equal(type, QAICDV_TRANS_PASSTHROUGH_FROM_DEV);
	assert_memory_equal(payload, "load net", 8);
	assert_int_equal(qaicdv_msg_next(&pre, &off, &type, &payload, &len), 1);
	assert_int_equal(type, QAICDV_TRANS_ACTIVATE_FROM_DEV);
	assert_int_equal(qaicdv_msg_next(&pre, &off, &type, &payload, &len), 0);
	q1 = activate(ctx, 8);
	assert_int_equal(qaicdv_dbc_id(q1), 1);
	assert_int_equal(qaicdv_dbc_deactivate(q0), 0);
	/* the queue is gone */
	assert_int_equal(qaicdv_dbc_id(q0), -ESTALE);
	assert_int_equal(accel_queue_destroy(q1), 0);
	close_qaic(ctx);
}

static void test_manage_passthrough(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct qaicdv_msg msg;
	struct accel_queue *q;
	const uint8_t *p;
	uint32_t off = 0, type, len, dbc = 99;
	int big = 0;

	(void)state;
	/* a DBC activated by the caller's own message, then attached */
	qaicdv_msg_init(&msg);
	assert_int_equal(qaicdv_msg_add_status(&msg), 0);
	assert_int_equal(qaicdv_msg_add_activate(&msg, 16, 0), 0);
	assert_int_equal(qaicdv_manage(ctx, &msg), 0);
	while (qaicdv_msg_next(&msg, &off, &type, (const void **)&p, &len) == 1)
		if (type == QAICDV_TRANS_ACTIVATE_FROM_DEV)
			memcpy(&dbc, p + 4, sizeof(dbc));
	assert_int_equal(dbc, 0);
	q = qaicdv_dbc_attach(ctx, dbc);
	assert_non_null(q);
	assert_null(qaicdv_dbc_attach(ctx, 16));
	assert_int_equal(errno, EINVAL);
	/* deactivating a DBC that is not ours: the kernel's EPERM */
	qaicdv_msg_init(&msg);
	assert_int_equal(qaicdv_msg_add_deactivate(&msg, 5), 0);
	assert_int_equal(qaicdv_manage(ctx, &msg), -EPERM);
	/* the builder stops at 4 KiB */
	qaicdv_msg_init(&msg);
	while (!qaicdv_msg_add_passthrough(&msg, &big, sizeof(big)))
		;
	/* 255 of 16 bytes; a header-only status still fits, then no more */
	assert_int_equal(msg.len, 4080);
	assert_int_equal(qaicdv_msg_add_status(&msg), 0);
	assert_int_equal(qaicdv_msg_add_status(&msg), -ENOSPC);
	/*
	 * The kernel takes the full message, but the firmware's answers (the
	 * echoes and a 24-byte status) pass the 4 KiB decode_message() takes
	 */
	assert_int_equal(qaicdv_manage(ctx, &msg), -EINVAL);
	assert_int_equal(qaicdv_dbc_deactivate(q), 0);
	close_qaic(ctx);
}

/* ------------------------------------------------------------------------ */
/* the generic API through a DBC                                            */
/* ------------------------------------------------------------------------ */

/* one slice of the whole BO at dev_addr */
static void slice(struct accel_bo *bo, struct accel_queue *q, uint32_t dir, uint64_t dev_addr)
{
	struct qaicdv_slice s = { .size = accel_bo_size(bo), .dev_addr = dev_addr };

	if (qaicdv_bo_attach_slices(bo, q, dir, &s, 1))
		fail_msg("qaicdv_bo_attach_slices: %s", accel_last_error());
}

static int submit2(struct accel_queue *q, struct accel_bo *in, struct accel_bo *out,
		   uint64_t *seqno)
{
	struct accel_bo_ref refs[2] = {
		{ .bo = in, .access = ACCEL_ACCESS_READ },
		{ .bo = out, .access = ACCEL_ACCESS_WRITE },
	};
	struct accel_submit s = { .bos = refs, .num_bos = 2 };

	return accel_submit(q, &s, seqno);
}

static void test_generic_submit(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct accel_job_status st;
	struct accel_bo *in, *out;
	struct accel_queue *q;
	uint8_t *pi, *po;
	uint64_t seq, done;
	int i;

	(void)state;
	q = activate(ctx, 64);
	in = accel_bo_alloc(ctx, 16384, ACCEL_BO_HOST_VISIBLE);
	out = accel_bo_alloc(ctx, 16384, ACCEL_BO_HOST_VISIBLE);
	assert_non_null(in);
	assert_non_null(out);
	pi = accel_bo_map(in);
	po = accel_bo_map(out);
	assert_non_null(pi);
	assert_non_null(po);
	for (i = 0; i < 16384; i++)
		pi[i] = (uint8_t)(i ^ 0x5a);
	/* unsliced BOs are refused with a reason */
	assert_int_equal(submit2(q, in, out, &seq), -EINVAL);
	assert_non_null(strstr(accel_last_error(), "not sliced"));
	slice(in, q, QAICDV_TO_DEV, 0x4000);
	slice(out, q, QAICDV_FROM_DEV, 0x4000);
	/* the access must match the slicing */
	{
		struct accel_bo_ref bad = { .bo = out, .access = ACCEL_ACCESS_READ };
		struct accel_submit s = { .bos = &bad, .num_bos = 1 };

		assert_int_equal(accel_submit(q, &s, &seq), -EINVAL);
	}
	accel_shim_qaic_set_xfer(0, 100000, 0);	/* 100 ms per transfer */
	assert_int_equal(submit2(q, in, out, &seq), 0);
	assert_int_equal(seq, 1);
	/* a poll: the job is running, each WAIT_BO asks 1 ms at least */
	assert_int_equal(accel_wait(q, seq, 0), -ETIMEDOUT);
	assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_PENDING);
	/* re-queue of a queued BO: the kernel's EINVAL is EAGAIN */
	assert_int_equal(submit2(q, in, out, &seq), -EAGAIN);
	assert_non_null(strstr(accel_last_error(), "still queued"));
	assert_int_equal(accel_wait(q, 1, -1), 0);
	assert_int_equal(accel_job_status(q, 1, &st, sizeof(st)), 0);
	assert_int_equal(st.state, ACCEL_JOB_DONE);
	assert_int_equal(accel_queue_completed(q, &done), 0);
	assert_int_equal(done, 1);
	assert_memory_equal(po, pi, 16384);
	/* per-BO figures of that transfer */
	{
		struct qaicdv_perf_stats ps[2] = { { .bo = in }, { .bo = out } };

		assert_int_equal(qaicdv_perf_stats(q, ps, 2), 0);
		assert_int_equal(ps[0].num_queue_element, 1);
		assert_int_equal(ps[1].queue_level_before, 1);
		assert_true(ps[1].device_latency_us >= 100000);
	}
	/* again, with the BOs freed while the job runs */
	for (i = 0; i < 16384; i++)
		pi[i] = (uint8_t)i;
	assert_int_equal(submit2(q, in, out, &seq), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(accel_bo_unmap(in), 0);
	assert_int_equal(accel_bo_free(in), 0);
	assert_int_equal(accel_wait(q, seq, 2000000000), 0);
	assert_int_equal(po[1000], (uint8_t)1000);
	assert_int_equal(accel_bo_free(out), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	close_qaic(ctx);
}

static void test_partial_and_wait(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct accel_bo *in, *out, *bos[2];
	struct accel_queue *q;
	uint64_t resize[2] = { 10, 4096 }, seq;
	uint8_t *pi, *po;

	(void)state;
	q = activate(ctx, 16);
	in = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	out = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	pi = accel_bo_map(in);
	po = accel_bo_map(out);
	memset(pi, 1, 4096);
	slice(in, q, QAICDV_TO_DEV, 0);
	slice(out, q, QAICDV_FROM_DEV, 0);
	bos[0] = in;
	bos[1] = out;
	/* partial: only 10 bytes reach the device; the rest reads zeroes */
	assert_int_equal(qaicdv_execute(q, bos, resize, 2, &seq), 0);
	assert_int_equal(qaicdv_bo_wait(out, 1000), 0);
	assert_int_equal(accel_wait(q, seq, 0), 0);
	assert_int_equal(po[9], 1);
	assert_int_equal(po[10], 0);
	/* whole */
	assert_int_equal(qaicdv_execute(q, bos, NULL, 2, &seq), 0);
	assert_int_equal(accel_wait(q, seq, -1), 0);
	assert_int_equal(po[4095], 1);
	/* detach, then the submission is refused */
	assert_int_equal(qaicdv_bo_detach_slices(in), 0);
	assert_int_equal(qaicdv_bo_detach_slices(in), -EINVAL);
	assert_int_equal(qaicdv_execute(q, bos, NULL, 2, &seq), -EINVAL);
	/* a hang: the wait times out at the deadline */
	slice(in, q, QAICDV_TO_DEV, 0);
	accel_shim_qaic_set_xfer(0, 0, 1);
	assert_int_equal(qaicdv_execute(q, bos, NULL, 2, &seq), 0);
	assert_int_equal(accel_wait(q, seq, 5000000), -ETIMEDOUT);
	assert_int_equal(qaicdv_bo_wait(out, 2), -ETIMEDOUT);
	assert_int_equal(qaicdv_bo_detach_slices(out), -EBUSY);
	/* a subsystem restart: the job fails, the context is lost */
	assert_int_equal(accel_shim_qaic_ssr(0, (uint32_t)qaicdv_dbc_id(q), 1), 0);
	{
		struct accel_job_status st;

		assert_int_equal(accel_wait(q, seq, -1), -EIO);
		assert_int_equal(accel_job_status(q, seq, &st, sizeof(st)), 0);
		assert_int_equal(st.device_error, -EPERM);
	}
	accel_shim_qaic_ssr(0, 0, 0);
	assert_int_equal(accel_bo_free(in), 0);
	assert_int_equal(accel_bo_free(out), 0);
	accel_queue_destroy(q);
	close_qaic(ctx);
}

static void test_ssr_waiter(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct accel_bo *in, *out;
	struct accel_queue *q;
	uint64_t seq;

	(void)state;
	q = activate(ctx, 16);
	in = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	out = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	slice(in, q, QAICDV_TO_DEV, 0);
	slice(out, q, QAICDV_FROM_DEV, 0);
	accel_shim_qaic_set_xfer(0, 0, 1);
	assert_int_equal(submit2(q, in, out, &seq), 0);
	/* the restart comes while accel_wait sleeps in WAIT_BO: EPIPE */
	{
		struct timespec ts = { 0, 30000000 };
		pthread_t t;

		assert_int_equal(pthread_create(&t, NULL, ssr_later, &ts), 0);
		assert_int_equal(accel_wait(q, seq, -1), -ENOTRECOVERABLE);
		pthread_join(t, NULL);
	}
	assert_non_null(strstr(accel_last_error(), "subsystem restart"));
	accel_shim_qaic_ssr(0, 0, 0);
	accel_bo_free(in);
	accel_bo_free(out);
	accel_queue_destroy(q);
	close_qaic(ctx);
}

static void test_queue_fd(void **state)
{
	struct accel_context *ctx = open_qaic();
	struct accel_bo *in, *out;
	struct accel_queue *q;
	struct pollfd pfd;
	uint64_t seq, done = 0;
	int i;

	(void)state;
	q = activate(ctx, 16);
	in = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	out = accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE);
	slice(in, q, QAICDV_TO_DEV, 0);
	slice(out, q, QAICDV_FROM_DEV, 0);
	pfd.fd = accel_queue_get_fd(q);
	pfd.events = POLLIN;
	assert_true(pfd.fd >= 0);
	accel_shim_qaic_set_xfer(0, 10000, 0);
	assert_int_equal(submit2(q, in, out, &seq), 0);
	/* the core's waiter turns the per-BO waits into a readable fd */
	for (i = 0; i < 100 && done < seq; i++) {
		assert_true(poll(&pfd, 1, 100) >= 0);
		assert_int_equal(accel_queue_completed(q, &done), 0);
	}
	assert_int_equal(done, seq);
	assert_int_equal(poll(&pfd, 1, 0), 1);
	accel_bo_free(in);
	accel_bo_free(out);
	assert_int_equal(accel_queue_destroy(q), 0);
	close_qaic(ctx);
}

static void test_prime(void **state)
{
	struct accel_context *ctx = open_qaic(), *ctx2;
	struct accel_bo *bo, *imp;
	struct accel_queue *q;
	uint8_t *p, *p2;
	int fd;

	(void)state;
	ctx2 = accel_open_device(accel_context_device(ctx));
	assert_non_null(ctx2);
	bo = accel_bo_alloc(ctx, 8192, ACCEL_BO_HOST_VISIBLE);
	p = accel_bo_map(bo);
	memset(p, 0x3c, 8192);
	fd = accel_bo_export_dmabuf(bo, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	imp = accel_bo_import_dmabuf(ctx2, fd);
	assert_non_null(imp);
	assert_int_equal(accel_bo_size(imp), 8192);
	p2 = accel_bo_map(imp);
	assert_non_null(p2);
	assert_int_equal(p2[8191], 0x3c);
	/* the importer slices it onto its own DBC; a slice past it is refused */
	q = activate(ctx2, 8);
	{
		struct qaicdv_slice sl = { .size = 8192, .offset = 4096 };

		assert_int_equal(qaicdv_bo_attach_slices(imp, q, QAICDV_TO_DEV, &sl, 1), -EINVAL);
		sl.offset = 0;
		assert_int_equal(qaicdv_bo_attach_slices(imp, q, QAICDV_TO_DEV, &sl, 1), 0);
	}
	/* a BO of one context cannot go on a DBC of another */
	assert_int_equal(qaicdv_bo_attach_slices(bo, q, QAICDV_TO_DEV,
						 &(struct qaicdv_slice){ .size = 4096 }, 1),
			 -EXDEV);
	close(fd);
	assert_int_equal(accel_bo_free(imp), 0);
	assert_int_equal(accel_queue_destroy(q), 0);
	assert_int_equal(accel_close_device(ctx2), 0);
	assert_int_equal(accel_bo_free(bo), 0);
	close_qaic(ctx);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_attributes),
	cmocka_unit_test(test_device_info),
	cmocka_unit_test(test_dbc_activate),
	cmocka_unit_test(test_manage_passthrough),
	cmocka_unit_test(test_generic_submit),
	cmocka_unit_test(test_partial_and_wait),
	cmocka_unit_test(test_ssr_waiter),
	cmocka_unit_test(test_queue_fd),
	cmocka_unit_test(test_prime),
);
