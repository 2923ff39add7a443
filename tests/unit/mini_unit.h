/* SPDX-License-Identifier: MIT */
/*
 * The few cmocka calls a self-contained unit test uses, for builds where
 * cmocka is not there: test_handles.c compiled -m32 (Debian's gcc-12-multilib
 * has no i386 cmocka). Each case runs in a forked child, as unit_main()
 * runs them; a failed assert ends the child with a message. Usage as with
 * unit.h: UNIT_MAIN(tests, NULL); argv[1] names one case, or is --list.
 */
#ifndef ACCEL_MINI_UNIT_H
#define ACCEL_MINI_UNIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct CMUnitTest {
	const char *name;
	void (*test_func)(void **state);
};

#define cmocka_unit_test(f) { #f, f }

/* each argument is evaluated once: the calls under test have effects */
static inline void mini_check(bool ok, const char *what, intmax_t a, intmax_t b,
			      const char *file, int line)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: %s (%jd, %jd)\n", file, line, what, a, b);
	fflush(NULL);
	_exit(1);
}

static inline void mini_equal(intmax_t a, intmax_t b, const char *what,
			      const char *file, int line)
{
	mini_check(a == b, what, a, b, file, line);
}

#define assert_true(x) \
	mini_check(!!(x), "assert_true(" #x ")", 0, 0, __FILE__, __LINE__)
#define assert_false(x) \
	mini_check(!(x), "assert_false(" #x ")", 0, 0, __FILE__, __LINE__)
#define assert_non_null(p) \
	mini_check((p) != NULL, "assert_non_null(" #p ")", 0, 0, __FILE__, __LINE__)
#define assert_int_equal(a, b) \
	mini_equal((intmax_t)(a), (intmax_t)(b), #a " == " #b, __FILE__, __LINE__)
#define assert_ptr_equal(a, b) \
	mini_equal((intmax_t)(uintptr_t)(a), (intmax_t)(uintptr_t)(b), \
		   #a " == " #b, __FILE__, __LINE__)

static inline int mini_run(const struct CMUnitTest *t)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		t->test_func(NULL);
		fflush(NULL);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		printf("FAIL: %s\n", t->name);
		return 1;
	}
	printf("ok: %s\n", t->name);
	return 0;
}

static inline int mini_main(int argc, char **argv, const struct CMUnitTest *tests,
			    size_t n)
{
	size_t i, failed = 0, ran = 0;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < n; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name))
			continue;
		ran++;
		failed += mini_run(&tests[i]);
	}
	if (!ran) {
		fprintf(stderr, "%s: no test case '%s'\n", argv[0], argv[1]);
		return 2;
	}
	printf("%zu of %zu cases passed\n", ran - failed, ran);
	return failed ? 1 : 0;
}

#define UNIT_MAIN(tests, env_setup)                                        \
	int main(int argc, char **argv)                                    \
	{                                                                  \
		return mini_main(argc, argv, tests,                        \
				 sizeof(tests) / sizeof((tests)[0]));      \
	}

#endif
