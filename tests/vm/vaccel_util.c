// SPDX-License-Identifier: MIT
/* Raw-ioctl helpers of the vaccel tests; see vaccel_util.h. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/sync_file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vaccel_util.h"

int vx_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && (errno == EINTR || errno == EAGAIN));
	return r < 0 ? -errno : 0;
}

void vx_load(const char *ko, const char *params)
{
	char cmd[1024];
	struct stat st;

	if (!ko || stat(ko, &st))
		t_skip("vaccel.ko not built (%s): no kernel headers for the "
		       "guest kernel at build time", ko ? ko : "no path");
	if (t_module_loaded("vaccel") && t_rmmod("vaccel"))
		t_fail("rmmod vaccel failed");
	if (system("modprobe -a drm_shmem_helper gpu_sched"))
		t_fail("modprobe drm_shmem_helper gpu_sched failed");
	snprintf(cmd, sizeof(cmd), "insmod %s %s", ko, params ? params : "");
	if (system(cmd))
		t_fail("%s failed", cmd);
}

char *vx_node(int instance)
{
	char dir[128], *node = NULL;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/devices/platform/vaccel.%d/accel",
		 instance);
	d = opendir(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "accel", 5)) {
			if (asprintf(&node, "/dev/accel/%s", e->d_name) < 0)
				node = NULL;
			break;
		}
	closedir(d);
	return node;
}

int vx_open(int instance)
{
	char *node = vx_node(instance);
	int fd;

	if (!node)
		t_fail("no accel node under /sys/devices/platform/vaccel.%d",
		       instance);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		t_fail("open %s: %s", node, strerror(errno));
	free(node);
	return fd;
}

uint64_t vx_param(int fd, uint32_t param)
{
	struct drm_vaccel_get_param p = { .param = param };

	t_ok(vx_ioctl(fd, DRM_IOCTL_VACCEL_GET_PARAM, &p));
	return p.value;
}

uint32_t vx_bo_create(int fd, uint64_t size)
{
	struct drm_vaccel_bo_create c = { .size = size };

	t_ok(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_CREATE, &c));
	t_assert(c.handle != 0);
	return c.handle;
}

void vx_bo_info(int fd, uint32_t handle, struct drm_vaccel_bo_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	t_ok(vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_INFO, info));
}

static struct {
	void *p;
	uint64_t size;
} maps[256];

void vx_unmap_all(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (maps[i].p)
			munmap(maps[i].p, maps[i].size);
	memset(maps, 0, sizeof(maps));
}

void *vx_mmap(int fd, uint32_t handle, uint64_t size)
{
	struct drm_vaccel_bo_info info;
	unsigned int i;
	void *p;

	vx_bo_info(fd, handle, &info);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 info.mmap_offset);
	if (p == MAP_FAILED)
		t_fail("mmap of BO %u: %s", handle, strerror(errno));
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (!maps[i].p) {
			maps[i].p = p;
			maps[i].size = size;
			break;
		}
	return p;
}

uint64_t vx_addr(int fd, uint32_t handle)
{
	struct drm_vaccel_bo_info info;

	vx_bo_info(fd, handle, &info);
	return info.device_addr;
}

int64_t vx_deadline(int64_t rel_ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec + rel_ns;
}

int vx_bo_wait(int fd, uint32_t handle, int64_t rel_ns, int32_t *status)
{
	struct drm_vaccel_bo_wait w = {
		.handle = handle, .timeout_ns = vx_deadline(rel_ns),
	};
	int r = vx_ioctl(fd, DRM_IOCTL_VACCEL_BO_WAIT, &w);

	if (!r && status)
		*status = w.job_status;
	return r;
}

void vx_cmd_init(int fd, struct vx_cmd *c, uint32_t size)
{
	c->handle = vx_bo_create(fd, size);
	c->map = vx_mmap(fd, c->handle, size);
	c->size = size;
	c->len = 0;
}

int vx_submit(int fd, const struct vx_cmd *c, const struct vx_submit *s)
{
	struct drm_vaccel_submit a = {
		.cmd_handle = c->handle,
		.engine = s->engine,
		.cmd_offset = 0,
		.cmd_size = c->len,
		.bos = (uintptr_t)s->bos,
		.bo_count = s->bo_count,
		.in_sync_count = s->in_count,
		.in_syncs = (uintptr_t)s->in,
		.out_sync_count = s->out_count,
		.out_syncs = (uintptr_t)s->out,
	};

	return vx_ioctl(fd, DRM_IOCTL_VACCEL_SUBMIT, &a);
}

int vx_sync_file_status(int sync_fd)
{
	struct sync_file_info info = { 0 };

	t_ok(vx_ioctl(sync_fd, SYNC_IOC_FILE_INFO, &info));
	return info.status;
}

int vx_point_sync_file(int fd, uint32_t syncobj, uint64_t point)
{
	uint32_t binary;
	int sync_fd;

	t_ok(drmSyncobjCreate(fd, 0, &binary));
	t_ok(drmSyncobjTransfer(fd, binary, 0, syncobj, point, 0));
	t_ok(drmSyncobjExportSyncFile(fd, binary, &sync_fd));
	t_ok(drmSyncobjDestroy(fd, binary));
	return sync_fd;
}

int vx_point_status(int fd, uint32_t syncobj, uint64_t point, int64_t rel_ns)
{
	int r, sync_fd, status;

	r = drmSyncobjTimelineWait(fd, &syncobj, &point, 1, vx_deadline(rel_ns),
				   DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, NULL);
	if (r)
		return 0;	/* not signalled in time */
	sync_fd = vx_point_sync_file(fd, syncobj, point);
	status = vx_sync_file_status(sync_fd);
	close(sync_fd);
	return status;
}
