// SPDX-License-Identifier: MIT
/*
 * accel_devinfo --json stays valid JSON whatever bytes sysfs holds: an
 * attribute with bytes that are not UTF-8 (here a modalias) once went out
 * raw and made the output unparsable. The output is checked by Python's
 * strict UTF-8 decoder and JSON parser.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

static struct fake_sys fs;

static int setup(void **state)
{
	fake_sys_init(&fs);
	return 0;
}

static int teardown(void **state)
{
	fake_sys_fini(&fs);
	return 0;
}

/* run devinfo with args into out; its exit status */
static int run_devinfo(const char *args, const char *out)
{
	char cmd[PATH_MAX * 2 + 64];

	snprintf(cmd, sizeof(cmd), "'%s' %s > '%s'", TEST_DEVINFO, args, out);
	return system(cmd);
}

static void check_json(const char *args, const char *want)
{
	char out[PATH_MAX + 16], cmd[PATH_MAX * 2 + 256];
	int ret;

	snprintf(out, sizeof(out), "%s/out.json", fs.root);
	ret = run_devinfo(args, out);
	assert_true(WIFEXITED(ret));
	assert_int_equal(WEXITSTATUS(ret), 0);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding=\"utf-8\", errors=\"strict\")); "
		 "s = json.dumps(d, ensure_ascii=False); sys.exit(0 if sys.argv[2] in s else 3)' '%s' '%s'",
		 out, want);
	ret = system(cmd);
	assert_true(WIFEXITED(ret));
	if (WEXITSTATUS(ret))
		fail_msg("%s: not valid JSON, or '%s' missing (exit %d)", args, want,
			 WEXITSTATUS(ret));
}

static void test_json_not_utf8(void **state)
{
	struct fake_dev d = fake_testdrv();

	if (system("python3 -c 'import json' 2>/dev/null")) {
		print_message("python3 is not installed: skipped\n");
		exit(77);
	}
	/* lone continuation, an invalid lead byte, a cut sequence, an
	 * overlong NUL, a surrogate; then valid two- and three-byte text */
	d.modalias = "pci:\x80\xff-\xc3(-\xc0\x80-\xed\xa0\x80-\xc3\xa9\xe2\x82\xac";
	fake_add_accel(&fs, 0, &d);
	check_json("--json", "pci:\xef\xbf\xbd\xef\xbf\xbd-\xef\xbf\xbd(-");
	check_json("-v --json", "-\xc3\xa9\xe2\x82\xac");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_json_not_utf8, setup, teardown),
};

UNIT_MAIN(tests, unit_env_test_providers)
