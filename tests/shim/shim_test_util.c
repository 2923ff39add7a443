// SPDX-License-Identifier: MIT
/* Checks and small helpers shared by the shim-tier tests: see shim_test.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shim_test.h"

int shim_xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

int64_t shim_test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct accel_bo *shim_alloc(struct accel_context *ctx, uint64_t size)
{
	struct accel_bo *bo = accel_bo_alloc(ctx, size, ACCEL_BO_HOST_VISIBLE);

	assert_non_null(bo);
	return bo;
}

void shim_read_line(const char *rel, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", accel_shim_root(), rel);
	f = fopen(path, "re");
	assert_non_null(f);
	assert_non_null(fgets(buf, (int)len, f));
	fclose(f);
}

void shim_check_sync_files(struct accel_queue *q, struct accel_submit *s,
			   struct accel_queue *q2, struct accel_submit *s2,
			   void (*hold)(bool on))
{
	struct pollfd pfd = { .events = POLLIN };
	int32_t out_fd = -1, in_fd;
	uint64_t seq = 0, seq2 = 0;

	s->comp_mask = ACCEL_SUBMIT_OUT_FENCE;
	s->out_fence_fd = &out_fd;
	assert_int_equal(accel_submit(q, s, &seq), 0);
	assert_true(out_fd >= 0);
	pfd.fd = out_fd;
	assert_int_equal(poll(&pfd, 1, 0), 0);
	/* the other context's job waits for it in the kernel, not in accel_submit */
	in_fd = out_fd;
	s2->comp_mask = ACCEL_SUBMIT_IN_FENCE;
	s2->in_fence_fds = &in_fd;
	s2->num_in_fences = 1;
	assert_int_equal(accel_submit(q2, s2, &seq2), 0);
	assert_int_equal(accel_wait(q2, seq2, 0), -ETIMEDOUT);
	hold(false);
	assert_int_equal(accel_wait(q2, seq2, -1), 0);
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	close(out_fd);
	/* a retired job's sync_file is signalled */
	assert_int_equal(accel_wait(q, seq, -1), 0);
	pfd.fd = accel_fence_export_sync_file(q, seq);
	assert_true(pfd.fd >= 0);
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	close(pfd.fd);
}

void shim_expect_not_emulated(const char *node, void (*fn)(int fd), const char *what)
{
	char buf[512] = "", want[256];
	int pfd[2], status, fd;
	ssize_t n, len = 0;
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(pfd[1], 2);
		fd = open(shim_node(node), O_RDWR | O_CLOEXEC);
		if (fd < 0)
			_exit(2);
		fn(fd);
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	snprintf(want, sizeof(want), "shim: %s not emulated", what);
	if (!strstr(buf, want))
		fail_msg("wanted \"%s\", got \"%s\"", want, buf);
}
