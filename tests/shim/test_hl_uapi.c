// SPDX-License-Identifier: MIT
/*
 * The emulator's habanalabs answers, checked at the uAPI level: what the
 * provider relies on and the kernel's error answers (Linux 7.2,
 * drivers/accel/habanalabs). These tests hold the emulator to the kernel;
 * the provider tests build on them.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"

#define DRAM_PAGE (768ull << 20)

struct drm_version_u {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

#define DRM_IOCTL_VERSION_U _IOWR('d', 0x00, struct drm_version_u)
#define DRM_IOCTL_GEM_CLOSE_U _IOW('d', 0x09, uint64_t)

static int open_compute(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static int open_control(void)
{
	int fd = open(shim_node("accel_controlD0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static int info(int fd, uint32_t op, void *buf, uint32_t len)
{
	struct hl_info_args a = { .return_pointer = (uintptr_t)buf,
				  .return_size = len, .op = op };

	return shim_xioctl(fd, DRM_IOCTL_HL_INFO, &a);
}

static int mem(int fd, union hl_mem_args *a)
{
	return shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, a);
}

static uint64_t alloc_map(int fd, uint64_t size, uint64_t *handle)
{
	union hl_mem_args a = { 0 };

	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = size;
	assert_int_equal(mem(fd, &a), 0);
	*handle = a.out.handle;
	assert_true(*handle != 0);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.map_device.handle = *handle;
	assert_int_equal(mem(fd, &a), 0);
	return a.out.device_virt_addr;
}

/* ------------------------------------------------------------------------ */

static void test_sysfs_layout(void **state)
{
	char path[512], buf[256];
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/driver",
		 accel_shim_root());
	n = readlink(path, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = 0;
	assert_non_null(strstr(buf, "/habanalabs"));

	/* the control node has no PCI parent: a virtual device */
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel_controlD0/device",
		 accel_shim_root());
	assert_int_equal(lstat(path, &st), -1);

	/* the nodes and the fds the shim hands out look like char devices */
	assert_int_equal(stat(shim_node("accel0"), &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(st.st_rdev, makedev(261, 0));
	assert_int_equal(stat(shim_node("accel_controlD0"), &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(minor(st.st_rdev), 0);
	fd = open_compute();
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(major(st.st_rdev), 261);
	assert_int_equal(minor(st.st_rdev), 0);
	close(fd);
}

static void test_drm_version(void **state)
{
	struct drm_version_u v = { 0 };
	char name[64] = "";
	int fd = open_compute();

	/* the two-call pattern: lengths first */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION_U, &v), 0);
	assert_int_equal(v.name_len, strlen("habanalabs"));
	v.name = name;
	v.name_len = sizeof(name) - 1;
	v.date_len = v.desc_len = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION_U, &v), 0);
	assert_string_equal(name, "habanalabs");
	assert_int_equal(v.date_len, 1);	/* "0": the date is deprecated */
	/* habanalabs reports the kernel's version */
	assert_int_equal(v.version_major, 7);
	assert_int_equal(v.version_minor, 2);
	close(fd);
}

static void test_drm_dispatch(void **state)
{
	uint64_t arg = 0;
	char big[128] = { 0 };
	int fd = open_compute();

	/* not a DRM ioctl */
	assert_int_equal(shim_xioctl(fd, _IOWR('H', 0x01, union hl_cb_args), big), -ENOTTY);
	/* a driver nr past the table */
	assert_int_equal(shim_xioctl(fd, _IOWR('d', 0x46, union hl_cb_args), big), -EINVAL);
	/* no GEM in habanalabs */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GEM_CLOSE_U, &arg), -EOPNOTSUPP);
	/* the pre-6.7 HL_IOCTL_* plain numbers are not requests */
	assert_int_equal(shim_xioctl(fd, HL_IOCTL_INFO, big), -ENOTTY);
	close(fd);
}

static void test_control_node(void **state)
{
	struct hl_info_hw_ip_info hw = { 0 };
	union hl_cb_args cb = { 0 };
	struct drm_version_u v = { 0 };
	uint64_t ev = 0;
	int fd = open_control();

	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw)), 0);
	assert_int_equal(hw.device_id, 0x1020);
	/* hl_ioctl_control(): INFO only; the rest is ENOTTY */
	cb.in.op = HL_CB_OP_CREATE;
	cb.in.cb_size = 4096;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &cb), -ENOTTY);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION_U, &v), -ENOTTY);
	/* ... and not the event opcodes */
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &ev, sizeof(ev)), -EOPNOTSUPP);
	assert_int_equal(info(fd, HL_INFO_REGISTER_EVENTFD, &ev, sizeof(ev)), -EOPNOTSUPP);
	/* any number of control opens */
	close(open_control());
	close(fd);
}

static void test_one_compute_open(void **state)
{
	struct hl_open_stats_info os = { 0 };
	struct hl_info_dram_usage du = { 0 }, du2 = { 0 };
	int fd = open_compute(), fd2, ctl, status;
	uint64_t h;
	pid_t pid;

	fd2 = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	assert_int_equal(fd2, -1);
	assert_int_equal(errno, EBUSY);
	close(fd);
	/* no exclusive opens of a DRM file */
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_EXCL), -1);
	assert_int_equal(errno, EBUSY);
	fd = open_compute();

	/* another process sees the device taken too */
	alloc_map(fd, 4096, &h);
	assert_int_equal(info(fd, HL_INFO_DRAM_USAGE, &du, sizeof(du)), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int f = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

		/* closing its copy of the parent's file releases nothing */
		close(fd);
		_exit(f < 0 && errno == EBUSY ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(info(fd, HL_INFO_DRAM_USAGE, &du2, sizeof(du2)), 0);
	assert_int_equal(du2.dram_free_mem, du.dram_free_mem);
	assert_int_equal(du2.ctx_dram_mem, DRAM_PAGE);

	/* the control node says who is on it */
	ctl = open_control();
	assert_int_equal(info(ctl, HL_INFO_OPEN_STATS, &os, sizeof(os)), 0);
	assert_int_equal(os.is_compute_ctx_active, 1);
	assert_true(os.open_counter >= 1);

	/* a dup keeps the file open; the last close frees the device */
	fd2 = dup(fd);
	close(fd);
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EBUSY);
	close(fd2);
	fd = open_compute();
	close(fd);
	assert_int_equal(info(ctl, HL_INFO_OPEN_STATS, &os, sizeof(os)), 0);
	assert_int_equal(os.is_compute_ctx_active, 0);

	/* close_range() lets the device go as close() does */
	fd = open_compute();
	assert_int_equal(close_range(fd, fd, 0), 0);
	assert_int_equal(info(ctl, HL_INFO_OPEN_STATS, &os, sizeof(os)), 0);
	assert_int_equal(os.is_compute_ctx_active, 0);
	close(open_compute());
	close(ctl);
}

static void test_info_errors(void **state)
{
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_info_args a = { 0 };
	uint8_t small[8];
	int fd = open_compute();

	a.return_pointer = (uintptr_t)&hw;
	a.return_size = sizeof(hw);
	a.op = HL_INFO_HW_IP_INFO;
	a.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_INFO, &a), -EINVAL);
	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, 0), -EINVAL);
	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, NULL, sizeof(hw)), -EINVAL);
	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, (void *)8, sizeof(hw)), -EFAULT);
	assert_int_equal(info(fd, 0x7777, &hw, sizeof(hw)), -EINVAL);
	/* the kernel copies min(return_size, answer) */
	memset(small, 0xee, sizeof(small));
	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, small, 4), 0);
	assert_int_equal(small[4], 0xee);
	close(fd);
}

static void test_info_values(void **state)
{
	struct hl_info_time_sync ts = { 0 };
	uint32_t events[4];
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_info_dram_usage du = { 0 };
	struct hl_info_device_status st = { 1 };
	struct hl_info_hw_idle idle = { 0 };
	uint64_t h;
	int fd = open_compute();

	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw)), 0);
	assert_int_equal(hw.device_id, 0x1020);
	assert_int_equal(hw.dram_page_size, DRAM_PAGE);
	assert_int_equal(hw.dram_size, 127 * DRAM_PAGE);
	assert_int_equal(hw.dram_enabled, 1);
	assert_string_equal((char *)hw.card_name, "HL225");
	assert_int_equal(info(fd, HL_INFO_DEVICE_STATUS, &st, sizeof(st)), 0);
	assert_int_equal(st.status, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(info(fd, HL_INFO_HW_IDLE, &idle, sizeof(idle)), 0);
	assert_int_equal(idle.is_idle, 1);
	assert_int_equal(info(fd, HL_INFO_TIME_SYNC, &ts, sizeof(ts)), 0);
	assert_true(ts.host_time > 0 && ts.device_time > 0);
	/* a counter per event, none happened; the answer is cut to the buffer */
	memset(events, 0xff, sizeof(events));
	assert_int_equal(info(fd, HL_INFO_HW_EVENTS, events, 8), 0);
	assert_int_equal(events[0], 0);
	assert_int_equal(events[1], 0);
	assert_int_equal(events[2], 0xffffffff);

	assert_int_equal(info(fd, HL_INFO_DRAM_USAGE, &du, sizeof(du)), 0);
	assert_int_equal(du.ctx_dram_mem, 0);
	alloc_map(fd, 4096, &h);
	assert_int_equal(info(fd, HL_INFO_DRAM_USAGE, &du, sizeof(du)), 0);
	/* a 4 KiB allocation takes a whole DRAM page */
	assert_int_equal(du.ctx_dram_mem, DRAM_PAGE);
	assert_int_equal(du.dram_free_mem, 127 * DRAM_PAGE - DRAM_PAGE);
	close(fd);
}

static void test_mem_errors(void **state)
{
	union hl_mem_args a = { 0 };
	uint64_t h, va;
	int fd = open_compute();
	void *p;

	a.in.op = HL_MEM_OP_ALLOC;
	assert_int_equal(mem(fd, &a), -EINVAL);		/* size 0 */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_FREE;
	a.in.free.handle = 77;
	assert_int_equal(mem(fd, &a), -EINVAL);		/* no such handle */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.map_device.handle = 77;
	assert_int_equal(mem(fd, &a), -EINVAL);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_UNMAP;
	a.in.unmap.device_virt_addr = 0x1234000;
	assert_int_equal(mem(fd, &a), -EINVAL);
	memset(&a, 0, sizeof(a));
	a.in.op = 42;
	assert_int_equal(mem(fd, &a), -EINVAL);

	va = alloc_map(fd, 3 * 4096, &h);
	/* a mapped allocation cannot be freed */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_FREE;
	a.in.free.handle = h;
	assert_int_equal(mem(fd, &a), -EINVAL);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_UNMAP;
	a.in.unmap.device_virt_addr = va;
	assert_int_equal(mem(fd, &a), 0);
	assert_int_equal(mem(fd, &a), -EINVAL);		/* twice */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_FREE;
	a.in.free.handle = h;
	assert_int_equal(mem(fd, &a), 0);

	/* host memory: size 0, overflow, unmapped pages */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	assert_int_equal(mem(fd, &a), -EINVAL);
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = ~0ull - 100;
	a.in.map_host.mem_size = 4096;
	assert_int_equal(mem(fd, &a), -EINVAL);
	munmap((char *)p + 4096, 4096);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	a.in.map_host.mem_size = 8192;
	assert_int_equal(mem(fd, &a), -ENOMEM);	/* a partial pin */
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p + 16;
	a.in.map_host.mem_size = 100;
	assert_int_equal(mem(fd, &a), 0);
	/* the page offset carries into the device VA */
	assert_int_equal(a.out.device_virt_addr & 0xfff, 16);
	munmap(p, 4096);
	close(fd);
}

static void test_dram_exhaustion(void **state)
{
	union hl_mem_args a = { 0 };
	int fd = open_compute(), i;

	for (i = 0; i < 127; i++) {
		memset(&a, 0, sizeof(a));
		a.in.op = HL_MEM_OP_ALLOC;
		a.in.alloc.mem_size = 1;
		assert_int_equal(mem(fd, &a), 0);
	}
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = 1;
	assert_int_equal(mem(fd, &a), -ENOMEM);
	assert_int_equal(a.out.handle, 0);
	close(fd);
	/* closing the file gives the DRAM back */
	fd = open_compute();
	memset(&a, 0, sizeof(a));
	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = 126 * DRAM_PAGE;
	assert_int_equal(mem(fd, &a), 0);
	close(fd);
}

static int export(int fd, uint64_t addr, uint64_t size, uint64_t off, uint32_t flags)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_EXPORT_DMABUF_FD;
	a.in.flags = flags;
	a.in.export_dmabuf_fd.addr = addr;
	a.in.export_dmabuf_fd.mem_size = size;
	a.in.export_dmabuf_fd.offset = off;
	ret = mem(fd, &a);
	return ret ? ret : a.out.fd;
}

static void test_export(void **state)
{
	struct dma_buf_sync sync = { DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	union hl_mem_args a = { 0 };
	struct statfs sfs;
	uint64_t h, va;
	int fd = open_compute(), buf;
	void *p;

	va = alloc_map(fd, 2 * 4096, &h);
	assert_int_equal(export(fd, va + 4096, 4096, 0, O_RDWR | O_CLOEXEC), -EINVAL);
	assert_int_equal(export(fd, va, 0, 0, O_RDWR), -EINVAL);
	assert_int_equal(export(fd, va, 100, 0, O_RDWR), -EINVAL);
	assert_int_equal(export(fd, va, 4096, 100, O_RDWR), -EINVAL);
	/* offset + size within the allocation (whole DRAM pages) */
	assert_int_equal(export(fd, va, 4096, DRAM_PAGE, O_RDWR), -EINVAL);

	buf = export(fd, va, 8192, 4096, O_RDWR | O_CLOEXEC);
	assert_true(buf >= 0);
	assert_true(fcntl(buf, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fstatfs(buf, &sfs), 0);
	assert_int_equal(sfs.f_type, DMA_BUF_MAGIC);
	assert_int_equal(lseek(buf, 0, SEEK_END), 8192);
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_SYNC, &sync), 0);
	sync.flags = DMA_BUF_SYNC_START;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_SYNC, &sync), -EINVAL);
	sync.flags = 0x100 | DMA_BUF_SYNC_READ;
	assert_int_equal(shim_xioctl(buf, DMA_BUF_IOCTL_SYNC, &sync), -EINVAL);
	/* habanalabs dma-bufs have no mmap */
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, buf, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EINVAL);

	/* an exported mapping cannot be unmapped */
	a.in.op = HL_MEM_OP_UNMAP;
	a.in.unmap.device_virt_addr = va;
	assert_int_equal(mem(fd, &a), -EINVAL);

	/* the dma-buf holds the device file: closing it keeps the device taken */
	close(fd);
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EBUSY);
	close(buf);
	fd = open_compute();
	close(fd);
}

static void test_export_host_memory(void **state)
{
	union hl_mem_args a = { 0 };
	int fd = open_compute();
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	a.in.map_host.mem_size = 4096;
	assert_int_equal(mem(fd, &a), 0);
	/* only device memory exports */
	assert_int_equal(export(fd, a.out.device_virt_addr, 4096, 0, O_RDWR), -EINVAL);
	close(fd);
	munmap(p, 4096);
}

static void test_cb(void **state)
{
	union hl_cb_args a = { 0 };
	uint64_t h, h2;
	int fd = open_compute();
	void *p;

	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = HL_MAX_CB_SIZE + 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), -EINVAL);
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = 100;	/* rounded up to a page */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	h = a.out.cb_handle;
	/* not created with MAP: no device VA */
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_INFO;
	a.in.cb_handle = h;
	a.in.flags = HL_CB_FLAGS_GET_DEVICE_VA;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), -EINVAL);

	/* mmap: the handle is the offset; the size must be the CB's */
	assert_true(mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)h) ==
		    MAP_FAILED);
	assert_true(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 (off_t)(h + 0x100000)) == MAP_FAILED);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)h);
	assert_true(p != MAP_FAILED);
	memset(p, 0xab, 4096);
	/* once */
	assert_true(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)h) == MAP_FAILED);

	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_DESTROY;
	a.in.cb_handle = h;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), -EINVAL);	/* twice */
	munmap(p, 4096);

	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = 4096;
	a.in.flags = HL_CB_FLAGS_MAP;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	h2 = a.out.cb_handle;
	memset(&a, 0, sizeof(a));
	a.in.op = HL_CB_OP_INFO;
	a.in.cb_handle = h2;
	a.in.flags = HL_CB_FLAGS_GET_DEVICE_VA;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	assert_true(a.out.device_va != 0);
	memset(&a, 0, sizeof(a));
	a.in.op = 9;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), -EINVAL);
	close(fd);
}

static uint64_t host_cb(int fd, void **out)
{
	union hl_mem_args a = { 0 };
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	a.in.map_host.mem_size = 4096;
	assert_int_equal(mem(fd, &a), 0);
	*out = p;
	return a.out.device_virt_addr;
}

static int cs(int fd, struct hl_cs_chunk *c, uint32_t n, uint32_t flags, uint64_t *seq)
{
	union hl_cs_args a = { 0 };
	int ret;

	a.in.chunks_execute = (uintptr_t)c;
	a.in.num_chunks_execute = n;
	a.in.cs_flags = flags;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_CS, &a);
	if (seq)
		*seq = a.out.seq;
	return ret;
}

static int wait_cs(int fd, uint64_t seq, uint64_t us, struct hl_wait_cs_out *out)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.seq = seq;
	a.in.timeout_us = us;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a);
	*out = a.out;
	return ret;
}

static void test_cs_errors(void **state)
{
	struct hl_cs_chunk c = { 0 }, *many;
	struct hl_info_cs_counters cnt = { 0 };
	struct hl_wait_cs_out o;
	union hl_cs_args a = { 0 };
	uint64_t seq = 0;
	int fd = open_compute();
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.queue_index = GAUDI2_QUEUE_ID_PDMA_0_0;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;

	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	a.in.pad[2] = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CS, &a), -EINVAL);
	assert_int_equal(cs(fd, &c, 0, 0, &seq), -EINVAL);
	assert_int_equal(seq, ~0ull);
	many = calloc(HL_MAX_JOBS_PER_CS + 1, sizeof(*many));
	assert_int_equal(cs(fd, many, HL_MAX_JOBS_PER_CS + 1, 0, NULL), -EINVAL);
	free(many);
	assert_int_equal(cs(fd, (void *)8, 1, 0, NULL), -EFAULT);
	assert_int_equal(cs(fd, &c, 1, HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT, NULL), -EINVAL);

	/* the checks above come before the CS takes a sequence number */
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(seq, 1);			/* sequence numbers start at 1 */

	/* the queue checks come after: each rejected CS burns its number */
	c.queue_index = GAUDI2_QUEUE_ID_SIZE;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), -EINVAL);
	assert_int_equal(seq, ~0ull);
	c.queue_index = GAUDI2_QUEUE_ID_CPU_PQ;		/* the driver's */
	assert_int_equal(cs(fd, &c, 1, 0, NULL), -EINVAL);
	c.queue_index = GAUDI2_QUEUE_ID_ROT_1_3;
	c.cs_chunk_flags = 0;				/* a kernel CB: not on Gaudi2 */
	assert_int_equal(cs(fd, &c, 1, HL_CS_FLAGS_TIMESTAMP, NULL), -EINVAL);
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(seq, 5);
	/* a rejected CS is "completed": never submitted, no timestamp */
	assert_int_equal(wait_cs(fd, 4, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, 0);

	/* what was refused for validation: > 512 chunks, EFAULT, 3 queues */
	assert_int_equal(info(fd, HL_INFO_CS_COUNTERS, &cnt, sizeof(cnt)), 0);
	assert_int_equal(cnt.ctx_validation_drop_cnt, 5);
	assert_int_equal(cnt.total_validation_drop_cnt, 5);
	assert_int_equal(cnt.ctx_max_cs_in_flight_drop_cnt, 0);
	close(fd);
	/* the device keeps its count; a new context starts from 0 */
	fd = open_compute();
	assert_int_equal(info(fd, HL_INFO_CS_COUNTERS, &cnt, sizeof(cnt)), 0);
	assert_int_equal(cnt.total_validation_drop_cnt, 5);
	assert_int_equal(cnt.ctx_validation_drop_cnt, 0);
	close(fd);
	munmap(p, 4096);
}

static void test_wait(void **state)
{
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq, first, tseq;
	int fd = open_compute(), i;
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;

	/* never submitted */
	assert_int_equal(wait_cs(fd, 1, 0, &o), -EINVAL);
	/* Gaudi2 cannot wait for several CSs at once */
	{
		union hl_wait_cs_args a = { 0 };
		uint64_t seqs[2] = { 1, 2 };

		a.in.seq = (uintptr_t)seqs;
		a.in.seq_arr_len = 2;
		a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -EPERM);
		memset(&a, 0, sizeof(a));
		a.in.flags = HL_WAIT_CS_FLAGS_MULTI_CS;
		a.in.pad[3] = 1;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a), -EINVAL);
	}

	assert_int_equal(cs(fd, &c, 1, 0, &first), 0);
	assert_int_equal(wait_cs(fd, first, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	/* a timestamp only for a CS that asked for one */
	assert_int_equal(o.flags, 0);
	assert_int_equal(cs(fd, &c, 1, HL_CS_FLAGS_TIMESTAMP, &tseq), 0);
	assert_int_equal(wait_cs(fd, tseq, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD);
	assert_true(o.timestamp_nsec > 0);

	/* a CS that takes 1 s: a poll and a 1 ms wait see it busy */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 1000000);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(wait_cs(fd, seq, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(wait_cs(fd, seq, 1000, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(wait_cs(fd, seq, 0x7fffffffffffffffull, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);

	/* device-side timeout and abort */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_TIMEOUT, 0);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(wait_cs(fd, seq, 1000, &o), -ETIMEDOUT);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_TIMEDOUT);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_ABORT, 0);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(wait_cs(fd, seq, 1000, &o), -EIO);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_ABORTED);

	/* long gone once 64 newer ones went by */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	for (i = 0; i < 70; i++)
		assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(wait_cs(fd, first, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_GONE);
	/* a timestamped one left its outcome behind, to be read once */
	assert_int_equal(wait_cs(fd, tseq, 0, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD);
	assert_int_equal(wait_cs(fd, tseq, 0, &o), 0);
	assert_int_equal(o.flags, HL_WAIT_CS_STATUS_FLAG_GONE);
	close(fd);
	munmap(p, 4096);
}

static void test_cs_in_flight_limit(void **state)
{
	struct hl_info_cs_counters cnt = { 0 };
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute(), i;
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	for (i = 0; i < 64; i++)
		assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(cs(fd, &c, 1, 0, NULL), -EAGAIN);
	assert_int_equal(info(fd, HL_INFO_CS_COUNTERS, &cnt, sizeof(cnt)), 0);
	assert_int_equal(cnt.ctx_max_cs_in_flight_drop_cnt, 1);
	assert_int_equal(cnt.ctx_validation_drop_cnt, 0);
	assert_int_equal(wait_cs(fd, seq, 2000, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	close(fd);
	munmap(p, 4096);
}

static void test_cs_mmu_fault(void **state)
{
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute();

	/* a CB in the host VA range nobody mapped: the device faults, the
	 * CS aborts */
	c.cb_handle = 0xFFF0001000000000ull;
	c.cb_size = 64;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(wait_cs(fd, seq, 1000, &o), -EIO);
	close(fd);
}

static const char *sysfs_status(void)
{
	static char buf[64];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/status",
		 accel_shim_root());
	f = fopen(path, "re");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static void test_device_in_reset(void **state)
{
	struct hl_info_cs_counters cnt;
	struct hl_info_time_sync ts;
	uint32_t events[16];
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_info_hw_idle idle = { 0 };
	struct hl_info_device_status st = { 0 };
	union hl_mem_args a = { 0 };
	union hl_cb_args cb = { 0 };
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute(), ctl;
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);

	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	/* sysfs says so, capitalized as status_show() does */
	assert_string_equal(sysfs_status(), "In reset");
	/* INFO about the device still answers; the rest is EBUSY */
	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw)), 0);
	assert_int_equal(info(fd, HL_INFO_DEVICE_STATUS, &st, sizeof(st)), 0);
	assert_int_equal(st.status, HL_DEVICE_STATUS_IN_RESET);
	assert_int_equal(info(fd, HL_INFO_HW_IDLE, &idle, sizeof(idle)), -EBUSY);
	assert_int_equal(info(fd, HL_INFO_TIME_SYNC, &ts, sizeof(ts)), -EBUSY);
	assert_int_equal(info(fd, HL_INFO_CS_COUNTERS, &cnt, sizeof(cnt)), 0);
	assert_int_equal(info(fd, HL_INFO_HW_EVENTS, events, sizeof(events)), 0);
	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = 4096;
	assert_int_equal(mem(fd, &a), -EBUSY);
	cb.in.op = HL_CB_OP_CREATE;
	cb.in.cb_size = 4096;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &cb), -EBUSY);
	assert_int_equal(cs(fd, &c, 1, 0, NULL), -EBUSY);
	assert_int_equal(wait_cs(fd, seq, 0, &o), -EBUSY);
	/* a second opener is told to come back later */
	ctl = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);
	assert_int_equal(ctl, -1);
	close(fd);
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EAGAIN);
	/* the control node stays usable */
	ctl = open_control();
	assert_int_equal(info(ctl, HL_INFO_DEVICE_STATUS, &st, sizeof(st)), 0);
	close(ctl);

	/* the reset aborted what was in flight */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_string_equal(sysfs_status(), "Operational");
	fd = open_compute();
	close(fd);

	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_MALFUNCTION);
	assert_int_equal(open(shim_node("accel0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(open(shim_node("accel_controlD0"), O_RDWR | O_CLOEXEC), -1);
	assert_int_equal(errno, EPERM);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	munmap(p, 4096);
}

static void test_reset_aborts_in_flight(void **state)
{
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute();
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(wait_cs(fd, seq, 0, &o), -EIO);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_ABORTED);
	close(fd);
	munmap(p, 4096);
}

static void test_debug(void **state)
{
	struct hl_debug_args d = { 0 };
	int fd = open_compute();

	d.op = HL_DEBUG_OP_ETR;
	/* not in debug mode */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_DEBUG, &d), -EFAULT);
	d.op = 99;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_DEBUG, &d), -EINVAL);
	d.op = HL_DEBUG_OP_SET_MODE;
	d.enable = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_DEBUG, &d), 0);
	close(fd);
}

/* ------------------------------------------------------------------------ */
/* Fidelity to the kernel (reference/driver-models.md 1.2, S1..S10)         */
/* ------------------------------------------------------------------------ */

/* S1: hl_mem_mgr_mmap() compares page-rounded sizes */
static void test_cb_mmap_rounded_len(void **state)
{
	union hl_cb_args a = { 0 };
	int fd = open_compute();
	void *p;

	a.in.op = HL_CB_OP_CREATE;
	a.in.cb_size = 5000;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	p = mmap(NULL, 5000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)a.out.cb_handle);
	assert_true(p != MAP_FAILED);
	memset(p, 0xab, 8192);	/* the whole rounded VMA is the CB's */
	munmap(p, 5000);
	/* a length that rounds to another page count still fails */
	a.in.cb_size = 100;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_CB, &a), 0);
	assert_true(mmap(NULL, 4097, PROT_READ, MAP_SHARED, fd, (off_t)a.out.cb_handle) ==
		    MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	p = mmap(NULL, 1, PROT_READ, MAP_SHARED, fd, (off_t)a.out.cb_handle);
	assert_true(p != MAP_FAILED);
	munmap(p, 1);
	close(fd);
}

static int map_dram(int fd, uint64_t handle, uint64_t hint, uint32_t flags, uint64_t *va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = flags;
	a.in.map_device.handle = handle;
	a.in.map_device.hint_addr = hint;
	ret = mem(fd, &a);
	*va = a.out.device_virt_addr;
	return ret;
}

static int map_host(int fd, void *p, uint64_t size, uint64_t hint, uint32_t flags,
		    uint64_t *va)
{
	union hl_mem_args a = { 0 };
	int ret;

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR | flags;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	a.in.map_host.mem_size = size;
	a.in.map_host.hint_addr = hint;
	ret = mem(fd, &a);
	*va = a.out.device_virt_addr;
	return ret;
}

/* S2: get_va_block() honours an aligned free hint; FORCE_HINT fails */
static void test_map_hints(void **state)
{
	struct hl_info_hw_ip_info hw = { 0 };
	const uint64_t host_hint = 0xFFF0001000000000ull;
	union hl_mem_args a = { 0 };
	uint64_t h1, h2, va, hint;
	int fd = open_compute();
	char *p;

	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw)), 0);
	a.in.op = HL_MEM_OP_ALLOC;
	a.in.alloc.mem_size = DRAM_PAGE;
	assert_int_equal(mem(fd, &a), 0);
	h1 = a.out.handle;
	assert_int_equal(mem(fd, &a), 0);
	h2 = a.out.handle;

	/* device memory: the hint is a DRAM page into the DMMU range */
	hint = hw.dram_base_address + 10 * DRAM_PAGE;
	assert_int_equal(map_dram(fd, h1, hint, 0, &va), 0);
	assert_true(va == hint);
	/* taken now: FORCE_HINT cannot be respected, a plain hint is dropped */
	assert_int_equal(map_dram(fd, h2, hint, HL_MEM_FORCE_HINT, &va), -ENOMEM);
	assert_true(va == 0);
	assert_int_equal(map_dram(fd, h2, hint + 4096, HL_MEM_FORCE_HINT, &va), -ENOMEM);
	assert_int_equal(map_dram(fd, h2, hint + 4096, 0, &va), 0);
	assert_true(va != hint + 4096 && va != hint);

	/* host memory: aligned and free, taken, source not page aligned */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(map_host(fd, p, 4096, host_hint, HL_MEM_FORCE_HINT, &va), 0);
	assert_true(va == host_hint);
	assert_int_equal(map_host(fd, p, 4096, host_hint, HL_MEM_FORCE_HINT, &va), -ENOMEM);
	assert_int_equal(map_host(fd, p, 4096, host_hint + 0x800, HL_MEM_FORCE_HINT, &va),
			 -ENOMEM);
	assert_int_equal(map_host(fd, p + 16, 100, host_hint + 0x100000, HL_MEM_FORCE_HINT,
				  &va), -EINVAL);
	/* without FORCE_HINT the unaligned source still takes a free hint */
	assert_int_equal(map_host(fd, p + 16, 100, host_hint + 0x100000, 0, &va), 0);
	assert_true(va == host_hint + 0x100000 + 16);
	close(fd);
	munmap(p, 8192);
}

/* S3: pin_user_pages_fast(FOLL_WRITE): read-only EFAULT, partial ENOMEM */
static void test_pin_rules(void **state)
{
	int fd = open_compute();
	uint64_t va;
	char *p;

	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(mprotect(p + 4096, 4096, PROT_READ), 0);
	assert_int_equal(map_host(fd, p + 4096, 4096, 0, 0, &va), -EFAULT);
	assert_int_equal(map_host(fd, p, 3 * 4096, 0, 0, &va), -ENOMEM);
	assert_int_equal(munmap(p + 4096, 4096), 0);
	assert_int_equal(map_host(fd, p, 3 * 4096, 0, 0, &va), -ENOMEM);
	assert_int_equal(map_host(fd, p + 4096, 8192, 0, 0, &va), -EFAULT);
	assert_int_equal(map_host(fd, p + 8192, 4096, 0, 0, &va), 0);
	close(fd);
	munmap(p, 4096);
	munmap(p + 8192, 4096);
}

/* S4: gaudi2_validate_cb_address(): outside every range, EFAULT at submit */
static void test_cs_cb_address(void **state)
{
	struct hl_info_cs_counters cnt = { 0 };
	struct hl_info_hw_ip_info hw = { 0 };
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute();
	void *p;

	assert_int_equal(info(fd, HL_INFO_HW_IP_INFO, &hw, sizeof(hw)), 0);
	c.cb_handle = 0xdead0000;
	c.cb_size = 64;
	c.queue_index = GAUDI2_QUEUE_ID_PDMA_0_0;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), -EFAULT);
	assert_true(seq == ~0ull);
	/* an empty CB is inside no range */
	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 0;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), -EFAULT);
	/* both burnt a sequence number; SRAM needs no MMU mapping */
	c.cb_handle = hw.sram_base_address;
	c.cb_size = 64;
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(wait_cs(fd, seq, 1000000, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(info(fd, HL_INFO_CS_COUNTERS, &cnt, sizeof(cnt)), 0);
	assert_int_equal(cnt.ctx_parsing_drop_cnt, 2);
	assert_int_equal(cnt.total_parsing_drop_cnt, 2);
	assert_int_equal(cnt.ctx_validation_drop_cnt, 0);
	close(fd);
	munmap(p, 4096);
}

/* S5: no supports_staged_submission: EPERM, before the type-flag check */
static void test_cs_staged(void **state)
{
	struct hl_cs_chunk c = { 0 };
	uint64_t seq;
	int fd = open_compute();

	assert_int_equal(cs(fd, &c, 1, HL_CS_FLAGS_STAGED_SUBMISSION, &seq), -EPERM);
	assert_true(seq == ~0ull);
	assert_int_equal(cs(fd, &c, 1,
			    HL_CS_FLAGS_STAGED_SUBMISSION | HL_CS_FLAGS_STAGED_SUBMISSION_FIRST |
				    HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_WAIT, NULL),
			 -EPERM);
	/* sync stream needs one chunk: a real answer, before any emulation */
	assert_int_equal(cs(fd, &c, 2, HL_CS_FLAGS_SIGNAL, NULL), -EINVAL);
	close(fd);
}

/* S7: usecs_to_jiffies(unsigned int) unless MAX_SCHEDULE_TIMEOUT */
static void test_wait_timeout_u32(void **state)
{
	struct hl_cs_chunk c = { 0 };
	struct hl_wait_cs_out o;
	uint64_t seq;
	int fd = open_compute();
	void *p;

	c.cb_handle = host_cb(fd, &p);
	c.cb_size = 64;
	c.queue_index = GAUDI2_QUEUE_ID_PDMA_0_0;
	c.cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB;
	assert_int_equal(accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 300000), 0);
	assert_int_equal(cs(fd, &c, 1, 0, &seq), 0);
	/* 2^32 + 1000 us is 1 ms: still busy */
	assert_int_equal(wait_cs(fd, seq, (1ull << 32) + 1000, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	/* 2^32 us is a poll */
	assert_int_equal(wait_cs(fd, seq, 1ull << 32, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_BUSY);
	/* MAX_SCHEDULE_TIMEOUT waits */
	assert_int_equal(wait_cs(fd, seq, 0x7fffffffffffffffull, &o), 0);
	assert_int_equal(o.status, HL_WAIT_CS_STATUS_COMPLETED);
	close(fd);
	munmap(p, 4096);
}

static int debug_mode(int fd, uint32_t enable)
{
	struct hl_debug_args d = { .op = HL_DEBUG_OP_SET_MODE, .enable = enable };

	return shim_xioctl(fd, DRM_IOCTL_HL_DEBUG, &d);
}

/* S8: hl_device_set_debug_mode(); hl_ctx_fini() leaves debug mode */
static void test_debug_mode(void **state)
{
	int fd = open_compute();

	assert_int_equal(debug_mode(fd, 0), -EFAULT);
	assert_int_equal(debug_mode(fd, 1), 0);
	assert_int_equal(debug_mode(fd, 1), -EFAULT);
	assert_int_equal(debug_mode(fd, 0), 0);
	assert_int_equal(debug_mode(fd, 0), -EFAULT);
	assert_int_equal(debug_mode(fd, 1), 0);
	close(fd);
	fd = open_compute();
	assert_int_equal(debug_mode(fd, 0), -EFAULT);
	close(fd);
}

struct drm_get_cap_u {
	uint64_t capability;
	uint64_t value;
};

struct drm_prime_handle_u {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

struct drm_set_client_name_u {
	uint64_t name_len;
	uint64_t name;
};

#define DRM_IOCTL_GET_CAP_U _IOWR('d', 0x0c, struct drm_get_cap_u)
#define DRM_IOCTL_PRIME_HANDLE_TO_FD_U _IOWR('d', 0x2d, struct drm_prime_handle_u)
#define DRM_IOCTL_PRIME_FD_TO_HANDLE_U _IOWR('d', 0x2e, struct drm_prime_handle_u)
#define DRM_IOCTL_SYNCOBJ_CREATE_U _IOWR('d', 0xBF, uint64_t)
#define DRM_IOCTL_SYNCOBJ_QUERY_U _IOWR('d', 0xCB, char[24])
#define DRM_IOCTL_SET_CLIENT_NAME_U _IOWR('d', 0xD1, struct drm_set_client_name_u)

static int set_client_name(int fd, const char *name, uint64_t len)
{
	struct drm_set_client_name_u n = { .name_len = len, .name = (uintptr_t)name };

	return shim_xioctl(fd, DRM_IOCTL_SET_CLIENT_NAME_U, &n);
}

/* S10: the DRM core for a driver without GEM, syncobjs or KMS */
static void test_drm_core(void **state)
{
	struct drm_get_cap_u cap = { .capability = 0x13, .value = 77 };
	struct drm_prime_handle_u ph = { .handle = 1 };
	char q[24] = { 0 };
	uint64_t so = 0;
	int fd = open_compute();

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP_U, &cap), 0);	/* SYNCOBJ */
	assert_int_equal(cap.value, 0);
	cap.capability = 0x14;	/* SYNCOBJ_TIMELINE */
	cap.value = 77;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP_U, &cap), 0);
	assert_int_equal(cap.value, 0);
	cap.capability = 0x1;	/* DUMB_BUFFER: KMS only */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_GET_CAP_U, &cap), -EOPNOTSUPP);

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE_U, &so), -EOPNOTSUPP);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY_U, q), -EOPNOTSUPP);

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD_U, &ph), -ENOENT);
	ph.flags = 0x1000;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD_U, &ph), -EINVAL);
	ph.flags = 0;
	ph.fd = fd;	/* not a dma-buf */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE_U, &ph), -EINVAL);
	ph.fd = -1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE_U, &ph), -EBADF);

	assert_int_equal(set_client_name(fd, "libaccel-test", 13), 0);
	assert_int_equal(set_client_name(fd, NULL, 0), 0);
	assert_int_equal(set_client_name(fd, "has space", 9), -EINVAL);
	assert_int_equal(set_client_name(fd, "a\0b", 3), -EINVAL);
	assert_int_equal(set_client_name(fd, "x", 65), -EINVAL);
	assert_int_equal(set_client_name(fd, (const char *)8, 4), -EFAULT);
	close(fd);
}

static void ne_drm_kms(int fd)
{
	char buf[64] = { 0 };

	shim_xioctl(fd, _IOWR('d', 0xA0, char[64]), buf);	/* MODE_GETRESOURCES */
}

static void ne_drm_get_unique(int fd)
{
	char buf[16] = { 0 };

	shim_xioctl(fd, _IOWR('d', 0x01, char[16]), buf);
}

/* S6 and the abort rule: what the kernel has but the shim does not */
static void test_not_emulated_aborts(void **state)
{
	shim_expect_not_emulated("accel0", ne_drm_kms, "drm core DRM_IOCTL_MODE_* (nr 0xa0)");
	shim_expect_not_emulated("accel0", ne_drm_get_unique, "drm core DRM_IOCTL_GET_UNIQUE");
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_sysfs_layout),
	cmocka_unit_test(test_drm_version),
	cmocka_unit_test(test_drm_dispatch),
	cmocka_unit_test(test_control_node),
	cmocka_unit_test(test_one_compute_open),
	cmocka_unit_test(test_info_errors),
	cmocka_unit_test(test_info_values),
	cmocka_unit_test(test_mem_errors),
	cmocka_unit_test(test_dram_exhaustion),
	cmocka_unit_test(test_export),
	cmocka_unit_test(test_export_host_memory),
	cmocka_unit_test(test_cb),
	cmocka_unit_test(test_cs_errors),
	cmocka_unit_test(test_wait),
	cmocka_unit_test(test_cs_in_flight_limit),
	cmocka_unit_test(test_cs_mmu_fault),
	cmocka_unit_test(test_device_in_reset),
	cmocka_unit_test(test_reset_aborts_in_flight),
	cmocka_unit_test(test_debug),
	cmocka_unit_test(test_cb_mmap_rounded_len),
	cmocka_unit_test(test_map_hints),
	cmocka_unit_test(test_pin_rules),
	cmocka_unit_test(test_cs_cb_address),
	cmocka_unit_test(test_cs_staged),
	cmocka_unit_test(test_wait_timeout_u32),
	cmocka_unit_test(test_debug_mode),
	cmocka_unit_test(test_drm_core),
	cmocka_unit_test(test_not_emulated_aborts),
);
