// SPDX-License-Identifier: MIT
/*
 * Description: vaccel's fences on the real kernel, through raw ioctls.
 * A job gated by a WAIT_VALUE on engine 0 signals timeline point 1; a job
 * on engine 1 that waits for point 1 (in-syncobj) does not start before
 * it, and signals point 2: the points, a sync_file exported from a point,
 * a not yet submitted point (EINVAL), an in-syncobj whose fence failed
 * (the job fails with -ECANCELED). Implicit fences: a BO written by a
 * gated job, exported as a dma-buf, is not ready for poll() nor for
 * DMA_BUF_IOCTL_EXPORT_SYNC_FILE until the job ends; a job that reads it
 * (implicit dependency) runs after it; an EXPLICIT job does not wait.
 * Across drivers: a vgem dumb BO and a udmabuf imported into vaccel get
 * a job's bytes, seen through vgem's mapping and the memfd, and the
 * vgem dma-buf's poll waits for the vaccel job (shared reservation).
 * Usage: vm_vaccel_sync VACCEL_KO
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/ioctl.h>
#include <uapi/linux/dma-buf.h>
#include <uapi/linux/udmabuf.h>

#include "vaccel_util.h"

#define SEC 1000000000ll

static bool fd_ready(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	t_assert(poll(&p, 1, 0) >= 0);
	return p.revents & events;
}

/* engine 0: wait for *flag == 1 (flag BO EXPLICIT), then the job's commands */
static void gated(struct vx_cmd *c, uint64_t flag_addr)
{
	c->len = 0;
	vx_emit(c, softdv_emit_wait_value, flag_addr, 1, ~0ull, SOFTDV_WAIT_EQ, 0);
}

static void check_timeline(int fd)
{
	uint32_t flag = vx_bo_create(fd, 4096), x = vx_bo_create(fd, 4096);
	uint64_t fa = vx_addr(fd, flag), xa = vx_addr(fd, x), point = 0;
	volatile uint64_t *f = vx_mmap(fd, flag, 4096);
	uint64_t *xm = vx_mmap(fd, x, 4096);
	struct vx_cmd a, b;
	struct vx_submit sa = {
		.bos = { { flag, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT },
			 { x, DRM_VACCEL_BO_WRITE | DRM_VACCEL_BO_EXPLICIT } },
		.bo_count = 2, .out_count = 1,
	};
	struct vx_submit sb = {
		.engine = 1,
		.bos = { { x, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE |
			      DRM_VACCEL_BO_EXPLICIT } },
		.bo_count = 1, .in_count = 1, .out_count = 1,
	};
	uint32_t tl;
	int sf;

	t_ok(drmSyncobjCreate(fd, 0, &tl));
	vx_cmd_init(fd, &a, 4096);
	vx_cmd_init(fd, &b, 4096);
	gated(&a, fa);
	vx_emit(&a, softdv_emit_write_value, xa, 41);
	sa.out[0] = (struct drm_vaccel_sync){ .handle = tl, .point = 1 };
	/* B: x[1] = x[0] + ... a COPY of x[0] to x[1], then x[2] = 7 */
	vx_emit(&b, softdv_emit_copy, xa + 8, xa, 8);
	vx_emit(&b, softdv_emit_write_value, xa + 16, 7);
	sb.in[0] = (struct drm_vaccel_sync){ .handle = tl, .point = 1 };
	sb.out[0] = (struct drm_vaccel_sync){ .handle = tl, .point = 2 };

	/* point 1 not submitted yet: EINVAL, as drm_syncobj_find_fence */
	t_err(vx_submit(fd, &b, &sb), EINVAL);
	t_ok(vx_submit(fd, &a, &sa));
	t_ok(vx_submit(fd, &b, &sb));
	usleep(200000);
	t_ok(drmSyncobjQuery(fd, &tl, &point, 1));
	t_assert(point == 0);
	t_assert(xm[1] == 0 && xm[2] == 0);	/* B has not run */
	sf = vx_point_sync_file(fd, tl, 2);
	t_assert(vx_sync_file_status(sf) == 0);
	t_assert(!fd_ready(sf, POLLIN));

	*f = 1;		/* releases A, then B */
	t_assert(vx_point_status(fd, tl, 2, 10 * SEC) == 1);
	t_ok(drmSyncobjQuery(fd, &tl, &point, 1));
	t_assert(point == 2);
	t_assert(xm[0] == 41 && xm[1] == 41 && xm[2] == 7);
	struct pollfd p = { .fd = sf, .events = POLLIN };
	t_assert(poll(&p, 1, 5000) == 1);
	t_assert(vx_sync_file_status(sf) == 1);
	close(sf);
	t_info("in-syncobj ordering across engines, timeline points 1 and 2, "
	       "sync_file of a point");

	/* an in-syncobj whose fence failed: the job fails with -ECANCELED */
	{
		uint32_t bin, bin2;
		int32_t status = 0;
		struct vx_cmd bad;
		struct vx_submit sbad = { .out_count = 1 };

		t_ok(drmSyncobjCreate(fd, 0, &bin));
		t_ok(drmSyncobjCreate(fd, 0, &bin2));
		vx_cmd_init(fd, &bad, 4096);
		vx_emit(&bad, softdv_emit_fill, 8, 8, 0);	/* no BO there */
		sbad.out[0].handle = bin;
		t_ok(vx_submit(fd, &bad, &sbad));
		memset(&sb, 0, sizeof(sb));
		sb.bos[0] = (struct drm_vaccel_submit_bo){ x, DRM_VACCEL_BO_WRITE };
		sb.bo_count = 1;
		sb.in[0].handle = bin;
		sb.in_count = 1;
		sb.out[0].handle = bin2;
		sb.out_count = 1;
		b.len = 0;
		vx_emit(&b, softdv_emit_write_value, xa + 24, 5);
		t_ok(vx_submit(fd, &b, &sb));
		t_ok(vx_bo_wait(fd, x, 10 * SEC, &status));
		t_assert(status == -ECANCELED);
		t_assert(xm[3] == 0);
		t_assert(vx_point_status(fd, bin2, 0, SEC) == -ECANCELED);
		t_info("a failed in-syncobj fence cancels the job");
	}
	t_ok(drmSyncobjDestroy(fd, tl));
}

static void check_implicit(int fd)
{
	uint32_t flag = vx_bo_create(fd, 4096), buf = vx_bo_create(fd, 65536);
	uint32_t out = vx_bo_create(fd, 65536), imported;
	uint64_t fa = vx_addr(fd, flag), ba = vx_addr(fd, buf);
	volatile uint64_t *f = vx_mmap(fd, flag, 4096);
	uint8_t *om = vx_mmap(fd, out, 65536), *bm;
	struct dma_buf_export_sync_file es = { .flags = DMA_BUF_SYNC_READ };
	struct vx_submit sa = {
		.bos = { { flag, DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT },
			 { buf, DRM_VACCEL_BO_WRITE } },
		.bo_count = 2,
	};
	struct vx_submit sb = {
		.engine = 1,
		.bos = { { buf, DRM_VACCEL_BO_READ },
			 { out, DRM_VACCEL_BO_WRITE } },
		.bo_count = 2,
	};
	struct vx_cmd a, b;
	int dmabuf, fd2, i;

	vx_cmd_init(fd, &a, 4096);
	vx_cmd_init(fd, &b, 4096);
	gated(&a, fa);
	vx_emit(&a, softdv_emit_fill, ba, 65536, 0x5a5a5a5a);
	vx_emit(&b, softdv_emit_copy, vx_addr(fd, out), ba, 65536);

	t_ok(drmPrimeHandleToFD(fd, buf, DRM_CLOEXEC | DRM_RDWR, &dmabuf));
	t_assert(fd_ready(dmabuf, POLLOUT));	/* idle */
	t_ok(vx_submit(fd, &a, &sa));
	t_ok(vx_submit(fd, &b, &sb));	/* implicit: waits for A's write */
	usleep(200000);
	t_assert(!fd_ready(dmabuf, POLLIN));	/* A's write fence */
	t_assert(!fd_ready(dmabuf, POLLOUT));
	t_ok(vx_ioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &es));
	t_assert(vx_sync_file_status(es.fd) == 0);
	t_assert(om[0] == 0);	/* B has not run */
	t_err(vx_bo_wait(fd, out, 0, NULL), ETIMEDOUT);

	/* another file of the device imports the dma-buf: same pages */
	fd2 = vx_open(0);
	t_ok(drmPrimeFDToHandle(fd2, dmabuf, &imported));
	bm = vx_mmap(fd2, imported, 65536);

	*f = 1;
	{
		struct pollfd p = { .fd = dmabuf, .events = POLLOUT };

		t_assert(poll(&p, 1, 10000) == 1);
	}
	t_assert(vx_sync_file_status(es.fd) == 1);
	close(es.fd);
	t_ok(vx_bo_wait(fd, out, 10 * SEC, NULL));
	for (i = 0; i < 65536; i++)
		if (om[i] != 0x5a || bm[i] != 0x5a)
			t_fail("byte %d: out %#x, import %#x", i, om[i], bm[i]);
	t_info("implicit fences: dma-buf poll, EXPORT_SYNC_FILE, a reader "
	       "after the writer, the import sees the bytes");

	/* EXPLICIT: a job does not wait for the BO's fences */
	*f = 0;
	sa.bos[1].flags = DRM_VACCEL_BO_WRITE;	/* implicit writer again */
	a.len = 0;
	gated(&a, fa);
	t_ok(vx_submit(fd, &a, &sa));
	sb.bos[0].flags = DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT;
	sb.bos[1].flags = DRM_VACCEL_BO_WRITE | DRM_VACCEL_BO_EXPLICIT;
	memset(om, 0, 65536);
	t_ok(vx_submit(fd, &b, &sb));
	t_ok(vx_bo_wait(fd, out, 10 * SEC, NULL));	/* B done, A not */
	t_assert(om[0] == 0x5a);
	t_assert(!fd_ready(dmabuf, POLLOUT));
	*f = 1;
	t_ok(vx_bo_wait(fd, buf, 10 * SEC, NULL));
	t_info("EXPLICIT BOs: no implicit wait");

	vx_unmap_all();
	close(fd2);
	close(dmabuf);
}

/* the card node of vgem's platform device; -1 when none */
static int open_vgem(void)
{
	const char *dir = "/sys/devices/platform/vgem/drm";
	struct dirent *e;
	char node[300];
	int fd = -1;
	DIR *d;

	if (t_modprobe("vgem"))
		t_fail("modprobe vgem failed");
	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "card", 4)) {
			snprintf(node, sizeof(node), "/dev/dri/%s", e->d_name);
			fd = open(node, O_RDWR | O_CLOEXEC);
			break;
		}
	closedir(d);
	return fd;
}

/* a FILL of size bytes into a dma-buf imported into vaccel, gated */
static void fill_import(int fd, int dmabuf, uint64_t size, uint32_t pattern,
			volatile uint64_t *flag, uint32_t flag_bo)
{
	struct vx_submit s = { .bo_count = 2 };
	struct drm_vaccel_bo_info info;
	struct vx_cmd c;
	uint32_t h;

	t_ok(drmPrimeFDToHandle(fd, dmabuf, &h));
	vx_bo_info(fd, h, &info);
	t_assert(info.size == size);
	t_assert(info.device_addr >= DRM_VACCEL_DEVICE_ADDR_BASE);
	vx_cmd_init(fd, &c, 4096);
	*flag = 0;
	vx_emit(&c, softdv_emit_wait_value, vx_addr(fd, flag_bo), 1, ~0ull,
		SOFTDV_WAIT_EQ, 0);
	vx_emit(&c, softdv_emit_fill, info.device_addr, size, pattern);
	s.bos[0] = (struct drm_vaccel_submit_bo){ flag_bo,
		DRM_VACCEL_BO_READ | DRM_VACCEL_BO_EXPLICIT };
	s.bos[1] = (struct drm_vaccel_submit_bo){ h, DRM_VACCEL_BO_WRITE };
	t_ok(vx_submit(fd, &c, &s));
	usleep(100000);
	t_assert(!fd_ready(dmabuf, POLLOUT));	/* the shared reservation */
	*flag = 1;
	{
		struct pollfd p = { .fd = dmabuf, .events = POLLOUT };

		t_assert(poll(&p, 1, 10000) == 1);
	}
	t_ok(vx_bo_wait(fd, h, 10 * SEC, NULL));
	t_ok(drmCloseBufferHandle(fd, h));
}

static void check_foreign(int fd)
{
	uint32_t flag = vx_bo_create(fd, 4096);
	volatile uint64_t *f = vx_mmap(fd, flag, 4096);
	struct drm_mode_create_dumb cd = { .width = 1024, .height = 16, .bpp = 32 };
	struct drm_mode_map_dumb md = { 0 };
	uint32_t *m;
	int vgem, dmabuf, i;

	vgem = open_vgem();
	if (vgem < 0)
		t_fail("no vgem card node");
	t_ok(vx_ioctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &cd));
	t_ok(drmPrimeHandleToFD(vgem, cd.handle, DRM_CLOEXEC | DRM_RDWR, &dmabuf));
	md.handle = cd.handle;
	t_ok(vx_ioctl(vgem, DRM_IOCTL_MODE_MAP_DUMB, &md));
	m = mmap(NULL, cd.size, PROT_READ, MAP_SHARED, vgem, md.offset);
	t_assert(m != MAP_FAILED);
	fill_import(fd, dmabuf, cd.size, 0xc0ffee00, f, flag);
	for (i = 0; i < (int)(cd.size / 4); i++)
		if (m[i] != 0xc0ffee00)
			t_fail("vgem word %d: %#x", i, m[i]);
	munmap(m, cd.size);
	close(dmabuf);
	close(vgem);
	t_info("vgem dumb BO imported into vaccel: a job's FILL seen by vgem, "
	       "its poll waits for the job");

	if (access("/dev/udmabuf", R_OK | W_OK)) {
		t_info("no /dev/udmabuf: udmabuf import not tested");
	} else {
		int memfd = memfd_create("vx", MFD_ALLOW_SEALING), u;
		struct udmabuf_create uc = { .size = 65536 };

		t_assert(memfd >= 0);
		t_ok(ftruncate(memfd, 65536));
		t_ok(fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK));
		u = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
		t_assert(u >= 0);
		uc.memfd = memfd;
		dmabuf = ioctl(u, UDMABUF_CREATE, &uc);
		if (dmabuf < 0)
			t_fail("UDMABUF_CREATE: %s", strerror(errno));
		m = mmap(NULL, 65536, PROT_READ, MAP_SHARED, memfd, 0);
		t_assert(m != MAP_FAILED);
		fill_import(fd, dmabuf, 65536, 0x600dcafe, f, flag);
		for (i = 0; i < 65536 / 4; i++)
			if (m[i] != 0x600dcafe)
				t_fail("memfd word %d: %#x", i, m[i]);
		munmap(m, 65536);
		close(dmabuf);
		close(u);
		close(memfd);
		t_info("udmabuf imported into vaccel: a job's FILL seen in the memfd");
	}
}

int main(int argc, char **argv)
{
	int fd;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "engines=2 job_timeout_ms=20000");
	fd = vx_open(0);
	check_timeline(fd);
	check_implicit(fd);
	check_foreign(fd);
	vx_unmap_all();
	close(fd);
	if (t_rmmod("vaccel"))
		t_fail("rmmod vaccel after closing every file");
	t_info("vaccel_sync: ok");
	return T_PASS;
}
