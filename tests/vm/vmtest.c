// SPDX-License-Identifier: MIT
/* Helpers of the real-kernel tests; see vmtest.h. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <accel/softdv.h>
#include <uapi/linux/dma-buf.h>

#include "vmtest.h"

void t_require_vm(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!getenv("ACCEL_VM_GUEST") && !getenv("ACCEL_VM_ANYWHERE"))
		t_skip("not in the test VM (tests/vm/accel-vm-run sets "
		       "ACCEL_VM_GUEST; ACCEL_VM_ANYWHERE=1 runs here)");
	if (geteuid())
		t_skip("needs root");
}

static int run(const char *prog, const char *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execlp(prog, prog, arg, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int t_modprobe(const char *module)
{
	return run("modprobe", module);
}

int t_rmmod(const char *module)
{
	return run("rmmod", module);
}

int t_delete_module(const char *module)
{
	/* O_NONBLOCK: never wait for users to go (older kernels could) */
	return syscall(SYS_delete_module, module, O_NONBLOCK) ? -errno : 0;
}

bool t_module_loaded(const char *module)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", module);
	return stat(path, &st) == 0;
}

struct accel_context *t_open_provider(const char *provider)
{
	struct accel_context *ctx = NULL;
	struct accel_device **list;
	int i, num;

	list = accel_get_device_list(&num);
	if (!list)
		t_fail("accel_get_device_list: %s", strerror(errno));
	for (i = 0; i < num; i++) {
		const char *p = accel_device_provider(list[i]);

		if (p && !strcmp(p, provider)) {
			ctx = accel_open_device(list[i]);
			if (!ctx)
				t_fail("accel_open_device(%s): %s",
				       accel_device_name(list[i]), strerror(errno));
			break;
		}
	}
	accel_free_device_list(list);
	if (!ctx) {
		char report[1024];

		accel_get_scan_report(report, sizeof(report));
		t_fail("no device of provider %s; scan report:\n%s", provider,
		       report);
	}
	return ctx;
}

void t_require_node(const char *path, const char *why)
{
	if (access(path, F_OK))
		t_skip("%s is missing (%s)", path, why);
}

/* xorshift: cheap, and no period within any buffer we test */
static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void t_pattern_fill(void *p, size_t len, uint32_t seed)
{
	uint8_t *b = p;
	uint32_t s = seed | 1;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)next(&s);
}

long t_pattern_check(const void *p, size_t len, uint32_t seed)
{
	const uint8_t *b = p;
	uint32_t s = seed | 1;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != (uint8_t)next(&s))
			return (long)i;
	return -1;
}

int t_dmabuf_sync(int fd, bool start, bool write)
{
	struct dma_buf_sync s = {
		.flags = (start ? DMA_BUF_SYNC_START : DMA_BUF_SYNC_END) |
			 (write ? DMA_BUF_SYNC_RW : DMA_BUF_SYNC_READ),
	};

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) ? -errno : 0;
}

void t_soft_copy(struct accel_context *ctx, struct accel_bo *dst,
		 struct accel_bo *src, uint64_t size)
{
	struct accel_bo *cmd;
	struct accel_queue *q;
	struct accel_submit sub;
	struct accel_bo_ref bos[3];
	uint64_t seqno;
	uint32_t n;
	void *p;

	cmd = t_ptr(accel_bo_alloc(ctx, 4096, ACCEL_BO_HOST_VISIBLE));
	p = t_ptr(accel_bo_map(cmd));
	n = softdv_emit_copy(p, accel_bo_device_addr(dst),
			     accel_bo_device_addr(src), size);
	q = t_ptr(accel_queue_create(ctx, NULL));
	bos[0] = (struct accel_bo_ref){ cmd, ACCEL_ACCESS_READ, 0 };
	bos[1] = (struct accel_bo_ref){ dst, ACCEL_ACCESS_WRITE, 0 };
	bos[2] = (struct accel_bo_ref){ src, ACCEL_ACCESS_READ, 0 };
	memset(&sub, 0, sizeof(sub));
	sub.cmd_bo = cmd;
	sub.cmd_size = n;
	sub.bos = bos;
	sub.num_bos = 3;
	t_ok(accel_submit(q, &sub, &seqno));
	t_ok(accel_wait(q, seqno, 30 * INT64_C(1000000000)));
	t_ok(accel_queue_destroy(q));
	t_ok(accel_bo_free(cmd));
}
