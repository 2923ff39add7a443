// SPDX-License-Identifier: MIT
/*
 * Every HL_INFO opcode of Linux 7.2 on the emulator, at the uAPI level:
 * argument checks, which opcodes answer in reset, the control node, the
 * error captures and the eventfd notifications
 * (common/habanalabs_ioctl.c: _hl_info_ioctl and its helpers).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/drm/habanalabs_accel.h>

#include "accel_shim_hl.h"
#include "shim_test.h"

static int info_a(int fd, struct hl_info_args *a)
{
	return shim_xioctl(fd, DRM_IOCTL_HL_INFO, a);
}

static int info2(int fd, uint32_t op, uint32_t arg, void *buf, uint32_t len)
{
	struct hl_info_args a = { .return_pointer = (uintptr_t)buf,
				  .return_size = len, .op = op, .dcore_id = arg };

	return info_a(fd, &a);
}

static int info(int fd, uint32_t op, void *buf, uint32_t len)
{
	return info2(fd, op, 0, buf, len);
}

static int open_node(const char *name)
{
	int fd = open(shim_node(name), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/* opcodes _hl_info_ioctl answers even when the device is not operational */
static const uint32_t always[] = {
	HL_INFO_HW_IP_INFO, HL_INFO_DEVICE_STATUS, HL_INFO_RESET_COUNT,
	HL_INFO_HW_EVENTS, HL_INFO_HW_EVENTS_AGGREGATE, HL_INFO_CS_COUNTERS,
	HL_INFO_CLK_THROTTLE_REASON, HL_INFO_SYNC_MANAGER, HL_INFO_OPEN_STATS,
	HL_INFO_LAST_ERR_OPEN_DEV_TIME, HL_INFO_CS_TIMEOUT_EVENT,
	HL_INFO_RAZWI_EVENT, HL_INFO_UNDEFINED_OPCODE_EVENT,
	HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES, HL_INFO_GET_EVENTS,
	HL_INFO_PAGE_FAULT_EVENT, HL_INFO_USER_MAPPINGS, HL_INFO_HW_ERR_EVENT,
	HL_INFO_FW_ERR_EVENT, HL_INFO_USER_ENGINE_ERR_EVENT, HL_INFO_DRAM_USAGE,
};

/* ... and those that need it (EBUSY otherwise) */
static const uint32_t operational[] = {
	HL_INFO_HW_IDLE, HL_INFO_DEVICE_UTILIZATION, HL_INFO_CLK_RATE,
	HL_INFO_TIME_SYNC, HL_INFO_PCI_COUNTERS, HL_INFO_TOTAL_ENERGY,
	HL_INFO_PLL_FREQUENCY, HL_INFO_POWER, HL_INFO_DRAM_REPLACED_ROWS,
	HL_INFO_DRAM_PENDING_ROWS, HL_INFO_SECURED_ATTESTATION,
	HL_INFO_ENGINE_STATUS, HL_INFO_FW_GENERIC_REQ, HL_INFO_DEV_SIGNED,
};

static void test_info_every_opcode(void **state)
{
	static uint8_t buf[16384];
	int fd = open_node("accel0");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		assert_int_equal(info(fd, always[i], buf, sizeof(buf)), 0);
	for (i = 0; i < sizeof(operational) / sizeof(operational[0]); i++)
		assert_int_equal(info(fd, operational[i], buf, sizeof(buf)), 0);
	/* numbers the header skips are "Invalid request" */
	assert_int_equal(info(fd, 5, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(info(fd, 19, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(info(fd, 39, buf, sizeof(buf)), -EINVAL);

	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		assert_int_equal(info(fd, always[i], buf, sizeof(buf)), 0);
	for (i = 0; i < sizeof(operational) / sizeof(operational[0]); i++)
		assert_int_equal(info(fd, operational[i], buf, sizeof(buf)), -EBUSY);
	/* the unknown opcode is checked after the device state */
	assert_int_equal(info(fd, 5, buf, sizeof(buf)), -EBUSY);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	close(fd);
}

static void test_info_argument_checks(void **state)
{
	struct hl_info_sync_manager sm;
	struct hl_info_hw_err_event he;
	struct hl_pll_frequency_info pll;
	struct hl_info_args a = { 0 };
	uint8_t buf[2048];
	uint64_t mask;
	int fd = open_node("accel0");

	(void)state;
	/* no buffer: EINVAL for the size-checked answers */
	assert_int_equal(info(fd, HL_INFO_POWER, NULL, 8), -EINVAL);
	assert_int_equal(info(fd, HL_INFO_POWER, buf, 0), -EINVAL);
	assert_int_equal(info(fd, HL_INFO_CLK_THROTTLE_REASON, buf, 0), -EINVAL);
	/* GET_EVENTS needs room for the whole mask */
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &mask, 4), -EINVAL);
	/* dcore and PLL indexes are checked */
	assert_int_equal(info2(fd, HL_INFO_SYNC_MANAGER, 8, &sm, sizeof(sm)), -EINVAL);
	assert_int_equal(info2(fd, HL_INFO_SYNC_MANAGER, 0, &sm, sizeof(sm)), 0);
	assert_int_equal(sm.first_available_sync_object, 413);
	assert_int_equal(sm.first_available_monitor, 289);
	assert_int_equal(sm.first_available_cq, 2);
	assert_int_equal(info2(fd, HL_INFO_SYNC_MANAGER, 3, &sm, sizeof(sm)), 0);
	assert_int_equal(sm.first_available_sync_object, 0);
	assert_int_equal(info2(fd, HL_INFO_PLL_FREQUENCY, HL_GAUDI2_PLL_MAX, &pll,
			       sizeof(pll)), -EINVAL);
	assert_int_equal(info2(fd, HL_INFO_PLL_FREQUENCY, HL_GAUDI2_TPC_PLL, &pll,
			       sizeof(pll)), 0);
	assert_true(pll.output[0] > 0);
	/* engine status: 1 KiB to 1 MiB, its size returned in the args */
	assert_int_equal(info(fd, HL_INFO_ENGINE_STATUS, buf, 1023), -EINVAL);
	a.op = HL_INFO_ENGINE_STATUS;
	a.return_pointer = (uintptr_t)buf;
	a.return_size = sizeof(buf);
	assert_int_equal(info_a(fd, &a), 0);
	assert_true(a.user_buffer_actual_size > 0 &&
		    a.user_buffer_actual_size <= sizeof(buf));
	/* FW generic request: the sub-opcode and a 1 MiB cap */
	a = (struct hl_info_args){ .op = HL_INFO_FW_GENERIC_REQ, .fw_sub_opcode = 3,
				   .return_pointer = (uintptr_t)buf, .return_size = 64 };
	assert_int_equal(info_a(fd, &a), -EINVAL);
	a.fw_sub_opcode = 0;
	assert_int_equal(info_a(fd, &a), 0);
	assert_true(buf[0] != 0);
	a.return_size = 0x100001;
	assert_int_equal(info_a(fd, &a), -EINVAL);
	/* records copied whole: too small a buffer is ENOMEM once one exists */
	assert_int_equal(info(fd, HL_INFO_HW_ERR_EVENT, &he, 4), 0);
	assert_int_equal(info(fd, HL_INFO_HW_ERR_EVENT, NULL, 4), -EINVAL);
	accel_shim_hl_inject(0, SHIM_HL_EV_HW_ERR, 7);
	assert_int_equal(info(fd, HL_INFO_HW_ERR_EVENT, &he, 4), -ENOMEM);
	memset(&he, 0, sizeof(he));
	assert_int_equal(info(fd, HL_INFO_HW_ERR_EVENT, &he, sizeof(he)), 0);
	assert_int_equal(he.event_id, 7);
	assert_true(he.timestamp > 0);
	close(fd);
}

static void test_info_firmware_values(void **state)
{
	struct hl_info_device_utilization u = { 0 };
	struct hl_power_info p = { 0 };
	struct hl_info_energy e = { 0 };
	struct hl_info_clk_rate c = { 0 };
	struct hl_info_sec_attest *att = calloc(1, sizeof(*att));
	struct hl_info_signed *sig = calloc(1, sizeof(*sig));
	struct hl_info_args a = { 0 };
	int fd = open_node("accel0");

	(void)state;
	assert_int_equal(info(fd, HL_INFO_POWER, &p, sizeof(p)), 0);
	assert_int_equal(p.power, 60000);	/* idle: DC power, mW */
	assert_int_equal(info(fd, HL_INFO_DEVICE_UTILIZATION, &u, sizeof(u)), 0);
	assert_int_equal(u.utilization, 0);
	assert_int_equal(info(fd, HL_INFO_CLK_RATE, &c, sizeof(c)), 0);
	assert_true(c.cur_clk_rate_mhz <= c.max_clk_rate_mhz && c.max_clk_rate_mhz);
	assert_int_equal(info(fd, HL_INFO_TOTAL_ENERGY, &e, sizeof(e)), 0);
	/* attestation echoes the nonce */
	a.op = HL_INFO_SECURED_ATTESTATION;
	a.sec_attest_nonce = 0x1234;
	a.return_pointer = (uintptr_t)att;
	a.return_size = sizeof(*att);
	assert_int_equal(info_a(fd, &a), 0);
	assert_int_equal(att->nonce, 0x1234);
	assert_true(att->pcr_num_reg && att->certificate_len);
	a.op = HL_INFO_DEV_SIGNED;
	a.sec_attest_nonce = 0x55;
	a.return_pointer = (uintptr_t)sig;
	a.return_size = sizeof(*sig);
	assert_int_equal(info_a(fd, &a), 0);
	assert_int_equal(sig->nonce, 0x55);
	assert_int_equal(sig->dev_info_len, 1768);	/* sizeof(struct cpucp_info) */
	free(att);
	free(sig);
	close(fd);
}

static void test_info_throttle(void **state)
{
	struct hl_info_clk_throttle t = { 0 };
	int fd = open_node("accel0");

	(void)state;
	assert_int_equal(info(fd, HL_INFO_CLK_THROTTLE_REASON, &t, sizeof(t)), 0);
	assert_int_equal(t.clk_throttling_reason, 0);
	accel_shim_hl_inject(0, SHIM_HL_EV_THROTTLE_THERMAL, 1);
	usleep(2000);
	assert_int_equal(info(fd, HL_INFO_CLK_THROTTLE_REASON, &t, sizeof(t)), 0);
	assert_int_equal(t.clk_throttling_reason, HL_CLK_THROTTLE_THERMAL);
	assert_true(t.clk_throttling_duration_ns[HL_CLK_THROTTLE_TYPE_THERMAL] >= 2000000);
	assert_int_equal(t.clk_throttling_duration_ns[HL_CLK_THROTTLE_TYPE_POWER], 0);
	accel_shim_hl_inject(0, SHIM_HL_EV_THROTTLE_THERMAL, 0);
	assert_int_equal(info(fd, HL_INFO_CLK_THROTTLE_REASON, &t, sizeof(t)), 0);
	/* over, but remembered */
	assert_int_equal(t.clk_throttling_reason, 0);
	assert_true(t.clk_throttling_timestamp_us[HL_CLK_THROTTLE_TYPE_THERMAL] > 0);
	close(fd);
}

static void test_info_control_node(void **state)
{
	struct hl_info_razwi_event r = { 0 };
	struct hl_power_info p;
	uint64_t mask;
	int efd = eventfd(0, EFD_CLOEXEC);
	int ctl = open_node("accel_controlD0");
	struct hl_info_args a = { .op = HL_INFO_REGISTER_EVENTFD, .eventfd = (uint32_t)efd };

	(void)state;
	/* the event ops are the compute node's */
	assert_int_equal(info_a(ctl, &a), -EOPNOTSUPP);
	a.op = HL_INFO_UNREGISTER_EVENTFD;
	assert_int_equal(info_a(ctl, &a), -EOPNOTSUPP);
	assert_int_equal(info(ctl, HL_INFO_GET_EVENTS, &mask, sizeof(mask)), -EOPNOTSUPP);
	/* everything else answers, records included */
	assert_int_equal(info(ctl, HL_INFO_POWER, &p, sizeof(p)), 0);
	accel_shim_hl_inject(0, SHIM_HL_EV_RAZWI, 0xdead000);
	assert_int_equal(info(ctl, HL_INFO_RAZWI_EVENT, &r, sizeof(r)), 0);
	assert_int_equal(r.addr, 0xdead000);
	assert_int_equal(r.num_of_possible_engines, 1);
	close(ctl);
	close(efd);
}

static void test_info_eventfd(void **state)
{
	struct hl_info_undefined_opcode_event uo = { 0 };
	struct hl_info_engine_err_event ee = { 0 };
	struct hl_info_fw_err_event fe = { 0 };
	struct hl_info_args a = { .op = HL_INFO_REGISTER_EVENTFD };
	int fd = open_node("accel0"), efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int pipefd[2];
	uint64_t mask, cnt;

	(void)state;
	assert_int_equal(pipe(pipefd), 0);
	/* unregister with none registered; register a bad fd, a pipe */
	a.op = HL_INFO_UNREGISTER_EVENTFD;
	assert_int_equal(info_a(fd, &a), -EINVAL);
	a.op = HL_INFO_REGISTER_EVENTFD;
	a.eventfd = 999;
	assert_int_equal(info_a(fd, &a), -EBADF);
	a.eventfd = (uint32_t)pipefd[0];
	assert_int_equal(info_a(fd, &a), -EINVAL);
	a.eventfd = (uint32_t)efd;
	assert_int_equal(info_a(fd, &a), 0);
	/* one per file */
	assert_int_equal(info_a(fd, &a), -EINVAL);

	accel_shim_hl_inject(0, SHIM_HL_EV_ENGINE_ERR, 12);
	accel_shim_hl_inject(0, SHIM_HL_EV_FW_ERR, HL_INFO_FW_HEARTBEAT_ERR);
	accel_shim_hl_inject(0, SHIM_HL_EV_UNDEFINED_OPCODE, 3);
	assert_int_equal(read(efd, &cnt, sizeof(cnt)), sizeof(cnt));
	assert_int_equal(cnt, 3);
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &mask, sizeof(mask)), 0);
	assert_int_equal(mask, HL_NOTIFIER_EVENT_USER_ENGINE_ERR |
				       HL_NOTIFIER_EVENT_CRITICL_FW_ERR |
				       HL_NOTIFIER_EVENT_UNDEFINED_OPCODE);
	/* reading clears */
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &mask, sizeof(mask)), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(info(fd, HL_INFO_USER_ENGINE_ERR_EVENT, &ee, sizeof(ee)), 0);
	assert_int_equal(ee.engine_id, 12);
	assert_int_equal(info(fd, HL_INFO_FW_ERR_EVENT, &fe, sizeof(fe)), 0);
	assert_int_equal(fe.err_type, HL_INFO_FW_HEARTBEAT_ERR);
	assert_int_equal(info(fd, HL_INFO_UNDEFINED_OPCODE_EVENT, &uo, sizeof(uo)), 0);
	assert_int_equal(uo.engine_id, 3);
	/* only the first of a kind is kept */
	accel_shim_hl_inject(0, SHIM_HL_EV_ENGINE_ERR, 13);
	assert_int_equal(info(fd, HL_INFO_USER_ENGINE_ERR_EVENT, &ee, sizeof(ee)), 0);
	assert_int_equal(ee.engine_id, 12);
	/* a reset is told too */
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_IN_RESET);
	accel_shim_hl_set_status(0, HL_DEVICE_STATUS_OPERATIONAL);
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &mask, sizeof(mask)), 0);
	assert_int_equal(mask, HL_NOTIFIER_EVENT_USER_ENGINE_ERR |
				       HL_NOTIFIER_EVENT_DEVICE_RESET |
				       HL_NOTIFIER_EVENT_DEVICE_UNAVAILABLE);
	a.op = HL_INFO_UNREGISTER_EVENTFD;
	assert_int_equal(info_a(fd, &a), 0);
	assert_int_equal(info_a(fd, &a), -EINVAL);
	close(fd);
	close(efd);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void test_info_open_stats(void **state)
{
	struct hl_info_last_err_open_dev_time t = { 0 };
	struct hl_open_stats_info os = { 0 };
	int fd = open_node("accel0"), ctl;

	(void)state;
	assert_int_equal(info(fd, HL_INFO_LAST_ERR_OPEN_DEV_TIME, &t, sizeof(t)), 0);
	assert_true(t.timestamp > 0);
	usleep(20000);
	close(fd);
	ctl = open_node("accel_controlD0");
	assert_int_equal(info(ctl, HL_INFO_OPEN_STATS, &os, sizeof(os)), 0);
	assert_true(os.last_open_period_ms >= 20);
	assert_int_equal(os.is_compute_ctx_active, 0);
	close(ctl);
}

static uint64_t map_host(int fd, void *p, uint64_t size)
{
	union hl_mem_args a = { 0 };

	a.in.op = HL_MEM_OP_MAP;
	a.in.flags = HL_MEM_USERPTR;
	a.in.map_host.host_virt_addr = (uintptr_t)p;
	a.in.map_host.mem_size = size;
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &a), 0);
	return a.out.device_virt_addr;
}

static int submit(int fd, uint64_t va, uint64_t *seq)
{
	struct hl_cs_chunk c = { .cb_handle = va, .cb_size = 64,
				 .cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB };
	union hl_cs_args a = { 0 };
	int ret;

	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_CS, &a);
	*seq = a.out.seq;
	return ret;
}

/* cs_timedout() and the MMU fault handler capture what the user needs */
static void test_info_captures(void **state)
{
	struct hl_info_cs_timeout_event to = { 0 };
	struct hl_page_fault_info pf = { 0 };
	struct hl_user_mapping maps[4];
	struct hl_info_args a = { 0 };
	int fd = open_node("accel0");
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t va, seq, seq2, mask;

	(void)state;
	assert_true(p != MAP_FAILED);
	va = map_host(fd, p, 8192);
	/* nothing captured yet: the records stay untouched */
	pf.addr = 1;
	assert_int_equal(info(fd, HL_INFO_PAGE_FAULT_EVENT, &pf, sizeof(pf)), 0);
	assert_int_equal(pf.addr, 1);
	a.op = HL_INFO_USER_MAPPINGS;
	a.return_pointer = (uintptr_t)maps;
	a.return_size = sizeof(maps);
	assert_int_equal(info_a(fd, &a), 0);
	assert_int_equal(a.array_size, 0);

	accel_shim_hl_set_cs_mode(0, SHIM_CS_TIMEOUT, 1000);
	assert_int_equal(submit(fd, va, &seq), 0);
	assert_int_equal(submit(fd, va, &seq2), 0);
	usleep(5000);
	assert_int_equal(info(fd, HL_INFO_CS_TIMEOUT_EVENT, &to, sizeof(to)), 0);
	assert_int_equal(to.seq, seq);	/* the first only */
	assert_true(to.timestamp > 0);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);

	/* a CB the context never mapped faults the MMU */
	assert_int_equal(submit(fd, va + 0x100000, &seq), 0);
	assert_int_equal(info(fd, HL_INFO_PAGE_FAULT_EVENT, &pf, sizeof(pf)), 0);
	assert_int_equal(pf.addr, va + 0x100000);
	a.return_size = sizeof(maps[0]) - 1;
	a.array_size = 0;
	assert_int_equal(info_a(fd, &a), -ENOMEM);
	assert_int_equal(a.array_size, 1);	/* told even on ENOMEM */
	a.return_size = sizeof(maps);
	assert_int_equal(info_a(fd, &a), 0);
	assert_int_equal(maps[0].dev_va, va);
	assert_int_equal(maps[0].size, 8192);
	assert_int_equal(info(fd, HL_INFO_GET_EVENTS, &mask, sizeof(mask)), 0);
	assert_int_equal(mask, HL_NOTIFIER_EVENT_CS_TIMEOUT | HL_NOTIFIER_EVENT_PAGE_FAULT);
	close(fd);
	munmap(p, 8192);
}

SHIM_TEST_LIST(cmocka_unit_test(test_info_every_opcode),
	       cmocka_unit_test(test_info_argument_checks),
	       cmocka_unit_test(test_info_firmware_values),
	       cmocka_unit_test(test_info_throttle),
	       cmocka_unit_test(test_info_control_node),
	       cmocka_unit_test(test_info_eventfd),
	       cmocka_unit_test(test_info_open_stats),
	       cmocka_unit_test(test_info_captures));
