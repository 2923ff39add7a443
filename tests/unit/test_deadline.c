// SPDX-License-Identifier: MIT
/*
 * The deadline helpers providers convert timeouts with: one absolute
 * CLOCK_MONOTONIC time, turned into what is left in ns, ms or us, rounded
 * up (a short wait must not become a poll) and clamped, never overflowing.
 */
#include <errno.h>
#include <stdint.h>

#include "accel_provider.h"
#include "unit.h"

#define MS 1000000LL
#define SEC 1000000000LL

static void test_deadline_from_timeout(void **state)
{
	int64_t t0, d, t1;

	assert_int_equal(accel_deadline(-1), ACCEL_DEADLINE_NEVER);
	assert_int_equal(accel_deadline(INT64_MIN), ACCEL_DEADLINE_NEVER);
	/* 0 polls: a deadline already past */
	assert_int_equal(accel_deadline(0), 0);
	t0 = accel_now_ns();
	d = accel_deadline(SEC);
	t1 = accel_now_ns();
	assert_true(d >= t0 + SEC && d <= t1 + SEC);
	/* past the clock's range is no deadline, not a wrap into the past */
	assert_int_equal(accel_deadline(INT64_MAX), ACCEL_DEADLINE_NEVER);
	assert_int_equal(accel_deadline(INT64_MAX - 1), ACCEL_DEADLINE_NEVER);
	assert_int_equal(accel_deadline(INT64_MAX - t0), ACCEL_DEADLINE_NEVER);
	d = accel_deadline(INT64_MAX / 2);
	assert_true(d > t0);
}

static void test_deadline_left_ns(void **state)
{
	int64_t now = accel_now_ns(), left;

	assert_int_equal(accel_deadline_left_ns(ACCEL_DEADLINE_NEVER),
			 ACCEL_DEADLINE_NEVER);
	assert_int_equal(accel_deadline_left_ns(0), 0);
	assert_int_equal(accel_deadline_left_ns(-5), 0);
	assert_int_equal(accel_deadline_left_ns(INT64_MIN), 0);
	assert_int_equal(accel_deadline_left_ns(now - SEC), 0);
	left = accel_deadline_left_ns(now + SEC);
	assert_true(left > 0 && left <= SEC);
}

/*
 * What is left rounded up to unit, for a deadline read while the time
 * left went from before to after (ns): the answer lies between the two
 * bounds whatever the scheduler did meanwhile.
 */
static void check_rounded_up(uint64_t v, int64_t before, int64_t after,
			     int64_t unit)
{
	assert_true(v >= (uint64_t)((after + unit - 1) / unit));
	assert_true(v <= (uint64_t)((before + unit - 1) / unit));
}

static void test_deadline_left_rounds_up(void **state)
{
	int64_t d, before, after;
	uint64_t v;

	/* 5.999 ms left is 6 ms, not 5: at least what is left */
	d = accel_now_ns() + 5 * MS + 999000;
	before = accel_deadline_left_ns(d);
	v = accel_deadline_left_ms(d, UINT64_MAX);
	after = accel_deadline_left_ns(d);
	assert_true(v * MS >= (uint64_t)after);
	check_rounded_up(v, before, after, MS);
	/* likewise in us */
	d = accel_now_ns() + 5 * MS + 999;
	before = accel_deadline_left_ns(d);
	v = accel_deadline_left_us(d, UINT64_MAX);
	after = accel_deadline_left_ns(d);
	assert_true(v * 1000 >= (uint64_t)after);
	check_rounded_up(v, before, after, 1000);
	/* any time left at all is at least one unit */
	d = accel_now_ns() + SEC / 2;
	assert_true(accel_deadline_left_ms(d, UINT64_MAX) >= 1);
	/* nothing left is 0: a poll */
	assert_int_equal(accel_deadline_left_ms(0, 100), 0);
	assert_int_equal(accel_deadline_left_us(0, 100), 0);
	assert_int_equal(accel_deadline_left_ms(accel_now_ns() - 1, 100), 0);
}

static void test_deadline_left_clamps(void **state)
{
	int64_t d = accel_now_ns() + 2 * 3600 * SEC;

	/* never: the most the caller's unit can say */
	assert_int_equal(accel_deadline_left_ms(ACCEL_DEADLINE_NEVER, 77), 77);
	assert_int_equal(accel_deadline_left_us(ACCEL_DEADLINE_NEVER, UINT32_MAX),
			 UINT32_MAX);
	/* two hours do not fit a u32 of us (habanalabs): clamp, don't wrap */
	assert_int_equal(accel_deadline_left_us(d, UINT32_MAX), UINT32_MAX);
	assert_int_equal(accel_deadline_left_ms(d, 1000), 1000);
	assert_true(accel_deadline_left_ms(d, UINT64_MAX) <= 7200 * 1000);
	assert_true(accel_deadline_left_ms(d, UINT64_MAX) > 7199 * 1000);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_deadline_from_timeout),
	cmocka_unit_test(test_deadline_left_ns),
	cmocka_unit_test(test_deadline_left_rounds_up),
	cmocka_unit_test(test_deadline_left_clamps),
};

UNIT_MAIN(tests, NULL)
