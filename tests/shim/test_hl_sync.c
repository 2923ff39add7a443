// SPDX-License-Identifier: MIT
/*
 * Gaudi2's non-default CS types on the emulator, at the uAPI level: sync
 * streams (SIGNAL, WAIT, COLLECTIVE_WAIT), encapsulated signals
 * (RESERVE/UNRESERVE, ENCAP_SIGNALS), engine commands, PCI flushes and
 * CUSTOM_TIMEOUT (common/command_submission.c, common/hw_queue.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <uapi/drm/habanalabs_accel.h>

#include "shim_test.h"

#define Q	GAUDI2_QUEUE_ID_DCORE0_EDMA_0_0

static int open_compute(void)
{
	int fd = open(shim_node("accel0"), O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static int cs_args(int fd, union hl_cs_args *a)
{
	return shim_xioctl(fd, DRM_IOCTL_HL_CS, a);
}

static int signal_cs(int fd, uint32_t q, union hl_cs_args *a)
{
	struct hl_cs_chunk c = { .queue_index = q };

	memset(a, 0, sizeof(*a));
	a->in.chunks_execute = (uintptr_t)&c;
	a->in.num_chunks_execute = 1;
	a->in.cs_flags = HL_CS_FLAGS_SIGNAL;
	return cs_args(fd, a);
}

static int wait_cs_on(int fd, uint32_t q, uint64_t signal_seq, uint32_t n, uint64_t *seq)
{
	struct hl_cs_chunk c = { .queue_index = q, .num_signal_seq_arr = n };
	union hl_cs_args a = { 0 };
	int ret;

	c.signal_seq_arr = (uintptr_t)&signal_seq;
	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	a.in.cs_flags = HL_CS_FLAGS_WAIT;
	ret = cs_args(fd, &a);
	*seq = a.out.seq;
	return ret;
}

static int wait_seq(int fd, uint64_t seq, uint64_t us, uint32_t *status)
{
	union hl_wait_cs_args a = { 0 };
	int ret;

	a.in.seq = seq;
	a.in.timeout_us = us;
	ret = shim_xioctl(fd, DRM_IOCTL_HL_WAIT_CS, &a);
	*status = a.out.status;
	return ret;
}

static void test_signal_wait(void **state)
{
	int fd = open_compute();
	union hl_cs_args a;
	uint64_t sig, sig2, w;
	uint32_t st;

	(void)state;
	/* a signal reports the SOB count it will signal (Gaudi2: address 0) */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 100000);
	assert_int_equal(signal_cs(fd, Q, &a), 0);
	sig = a.out.seq;
	assert_int_equal(a.out.sob_count_before_submission, 1);
	assert_int_equal(a.out.sob_base_addr_offset, 0);
	assert_int_equal(signal_cs(fd, Q, &a), 0);
	sig2 = a.out.seq;
	assert_int_equal(a.out.sob_count_before_submission, 2);
	/* each queue has its own stream */
	assert_int_equal(signal_cs(fd, Q + 1, &a), 0);
	assert_int_equal(a.out.sob_count_before_submission, 1);

	/* a wait on another queue runs once the signal is done */
	assert_int_equal(wait_cs_on(fd, GAUDI2_QUEUE_ID_PDMA_0_0, sig2, 1, &w), 0);
	assert_true(w > sig2);
	assert_int_equal(wait_seq(fd, w, 0, &st), 0);
	assert_int_equal(st, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(wait_seq(fd, w, 2000000, &st), 0);
	assert_int_equal(st, HL_WAIT_CS_STATUS_COMPLETED);
	assert_int_equal(wait_seq(fd, sig, 0, &st), 0);
	assert_int_equal(st, HL_WAIT_CS_STATUS_COMPLETED);
	/* the signal is done: no CS, ULLONG_MAX */
	assert_int_equal(wait_cs_on(fd, GAUDI2_QUEUE_ID_PDMA_0_0, sig2, 1, &w), 0);
	assert_int_equal(w, ~0ull);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	close(fd);
}

static void test_signal_wait_errors(void **state)
{
	struct hl_info_cs_counters cnt = { 0 };
	struct hl_info_args ia = { 0 };
	struct hl_cs_chunk c = { .queue_index = Q };
	int fd = open_compute();
	union hl_cs_args a;
	uint64_t sig, w, dflt;
	void *p;

	(void)state;
	/* NIC queues and the CPU queue have no sync stream */
	assert_int_equal(signal_cs(fd, GAUDI2_QUEUE_ID_NIC_0_0, &a), -EINVAL);
	assert_int_equal(a.out.seq, ~0ull);
	assert_int_equal(signal_cs(fd, GAUDI2_QUEUE_ID_CPU_PQ, &a), -EINVAL);
	assert_int_equal(signal_cs(fd, GAUDI2_QUEUE_ID_SIZE, &a), -EINVAL);
	/* one chunk only */
	memset(&a, 0, sizeof(a));
	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 2;
	a.in.cs_flags = HL_CS_FLAGS_SIGNAL;
	assert_int_equal(cs_args(fd, &a), -EINVAL);
	/* collective waits need a collective master queue: Gaudi2 has none */
	memset(&a, 0, sizeof(a));
	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	a.in.cs_flags = HL_CS_FLAGS_COLLECTIVE_WAIT;
	assert_int_equal(cs_args(fd, &a), -EINVAL);

	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	assert_int_equal(signal_cs(fd, Q, &a), 0);
	sig = a.out.seq;
	/* one signal seq exactly; a future seq; a CS that is not a signal */
	assert_int_equal(wait_cs_on(fd, Q, sig, 2, &w), -EINVAL);
	assert_int_equal(wait_cs_on(fd, Q, sig + 10, 1, &w), -EINVAL);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	{
		union hl_mem_args m = { 0 };
		struct hl_cs_chunk d = { .cb_size = 64,
					 .cs_chunk_flags = HL_CS_CHUNK_FLAGS_USER_ALLOC_CB };

		m.in.op = HL_MEM_OP_MAP;
		m.in.flags = HL_MEM_USERPTR;
		m.in.map_host.host_virt_addr = (uintptr_t)p;
		m.in.map_host.mem_size = 4096;
		assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_MEMORY, &m), 0);
		d.cb_handle = m.out.device_virt_addr;
		memset(&a, 0, sizeof(a));
		a.in.chunks_execute = (uintptr_t)&d;
		a.in.num_chunks_execute = 1;
		assert_int_equal(cs_args(fd, &a), 0);
		dflt = a.out.seq;
	}
	assert_int_equal(wait_cs_on(fd, Q, dflt, 1, &w), -EINVAL);
	/* a wait behind a hung signal is taken, and stays busy */
	assert_int_equal(wait_cs_on(fd, Q + 1, sig, 1, &w), 0);
	assert_true(w != ~0ull);
	/* three validation drops above, plus the queue ones */
	ia.op = HL_INFO_CS_COUNTERS;
	ia.return_pointer = (uintptr_t)&cnt;
	ia.return_size = sizeof(cnt);
	assert_int_equal(shim_xioctl(fd, DRM_IOCTL_HL_INFO, &ia), 0);
	assert_int_equal(cnt.ctx_validation_drop_cnt, 7);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	close(fd);
	munmap(p, 4096);
}

static int reserve(int fd, uint32_t q, uint32_t count, union hl_cs_args *a)
{
	memset(a, 0, sizeof(*a));
	a->in.cs_flags = HL_CS_FLAGS_RESERVE_SIGNALS_ONLY;
	a->in.encaps_signals_q_idx = q;
	a->in.encaps_signals_count = count;
	return cs_args(fd, a);
}

static int unreserve(int fd, uint32_t handle)
{
	union hl_cs_args a = { 0 };

	a.in.cs_flags = HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY;
	a.in.encaps_sig_handle_id = handle;
	return cs_args(fd, &a);
}

static void test_encaps_signals(void **state)
{
	struct hl_cs_chunk c = { .queue_index = Q, .encaps_signal_offset = 1 };
	int fd = open_compute();
	union hl_cs_args a;
	uint32_t h1, h2;

	(void)state;
	assert_int_equal(reserve(fd, Q, 10, &a), 0);
	h1 = a.out.handle_id;
	assert_int_equal(h1, 1);
	assert_int_equal(a.out.count, 11);	/* next_sob_val after the reservation */
	assert_int_equal(a.out.sob_base_addr_offset, 0);
	assert_int_equal(reserve(fd, Q, 5, &a), 0);
	h2 = a.out.handle_id;
	assert_int_equal(h2, 2);
	assert_int_equal(a.out.count, 16);
	/* out of order: the first no longer ends at the stream's value */
	assert_int_equal(unreserve(fd, h1), -EINVAL);
	assert_int_equal(unreserve(fd, h2), 0);
	assert_int_equal(unreserve(fd, h1), 0);
	assert_int_equal(unreserve(fd, h1), -EINVAL);
	/* the ids are reused from the lowest */
	assert_int_equal(reserve(fd, Q, 1, &a), 0);
	assert_int_equal(a.out.handle_id, 1);
	/* a signal in between puts the reservation out of sync */
	assert_int_equal(signal_cs(fd, Q, &a), 0);
	assert_int_equal(unreserve(fd, 1), -EINVAL);
	/* count and queue checks */
	assert_int_equal(reserve(fd, Q, 1u << 15, &a), -EINVAL);
	assert_int_equal(reserve(fd, GAUDI2_QUEUE_ID_NIC_1_0, 1, &a), -EINVAL);
	assert_int_equal(reserve(fd, 999, 1, &a), -EINVAL);
	/* a wait for encapsulated signals: no CS owns them on Gaudi2 */
	c.encaps_signal_seq = 1;
	memset(&a, 0, sizeof(a));
	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	a.in.cs_flags = HL_CS_FLAGS_WAIT | HL_CS_FLAGS_ENCAP_SIGNALS;
	assert_int_equal(cs_args(fd, &a), 0);
	assert_int_equal(a.out.seq, ~0ull);
	close(fd);
}

static void test_sob_wraparound(void **state)
{
	int fd = open_compute();
	union hl_cs_args a;

	(void)state;
	/* 32766 reserved: the next reservation switches to the other SOB */
	assert_int_equal(reserve(fd, Q, 32766, &a), 0);
	assert_int_equal(a.out.count, 32767);
	assert_int_equal(reserve(fd, Q, 4, &a), 0);
	assert_int_equal(a.out.count, 5);	/* count + 1 on the new SOB */
	/* back again: the first SOB still has its reservation */
	assert_int_equal(reserve(fd, Q, 32763, &a), -EINVAL);
	close(fd);
}

static int cores_cmd(int fd, uint32_t flag, const uint32_t *ids, uint32_t n, uint32_t cmd)
{
	union hl_cs_args a = { 0 };
	int ret;

	/* the union overlays engine_cores/num/core_command and engines/... */
	a.in.cs_flags = flag;
	a.in.engine_cores = (uintptr_t)ids;
	a.in.num_engine_cores = n;
	a.in.core_command = cmd;
	ret = cs_args(fd, &a);
	assert_int_equal(a.out.seq, ~0ull);
	return ret;
}

static void test_engine_commands(void **state)
{
	uint32_t ids[3] = { GAUDI2_DCORE0_ENGINE_ID_TPC_0, GAUDI2_DCORE1_ENGINE_ID_MME,
			    GAUDI2_DCORE3_ENGINE_ID_EDMA_1 };
	uint32_t cores[2] = { 0, 68 };
	const uint32_t core = HL_CS_FLAGS_ENGINE_CORE_COMMAND, eng = HL_CS_FLAGS_ENGINES_COMMAND;
	union hl_cs_args a = { 0 };
	int fd = open_compute();

	(void)state;
	assert_int_equal(cores_cmd(fd, core, cores, 2, HL_ENGINE_CORE_HALT), 0);
	assert_int_equal(cores_cmd(fd, core, cores, 70, HL_ENGINE_CORE_RUN), -EINVAL);
	assert_int_equal(cores_cmd(fd, core, cores, 0, HL_ENGINE_CORE_RUN), -EINVAL);
	assert_int_equal(cores_cmd(fd, core, cores, 2, HL_ENGINE_STALL), -EINVAL);
	assert_int_equal(cores_cmd(fd, core, (const uint32_t *)8, 2, HL_ENGINE_CORE_RUN),
			 -EFAULT);

	assert_int_equal(cores_cmd(fd, eng, ids, 3, HL_ENGINE_STALL), 0);
	assert_int_equal(cores_cmd(fd, eng, ids, 3, HL_ENGINE_RESUME), 0);
	/* a PDMA has no engine mode; command 0 passes the range check only */
	ids[1] = GAUDI2_ENGINE_ID_PDMA_0;
	assert_int_equal(cores_cmd(fd, eng, ids, 3, HL_ENGINE_STALL), -EINVAL);
	assert_int_equal(cores_cmd(fd, eng, ids, 3, 0), -EINVAL);
	assert_int_equal(cores_cmd(fd, eng, ids, 3, HL_ENGINE_COMMAND_MAX), -EINVAL);
	/* RUN/HALT through ENGINES_COMMAND: core ids, at most 69 */
	assert_int_equal(cores_cmd(fd, eng, cores, 2, HL_ENGINE_CORE_RUN), 0);
	assert_int_equal(cores_cmd(fd, eng, cores, GAUDI2_ENGINE_ID_SIZE, HL_ENGINE_CORE_RUN),
			 -EINVAL);
	assert_int_equal(cores_cmd(fd, eng, ids, GAUDI2_ENGINE_ID_SIZE + 1, HL_ENGINE_STALL),
			 -EINVAL);

	a.in.cs_flags = HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES;
	assert_int_equal(cs_args(fd, &a), 0);
	assert_int_equal(a.out.seq, ~0ull);
	close(fd);
}

static void test_custom_timeout(void **state)
{
	struct hl_cs_chunk c = { .queue_index = Q };
	union hl_cs_args a = { 0 };
	int fd = open_compute();
	uint32_t st;

	(void)state;
	/* a hung CS with a 1 s custom timeout is timed out by its TDR */
	accel_shim_hl_set_cs_mode(0, SHIM_CS_HANG, 0);
	a.in.chunks_execute = (uintptr_t)&c;
	a.in.num_chunks_execute = 1;
	a.in.cs_flags = HL_CS_FLAGS_SIGNAL | HL_CS_FLAGS_CUSTOM_TIMEOUT |
			HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT;
	a.in.timeout = 1;
	assert_int_equal(cs_args(fd, &a), 0);
	assert_int_equal(wait_seq(fd, a.out.seq, 100000, &st), 0);
	assert_int_equal(st, HL_WAIT_CS_STATUS_BUSY);
	assert_int_equal(wait_seq(fd, a.out.seq, 3000000, &st), -ETIMEDOUT);
	assert_int_equal(st, HL_WAIT_CS_STATUS_TIMEDOUT);
	accel_shim_hl_set_cs_mode(0, SHIM_CS_COMPLETE, 0);
	close(fd);
}

SHIM_TEST_LIST(cmocka_unit_test(test_signal_wait),
	       cmocka_unit_test(test_signal_wait_errors),
	       cmocka_unit_test(test_encaps_signals),
	       cmocka_unit_test(test_sob_wraparound),
	       cmocka_unit_test(test_engine_commands),
	       cmocka_unit_test(test_custom_timeout));
