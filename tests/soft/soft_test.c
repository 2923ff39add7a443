// SPDX-License-Identifier: MIT
/* Helpers for the soft provider tests. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soft_test.h"

struct accel_context *st_open_named(const char *name)
{
	struct accel_context *ctx = NULL;
	struct accel_device **list;
	int i, n;

	list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; i < n; i++) {
		if (name ? !strcmp(accel_device_name(list[i]), name) :
			   !strcmp(accel_device_driver(list[i]), "soft")) {
			ctx = accel_open_device(list[i]);
			assert_non_null(ctx);
			break;
		}
	}
	accel_free_device_list(list);
	return ctx;
}

struct accel_context *st_open_soft(void)
{
	struct accel_context *ctx = st_open_named(NULL);

	if (!ctx)
		fail_msg("no soft device: is the soft provider built and configured?");
	return ctx;
}

struct accel_bo *st_alloc_mapped(struct accel_context *ctx, uint64_t size,
				 void **map)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);

	assert_non_null(bo);
	*map = accel_bo_map(bo);
	assert_non_null(*map);
	return bo;
}

void st_cs_init(struct st_cs *cs, struct accel_context *ctx)
{
	void *p;

	cs->bo = st_alloc_mapped(ctx, 64 * 1024, &p);
	cs->p = p;
	cs->len = 0;
}

void st_cs_fini(struct st_cs *cs)
{
	assert_int_equal(accel_bo_free(cs->bo), 0);
}

static int st_vsubmit(struct accel_queue *q, struct st_cs *cs,
		      uint64_t *seqno, va_list ap)
{
	struct accel_bo_ref bos[16];
	struct accel_bo *bo;
	uint32_t n = 0;

	while ((bo = va_arg(ap, struct accel_bo *)) && n < 16) {
		bos[n].bo = bo;
		bos[n].access = ACCEL_ACCESS_RW;
		bos[n++].slot = 0;
	}
	return st_cs_submit_ex(q, cs, seqno, bos, n, NULL, 0);
}

int st_cs_submit_ex(struct accel_queue *q, struct st_cs *cs, uint64_t *seqno,
		    const struct accel_bo_ref *bos, uint32_t nbos,
		    const struct accel_fence_point *pts, uint32_t npts)
{
	struct accel_submit s = { 0 };

	s.cmd_bo = cs->bo;
	s.cmd_size = cs->len;
	s.bos = bos;
	s.num_bos = nbos;
	if (npts) {
		s.comp_mask |= ACCEL_SUBMIT_WAIT;
		s.wait_points = pts;
		s.num_wait_points = npts;
	}
	return accel_submit(q, &s, seqno);
}

void st_check_reason(const char *want, const char *file, int line)
{
	const char *r = accel_last_error();

	if (!r || !*r)
		fail_msg("%s:%d: the failing call left no reason", file, line);
	if (want && !strstr(r, want))
		fail_msg("%s:%d: reason \"%s\" does not say \"%s\"", file, line,
			 r, want);
}

void st_assert_job(struct accel_queue *q, uint64_t seqno, uint32_t state,
		   int32_t device_error, const char *want)
{
	struct accel_job_status st;

	memset(&st, 0xff, sizeof(st));
	assert_int_equal(accel_job_status(q, seqno, &st, sizeof(st)), 0);
	if (st.state != state)
		fail_msg("seqno %llu: state %u, expected %u (reason \"%.128s\")",
			 (unsigned long long)seqno, st.state, state, st.reason);
	switch (state) {
	case ACCEL_JOB_DONE:
	case ACCEL_JOB_PENDING:
		assert_int_equal(st.error, 0);
		break;
	default:
		assert_int_equal(st.error, -EIO);
		assert_int_equal(st.device_error, device_error);
		if (!memchr(st.reason, 0, sizeof(st.reason)) || !st.reason[0])
			fail_msg("seqno %llu failed without a reason",
				 (unsigned long long)seqno);
		if (want && !strstr(st.reason, want))
			fail_msg("seqno %llu: reason \"%s\" does not say \"%s\"",
				 (unsigned long long)seqno, st.reason, want);
	}
}

int st_cs_submit(struct accel_queue *q, struct st_cs *cs, uint64_t *seqno, ...)
{
	va_list ap;
	int ret;

	va_start(ap, seqno);
	ret = st_vsubmit(q, cs, seqno, ap);
	va_end(ap);
	return ret;
}

int st_cs_run(struct accel_queue *q, struct st_cs *cs, ...)
{
	uint64_t seqno;
	va_list ap;
	int ret;

	va_start(ap, cs);
	ret = st_vsubmit(q, cs, &seqno, ap);
	va_end(ap);
	if (ret)
		return ret;
	return accel_wait(q, seqno, 10 * SEC_NS);
}

int st_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

int st_have_export(void)
{
	return !access("/dev/udmabuf", F_OK);
}
