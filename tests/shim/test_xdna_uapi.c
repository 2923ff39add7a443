// SPDX-License-Identifier: MIT
/*
 * The emulator's amdxdna answers, checked at the uAPI level against the
 * Linux 7.2 driver (drivers/accel/amdxdna, AIE2 NPU4): every ioctl path
 * the provider uses and the kernel's error answers.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include <drm.h>
#include <uapi/drm/amdxdna_accel.h>

#include "accel_shim_xdna.h"
#include "shim_test.h"

#define HEAP_SIZE (64ull << 20)
#define DEVM_BASE 0x4000000ull
#define INVALID (~0ull)

static int open_npu(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static int create_bo(int fd, uint32_t type, uint64_t size, uint32_t *handle)
{
	struct amdxdna_drm_create_bo a = { .type = type, .size = size };
	int ret = shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_BO, &a);

	*handle = ret ? 0 : a.handle;
	return ret;
}

static struct amdxdna_drm_get_bo_info bo_info(int fd, uint32_t handle)
{
	struct amdxdna_drm_get_bo_info a = { .handle = handle };

	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_BO_INFO, &a), 0);
	return a;
}

static void *map_bo(int fd, uint32_t handle, uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)bo_info(fd, handle).map_offset);

	assert_true(p != MAP_FAILED);
	return p;
}

/* a mapped heap; returns its mapping */
static void *make_heap(int fd, uint32_t *handle)
{
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, HEAP_SIZE, handle), 0);
	return map_bo(fd, *handle, HEAP_SIZE);
}

static int create_hwctx(int fd, uint32_t tiles, uint32_t *handle, uint32_t *syncobj)
{
	struct amdxdna_qos_info qos = { .priority = AMDXDNA_QOS_NORMAL_PRIORITY };
	struct amdxdna_drm_create_hwctx a = { .qos_p = (uintptr_t)&qos, .num_tiles = tiles };
	int ret = shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, &a);

	if (!ret) {
		*handle = a.handle;
		if (syncobj)
			*syncobj = a.syncobj_handle;
	}
	return ret;
}

static int config_cu(int fd, uint32_t hwctx, uint32_t cu_bo, uint32_t size_adj)
{
	/* ISO C: a struct with a flexible array may be a union member only */
	union {
		struct amdxdna_hwctx_param_config_cu c;
		unsigned char room[sizeof(struct amdxdna_hwctx_param_config_cu) +
				   sizeof(struct amdxdna_cu_config)];
	} cfg = { .room = { 0 } };
	struct amdxdna_drm_config_hwctx a = {
		.handle = hwctx, .param_type = DRM_AMDXDNA_HWCTX_CONFIG_CU,
		.param_val = (uintptr_t)&cfg, .param_val_size = sizeof(cfg) - size_adj,
	};

	cfg.c.num_cus = 1;
	cfg.c.cu_configs[0].cu_bo = cu_bo;

	return shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &a);
}

/* a DEV BO whose first word names the emulated CU kernel */
static uint32_t cu_bo(int fd, void *heap, uint32_t kernel)
{
	uint32_t h;
	struct amdxdna_drm_get_bo_info i;

	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 4096, &h), 0);
	i = bo_info(fd, h);
	memcpy((char *)heap + (i.xdna_addr - DEVM_BASE), &kernel, 4);
	return h;
}

/* a ready context with one CU running kernel */
struct npu {
	int fd;
	uint32_t heap, hwctx, syncobj, cu;
	void *heap_map;
};

static void npu_up(struct npu *n, uint32_t kernel)
{
	n->fd = open_npu();
	n->heap_map = make_heap(n->fd, &n->heap);
	assert_int_equal(create_hwctx(n->fd, 4, &n->hwctx, &n->syncobj), 0);
	n->cu = cu_bo(n->fd, n->heap_map, kernel);
	assert_int_equal(config_cu(n->fd, n->hwctx, n->cu, 0), 0);
}

static int exec(int fd, uint32_t hwctx, uint32_t cmd, const uint32_t *args, uint32_t nargs,
		uint64_t *seq)
{
	struct amdxdna_drm_exec_cmd a = {
		.hwctx = hwctx, .type = AMDXDNA_CMD_SUBMIT_EXEC_BUF, .cmd_handles = cmd,
		.cmd_count = 1, .args = (uintptr_t)args, .arg_count = nargs,
	};
	int ret = shim_xioctl(fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a);

	if (!ret && seq)
		*seq = a.seq;
	return ret;
}

/* START_CU of CU 0 with a register map */
static void start_cu(uint32_t *pkt, const uint32_t *regs, uint32_t n)
{
	pkt[0] = 1u | ((1u + n) << 12) | (0u << 23);	/* NEW, count, START_CU */
	pkt[1] = 1;					/* CU 0 */
	memcpy(&pkt[2], regs, n * 4);
}

static int tl_wait(int fd, uint32_t syncobj, uint64_t point, int64_t timeout_ns)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (uintptr_t)&syncobj, .points = (uintptr_t)&point,
		.count_handles = 1,
	};

	w.timeout_nsec = shim_test_now_ns() + timeout_ns;
	return shim_xioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

/* ------------------------------------------------------------------------ */

static void test_xdna_version_sysfs(void **state)
{
	char name[64] = "", link[512], path[1024], buf[64];
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
	int fd = open_npu();
	ssize_t n;
	FILE *fp;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_VERSION, &v), 0);
	assert_string_equal(name, "amdxdna_accel_driver");
	assert_int_equal(v.version_major, 0);
	assert_int_equal(v.version_minor, 10);
	/* the PCI driver is "amdxdna", the DRM name is another */
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/driver", accel_shim_root());
	n = readlink(path, link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = 0;
	assert_non_null(strstr(link, "/drivers/amdxdna"));
	snprintf(path, sizeof(path), "%s/sys/class/accel/accel0/device/vbnv", accel_shim_root());
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "RyzenAI-npu4\n");
	close(fd);
}

static void test_xdna_create_bo_rules(void **state)
{
	struct amdxdna_drm_create_bo a = { .type = AMDXDNA_BO_SHARE, .size = 4096, .flags = 1 };
	struct amdxdna_drm_get_bo_info info;
	uint32_t heap, dev, share, h2;
	int fd = open_npu();
	void *hp, *sp;

	(void)state;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_BO, &a), -EINVAL);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_INVALID, 4096, &h2), -EINVAL);
	assert_int_equal(create_bo(fd, 5, 4096, &h2), -EINVAL);
	/* DEV before any heap: "Empty heap xa" */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 4096, &h2), -EAGAIN);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, 0, &h2), -EINVAL);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, HEAP_SIZE + 4096, &h2), -EINVAL);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, HEAP_SIZE, &heap), 0);
	/* the heap exists but is not mapped */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 4096, &h2), -EAGAIN);
	hp = map_bo(fd, heap, HEAP_SIZE);
	info = bo_info(fd, heap);
	assert_int_equal(info.xdna_addr, DEVM_BASE);
	assert_int_equal(info.vaddr, (uintptr_t)hp);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 0, &h2), -EINVAL);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 5000, &dev), 0);
	info = bo_info(fd, dev);
	assert_int_equal(info.map_offset, INVALID);
	assert_int_equal(info.xdna_addr, DEVM_BASE);
	assert_int_equal(info.vaddr, (uintptr_t)hp);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 4096, &h2), 0);
	/* 32 KiB aligned (dev_mem_buf_shift) */
	assert_int_equal(bo_info(fd, h2).xdna_addr, DEVM_BASE + (32 << 10));
	/* larger than what the heaps hold: carved, then no heap end */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, HEAP_SIZE, &h2), -EAGAIN);
	/* past the range */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, (512ull << 20) + 4096, &h2), -EINVAL);
	/* SHARE: a device address once mapped (SVA) */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_SHARE, 100, &share), 0);
	info = bo_info(fd, share);
	assert_int_equal(info.xdna_addr, INVALID);
	assert_int_equal(info.vaddr, INVALID);
	assert_int_not_equal(info.map_offset, INVALID);
	sp = map_bo(fd, share, 4096);
	assert_int_equal(bo_info(fd, share).xdna_addr, (uintptr_t)sp);
	/* GET_BO_INFO checks */
	info = (struct amdxdna_drm_get_bo_info){ .handle = share, .pad = 1 };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_BO_INFO, &info), -EINVAL);
	info = (struct amdxdna_drm_get_bo_info){ .handle = 999 };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_BO_INFO, &info), -ENOENT);
	/* heaps add up to 512 MiB: 7 more of 64 MiB, then ENOSPC */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, 7 * HEAP_SIZE, &h2), 0);
	assert_int_equal(bo_info(fd, h2).xdna_addr, DEVM_BASE + HEAP_SIZE);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, HEAP_SIZE, &h2), -ENOSPC);
	munmap(sp, 4096);
	munmap(hp, HEAP_SIZE);
	close(fd);
}

static void test_xdna_dev_export_refused(void **state)
{
	struct drm_prime_handle p = { .flags = DRM_CLOEXEC };
	uint32_t heap, dev, share;
	int fd = open_npu();

	(void)state;
	make_heap(fd, &heap);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV, 4096, &dev), 0);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_SHARE, 4096, &share), 0);
	p.handle = dev;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p), -EOPNOTSUPP);
	p.handle = share;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p), 0);
	assert_true(p.fd >= 0);
	close(p.fd);
	close(fd);
}

static void test_xdna_hwctx_rules(void **state)
{
	struct amdxdna_drm_create_hwctx c = { .ext = 1 };
	struct amdxdna_drm_destroy_hwctx d = { 0 };
	struct amdxdna_drm_config_hwctx cfg = { 0 };
	uint32_t heap, h, so, share, cu;
	int fd = open_npu();
	void *hp;

	(void)state;
	assert_int_equal(create_hwctx(fd, 4, &h, &so), -ENOENT);	/* no heap */
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, &c), -EINVAL);
	c = (struct amdxdna_drm_create_hwctx){ .qos_p = 8, .num_tiles = 4 };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CREATE_HWCTX, &c), -EFAULT);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_DEV_HEAP, HEAP_SIZE, &heap), 0);
	/* the context's command buffers are DEV BOs: the heap must be mapped */
	assert_int_equal(create_hwctx(fd, 4, &h, &so), -EAGAIN);
	hp = map_bo(fd, heap, HEAP_SIZE);
	assert_int_equal(create_hwctx(fd, 0, &h, &so), -EINVAL);	/* no tiles */
	assert_int_equal(create_hwctx(fd, 3, &h, &so), -EINVAL);	/* < a column */
	assert_int_equal(create_hwctx(fd, 4 * 9, &h, &so), -EINVAL);	/* > 8 columns */
	assert_int_equal(create_hwctx(fd, 4, &h, &so), 0);
	assert_int_equal(h, 1);
	assert_int_not_equal(so, 0);
	/* CONFIG_HWCTX */
	cfg.handle = h;
	cfg.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -EINVAL);
	cfg.pad = 0;
	cfg.param_type = 7;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -EINVAL);
	cfg.param_type = DRM_AMDXDNA_HWCTX_CONFIG_CU;
	cfg.param_val_size = 4097;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -E2BIG);
	assert_int_equal(create_bo(fd, AMDXDNA_BO_SHARE, 4096, &share), 0);
	assert_int_equal(config_cu(fd, h, share, 0), -EINVAL);	/* not a DEV BO */
	assert_int_equal(config_cu(fd, h, 999, 0), -EINVAL);
	cu = cu_bo(fd, hp, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(config_cu(fd, h, cu, 4), -EINVAL);	/* shorter than num_cus says */
	assert_int_equal(config_cu(fd, 77, cu, 0), -EINVAL);	/* no such context */
	assert_int_equal(config_cu(fd, h, cu, 0), 0);
	assert_int_equal(config_cu(fd, h, cu, 0), -EINVAL);	/* no re-config */
	/* DESTROY_HWCTX */
	d.handle = h;
	d.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, &d), -EINVAL);
	d.pad = 0;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, &d), 0);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, &d), -EINVAL);
	/* ids are cyclic: the next one is 2 */
	assert_int_equal(create_hwctx(fd, 4, &h, &so), 0);
	assert_int_equal(h, 2);
	close(fd);
}

static void test_xdna_exec_rules(void **state)
{
	struct amdxdna_drm_exec_cmd a;
	struct amdxdna_drm_wait_cmd w = { 0 };
	struct npu n;
	uint32_t cmd, dev, bad = 999;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &cmd), 0);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_DEV, 4096, &dev), 0);
	a = (struct amdxdna_drm_exec_cmd){ .ext = 1, .hwctx = n.hwctx, .cmd_handles = cmd,
					   .cmd_count = 1 };
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EINVAL);
	a.ext = 0;
	a.type = AMDXDNA_CMD_SUBMIT_DEPENDENCY;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EINVAL);
	a.type = AMDXDNA_CMD_SUBMIT_SIGNAL;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EINVAL);
	a.type = AMDXDNA_CMD_SUBMIT_EXEC_BUF;
	a.cmd_count = 2;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EINVAL);
	a.cmd_count = 1;
	a.arg_count = 4096;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EINVAL);
	a.arg_count = 1;
	a.args = 8;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_EXEC_CMD, &a), -EFAULT);
	assert_int_equal(exec(n.fd, n.hwctx, 0, NULL, 0, NULL), -EINVAL);
	assert_int_equal(exec(n.fd, n.hwctx, dev, NULL, 0, NULL), -EINVAL);	/* not SHARE */
	assert_int_equal(exec(n.fd, n.hwctx, cmd, &bad, 1, NULL), -ENOENT);
	assert_int_equal(exec(n.fd, 42, cmd, NULL, 0, NULL), -EINVAL);
	/* AIE2 has no cmd_wait */
	w.hwctx = n.hwctx;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_WAIT_CMD, &w), -EOPNOTSUPP);
	close(n.fd);
}

static void test_xdna_exec_timeline(void **state)
{
	struct drm_syncobj_timeline_array q;
	uint64_t seq, point = 0;
	uint32_t cmd, out, args[1], *pkt, *data;
	struct npu n;
	uint32_t regs[4];

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &cmd), 0);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_SHARE, 8192, &out), 0);
	pkt = map_bo(n.fd, cmd, 4096);
	data = map_bo(n.fd, out, 8192);
	regs[0] = (uint32_t)bo_info(n.fd, out).xdna_addr;
	regs[1] = (uint32_t)(bo_info(n.fd, out).xdna_addr >> 32);
	regs[2] = 0xabcd1234;
	regs[3] = 8192;
	start_cu(pkt, regs, 4);
	args[0] = out;
	assert_int_equal(exec(n.fd, n.hwctx, cmd, args, 1, &seq), 0);
	assert_int_equal(seq, 0);	/* priv->seq counts from 0 */
	assert_int_equal(tl_wait(n.fd, n.syncobj, 0, 1000000000), 0);
	assert_int_equal(pkt[0] & 0xf, 4);	/* COMPLETED */
	assert_int_equal(data[0], 0xabcd1234);
	assert_int_equal(data[2047], 0xabcd1234);
	assert_int_equal(exec(n.fd, n.hwctx, cmd, args, 1, &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(tl_wait(n.fd, n.syncobj, 1, 1000000000), 0);
	/* no point 2 yet: EINVAL without WAIT_FOR_SUBMIT */
	assert_int_equal(tl_wait(n.fd, n.syncobj, 2, 0), -EINVAL);
	q = (struct drm_syncobj_timeline_array){ .handles = (uintptr_t)&n.syncobj,
						 .points = (uintptr_t)&point, .count_handles = 1 };
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_SYNCOBJ_QUERY, &q), 0);
	assert_int_equal(point, 1);
	close(n.fd);
}

static void test_xdna_ert_error(void **state)
{
	uint32_t cmd, *pkt, regs[1] = { 0 };
	uint64_t seq = 0;
	struct npu n;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FAIL);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &cmd), 0);
	pkt = map_bo(n.fd, cmd, 4096);
	start_cu(pkt, regs, 1);
	assert_int_equal(exec(n.fd, n.hwctx, cmd, NULL, 0, &seq), 0);
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 1000000000), 0);
	assert_int_equal(pkt[0] & 0xf, 5);	/* ERROR */
	assert_int_equal(pkt[1], 0xffffffff);	/* amdxdna_cmd_set_error() */
	assert_int_equal(pkt[1023], 0xffffffff);
	/* no CU in the mask: the kernel refuses the slot; the state stays NEW */
	start_cu(pkt, regs, 1);
	pkt[1] = 0;
	assert_int_equal(exec(n.fd, n.hwctx, cmd, NULL, 0, &seq), 0);
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 1000000000), 0);
	assert_int_equal(pkt[0] & 0xf, 1);
	close(n.fd);
}

static void test_xdna_cmd_chain(void **state)
{
	uint32_t chain, sub[2], out, *c, *s[2], *data, args[1], regs[4], i;
	uint64_t seq = 0, h;
	struct npu n;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &chain), 0);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_SHARE, 4096, &out), 0);
	data = map_bo(n.fd, out, 4096);
	regs[0] = (uint32_t)bo_info(n.fd, out).xdna_addr;
	regs[1] = (uint32_t)(bo_info(n.fd, out).xdna_addr >> 32);
	regs[3] = 16;
	for (i = 0; i < 2; i++) {
		assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &sub[i]), 0);
		s[i] = map_bo(n.fd, sub[i], 4096);
		regs[2] = 0x100 + i;	/* both fill 16 bytes: the second wins */
		start_cu(s[i], regs, 4);
	}
	c = map_bo(n.fd, chain, 4096);
	c[0] = 1u | ((6u + 4u) << 12) | (19u << 23);
	memset(&c[1], 0, 6 * 4);
	c[1] = 2;
	for (i = 0; i < 2; i++) {
		h = sub[i];
		memcpy(&c[7 + 2 * i], &h, 8);
	}
	args[0] = out;
	assert_int_equal(exec(n.fd, n.hwctx, chain, args, 1, &seq), 0);
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 1000000000), 0);
	assert_int_equal(c[0] & 0xf, 4);
	assert_int_equal(data[0], 0x101);
	/* the second fills past the BO: a firmware error at index 1 */
	s[1][5] = 8192;
	assert_int_equal(exec(n.fd, n.hwctx, chain, args, 1, &seq), 0);
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 1000000000), 0);
	assert_int_equal(c[0] & 0xf, 5);
	assert_int_equal(c[3], 1);			/* error_index */
	assert_int_equal(s[0][1], 0xffffffff);		/* data[0]'s command, 7.2 */
	close(n.fd);
}

struct blocked {
	int fd;
	uint32_t hwctx, cmd;
	uint64_t seq;
	int ret;
};

static void *exec_thread(void *arg)
{
	struct blocked *b = arg;

	b->ret = exec(b->fd, b->hwctx, b->cmd, NULL, 0, &b->seq);
	return NULL;
}

static void test_xdna_four_in_flight(void **state)
{
	struct blocked b;
	pthread_t t;
	uint32_t cmd[5], *pkt, regs[4] = { 0 }, i;
	uint64_t seq;
	struct npu n;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &cmd[i]), 0);
		pkt = map_bo(n.fd, cmd[i], 4096);
		start_cu(pkt, regs, 4);	/* a zero-byte fill */
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(exec(n.fd, n.hwctx, cmd[i], NULL, 0, &seq), 0);
		assert_int_equal(seq, i);
	}
	assert_int_equal(tl_wait(n.fd, n.syncobj, 0, 1000000), -ETIME);
	b = (struct blocked){ .fd = n.fd, .hwctx = n.hwctx, .cmd = cmd[4], .ret = 1 };
	assert_int_equal(pthread_create(&t, NULL, exec_thread, &b), 0);
	for (i = 0; i < 500 && accel_shim_xdna_pending(0) < 5; i++)
		usleep(2000);
	assert_int_equal(accel_shim_xdna_pending(0), 5);	/* 4 held, 1 asleep */
	assert_int_equal(b.ret, 1);
	assert_int_equal(accel_shim_xdna_release(0, 1), 1);
	pthread_join(t, NULL);
	assert_int_equal(b.ret, 0);
	assert_int_equal(b.seq, 4);
	assert_int_equal(tl_wait(n.fd, n.syncobj, 0, 1000000000), -ETIME);	/* 0 = newest */
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 4);
	assert_int_equal(tl_wait(n.fd, n.syncobj, 4, 1000000000), 0);
	close(n.fd);
}

static void test_xdna_timeout_abort(void **state)
{
	struct amdxdna_drm_destroy_hwctx d = { 0 };
	uint32_t cmd, *pkt, regs[4] = { 0 };
	uint64_t seq = 0;
	struct npu n;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_CMD, 4096, &cmd), 0);
	pkt = map_bo(n.fd, cmd, 4096);
	start_cu(pkt, regs, 4);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	assert_int_equal(exec(n.fd, n.hwctx, cmd, NULL, 0, &seq), 0);
	assert_int_equal(accel_shim_xdna_timeout(0), 1);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 0);
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 1000000000), 0);
	assert_int_equal(pkt[0] & 0xf, 8);	/* TIMEOUT */
	/* held jobs of a destroyed context end ABORT */
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_HOLD), 0);
	start_cu(pkt, regs, 4);
	assert_int_equal(exec(n.fd, n.hwctx, cmd, NULL, 0, &seq), 0);
	d.handle = n.hwctx;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, &d), 0);
	assert_int_equal(pkt[0] & 0xf, 6);
	assert_int_equal(accel_shim_xdna_set_mode(0, SHIM_XDNA_RUN), 0);
	/* the syncobj handle is still the file's, and signalled */
	assert_int_equal(tl_wait(n.fd, n.syncobj, seq, 0), 0);
	close(n.fd);
}

static int get_info(int fd, uint32_t param, void *buf, uint32_t *size)
{
	struct amdxdna_drm_get_info a = { .param = param, .buffer_size = *size,
					  .buffer = (uintptr_t)buf };
	int ret = shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_INFO, &a);

	*size = a.buffer_size;
	return ret;
}

static void test_xdna_get_info(void **state)
{
	struct amdxdna_drm_query_aie_metadata md;
	struct amdxdna_drm_query_aie_version v;
	struct amdxdna_drm_query_firmware_version fw;
	struct amdxdna_drm_query_clock_metadata clk;
	struct amdxdna_drm_get_resource_info res;
	struct amdxdna_drm_get_power_mode pm;
	struct amdxdna_drm_attribute_state st;
	struct amdxdna_drm_query_sensor sensors[16];
	struct amdxdna_drm_query_hwctx hw[4];
	uint32_t size, heap, h;
	int fd = open_npu();

	(void)state;
	size = sizeof(md);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_AIE_METADATA, &md, &size), 0);
	assert_int_equal(md.cols, 8);
	assert_int_equal(md.core.row_count, 4);
	size = sizeof(v);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_AIE_VERSION, &v, &size), 0);
	assert_int_equal(v.major, 2);
	size = sizeof(fw);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_FIRMWARE_VERSION, &fw, &size), 0);
	assert_int_equal(fw.major, 1);
	size = sizeof(clk);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_CLOCK_METADATA, &clk, &size), 0);
	assert_string_equal((char *)clk.h_clock.name, "H Clock");
	size = sizeof(res);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_RESOURCE_INFO, &res, &size), 0);
	assert_int_equal(res.npu_task_max, 16);
	size = sizeof(pm);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_GET_POWER_MODE, &pm, &size), 0);
	assert_int_equal(pm.power_mode, POWER_MODE_DEFAULT);
	size = sizeof(st);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_GET_FORCE_PREEMPT_STATE, &st, &size), 0);
	/* a short buffer gets what fits */
	size = 4;
	memset(&v, 0x55, sizeof(v));
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_AIE_VERSION, &v, &size), 0);
	assert_int_equal(v.minor, 0x55555555);
	/* sensors: power and 8 columns, buffer_size is what was written */
	size = sizeof(sensors);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_SENSORS, sensors, &size), 0);
	assert_int_equal(size, 9 * sizeof(sensors[0]));
	assert_string_equal((char *)sensors[0].label, "Total Power");
	/* contexts: buffer_size ends as what is left */
	make_heap(fd, &heap);
	assert_int_equal(create_hwctx(fd, 4, &h, NULL), 0);
	size = sizeof(hw);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_QUERY_HW_CONTEXTS, hw, &size), 0);
	assert_int_equal(size, sizeof(hw) - sizeof(hw[0]));
	assert_int_equal(hw[0].context_id, h);
	size = sizeof(v);
	assert_int_equal(get_info(fd, 6, &v, &size), -EOPNOTSUPP);
	assert_int_equal(get_info(fd, 99, &v, &size), -EOPNOTSUPP);
	close(fd);
}

static void test_xdna_get_array(void **state)
{
	struct amdxdna_drm_get_array a = { 0 };
	struct amdxdna_drm_hwctx_entry e[2];
	struct amdxdna_drm_bo_usage u = { 0 };
	struct amdxdna_async_error err;
	uint32_t heap, h, share;
	int fd = open_npu();

	(void)state;
	a = (struct amdxdna_drm_get_array){ .param = DRM_AMDXDNA_HW_CONTEXT_ALL,
					    .element_size = sizeof(e[0]), .num_element = 0,
					    .buffer = (uintptr_t)e };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EINVAL);
	a.num_element = 2;
	a.pad = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EINVAL);
	a.pad = 0;
	a.element_size = 8192;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EINVAL);
	make_heap(fd, &heap);
	assert_int_equal(create_hwctx(fd, 8, &h, NULL), 0);
	a.element_size = sizeof(e[0]) + 16;	/* larger: clamped */
	a.num_element = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), 0);
	assert_int_equal(a.element_size, sizeof(e[0]));
	assert_int_equal(a.num_element, 1);
	assert_int_equal(e[0].context_id, h);
	assert_int_equal(e[0].num_col, 2);
	assert_int_equal(e[0].priority, AMDXDNA_QOS_NORMAL_PRIORITY);
	assert_int_equal(e[0].pid, getpid());
	/* BO usage of a process */
	assert_int_equal(create_bo(fd, AMDXDNA_BO_SHARE, 8192, &share), 0);
	a = (struct amdxdna_drm_get_array){ .param = DRM_AMDXDNA_BO_USAGE,
					    .element_size = sizeof(u), .num_element = 2,
					    .buffer = (uintptr_t)&u };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EINVAL);
	a.num_element = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EINVAL);	/* pid 0 */
	u.pid = getpid();
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), 0);
	assert_int_equal(u.total_usage, HEAP_SIZE + 8192);
	assert_int_equal(u.internal_usage, HEAP_SIZE);
	assert_int_equal(u.heap_usage, 4 * 4096);	/* the context's command buffers */
	a = (struct amdxdna_drm_get_array){ .param = DRM_AMDXDNA_HW_LAST_ASYNC_ERR,
					    .element_size = 64, .num_element = 3,
					    .buffer = (uintptr_t)&err };
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), 0);
	assert_int_equal(a.num_element, 1);
	assert_int_equal(a.element_size, sizeof(err));
	a.param = 1;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_GET_ARRAY, &a), -EOPNOTSUPP);
	close(fd);
}

static int set_power(int fd, uint8_t mode)
{
	struct amdxdna_drm_set_power_mode pm = { .power_mode = mode };
	struct amdxdna_drm_set_state s = { .param = DRM_AMDXDNA_SET_POWER_MODE,
					   .buffer_size = sizeof(pm), .buffer = (uintptr_t)&pm };

	return shim_xioctl(fd, DRM_IOCTL_AMDXDNA_SET_STATE, &s);
}

/* drop CAP_SYS_ADMIN from the effective set of this (child) process */
static void drop_sys_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	syscall(SYS_capget, &h, d);
	d[0].effective &= ~(1u << CAP_SYS_ADMIN);
	syscall(SYS_capset, &h, d);
}

static void test_xdna_set_state(void **state)
{
	struct amdxdna_drm_get_power_mode pm;
	struct amdxdna_drm_set_state s = { .param = DRM_AMDXDNA_WRITE_AIE_MEM };
	uint32_t size = sizeof(pm);
	int fd = open_npu(), status;
	pid_t child;

	(void)state;
	child = fork();
	if (!child) {
		drop_sys_admin();
		_exit(set_power(fd, POWER_MODE_HIGH) == -EACCES ? 0 : 1);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (geteuid()) {
		/* not root here: every call is refused */
		assert_int_equal(set_power(fd, POWER_MODE_HIGH), -EACCES);
		close(fd);
		return;
	}
	assert_int_equal(set_power(fd, POWER_MODE_TURBO + 1), -EINVAL);
	assert_int_equal(set_power(fd, POWER_MODE_HIGH), 0);
	assert_int_equal(get_info(fd, DRM_AMDXDNA_GET_POWER_MODE, &pm, &size), 0);
	assert_int_equal(pm.power_mode, POWER_MODE_HIGH);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_AMDXDNA_SET_STATE, &s), -EOPNOTSUPP);
	close(fd);
}

static void test_xdna_sync_bo(void **state)
{
	struct amdxdna_drm_sync_bo s = { .handle = 999 };
	struct amdxdna_drm_config_hwctx cfg = { .param_type = DRM_AMDXDNA_HWCTX_ASSIGN_DBG_BUF };
	uint32_t share, dbg;
	struct npu n;

	(void)state;
	npu_up(&n, SHIM_XDNA_KERNEL_FILL);
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &s), -ENOENT);
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_SHARE, 8192, &share), 0);
	s = (struct amdxdna_drm_sync_bo){ .handle = share, .offset = 8192, .size = 1 };
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &s), -EINVAL);
	s.offset = 0;
	s.size = 1ull << 40;	/* clamped to the BO */
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &s), 0);
	/* 7.2: FROM_DEVICE of a BO that is no context's debug BO */
	s.direction = SYNC_DIRECT_FROM_DEVICE;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &s), -EINVAL);
	/* debug BOs: DEV BOs, one context each */
	assert_int_equal(create_bo(n.fd, AMDXDNA_BO_DEV, 8192, &dbg), 0);
	cfg.handle = n.hwctx;
	cfg.param_val = share;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -EINVAL);
	cfg.param_val = dbg;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), 0);
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -EBUSY);
	s = (struct amdxdna_drm_sync_bo){ .handle = dbg, .size = 8192,
					  .direction = SYNC_DIRECT_FROM_DEVICE };
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_SYNC_BO, &s), 0);
	/* each driver command took a seq: attach 0, sync 1 */
	assert_int_equal(tl_wait(n.fd, n.syncobj, 1, 0), 0);
	cfg.param_type = DRM_AMDXDNA_HWCTX_REMOVE_DBG_BUF;
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), 0);
	assert_int_equal(shim_xioctl(n.fd, DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, &cfg), -EINVAL);
	close(n.fd);
}

static void ne_aie_status(int fd)
{
	struct amdxdna_drm_query_aie_status st = { 0 };
	uint32_t size = sizeof(st);

	get_info(fd, DRM_AMDXDNA_QUERY_AIE_STATUS, &st, &size);
}

static void test_xdna_not_emulated_aborts(void **state)
{
	(void)state;
	shim_expect_not_emulated("accel0", ne_aie_status,
				 "amdxdna DRM_AMDXDNA_QUERY_AIE_STATUS");
}

SHIM_TEST_LIST(cmocka_unit_test(test_xdna_version_sysfs),
	       cmocka_unit_test(test_xdna_create_bo_rules),
	       cmocka_unit_test(test_xdna_dev_export_refused),
	       cmocka_unit_test(test_xdna_hwctx_rules),
	       cmocka_unit_test(test_xdna_exec_rules),
	       cmocka_unit_test(test_xdna_exec_timeline),
	       cmocka_unit_test(test_xdna_ert_error),
	       cmocka_unit_test(test_xdna_cmd_chain),
	       cmocka_unit_test(test_xdna_four_in_flight),
	       cmocka_unit_test(test_xdna_timeout_abort),
	       cmocka_unit_test(test_xdna_get_info),
	       cmocka_unit_test(test_xdna_get_array),
	       cmocka_unit_test(test_xdna_set_state),
	       cmocka_unit_test(test_xdna_sync_bo),
	       cmocka_unit_test(test_xdna_not_emulated_aborts));
