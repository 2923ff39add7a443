/* SPDX-License-Identifier: MIT */
/* The submission cases of shim_hl_provider (test_hl_submit.c). */
#ifndef ACCEL_HL_SUBMIT_TESTS_H
#define ACCEL_HL_SUBMIT_TESTS_H

void test_submit_complete(void **state);
void test_submit_from_other_bos(void **state);
void test_wait_timeout(void **state);
void test_wait_hang_and_in_flight_limit(void **state);
void test_wait_abort(void **state);
void test_reset_while_open(void **state);
void test_submit_bad(void **state);
void test_hldv_submit(void **state);
void test_threads(void **state);
void test_no_leaks(void **state);

#define SHIM_SUBMIT_TESTS                                     \
	cmocka_unit_test(test_submit_complete),               \
	cmocka_unit_test(test_submit_from_other_bos),         \
	cmocka_unit_test(test_wait_timeout),                  \
	cmocka_unit_test(test_wait_hang_and_in_flight_limit), \
	cmocka_unit_test(test_wait_abort),                    \
	cmocka_unit_test(test_reset_while_open),              \
	cmocka_unit_test(test_submit_bad),                    \
	cmocka_unit_test(test_hldv_submit),                   \
	cmocka_unit_test(test_threads),                       \
	cmocka_unit_test(test_no_leaks)

#endif
