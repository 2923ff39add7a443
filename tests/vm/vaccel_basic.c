// SPDX-License-Identifier: MIT
/*
 * Description: vaccel (kmod/vaccel) on the real kernel, through raw
 * ioctls: two devices under /sys/class/accel with the platform driver's
 * link, DRM_IOCTL_VERSION "vaccel" 1.0.0, GET_PARAM, BO create/info/mmap
 * (the kernel's argument checks), COPY, FILL, WRITE_VALUE and TIMESTAMP
 * jobs whose bytes land in the BOs, SUBMIT's argument checks, and failed
 * jobs: a malformed stream (-EINVAL) and an access outside the job's BOs
 * (-EFAULT) as BO_WAIT's job_status and the out syncobj's fence error.
 * A mapping is GUP-able as an RDMA MR needs it: a long-term pin
 * (io_uring's buffer registration, FOLL_LONGTERM as ib_umem_get()) and
 * vmsplice() take it, and the pipe holds the BO's own pages; a mapping
 * split by munmap faults the right pages back.
 * Usage: vm_vaccel_basic VACCEL_KO
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/io_uring.h>

#include "vaccel_util.h"

static void check_sysfs(void)
{
	char path[PATH_MAX], link[PATH_MAX], *node;
	ssize_t n;
	int i;

	for (i = 0; i < 2; i++) {
		node = vx_node(i);
		t_assert(node);
		t_assert(access(node, R_OK | W_OK) == 0);
		snprintf(path, sizeof(path), "/sys/class/accel/%s/device/driver",
			 strrchr(node, '/') + 1);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			t_fail("readlink %s: %s", path, strerror(errno));
		link[n] = 0;
		t_assert(!strcmp(strrchr(link, '/'), "/vaccel"));
		free(node);
	}
	t_assert(vx_node(2) == NULL);
}

static void check_version_params(int fd)
{
	char name[32] = "";
	drm_version_t v = { .name = name, .name_len = sizeof(name) - 1 };
	struct drm_vaccel_get_param p = { .param = 999 };

	t_ok(vx_ioctl(fd, DRM_IOCTL_VERSION, &v));
	t_assert(!strcmp(name, "vaccel"));
	t_assert(v.version_major == 1 && v.version_minor == 0);

	t_assert(vx_param(fd, DRM_VACCEL_PARAM_DEVICE_ID) == DRM_VACCEL_DEVICE_ID);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_DEVICE_VERSION) == 0x10000);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_CMD_VERSION) == SOFTDV_CMD_VERSION);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_NUM_ENGINES) == 2);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_MEM_SIZE) == 64 << 20);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_JOB_TIMEOUT_MS) == 1000);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_INSTANCE) == 0);
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_GET_PARAM, &p), EINVAL);
	p.param = DRM_VACCEL_PARAM_DEVICE_ID;
	p.pad = 1;
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_GET_PARAM, &p), EINVAL);
}

static void check_bos(int fd)
{
	struct drm_vaccel_bo_create c = { .size = 4096, .flags = 1 };
	struct drm_vaccel_bo_info info = { .handle = 12345 };
	uint64_t used = vx_param(fd, DRM_VACCEL_PARAM_MEM_USED);
	uint32_t a, b;
	uint8_t *m;

	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c), EINVAL);
	c.flags = 0;
	c.size = 0;
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c), EINVAL);
	c.size = (64 << 20) + 1;	/* above MAX_BO_SIZE */
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c), EINVAL);
	c.size = 40 << 20;
	t_ok(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c));
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c), ENOMEM);	/* MEM_SIZE */
	t_ok(drmCloseBufferHandle(fd, c.handle));
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_MEM_USED) == used);
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_INFO, &info), ENOENT);

	a = vx_bo_create(fd, 100);	/* rounded up to a page */
	b = vx_bo_create(fd, 8192);
	t_assert(vx_param(fd, DRM_VACCEL_PARAM_MEM_USED) == used + 3 * 4096);
	vx_bo_info(fd, a, &info);
	t_assert(info.size == 4096);
	t_assert(info.device_addr >= DRM_VACCEL_DEVICE_ADDR_BASE);
	t_assert(info.device_addr % 4096 == 0);
	/* distinct, with a guard page between them */
	t_assert(vx_addr(fd, b) >= info.device_addr + 8192 ||
		 vx_addr(fd, b) + 8192 + 4096 <= info.device_addr);
	t_assert(vx_addr(fd, a) == info.device_addr);	/* fixed */
	info.flags = 1;
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_INFO, &info), EINVAL);

	m = vx_mmap(fd, a, 4096);
	t_assert(m[0] == 0 && m[4095] == 0);	/* zero-filled */
	memset(m, 0xab, 4096);
	m = vx_mmap(fd, a, 4096);	/* a second mapping, the same pages */
	t_assert(m[17] == 0xab);
	t_ok(drmCloseBufferHandle(fd, a));
	t_ok(drmCloseBufferHandle(fd, b));
}

/*
 * Before the module mapped ordinary pages (VM_PFNMAP, raw PFNs) every GUP
 * of a mapping failed with EFAULT, and with it ibv_reg_mr() on a BO.
 */
static void check_gup(int fd)
{
	struct io_uring_params up = { 0 };
	uint32_t bo = vx_bo_create(fd, 65536);
	uint8_t *m = vx_mmap(fd, bo, 65536), buf[8192];
	struct iovec iov = { .iov_base = m, .iov_len = 65536 };
	int ring, p[2], i;

	for (i = 0; i < 65536; i++)
		m[i] = (uint8_t)(i * 7 + i / 4096);

	/* long-term pin of the whole mapping, as an RDMA MR takes it */
	ring = syscall(__NR_io_uring_setup, 4, &up);
	if (ring < 0)
		t_fail("io_uring_setup: %s", strerror(errno));
	if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS,
		    &iov, 1))
		t_fail("io_uring buffer registration of a BO mapping: %s",
		       strerror(errno));
	t_assert(!syscall(__NR_io_uring_register, ring,
			  IORING_UNREGISTER_BUFFERS, NULL, 0));
	close(ring);

	/* vmsplice takes references to the pages themselves (no copy) */
	t_assert(!pipe(p));
	iov.iov_base = m + 4096;
	iov.iov_len = 8192;
	if (vmsplice(p[1], &iov, 1, 0) != 8192)
		t_fail("vmsplice of a BO mapping: %s", strerror(errno));
	m[4096] ^= 0xff;	/* after the splice: the pipe sees it */
	t_assert(read(p[0], buf, sizeof(buf)) == (ssize_t)sizeof(buf));
	t_assert(buf[0] == (uint8_t)~(4096 * 7 + 1));
	for (i = 1; i < 8192; i++)
		t_assert(buf[i] == (uint8_t)((i + 4096) * 7 + (i + 4096) / 4096));
	close(p[0]);
	close(p[1]);

	/* split: the rest faults back in at the object's own offsets */
	t_assert(!munmap(m, 12288));
	t_assert(!madvise(m + 12288, 65536 - 12288, MADV_DONTNEED));
	for (i = 12288; i < 65536; i += 4093)
		t_assert(m[i] == (uint8_t)(i * 7 + i / 4096));
	t_ok(drmCloseBufferHandle(fd, bo));
}

/* src, dst: 64 KiB each; the jobs' bytes checked through mmap */
static void check_jobs(int fd)
{
	uint32_t src = vx_bo_create(fd, 65536), dst = vx_bo_create(fd, 65536);
	uint64_t sa = vx_addr(fd, src), da = vx_addr(fd, dst);
	uint8_t *s = vx_mmap(fd, src, 65536), *d = vx_mmap(fd, dst, 65536);
	struct vx_submit sub = {
		.bos = { { src, DRM_VACCEL_BO_READ },
			 { dst, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE } },
		.bo_count = 2,
	};
	uint64_t t0 = vx_deadline(0), *q;
	struct vx_cmd c;
	int32_t status = 1;
	uint32_t *w;
	int i;

	vx_cmd_init(fd, &c, 4096);
	t_pattern_fill(s, 65536, 7);
	vx_emit(&c, softdv_emit_nop);
	vx_emit(&c, softdv_emit_copy, da, sa, 32768);
	vx_emit(&c, softdv_emit_fill, da + 32768, 16384, 0xdeadbeef);
	vx_emit(&c, softdv_emit_write_value, da + 49152, 0x1122334455667788ull);
	vx_emit(&c, softdv_emit_timestamp, da + 49160);
	t_ok(vx_submit(fd, &c, &sub));
	t_ok(vx_bo_wait(fd, dst, 10000000000ll, &status));
	t_assert(status == 0);
	t_assert(t_pattern_check(d, 32768, 7) == -1);
	w = (uint32_t *)(d + 32768);
	for (i = 0; i < 4096; i++)
		t_assert(w[i] == 0xdeadbeef);
	q = (uint64_t *)(d + 49152);
	t_assert(q[0] == 0x1122334455667788ull);
	t_assert(q[1] >= t0 && q[1] <= (uint64_t)vx_deadline(0));
	t_assert(d[49168] == 0);	/* nothing past the commands */
	t_info("COPY, FILL, WRITE_VALUE, TIMESTAMP: bytes as commanded");

	/* the same COPY on engine 1, the command BO listed read-write */
	memset(d, 0, 32768);
	sub.engine = 1;
	sub.bos[2] = (struct drm_vaccel_submit_bo){ c.handle,
		DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE };
	sub.bo_count = 3;
	c.len = 0;
	vx_emit(&c, softdv_emit_copy, da, sa, 32768);
	t_ok(vx_submit(fd, &c, &sub));
	t_ok(vx_bo_wait(fd, dst, 10000000000ll, &status));
	t_assert(status == 0 && t_pattern_check(d, 32768, 7) == -1);

}

static void check_submit_args(int fd)
{
	uint32_t bo = vx_bo_create(fd, 4096);
	struct drm_vaccel_sync in = { .handle = 9999 };
	struct vx_submit sub = { .bos = { { bo, DRM_VACCEL_BO_WRITE } },
				 .bo_count = 1 };
	struct drm_vaccel_submit a;
	struct vx_cmd c;

	vx_cmd_init(fd, &c, 4096);
	vx_emit(&c, softdv_emit_nop);
	t_ok(vx_submit(fd, &c, &sub));
#define BAD(field, value, err)                                              \
	do {                                                               \
		a = (struct drm_vaccel_submit){ .cmd_handle = c.handle,    \
			.cmd_size = 8, .bos = (uintptr_t)sub.bos,          \
			.bo_count = 1 };                                   \
		a.field = value;                                           \
		t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_SUBMIT, &a), err);     \
	} while (0)
	BAD(flags, 1, EINVAL);
	BAD(pad, 1, EINVAL);
	BAD(engine, 2, EINVAL);
	BAD(cmd_size, 0, EINVAL);
	BAD(cmd_size, 12, EINVAL);
	BAD(cmd_size, 8192, EINVAL);		/* past the BO */
	BAD(cmd_offset, 4, EINVAL);
	BAD(cmd_offset, 4096, EINVAL);
	BAD(cmd_handle, 9999, ENOENT);
	BAD(bo_count, DRM_VACCEL_MAX_BOS + 1, EINVAL);
	BAD(bos, 8, EFAULT);
	BAD(in_sync_count, 1, EFAULT);
	BAD(out_sync_count, DRM_VACCEL_MAX_SYNCS + 1, EINVAL);
	a = (struct drm_vaccel_submit){ .cmd_handle = c.handle, .cmd_size = 8,
		.in_syncs = (uintptr_t)&in, .in_sync_count = 1 };
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_SUBMIT, &a), ENOENT);
	sub.bos[0].flags = 0;
	t_err(vx_submit(fd, &c, &sub), EINVAL);
	sub.bos[0].flags = DRM_VACCEL_BO_READ | 0x80;
	t_err(vx_submit(fd, &c, &sub), EINVAL);
	sub.bos[0].flags = DRM_VACCEL_BO_READ;
	sub.bos[1] = sub.bos[0];	/* twice */
	sub.bo_count = 2;
	t_err(vx_submit(fd, &c, &sub), EINVAL);
	sub.bos[1].handle = 4242;
	t_err(vx_submit(fd, &c, &sub), ENOENT);
}

/* a failing job: status from BO_WAIT and from the out syncobj's fence */
static void expect_failure(int fd, struct vx_cmd *c, uint32_t bo, int err,
			   const char *what)
{
	struct vx_submit sub = { .bos = { { bo, DRM_VACCEL_BO_READ } },
				 .bo_count = 1, .out_count = 1 };
	int32_t status = 0;
	uint32_t syncobj;
	int sync_fd;

	t_ok(drmSyncobjCreate(fd, 0, &syncobj));
	sub.out[0].handle = syncobj;
	t_ok(vx_submit(fd, c, &sub));
	t_ok(vx_bo_wait(fd, bo, 10000000000ll, &status));
	if (status != -err)
		t_fail("%s: job_status %d, expected -%d", what, status, err);
	t_ok(drmSyncobjExportSyncFile(fd, syncobj, &sync_fd));
	t_assert(vx_sync_file_status(sync_fd) == -err);
	close(sync_fd);
	t_ok(drmSyncobjDestroy(fd, syncobj));
	t_info("%s: the job failed with %s", what, strerror(err));
}

static void check_failures(int fd)
{
	uint32_t bo = vx_bo_create(fd, 4096);
	uint64_t ba = vx_addr(fd, bo);
	struct softdv_cmd_header *h;
	struct vx_cmd c;
	uint32_t good;

	vx_cmd_init(fd, &c, 4096);

	c.len = 0;
	vx_emit(&c, softdv_emit_nop);
	h = (void *)(c.map + c.len);
	c.len += 8;
	*h = (struct softdv_cmd_header){ .opcode = 0x77, .size = 8 };
	expect_failure(fd, &c, bo, EINVAL, "unknown opcode");

	*h = (struct softdv_cmd_header){ .opcode = SOFTDV_OP_NOP, .size = 8,
					 .flags = 1 };
	expect_failure(fd, &c, bo, EINVAL, "header flags");

	c.len = 0;
	vx_emit(&c, softdv_emit_copy, ba, ba + 2048, 1024);
	((struct softdv_cmd_header *)c.map)->size = 24;	/* not COPY's */
	expect_failure(fd, &c, bo, EINVAL, "size not the opcode's");

	c.len = 0;
	vx_emit(&c, softdv_emit_copy, ba, ba + 512, 1024);	/* overlap */
	expect_failure(fd, &c, bo, EINVAL, "overlapping COPY");

	c.len = 0;
	vx_emit(&c, softdv_emit_write_value, ba + 4, 1);	/* misaligned */
	expect_failure(fd, &c, bo, EINVAL, "misaligned WRITE_VALUE");

	c.len = 0;
	vx_emit(&c, softdv_emit_fill, ba + 4096, 8, 0);	/* guard page */
	expect_failure(fd, &c, bo, EFAULT, "FILL past the BO");

	c.len = 0;
	vx_emit(&c, softdv_emit_fill, ba, 8, 0);	/* listed read-only */
	expect_failure(fd, &c, bo, EFAULT, "FILL of a read-only BO");

	/* a failed job does not stop the engine */
	good = vx_bo_create(fd, 4096);
	c.len = 0;
	vx_emit(&c, softdv_emit_fill, vx_addr(fd, good), 8, 1);
	{
		struct vx_submit sub = { .bos = { { good, DRM_VACCEL_BO_WRITE } },
					 .bo_count = 1 };
		int32_t status = 1;

		t_ok(vx_submit(fd, &c, &sub));
		t_ok(vx_bo_wait(fd, good, 10000000000ll, &status));
		t_assert(status == 0);
	}
}

int main(int argc, char **argv)
{
	int fd;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL,
		"devices=2 engines=2 mem_size=67108864 job_timeout_ms=1000");
	check_sysfs();
	fd = vx_open(0);
	check_version_params(fd);
	check_bos(fd);
	check_gup(fd);
	check_jobs(fd);
	check_submit_args(fd);
	check_failures(fd);
	vx_unmap_all();
	close(fd);
	if (t_rmmod("vaccel"))
		t_fail("rmmod vaccel after closing every file");
	t_info("vaccel_basic: ok");
	return T_PASS;
}
