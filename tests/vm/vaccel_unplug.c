// SPDX-License-Identifier: MIT
/*
 * Description: hot-unplug of a vaccel device with files open, on the real
 * kernel (drm_dev_unplug through /sys/devices/platform/vaccel.0/unplug):
 * the node goes away, every ioctl of the open file answers ENODEV, a
 * mapping stays usable, a job hung in WAIT_VALUE ends with -ECANCELED
 * (its sync_file, exported before), the exported dma-buf goes idle, a
 * second unplug answers ENODEV, the other device works on, the module
 * stays while a file is open (EAGAIN) and unloads once all are closed.
 * Usage: vm_vaccel_unplug VACCEL_KO
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vaccel_util.h"

#define SEC 1000000000ll
#define UNPLUG "/sys/devices/platform/vaccel.0/unplug"

static int write_unplug(void)
{
	int fd = open(UNPLUG, O_WRONLY), r = 0;

	t_assert(fd >= 0);
	if (write(fd, "1\n", 2) != 2)
		r = -errno;
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	struct drm_vaccel_bo_create bc = { .size = 4096 };
	struct drm_vaccel_get_param gp = { .param = DRM_VACCEL_PARAM_DEVICE_ID };
	uint32_t word, syncobj;
	struct vx_submit s = { .bo_count = 1, .out_count = 1 };
	struct pollfd p;
	struct vx_cmd c;
	int fd, fd1, sf, dmabuf, i;
	uint64_t *wm;
	int32_t status = 1;

	t_require_vm();
	vx_load(argc > 1 ? argv[1] : NULL, "devices=2 job_timeout_ms=60000");
	fd = vx_open(0);
	fd1 = vx_open(1);

	word = vx_bo_create(fd, 4096);
	wm = vx_mmap(fd, word, 4096);
	vx_cmd_init(fd, &c, 4096);
	vx_emit(&c, softdv_emit_wait_value, vx_addr(fd, word), 1, ~0ull,
		SOFTDV_WAIT_EQ, 0);
	t_ok(drmSyncobjCreate(fd, 0, &syncobj));
	s.bos[0] = (struct drm_vaccel_submit_bo){ word,
		DRM_VACCEL_BO_READ | DRM_VACCEL_BO_WRITE };
	s.out[0].handle = syncobj;
	t_ok(vx_submit(fd, &c, &s));
	t_ok(drmSyncobjExportSyncFile(fd, syncobj, &sf));
	t_ok(drmPrimeHandleToFD(fd, word, DRM_CLOEXEC | DRM_RDWR, &dmabuf));
	usleep(100000);
	t_assert(vx_sync_file_status(sf) == 0);	/* hung */

	t_ok(write_unplug());
	t_info("unplugged vaccel.0 with a file open and a job hung");
	t_assert(vx_node(0) == NULL);
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_GET_PARAM, &gp), ENODEV);
	t_err(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &bc), ENODEV);
	t_err(vx_submit(fd, &c, &s), ENODEV);
	t_err(vx_bo_wait(fd, word, 0, NULL), ENODEV);
	t_err(write_unplug(), ENODEV);

	/* the mapping still works */
	wm[10] = 1234;
	t_assert(wm[10] == 1234);

	/* the hung job was aborted */
	p = (struct pollfd){ .fd = sf, .events = POLLIN };
	t_assert(poll(&p, 1, 10000) == 1);
	t_assert(vx_sync_file_status(sf) == -ECANCELED);
	p = (struct pollfd){ .fd = dmabuf, .events = POLLOUT };
	t_assert(poll(&p, 1, 10000) == 1);
	t_info("the hung job ended with ECANCELED; the dma-buf is idle");

	/* vaccel.1 is unaffected */
	{
		uint32_t bo = vx_bo_create(fd1, 4096);
		uint64_t *m = vx_mmap(fd1, bo, 4096);
		struct vx_submit s1 = {
			.bos = { { bo, DRM_VACCEL_BO_WRITE } }, .bo_count = 1,
		};
		struct vx_cmd c1;

		vx_cmd_init(fd1, &c1, 4096);
		vx_emit(&c1, softdv_emit_write_value, vx_addr(fd1, bo), 77);
		t_ok(vx_submit(fd1, &c1, &s1));
		t_ok(vx_bo_wait(fd1, bo, 10 * SEC, &status));
		t_assert(status == 0 && m[0] == 77);
	}

	t_err(t_delete_module("vaccel"), EAGAIN);	/* files open */
	vx_unmap_all();
	close(sf);
	close(dmabuf);
	close(fd);
	close(fd1);
	for (i = 0; i < 50 && t_delete_module("vaccel"); i++)
		usleep(100000);
	t_assert(!t_module_loaded("vaccel"));
	t_info("vaccel_unplug: ok");
	return T_PASS;
}
