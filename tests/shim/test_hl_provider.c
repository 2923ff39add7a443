// SPDX-License-Identifier: MIT
/*
 * The habanalabs provider through the public API and hldv.h, on the
 * emulated Gaudi2: enumeration, opening (and the busy device), queries,
 * memory, dma-buf export, and the rejection of bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <accel/hldv.h>
#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"
#include "hl_submit_tests.h"

#define DRAM_PAGE (768ull << 20)
#define DRAM_USER (127 * DRAM_PAGE)

static void test_enumerate(void **state)
{
	struct accel_device_info info;
	struct accel_device **list;
	int n = -1, i, found = 0;

	list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; i < n; i++) {
		struct accel_device *d = list[i];

		/* the control node is not a device of its own */
		assert_null(strstr(accel_device_name(d), "control"));
		if (strcmp(accel_device_name(d), "accel0"))
			continue;
		found++;
		assert_string_equal(accel_device_driver(d), "habanalabs");
		assert_string_equal(accel_device_provider(d), "habanalabs");
		assert_string_equal(accel_device_node(d), shim_node("accel0"));
		assert_string_equal(accel_device_bus_id(d), "0000:3b:00.0");
		assert_int_equal(accel_device_get_info(d, &info, sizeof(info)), 0);
		assert_int_equal(info.pci_vendor_id, 0x1da3);
		assert_int_equal(info.pci_device_id, 0x1020);
		assert_int_equal(info.major, 261);
		assert_int_equal(info.minor, 0);
		assert_int_equal(info.numa_node, 0);
		assert_false(info.flags & (ACCEL_DEVICE_UNCLAIMED | ACCEL_DEVICE_NO_ACCESS));
		assert_non_null(strstr(info.modalias, "pci:v00001DA3d00001020"));
	}
	assert_int_equal(found, 1);
	accel_free_device_list(list);
}

static void test_query_device(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_device_attr attr;
	struct accel_bo *bo;

	memset(&attr, 0xff, sizeof(attr));
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_string_equal(attr.driver, "habanalabs");
	assert_string_equal(attr.provider, "habanalabs");
	assert_string_equal(attr.card_name, "HL225");
	assert_true(attr.fw_version[0] != 0);
	assert_int_equal(attr.driver_version_major, 7);
	assert_int_equal(attr.driver_version_minor, 2);
	assert_int_equal(attr.pci_vendor_id, 0x1da3);
	assert_int_equal(attr.pci_device_id, 0x1020);
	assert_true(attr.caps & ACCEL_CAP_DMABUF_EXPORT);
	assert_true(attr.caps & ACCEL_CAP_SUBMIT);
	assert_false(attr.caps & ACCEL_CAP_DMABUF_IMPORT);
	assert_int_equal(attr.mem_total, DRAM_USER);
	assert_int_equal(attr.mem_free, DRAM_USER);
	assert_int_equal(attr.bo_align, DRAM_PAGE);
	assert_true(attr.caps & ACCEL_CAP_EXCLUSIVE_OPEN);
	/* engine classes, not H/W queues (accel_query_engines) */
	assert_int_equal(attr.num_engines, 5);
	assert_int_equal(attr.num_mem_domains, 3);

	/* device memory comes in DRAM pages: free drops by one */
	bo = accel_bo_alloc(ctx, 4096, ACCEL_BO_DEVICE_LOCAL);
	assert_non_null(bo);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.mem_free, DRAM_USER - DRAM_PAGE);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.mem_free, DRAM_USER);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_busy_device(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct accel_context *ctx = shim_hl_open(0), *ctx2;
	struct hldv_device_info hi;
	char report[2048];
	int status;
	pid_t pid;

	ctx2 = accel_open_device(dev);
	assert_fails_null(ctx2, EBUSY);
	/* the diagnostic says why */
	assert_true(accel_get_scan_report(report, sizeof(report)) > 0);
	assert_non_null(strstr(report, "another process"));

	/* another process is refused too, but can describe the device */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct accel_device **l;
		int n, i, ok = 1;

		l = accel_get_device_list(&n);
		for (i = 0; l && i < n; i++) {
			if (strcmp(accel_device_name(l[i]), "accel0"))
				continue;
			if (accel_open_device(l[i]) || errno != EBUSY)
				ok = 0;
			memset(&hi, 0, sizeof(hi));
			if (hldv_device_query(l[i], &hi, sizeof(hi)) ||
			    hi.device_id != 0x1020 || !hi.compute_ctx_active)
				ok = 0;
		}
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_int_equal(accel_close_device(ctx), 0);
	ctx = accel_open_device(dev);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_open_in_reset(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct hldv_device_info hi;

	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	assert_fails_null(accel_open_device(dev), EAGAIN);
	/* the control node still describes it */
	assert_int_equal(hldv_device_query(dev, &hi, sizeof(hi)), 0);
	assert_int_equal(hi.status, HLDV_STATUS_IN_RESET);

	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_MALFUNCTION);
	assert_fails_null(accel_open_device(dev), EPERM);
	/* a disabled device refuses even the control node */
	assert_fails(hldv_device_query(dev, &hi, sizeof(hi)), -EPERM);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(accel_close_device(shim_hl_open(0)), 0);
}

static void test_hldv_query(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hldv_device_info hi, small[2];
	struct hl_info_hw_ip_info hw = { 0 };
	struct accel_bo *bo;

	bo = accel_bo_alloc(ctx, 1, 0);
	assert_non_null(bo);
	assert_int_equal(hldv_query_device(ctx, &hi, sizeof(hi)), 0);
	assert_int_equal(hi.device_id, 0x1020);
	assert_string_equal(hi.card_name, "HL225");
	assert_int_equal(hi.status, HLDV_STATUS_OPERATIONAL);
	assert_int_equal(hi.dram_page_size, DRAM_PAGE);
	assert_int_equal(hi.dram_size, DRAM_USER);
	assert_int_equal(hi.dram_free, DRAM_USER - DRAM_PAGE);
	assert_int_equal(hi.dram_used_by_ctx, DRAM_PAGE);
	assert_int_equal(hi.compute_ctx_active, 1);
	assert_int_equal(hldv_device_status(ctx), HLDV_STATUS_OPERATIONAL);

	/* through the control node: no context of ours */
	assert_int_equal(hldv_device_query(shim_hl_device(0), &hi, sizeof(hi)), 0);
	assert_int_equal(hi.dram_used_by_ctx, 0);
	assert_int_equal(hi.dram_free, DRAM_USER - DRAM_PAGE);

	/* an old caller's smaller struct is filled up to its size only */
	memset(small, 0xee, sizeof(small));
	assert_int_equal(hldv_query_device(ctx, small, 8), 0);
	assert_int_equal(small[0].device_id, 0x1020);
	assert_int_equal(((uint8_t *)small)[8], 0xee);

	/* raw HL_INFO */
	assert_int_equal(hldv_info(ctx, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw)), 0);
	assert_int_equal(hw.device_id, 0x1020);
	assert_fails(hldv_info(ctx, 0x7777, 0, &hw, sizeof(hw)), -EINVAL);
	assert_fails(hldv_info(ctx, HL_INFO_HW_IP_INFO, 0, NULL, 8), -EINVAL);
	assert_fails(hldv_query_device(NULL, &hi, sizeof(hi)), -EINVAL);
	assert_fails(hldv_query_device(ctx, NULL, sizeof(hi)), -EINVAL);
	assert_fails(hldv_device_query(NULL, &hi, sizeof(hi)), -EINVAL);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_bo_device_memory(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct hl_info_hw_ip_info hw = { 0 };
	struct accel_bo *bo, *bo2;

	assert_int_equal(hldv_info(ctx, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw)), 0);
	bo = accel_bo_alloc(ctx, 5000, 0);
	assert_non_null(bo);
	assert_int_equal(accel_bo_size(bo), 8192);
	assert_true(accel_bo_device_addr(bo) >= hw.dram_base_address);
	assert_true(accel_bo_context(bo) == ctx);
	/* Gaudi's DRAM has no CPU mapping */
	assert_fails_null(accel_bo_map(bo), EOPNOTSUPP);
	bo2 = accel_bo_alloc(ctx, 4096, ACCEL_BO_DEVICE_LOCAL | ACCEL_BO_CONTIGUOUS);
	assert_non_null(bo2);
	assert_true(accel_bo_device_addr(bo2) != accel_bo_device_addr(bo));
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_bo_free(bo2), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_bo_host_memory(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo;
	uint8_t *p;

	bo = accel_bo_alloc(ctx, 3 * 4096, ACCEL_BO_HOST_VISIBLE | ACCEL_BO_DEVICE_LOCAL);
	assert_non_null(bo);
	/* host memory lives in the device's host VA range */
	assert_true(accel_bo_device_addr(bo) >= 0xFFF0000000000000ull);
	p = accel_bo_map(bo);
	assert_non_null(p);
	memset(p, 0x5a, 3 * 4096);
	assert_true(accel_bo_map(bo) == p);
	assert_int_equal(accel_bo_unmap(bo), 0);
	/* the kernel exports device memory only */
	assert_fails(accel_bo_export_dmabuf(bo, O_RDWR), -EOPNOTSUPP);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_bo_from_host(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo;
	char *mem;

	mem = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(mem != MAP_FAILED);
	bo = hldv_bo_from_host(ctx, mem + 100, 5000);
	assert_non_null(bo);
	assert_int_equal(accel_bo_size(bo), 5000);
	assert_true(accel_bo_map(bo) == mem + 100);
	assert_int_equal(accel_bo_device_addr(bo) & 0xfff, 100);
	assert_int_equal(accel_bo_free(bo), 0);

	/*
	 * memory the process does not have cannot be pinned: a partial
	 * pin_user_pages_fast() is ENOMEM in get_user_memory()
	 */
	munmap(mem + 4096, 4096);
	assert_fails_null(hldv_bo_from_host(ctx, mem, 3 * 4096), ENOMEM);
	assert_fails_null(hldv_bo_from_host(ctx, NULL, 4096), EINVAL);
	assert_fails_null(hldv_bo_from_host(ctx, mem, 0), EINVAL);
	munmap(mem, 3 * 4096);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dram_exhaustion(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bos[127], *bo;
	int i;

	for (i = 0; i < 127; i++) {
		bos[i] = accel_bo_alloc(ctx, 1, 0);
		assert_non_null(bos[i]);
	}
	bo = accel_bo_alloc(ctx, 1, 0);
	assert_fails_null(bo, ENOMEM);
	/* no allocation left half-done: freeing one makes room for one */
	assert_int_equal(accel_bo_free(bos[0]), 0);
	bos[0] = accel_bo_alloc(ctx, DRAM_PAGE, 0);
	assert_non_null(bos[0]);
	for (i = 0; i < 127; i++)
		assert_int_equal(accel_bo_free(bos[i]), 0);
	/* more than the device has */
	assert_fails_null(accel_bo_alloc(ctx, DRAM_USER + 1, 0), ENOMEM);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_export_dmabuf(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo;
	struct statfs sfs;
	int fd, fd2;

	bo = accel_bo_alloc(ctx, 3 * 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fstatfs(fd, &sfs), 0);
	assert_int_equal(sfs.f_type, DMA_BUF_MAGIC);
	assert_int_equal(lseek(fd, 0, SEEK_END), 3 * 4096);
	/* the library's flag rule */
	assert_fails(accel_bo_export_dmabuf(bo, O_RDWR | O_APPEND), -EINVAL);

	/* a sub-range, in pages */
	fd2 = hldv_bo_export_dmabuf(bo, 4096, 8192, O_RDWR);
	assert_true(fd2 >= 0);
	assert_int_equal(lseek(fd2, 0, SEEK_END), 8192);
	close(fd2);
	assert_fails(hldv_bo_export_dmabuf(bo, 100, 4096, 0), -EINVAL);
	assert_fails(hldv_bo_export_dmabuf(bo, 0, 100, 0), -EINVAL);
	assert_fails(hldv_bo_export_dmabuf(bo, 8192, 8192, 0), -EINVAL);
	assert_fails(hldv_bo_export_dmabuf(bo, ~0ull - 4095, 8192, 0), -EINVAL);
	assert_fails(hldv_bo_export_dmabuf(bo, 0, 4096, O_APPEND), -EINVAL);
	close(fd);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
}

/* a BO freed while its dma-buf is open: the memory goes when the dma-buf does */
static void test_free_exported_bo(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_device_attr attr;
	struct accel_bo *bo;
	int fd;

	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(accel_bo_free(bo), 0);
	/* the kernel keeps exported memory mapped */
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.mem_free, DRAM_USER - DRAM_PAGE);
	assert_int_equal(lseek(fd, 0, SEEK_END), 4096);
	close(fd);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.mem_free, DRAM_USER);

	/* still exported at close: the kernel lets go with the file */
	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	close(fd);
	ctx = shim_hl_open(0);
	assert_int_equal(accel_query_device(ctx, &attr, sizeof(attr)), 0);
	assert_int_equal(attr.mem_free, DRAM_USER);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_dmabuf_outlives_context(void **state)
{
	struct accel_device *dev = shim_hl_device(0);
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_bo *bo;
	int fd;

	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	fd = accel_bo_export_dmabuf(bo, O_RDWR);
	assert_true(fd >= 0);
	/* the dma-buf holds the device's file, as the kernel's get_file() */
	assert_int_equal(accel_close_device(ctx), 0);
	assert_fails_null(accel_open_device(dev), EBUSY);
	assert_int_equal(lseek(fd, 0, SEEK_END), 4096);
	close(fd);
	ctx = accel_open_device(dev);
	assert_non_null(ctx);
	assert_int_equal(accel_close_device(ctx), 0);
}

static void test_bad_input(void **state)
{
	struct accel_context *ctx = shim_hl_open(0);
	struct accel_device_attr attr;
	struct hldv_device_info hi;
	struct accel_bo *bo;

	assert_fails_null(accel_bo_alloc(ctx, 0, 0), EINVAL);
	assert_fails_null(accel_bo_alloc(ctx, 4096, 0x80000000u), EINVAL);
	assert_null(accel_bo_alloc(ctx, ~0ull, 0));
	assert_true(errno == EINVAL || errno == ENOMEM);
	assert_reason();
	assert_fails(accel_query_device(ctx, NULL, sizeof(attr)), -EINVAL);

	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	assert_int_equal(accel_bo_free(bo), 0);
	/* a freed BO is stale, not a crash */
	assert_fails(accel_bo_free(bo), -ESTALE);
	assert_fails(accel_bo_export_dmabuf(bo, 0), -ESTALE);
	assert_fails(hldv_bo_export_dmabuf(bo, 0, 4096, 0), -ESTALE);
	assert_int_equal(hldv_cb_handle(bo), 0);
	assert_fails(hldv_bo_export_dmabuf(NULL, 0, 4096, 0), -EINVAL);
	assert_fails_null(hldv_cb_alloc(ctx, 0), EINVAL);
	assert_fails_null(hldv_cb_alloc(ctx, HL_MAX_CB_SIZE + 1), EINVAL);
	assert_fails_null(hldv_cb_alloc(NULL, 4096), EINVAL);
	/* the import the kernel does not have */
	assert_null(accel_bo_import_dmabuf(ctx, 0));
	assert_reason();
	assert_int_equal(accel_close_device(ctx), 0);
	assert_fails(accel_close_device(ctx), -ESTALE);
	/* a closed context is stale to hldv too */
	assert_fails(hldv_device_status(ctx), -ESTALE);
	assert_fails(hldv_query_device(ctx, &hi, sizeof(hi)), -ESTALE);
	assert_fails_null(hldv_cb_alloc(ctx, 4096), ESTALE);
	assert_fails_null(hldv_bo_from_host(ctx, &hi, sizeof(hi)), ESTALE);
}

/* two Gaudi2s: one compute context each, side by side */
static void test_two_devices(void **state)
{
	static char name[] = "shim_hl_provider", test[] = "test_two_devices";
	char *const argv[] = { name, test, NULL };
	struct accel_context *c0, *c1;
	struct hldv_device_info hi;
	struct accel_device_info info;
	struct accel_bo *b0, *b1;
	int fd;

	/* the shim reads its device list when it starts: start again */
	if (!getenv("ACCEL_SHIM_DEVICES")) {
		setenv("ACCEL_SHIM_DEVICES", "gaudi2,gaudi2", 1);
		execv("/proc/self/exe", argv);
		fail_msg("execv: %s", strerror(errno));
	}
	c0 = shim_hl_open(0);
	c1 = shim_hl_open(1);
	assert_int_equal(accel_device_get_info(shim_hl_device(1), &info, sizeof(info)), 0);
	assert_int_equal(info.minor, 1);
	assert_int_equal(info.numa_node, 1);
	assert_string_equal(accel_device_bus_id(shim_hl_device(1)), "0000:3c:00.0");
	b0 = accel_bo_alloc(c0, 4096, 0);
	b1 = accel_bo_alloc(c1, 4096, 0);
	assert_non_null(b0);
	assert_non_null(b1);
	/* each device counts its own memory */
	assert_int_equal(hldv_device_query(shim_hl_device(1), &hi, sizeof(hi)), 0);
	assert_int_equal(hi.dram_free, DRAM_USER - DRAM_PAGE);
	assert_int_equal(hi.module_id, 1);
	/* a BO of one device is foreign to the other */
	fd = hldv_bo_export_dmabuf(b0, 0, 4096, 0);
	assert_true(fd >= 0);
	close(fd);
	assert_fails_null(accel_open_device(shim_hl_device(1)), EBUSY);
	assert_int_equal(accel_bo_free(b0), 0);
	assert_int_equal(accel_bo_free(b1), 0);
	assert_int_equal(accel_close_device(c0), 0);
	assert_int_equal(accel_close_device(c1), 0);
}

/* hldv on another provider's objects: EOPNOTSUPP, not a crash */
static void test_other_provider(void **state)
{
	static char name[] = "shim_hl_provider", test[] = "test_other_provider";
	char *const argv[] = { name, test, NULL };
	struct hldv_device_info hi;
	struct accel_device **list;
	struct accel_context *ctx = NULL;
	struct accel_bo *bo;
	int n, i;

	if (!getenv("ACCEL_SHIM_TEST_SOFT")) {
		setenv("ACCEL_SHIM_TEST_SOFT", "1", 1);
		setenv("ACCEL_PROVIDERS", "habanalabs:soft", 1);
		execv("/proc/self/exe", argv);
		fail_msg("execv: %s", strerror(errno));
	}
	list = accel_get_device_list(&n);
	assert_non_null(list);
	for (i = 0; i < n && !ctx; i++)
		if (!strcmp(accel_device_driver(list[i]), "soft"))
			ctx = accel_open_device(list[i]);
	if (!ctx) {
		accel_free_device_list(list);
		skip();	/* the soft provider is not built */
	}
	assert_fails(hldv_device_status(ctx), -EOPNOTSUPP);
	assert_fails(hldv_query_device(ctx, &hi, sizeof(hi)), -EOPNOTSUPP);
	assert_fails_null(hldv_cb_alloc(ctx, 4096), EOPNOTSUPP);
	bo = accel_bo_alloc(ctx, 4096, 0);
	assert_non_null(bo);
	assert_fails(hldv_bo_export_dmabuf(bo, 0, 4096, 0), -EOPNOTSUPP);
	assert_int_equal(hldv_cb_handle(bo), 0);
	assert_int_equal(hldv_device_query(accel_context_device(ctx), &hi, sizeof(hi)),
			 -EOPNOTSUPP);
	assert_int_equal(accel_bo_free(bo), 0);
	assert_int_equal(accel_close_device(ctx), 0);
	accel_free_device_list(list);
}

SHIM_TEST_LIST(
	cmocka_unit_test(test_other_provider),
	cmocka_unit_test(test_two_devices),
	cmocka_unit_test(test_enumerate),
	cmocka_unit_test(test_query_device),
	cmocka_unit_test(test_busy_device),
	cmocka_unit_test(test_open_in_reset),
	cmocka_unit_test(test_hldv_query),
	cmocka_unit_test(test_bo_device_memory),
	cmocka_unit_test(test_bo_host_memory),
	cmocka_unit_test(test_bo_from_host),
	cmocka_unit_test(test_dram_exhaustion),
	cmocka_unit_test(test_export_dmabuf),
	cmocka_unit_test(test_dmabuf_outlives_context),
	cmocka_unit_test(test_free_exported_bo),
	cmocka_unit_test(test_bad_input),
	SHIM_SUBMIT_TESTS
);
