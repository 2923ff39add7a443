// SPDX-License-Identifier: MIT
/*
 * Description: the device lists' allocator (libaccel/unique_va.c) on its
 * own, built into this program: no byte is handed out twice however
 * blocks are freed, new blocks are zeroed, small blocks share a span and
 * a span's memory goes back to the kernel once its last block is freed
 * and nothing more is cut from it, a block larger than a span gets pages
 * of its own, and a fork child allocates on its own.
 */
#include "../../libaccel/unique_va.c"

#include <string.h>
#include <sys/wait.h>

#include "unit.h"

#define NBLOCKS 4096

/* is the page holding p in memory? (mincore: a released page is not) */
static bool resident(const void *p)
{
	uintptr_t page = (uintptr_t)p & ~(uintptr_t)(page_size() - 1);
	unsigned char v = 0;

	assert_int_equal(mincore((void *)page, 1, &v), 0);
	return v & 1;
}

static bool zeroed(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

struct block {
	uintptr_t at;
	size_t size;
};

static int cmp_at(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

/* no two blocks share a byte, whatever was freed before; sizes mixed */
static void test_never_reused(void **state)
{
	static struct block b[NBLOCKS], sorted[NBLOCKS];
	bool unique;
	int i;

	(void)state;
	for (i = 0; i < NBLOCKS; i++) {
		unsigned char *p;

		b[i].size = i % 97 == 0 ? 3 * small_span() : 8 + (size_t)(i % 300) * 8;
		p = accel_unique_alloc(b[i].size, &unique);
		assert_non_null(p);
		assert_true(unique);
		assert_true(zeroed(p, b[i].size));
		memset(p, 0xa5, b[i].size);
		b[i].at = (uintptr_t)p;
		/* free every third at once, the rest at the end */
		if (i % 3 == 0)
			accel_unique_free(p, b[i].size, true);
	}
	memcpy(sorted, b, sizeof(b));
	qsort(sorted, NBLOCKS, sizeof(*sorted), cmp_at);
	for (i = 1; i < NBLOCKS; i++)
		assert_true(sorted[i].at >= sorted[i - 1].at + sorted[i - 1].size);
	for (i = 0; i < NBLOCKS; i++)
		if (i % 3)
			accel_unique_free((void *)b[i].at, b[i].size, true);
}

static void test_span_released_when_empty(void **state)
{
	size_t span = small_span(), n = 0, i;
	uintptr_t base = 0;
	unsigned char **in_first, *p;
	bool unique;

	(void)state;
	in_first = calloc(span / 64, sizeof(*in_first));
	assert_non_null(in_first);
	/* 64-byte blocks until one lands in the next span */
	for (;;) {
		p = accel_unique_alloc(64, &unique);
		assert_non_null(p);
		p[0] = 1;
		if (!base)
			base = (uintptr_t)p & ~(uintptr_t)(span - 1);
		if (((uintptr_t)p & ~(uintptr_t)(span - 1)) != base)
			break;
		assert_true(n < span / 64);
		in_first[n++] = p;
	}
	assert_true(n > 1);
	/* the first span is no longer cut from: its last free releases it */
	for (i = 0; i < n; i++) {
		assert_true(resident(in_first[0]));
		accel_unique_free(in_first[i], 64, true);
	}
	assert_false(resident(in_first[0]));
	accel_unique_free(p, 64, true);
	free(in_first);
}

static void test_large_block(void **state)
{
	size_t size = 2 * small_span() + 100;
	unsigned char *p, *q;
	bool unique;

	(void)state;
	p = accel_unique_alloc(size, &unique);
	assert_non_null(p);
	assert_true(unique);
	assert_true(zeroed(p, size));
	p[size - 1] = 1;
	assert_true(resident(p + size - 1));
	accel_unique_free(p, size, true);
	assert_false(resident(p + size - 1));
	/* its addresses stay taken */
	q = accel_unique_alloc(16, &unique);
	assert_true(q + 16 <= p || q >= p + size);
}

static void test_fork_child(void **state)
{
	unsigned char *p, *q;
	bool unique;
	int status;
	pid_t pid;

	(void)state;
	p = accel_unique_alloc(32, &unique);
	assert_non_null(p);
	accel_unique_va_atfork(ACCEL_FORK_PREPARE);
	pid = fork();
	accel_unique_va_atfork(pid ? ACCEL_FORK_PARENT : ACCEL_FORK_CHILD);
	assert_true(pid >= 0);
	if (!pid) {
		q = accel_unique_alloc(32, &unique);
		_exit(q && q > p && zeroed(q, 32) ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	accel_unique_free(p, 32, true);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_never_reused),
	cmocka_unit_test(test_span_released_when_empty),
	cmocka_unit_test(test_large_block),
	cmocka_unit_test(test_fork_child),
};

UNIT_MAIN(tests, NULL)
