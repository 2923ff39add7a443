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
	struct accel_submit s = { 0 };
	struct accel_bo *bos[16], *bo;
	uint32_t n = 0;

	while ((bo = va_arg(ap, struct accel_bo *)) && n < 16)
		bos[n++] = bo;
	s.cmd_bo = cs->bo;
	s.cmd_size = cs->len;
	s.bos = bos;
	s.num_bos = n;
	return accel_submit(q, &s, seqno);
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
