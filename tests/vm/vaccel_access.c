// SPDX-License-Identifier: MIT
/*
 * Description: enumeration of a real accel node this process may not
 * open. The node of vaccel.0 is made 0600 root:root; a forked child scans
 * as root (listed, openable), drops to nobody and scans again: the same
 * device is still listed, flagged ACCEL_DEVICE_NO_ACCESS, the scan report
 * names it with the node's owner and mode, and accel_open_device() fails
 * with EACCES and a reason that says the same. Back in root, it opens.
 * Usage: vm_vaccel_access VACCEL_KO
 */
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vaccel_util.h"

/* the vaccel device of node in list, or NULL */
static struct accel_device *find(struct accel_device **list, int n, const char *node)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(accel_device_node(list[i]), node))
			return list[i];
	return NULL;
}

static uint32_t flags_of(struct accel_device *dev)
{
	struct accel_device_info info;

	t_ok(accel_device_get_info(dev, &info, sizeof(info)));
	return info.flags;
}

/* the scan as root, then as nobody; exits with the verdict */
static void child(const char *node, uid_t uid, gid_t gid)
{
	struct accel_device **list, *dev;
	struct accel_context *ctx;
	char report[4096];
	const char *why;
	int n;

	list = t_ptr(accel_get_device_list(&n));
	dev = find(list, n, node);
	if (!dev)
		t_fail("%s not listed for root", node);
	t_assert(!(flags_of(dev) & ACCEL_DEVICE_NO_ACCESS));
	t_assert(!strcmp(accel_device_provider(dev), "vaccel"));
	accel_free_device_list(list);

	/* real and effective ids both: access(2) checks the real ones */
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
		t_fail("cannot drop to uid %u: %s", (unsigned)uid, strerror(errno));
	t_assert(access(node, R_OK) == -1 && errno == EACCES);

	list = t_ptr(accel_get_device_list(&n));
	dev = find(list, n, node);
	if (!dev)
		t_fail("%s not listed for uid %u", node, (unsigned)uid);
	/* still claimed by its provider: the driver comes from sysfs, not the node */
	t_assert(!strcmp(accel_device_driver(dev), "vaccel"));
	t_assert(!strcmp(accel_device_provider(dev), "vaccel"));
	t_assert(flags_of(dev) & ACCEL_DEVICE_NO_ACCESS);

	t_assert(accel_get_scan_report(report, sizeof(report)) > 0);
	t_info("scan report:\n%s", report);
	if (!strstr(report, node) || !strstr(report, "permission denied") ||
	    !strstr(report, "mode 0600"))
		t_fail("the scan report does not name %s, permission denied, mode 0600", node);

	errno = 0;
	ctx = accel_open_device(dev);
	if (ctx || errno != EACCES)
		t_fail("accel_open_device as uid %u: %p, errno %d, expected EACCES",
		       (unsigned)uid, (void *)ctx, errno);
	why = accel_last_error();
	t_assert(why);
	t_info("open: %s", why);
	if (!strstr(why, node) || !strstr(why, "permission denied"))
		t_fail("the reason does not name %s and permission denied", node);
	accel_free_device_list(list);
	exit(T_PASS);
}

int main(int argc, char **argv)
{
	struct accel_device **list, *dev;
	struct accel_context *ctx;
	struct passwd *pw;
	struct stat st;
	char *node;
	int n, status;
	pid_t pid;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "devices=1");
	node = vx_node(0);
	if (!node)
		t_fail("no node for vaccel.0");
	pw = getpwnam("nobody");
	if (!pw)
		t_skip("no user 'nobody' in the guest's passwd");
	t_assert(!chown(node, 0, 0) && !chmod(node, 0600));
	t_assert(!stat(node, &st) && (st.st_mode & 07777) == 0600);

	fflush(stdout);
	pid = fork();
	t_assert(pid >= 0);
	if (pid == 0)
		child(node, pw->pw_uid, pw->pw_gid);
	t_assert(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		t_fail("the unprivileged child failed (status 0x%x)", status);

	/* root still opens it: the refusal was the mode, not the device */
	list = t_ptr(accel_get_device_list(&n));
	dev = find(list, n, node);
	t_assert(dev && !(flags_of(dev) & ACCEL_DEVICE_NO_ACCESS));
	ctx = t_ptr(accel_open_device(dev));
	t_ok(accel_close_device(ctx));
	accel_free_device_list(list);
	free(node);
	t_assert(!system("rmmod vaccel"));
	t_info("a 0600 node: listed, NO_ACCESS, reported, EACCES with a reason: ok");
	return T_PASS;
}
