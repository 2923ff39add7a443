/* SPDX-License-Identifier: MIT */
/* The submission cases of shim_hl_provider (test_hl_submit.c). */
#ifndef ACCEL_HL_SUBMIT_TESTS_H
#define ACCEL_HL_SUBMIT_TESTS_H

/*
 * A failing call answers err and leaves a reason for the caller (reasons
 * are kept until the next failure, so a stale one would pass: the cases
 * that matter also look for words of their own reason).
 */
#define assert_reason()                                                \
	do {                                                           \
		const char *r_ = accel_last_error();                   \
		assert_non_null(r_);                                   \
		assert_true(r_[0] != 0);                               \
	} while (0)
#define assert_fails(call, err)                                        \
	do {                                                           \
		assert_int_equal((call), (err));                       \
		assert_reason();                                       \
	} while (0)
#define assert_fails_null(call, err)                                   \
	do {                                                           \
		assert_null(call);                                     \
		assert_int_equal(errno, (err));                        \
		assert_reason();                                       \
	} while (0)
#define assert_reason_has(word)                                        \
	do {                                                           \
		assert_reason();                                       \
		assert_non_null(strstr(accel_last_error(), (word)));   \
	} while (0)

void test_submit_complete(void **state);
void test_submit_from_other_bos(void **state);
void test_engines(void **state);
void test_mem_domains(void **state);
void test_wait_timeout(void **state);
void test_wait_beyond_u32_us(void **state);
void test_wait_hang_and_in_flight_limit(void **state);
void test_in_flight_limit_two_queues(void **state);
void test_wait_abort(void **state);
void test_reset_while_open(void **state);
void test_submit_bad(void **state);
void test_hldv_submit(void **state);
void test_pipeline(void **state);
void test_free_busy_bo(void **state);
void test_threads(void **state);
void test_no_leaks(void **state);

#define SHIM_SUBMIT_TESTS                                     \
	cmocka_unit_test(test_submit_complete),               \
	cmocka_unit_test(test_submit_from_other_bos),         \
	cmocka_unit_test(test_engines),                       \
	cmocka_unit_test(test_mem_domains),                   \
	cmocka_unit_test(test_wait_timeout),                  \
	cmocka_unit_test(test_wait_beyond_u32_us),            \
	cmocka_unit_test(test_wait_hang_and_in_flight_limit), \
	cmocka_unit_test(test_in_flight_limit_two_queues),    \
	cmocka_unit_test(test_wait_abort),                    \
	cmocka_unit_test(test_reset_while_open),              \
	cmocka_unit_test(test_submit_bad),                    \
	cmocka_unit_test(test_hldv_submit),                   \
	cmocka_unit_test(test_pipeline),                      \
	cmocka_unit_test(test_free_busy_bo),                  \
	cmocka_unit_test(test_threads),                       \
	cmocka_unit_test(test_no_leaks)

#endif
