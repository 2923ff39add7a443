// SPDX-License-Identifier: MIT
/*
 * Environment overrides are ignored in setuid programs (secure_getenv):
 * a setuid-root copy of setuid_helper, started by nobody, must not read
 * the fake sysfs, load providers from ACCEL_PROVIDER_PATH or create
 * ACCEL_LOG_FILE; the same helper without the setuid bit does all three
 * (the control). Needs root to make a setuid-root file: skipped otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#define UNIT_SKIP 77

static struct fake_sys fs;
static char helper[PATH_MAX], log_path[PATH_MAX];

static int setup(void **state)
{
	struct fake_dev d = fake_testdrv();
	char buf[65536];
	int in, out;
	ssize_t n;

	fake_sys_init(&fs);
	fake_add_accel(&fs, 0, &d);
	fake_path(&fs, "helper", helper, sizeof(helper));
	fake_path(&fs, "accel.log", log_path, sizeof(log_path));
	unit_setenv("ACCEL_LOG_LEVEL", "debug");
	unit_setenv("ACCEL_LOG_FILE", log_path);
	in = open(TEST_SETUID_HELPER, O_RDONLY | O_CLOEXEC);
	out = open(helper, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	close(out);
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

/* Runs the helper, as nobody when drop is set; returns its stdout. */
static char *run_helper(bool drop)
{
	static char out[16384];
	size_t used = 0;
	int pfd[2], status;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		gid_t g = 65534;
		int null = open("/dev/null", O_WRONLY);

		dup2(pfd[1], 1);
		dup2(null, 2);	/* the helper's log may land here */
		if (drop && (setgroups(1, &g) || setresgid(65534, 65534, 65534) ||
			     setresuid(65534, 65534, 65534)))
			_exit(120);
		execl(helper, helper, (char *)NULL);
		_exit(121);
	}
	close(pfd[1]);
	while (used < sizeof(out) - 1 &&
	       (n = read(pfd[0], out + used, sizeof(out) - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = 0;
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return out;
}

static void test_overrides_ignored_when_setuid(void **state)
{
	char want[PATH_MAX + 16];
	const char *out;

	if (geteuid() != 0) {
		print_message("skipped: making a setuid-root file needs root\n");
		fake_sys_fini(&fs);
		exit(UNIT_SKIP);
	}

	/* the control: an ordinary process follows the environment */
	out = run_helper(false);
	assert_non_null(strstr(out, "secure 0\n"));
	snprintf(want, sizeof(want), "sysfs %s\n", fs.sys);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "device accel0 testdrv\n"));
	assert_int_equal(access(log_path, F_OK), 0);
	assert_int_equal(unlink(log_path), 0);

	/* setuid root, run by nobody */
	assert_int_equal(chown(helper, 0, 0), 0);
	assert_int_equal(chmod(helper, 04755), 0);
	out = run_helper(true);
	assert_non_null(strstr(out, "secure 1\n"));
	assert_non_null(strstr(out, "sysfs /sys\n"));
	assert_non_null(strstr(out, "dev /dev\n"));
	assert_null(strstr(out, "testdrv"));
	assert_int_equal(access(log_path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_overrides_ignored_when_setuid, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
