// SPDX-License-Identifier: MIT
/* The runner of the unit tier: one case per process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

extern char **environ;

/* Every case starts without the caller's ACCEL_* settings. */
static void clear_accel_env(void)
{
	for (;;) {
		char name[256];
		char **e;

		for (e = environ; *e; e++)
			if (!strncmp(*e, "ACCEL_", 6))
				break;
		if (!*e)
			return;
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(*e, "="), *e);
		unsetenv(name);
	}
}

static int run_one(const struct CMUnitTest *test, void (*env_setup)(void))
{
	clear_accel_env();
	if (env_setup)
		env_setup();
	return _cmocka_run_group_tests(test->name, test, 1, NULL, NULL);
}

int unit_main(int argc, char **argv, const struct CMUnitTest *tests,
	      size_t num_tests, void (*env_setup)(void))
{
	size_t i, failed = 0;

	if (argc > 2 || (argc == 2 && !strcmp(argv[1], "--list"))) {
		for (i = 0; i < num_tests; i++)
			printf("%s\n", tests[i].name);
		return argc > 2 ? 2 : 0;
	}
	if (argc == 2) {
		for (i = 0; i < num_tests; i++)
			if (!strcmp(tests[i].name, argv[1]))
				return run_one(&tests[i], env_setup);
		fprintf(stderr, "%s: no test case '%s'\n", argv[0], argv[1]);
		return 2;
	}
	for (i = 0; i < num_tests; i++) {
		int status;
		pid_t pid;

		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			exit(run_one(&tests[i], env_setup));
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "%s: case %s failed\n", argv[0],
				tests[i].name);
			failed++;
		}
	}
	printf("%zu of %zu cases passed\n", num_tests - failed, num_tests);
	return failed ? 1 : 0;
}

void unit_setenv(const char *name, const char *value)
{
	assert_int_equal(setenv(name, value, 1), 0);
}

void unit_open_testdrv_and_bare(struct fake_sys *fs, struct accel_device ***list,
				struct accel_context **ctx, struct accel_context **bare)
{
	struct fake_dev d = fake_testdrv();
	int n = 0;

	fake_sys_init(fs);
	fake_add_accel(fs, 0, &d);
	d.driver = "testbare";
	d.device = 0x5679;	/* not testdrv's PCI id: the driver name decides */
	fake_add_accel(fs, 1, &d);
	*list = accel_get_device_list(&n);
	assert_non_null(*list);
	assert_int_equal(n, 2);
	*ctx = accel_open_device((*list)[0]);
	*bare = accel_open_device((*list)[1]);
	assert_non_null(*ctx);
	assert_non_null(*bare);
}

struct accel_device *unit_find(struct accel_device **list, const char *name)
{
	for (; list && *list; list++) {
		const char *n = accel_device_name(*list);

		if (n && !strcmp(n, name))
			return *list;
	}
	return NULL;
}

const char *unit_report(void)
{
	static char buf[16384];
	int n = accel_get_scan_report(buf, sizeof(buf));

	assert_true(n >= 0);
	assert_true((size_t)n < sizeof(buf));
	return buf;
}

void unit_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fail_msg("cannot create %s: %m", path);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int saved_stderr = -1;
static char stderr_path[PATH_MAX];

void unit_stderr_begin(void)
{
	int fd;

	snprintf(stderr_path, sizeof(stderr_path), "/tmp/accel-unit-stderr-XXXXXX");
	fd = mkstemp(stderr_path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(2);
	assert_true(saved_stderr >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
}

char *unit_stderr_end(void)
{
	char *text = NULL;
	size_t cap = 0;
	FILE *f;

	fflush(stderr);
	assert_int_equal(dup2(saved_stderr, 2), 2);
	close(saved_stderr);
	saved_stderr = -1;
	f = fopen(stderr_path, "r");
	assert_non_null(f);
	if (getdelim(&text, &cap, 0, f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	unlink(stderr_path);
	assert_non_null(text);
	return text;
}

#define UNIT_NO_REASON "unit: no reason was set"

void unit_reason_reset(void)
{
	accel_set_reason(0, "%s", UNIT_NO_REASON);
}

void unit_assert_reason(const char *expr, const char *file, int line)
{
	const char *why = accel_last_error();
	size_t n = strcspn(expr, "(");

	if (!why || !why[0] || !strcmp(why, UNIT_NO_REASON))
		fail_msg("%s:%d: %s failed without a reason", file, line, expr);
	if (strncmp(why, expr, n) || why[n] != ':')
		fail_msg("%s:%d: the reason does not name %.*s: %s", file, line,
			 (int)n, expr, why);
}

/*
 * The environment of most programs: the two good test providers by name
 * from the test provider directory, and no .driver file at all (the build's
 * soft provider would add a device to every list).
 */
void unit_env_test_providers(void)
{
	unit_setenv("ACCEL_PROVIDER_PATH", UNIT_PROVIDER_DIR);
	unit_setenv("ACCEL_PROVIDERS", "testdrv:testmin");
	unit_setenv("ACCEL_CONFIG_DIR", "/nonexistent/libaccel-unit");
}
