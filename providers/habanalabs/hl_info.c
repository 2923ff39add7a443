// SPDX-License-Identifier: MIT
/*
 * habanalabs: the HL_INFO opcodes beyond the device description, one
 * typed hldv call per family (telemetry, error records, counters, PLLs,
 * sync manager, engine status, attestation, firmware requests, events).
 * Every call reads through the context's compute node.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

_Static_assert(sizeof(struct hldv_cs_counters) == sizeof(struct hl_info_cs_counters),
	       "hldv_cs_counters mirrors hl_info_cs_counters");
_Static_assert(sizeof(struct hldv_attestation) == sizeof(struct hl_info_sec_attest),
	       "hldv_attestation mirrors hl_info_sec_attest");
_Static_assert(sizeof(struct hldv_signed_info) == sizeof(struct hl_info_signed),
	       "hldv_signed_info mirrors hl_info_signed");
_Static_assert(sizeof(struct hldv_user_mapping) == sizeof(struct hl_user_mapping),
	       "hldv_user_mapping mirrors hl_user_mapping");
_Static_assert(sizeof(struct hldv_hbm_row) == 8, "cpucp_hbm_row_info is 8 bytes");

/* HL_INFO with the whole argument block, which some opcodes write back */
static int info_args(int fd, struct hl_info_args *a)
{
	return hl_ioctl(fd, DRM_IOCTL_HL_INFO, a);
}

/* a context of ours, or the reason why not */
static int begin(struct accel_context **ctx, const void *out, const char *fn)
{
	if (!*ctx || !out)
		return accel_set_reason(-EINVAL, "%s: NULL context or output", fn);
	return hl_check_ctx(ctx);
}

static int end(struct accel_context *ctx, int ret, const char *fn, const char *op)
{
	accel_context_put(ctx);
	if (ret < 0)
		return accel_set_reason(ret, "%s: %s: %s", fn, op, strerror(-ret));
	return ret;
}

static void copy_out(void *dst, size_t dst_size, const void *src, size_t src_size)
{
	memset(dst, 0, dst_size);
	memcpy(dst, src, dst_size < src_size ? dst_size : src_size);
}

static void telemetry(int fd, struct hldv_telemetry *t)
{
	struct hl_info_hw_idle idle = { 0 };
	struct hl_info_device_utilization u = { 0 };
	struct hl_info_clk_rate c = { 0 };
	struct hl_power_info p = { 0 };
	struct hl_info_energy e = { 0 };
	struct hl_info_pci_counters pci = { 0 };
	struct hl_info_clk_throttle th = { 0 };
	struct hl_info_time_sync ts = { 0 };
	uint32_t pending = 0;
	int i;

	if (!hl_info(fd, HL_INFO_HW_IDLE, 0, &idle, sizeof(idle))) {
		t->valid |= HLDV_TM_IDLE;
		t->is_idle = idle.is_idle;
		memcpy(t->busy_engines_mask, idle.busy_engines_mask_ext,
		       sizeof(t->busy_engines_mask));
	}
	if (!hl_info(fd, HL_INFO_DEVICE_UTILIZATION, 0, &u, sizeof(u))) {
		t->valid |= HLDV_TM_UTILIZATION;
		t->utilization = u.utilization;
	}
	if (!hl_info(fd, HL_INFO_CLK_RATE, 0, &c, sizeof(c))) {
		t->valid |= HLDV_TM_CLOCKS;
		t->cur_clk_mhz = c.cur_clk_rate_mhz;
		t->max_clk_mhz = c.max_clk_rate_mhz;
	}
	if (!hl_info(fd, HL_INFO_POWER, 0, &p, sizeof(p))) {
		t->valid |= HLDV_TM_POWER;
		t->power_mw = p.power;
	}
	if (!hl_info(fd, HL_INFO_TOTAL_ENERGY, 0, &e, sizeof(e))) {
		t->valid |= HLDV_TM_ENERGY;
		t->energy_mj = e.total_energy_consumption;
	}
	if (!hl_info(fd, HL_INFO_PCI_COUNTERS, 0, &pci, sizeof(pci))) {
		t->valid |= HLDV_TM_PCI;
		t->pci_rx_bytes_per_s = pci.rx_throughput;
		t->pci_tx_bytes_per_s = pci.tx_throughput;
		t->pci_replay_cnt = pci.replay_cnt;
	}
	if (!hl_info(fd, HL_INFO_CLK_THROTTLE_REASON, 0, &th, sizeof(th))) {
		t->valid |= HLDV_TM_THROTTLE;
		t->throttle_reason = th.clk_throttling_reason;
		for (i = 0; i < HL_CLK_THROTTLE_TYPE_MAX && i < 2; i++) {
			t->throttle_start_us[i] = th.clk_throttling_timestamp_us[i];
			t->throttle_duration_ns[i] = th.clk_throttling_duration_ns[i];
		}
	}
	if (!hl_info(fd, HL_INFO_TIME_SYNC, 0, &ts, sizeof(ts))) {
		t->valid |= HLDV_TM_TIME_SYNC;
		t->device_time = ts.device_time;
		t->host_time = ts.host_time;
		t->tsc_time = ts.tsc_time;
	}
	if (!hl_info(fd, HL_INFO_DRAM_PENDING_ROWS, 0, &pending, sizeof(pending)) &&
	    !hl_info(fd, HL_INFO_DRAM_REPLACED_ROWS, 0, &t->dram_replaced_row,
		     sizeof(t->dram_replaced_row))) {
		t->valid |= HLDV_TM_DRAM_ROWS;
		t->dram_pending_rows = pending;
	}
}

HLDV_EXPORT int hldv_query_telemetry(struct accel_context *ctx, struct hldv_telemetry *t,
				     size_t size)
{
	struct hldv_telemetry tmp = { 0 };
	int ret = begin(&ctx, t, __func__);

	if (ret)
		return ret;
	telemetry(ctx->fd, &tmp);
	copy_out(t, size, &tmp, sizeof(tmp));
	return end(ctx, 0, __func__, "");
}

HLDV_EXPORT int hldv_device_telemetry(const struct accel_device *dev, struct hldv_telemetry *t,
				      size_t size)
{
	struct hldv_telemetry tmp = { 0 };
	int fd;

	if (!dev || !t)
		return accel_set_reason(-EINVAL, "hldv_device_telemetry: NULL device or output");
	fd = hl_control_open(dev, "hldv_device_telemetry");
	if (fd < 0)
		return fd;
	telemetry(fd, &tmp);
	close(fd);
	copy_out(t, size, &tmp, sizeof(tmp));
	return 0;
}

void hl_read_errors(int fd, struct hldv_error_records *r)
{
	struct hl_info_last_err_open_dev_time lo = { 0 };
	struct hl_info_cs_timeout_event to = { 0 };
	struct hl_info_razwi_event rz = { 0 };
	struct hl_info_undefined_opcode_event uo = { 0 };
	struct hl_page_fault_info pf = { 0 };
	struct hl_info_hw_err_event he = { 0 };
	struct hl_info_fw_err_event fe = { 0 };
	struct hl_info_engine_err_event ee = { 0 };

	/* all answered in reset; an absent record leaves our zeros */
	if (!hl_info(fd, HL_INFO_LAST_ERR_OPEN_DEV_TIME, 0, &lo, sizeof(lo)))
		r->last_open_ns = lo.timestamp;
	if (!hl_info(fd, HL_INFO_CS_TIMEOUT_EVENT, 0, &to, sizeof(to))) {
		r->cs_timeout_ns = to.timestamp;
		r->cs_timeout_seq = to.seq;
	}
	if (!hl_info(fd, HL_INFO_RAZWI_EVENT, 0, &rz, sizeof(rz))) {
		r->razwi_ns = rz.timestamp;
		r->razwi_addr = rz.addr;
		memcpy(r->razwi_engines, rz.engine_id, sizeof(r->razwi_engines));
		r->razwi_num_engines = rz.num_of_possible_engines;
		r->razwi_flags = rz.flags;
	}
	if (!hl_info(fd, HL_INFO_UNDEFINED_OPCODE_EVENT, 0, &uo, sizeof(uo))) {
		r->undef_opcode_ns = uo.timestamp;
		r->undef_cq_addr = uo.cq_addr;
		memcpy(r->undef_cb_addr_streams, uo.cb_addr_streams,
		       sizeof(r->undef_cb_addr_streams));
		r->undef_cq_size = uo.cq_size;
		r->undef_cb_addr_streams_len = uo.cb_addr_streams_len;
		r->undef_engine_id = uo.engine_id;
		r->undef_stream_id = uo.stream_id;
	}
	if (!hl_info(fd, HL_INFO_PAGE_FAULT_EVENT, 0, &pf, sizeof(pf))) {
		r->page_fault_ns = pf.timestamp;
		r->page_fault_addr = pf.addr;
		r->page_fault_engine_id = pf.engine_id;
	}
	if (!hl_info(fd, HL_INFO_HW_ERR_EVENT, 0, &he, sizeof(he))) {
		r->hw_err_ns = he.timestamp;
		r->hw_err_event_id = he.event_id;
	}
	if (!hl_info(fd, HL_INFO_FW_ERR_EVENT, 0, &fe, sizeof(fe))) {
		r->fw_err_ns = fe.timestamp;
		r->fw_err_type = fe.err_type;
		r->fw_err_event_id = fe.event_id;
	}
	if (!hl_info(fd, HL_INFO_USER_ENGINE_ERR_EVENT, 0, &ee, sizeof(ee))) {
		r->engine_err_ns = ee.timestamp;
		r->engine_err_engine_id = ee.engine_id;
		r->engine_err_count = ee.error_count;
	}
}

HLDV_EXPORT int hldv_query_errors(struct accel_context *ctx, struct hldv_error_records *r,
				  size_t size)
{
	struct hldv_error_records *tmp;
	int ret = begin(&ctx, r, __func__);

	if (ret)
		return ret;
	tmp = calloc(1, sizeof(*tmp));
	if (!tmp)
		return end(ctx, -ENOMEM, __func__, "records");
	hl_read_errors(ctx->fd, tmp);
	copy_out(r, size, tmp, sizeof(*tmp));
	free(tmp);
	return end(ctx, 0, __func__, "");
}

HLDV_EXPORT int hldv_device_errors(const struct accel_device *dev, struct hldv_error_records *r,
				   size_t size)
{
	struct hldv_error_records *tmp;
	int fd;

	if (!dev || !r)
		return accel_set_reason(-EINVAL, "hldv_device_errors: NULL device or output");
	fd = hl_control_open(dev, "hldv_device_errors");
	if (fd < 0)
		return fd;
	tmp = calloc(1, sizeof(*tmp));
	if (!tmp) {
		close(fd);
		return accel_set_reason(-ENOMEM, "hldv_device_errors: no memory");
	}
	hl_read_errors(fd, tmp);
	close(fd);
	copy_out(r, size, tmp, sizeof(*tmp));
	free(tmp);
	return 0;
}

HLDV_EXPORT int hldv_query_user_mappings(struct accel_context *ctx,
					 struct hldv_user_mapping *maps, uint32_t max)
{
	struct hl_info_args a = { .op = HL_INFO_USER_MAPPINGS };
	struct hldv_user_mapping dummy;
	int ret;

	ret = begin(&ctx, maps ? (void *)maps : (void *)&dummy, __func__);
	if (ret)
		return ret;
	/* the kernel wants a pointer even for an empty answer */
	a.return_pointer = (uintptr_t)(maps ? maps : &dummy);
	a.return_size = maps ? max * (uint32_t)sizeof(*maps) : 0;
	ret = info_args(ctx->fd, &a);
	/* ENOMEM: too small, but array_size says how many there are */
	if (!ret || ret == -ENOMEM)
		ret = (int)a.array_size;
	return end(ctx, ret, __func__, "HL_INFO_USER_MAPPINGS");
}

HLDV_EXPORT int hldv_query_cs_counters(struct accel_context *ctx, struct hldv_cs_counters *c,
				       size_t size)
{
	struct hl_info_cs_counters k = { 0 };
	int ret = begin(&ctx, c, __func__);

	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_CS_COUNTERS, 0, &k, sizeof(k));
	if (!ret)
		copy_out(c, size, &k, sizeof(k));
	return end(ctx, ret, __func__, "HL_INFO_CS_COUNTERS");
}

HLDV_EXPORT int hldv_query_hw_events(struct accel_context *ctx, int aggregate,
				     uint32_t *counts, uint32_t max)
{
	struct hl_info_hw_ip_info hw = { 0 };
	int ret = begin(&ctx, counts, __func__);

	if (ret)
		return ret;
	if (!max)
		return end(ctx, -EINVAL, __func__, "max 0");
	ret = hl_info(ctx->fd, HL_INFO_HW_IP_INFO, 0, &hw, sizeof(hw));
	if (!ret)
		ret = hl_info(ctx->fd, aggregate ? HL_INFO_HW_EVENTS_AGGREGATE : HL_INFO_HW_EVENTS,
			      0, counts, max * (uint32_t)sizeof(*counts));
	if (!ret)
		ret = (int)(hw.num_of_events < max ? hw.num_of_events : max);
	return end(ctx, ret, __func__, "HL_INFO_HW_EVENTS");
}

HLDV_EXPORT int hldv_query_pll(struct accel_context *ctx, uint32_t pll, uint16_t mhz[4])
{
	struct hl_pll_frequency_info f = { { 0 } };
	int ret = begin(&ctx, mhz, __func__);

	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_PLL_FREQUENCY, pll, &f, sizeof(f));
	if (!ret)
		memcpy(mhz, f.output, sizeof(f.output));
	return end(ctx, ret, __func__, "HL_INFO_PLL_FREQUENCY");
}

HLDV_EXPORT int hldv_query_sync_manager(struct accel_context *ctx, uint32_t dcore,
					struct hldv_sync_manager *sm)
{
	struct hl_info_sync_manager k = { 0 };
	int ret = begin(&ctx, sm, __func__);

	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_SYNC_MANAGER, dcore, &k, sizeof(k));
	if (!ret) {
		sm->first_sob = k.first_available_sync_object;
		sm->first_monitor = k.first_available_monitor;
		sm->first_cq = k.first_available_cq;
		sm->reserved = 0;
	}
	return end(ctx, ret, __func__, "HL_INFO_SYNC_MANAGER");
}

HLDV_EXPORT int hldv_query_page_sizes(struct accel_context *ctx, uint64_t *mask)
{
	struct hl_info_dev_memalloc_page_sizes k = { 0 };
	int ret = begin(&ctx, mask, __func__);

	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES, 0, &k, sizeof(k));
	if (!ret)
		*mask = k.page_order_bitmask;
	return end(ctx, ret, __func__, "HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES");
}

HLDV_EXPORT int hldv_query_engine_status(struct accel_context *ctx, char *buf, uint32_t len)
{
	struct hl_info_args a = { .op = HL_INFO_ENGINE_STATUS };
	int ret = begin(&ctx, buf, __func__);

	if (ret)
		return ret;
	a.return_pointer = (uintptr_t)buf;
	a.return_size = len;
	ret = info_args(ctx->fd, &a);
	if (!ret)
		ret = (int)a.user_buffer_actual_size;
	return end(ctx, ret, __func__, "HL_INFO_ENGINE_STATUS");
}

HLDV_EXPORT int hldv_query_attestation(struct accel_context *ctx, uint32_t nonce,
				       struct hldv_attestation *out)
{
	struct hl_info_args a = { .op = HL_INFO_SECURED_ATTESTATION };
	int ret = begin(&ctx, out, __func__);

	if (ret)
		return ret;
	a.sec_attest_nonce = nonce;
	a.return_pointer = (uintptr_t)out;
	a.return_size = sizeof(*out);
	ret = info_args(ctx->fd, &a);
	return end(ctx, ret, __func__, "HL_INFO_SECURED_ATTESTATION");
}

HLDV_EXPORT int hldv_query_signed_info(struct accel_context *ctx, uint32_t nonce,
				       struct hldv_signed_info *out)
{
	struct hl_info_args a = { .op = HL_INFO_DEV_SIGNED };
	int ret = begin(&ctx, out, __func__);

	if (ret)
		return ret;
	a.sec_attest_nonce = nonce;
	a.return_pointer = (uintptr_t)out;
	a.return_size = sizeof(*out);
	ret = info_args(ctx->fd, &a);
	return end(ctx, ret, __func__, "HL_INFO_DEV_SIGNED");
}

HLDV_EXPORT int hldv_fw_request(struct accel_context *ctx, uint32_t request, void *buf,
				uint32_t len)
{
	struct hl_info_args a = { .op = HL_INFO_FW_GENERIC_REQ };
	int ret = begin(&ctx, buf, __func__);

	if (ret)
		return ret;
	a.fw_sub_opcode = request;
	a.return_pointer = (uintptr_t)buf;
	a.return_size = len;
	ret = info_args(ctx->fd, &a);
	return end(ctx, ret, __func__, "HL_INFO_FW_GENERIC_REQ");
}

HLDV_EXPORT int hldv_event_register(struct accel_context *ctx, int eventfd)
{
	struct hl_info_args a = { .op = HL_INFO_REGISTER_EVENTFD };
	int ret = begin(&ctx, ctx, __func__);

	if (ret)
		return ret;
	if (eventfd < 0)
		return end(ctx, -EBADF, __func__, "negative eventfd");
	a.eventfd = (uint32_t)eventfd;
	/* the kernel's EINVAL here: one is registered already, or not an eventfd */
	ret = info_args(ctx->fd, &a);
	return end(ctx, ret, __func__, "HL_INFO_REGISTER_EVENTFD");
}

HLDV_EXPORT int hldv_event_unregister(struct accel_context *ctx)
{
	struct hl_info_args a = { .op = HL_INFO_UNREGISTER_EVENTFD };
	int ret = begin(&ctx, ctx, __func__);

	if (ret)
		return ret;
	ret = info_args(ctx->fd, &a);
	return end(ctx, ret, __func__, "HL_INFO_UNREGISTER_EVENTFD (none registered?)");
}

HLDV_EXPORT int hldv_get_events(struct accel_context *ctx, uint64_t *mask)
{
	int ret = begin(&ctx, mask, __func__);

	if (ret)
		return ret;
	ret = hl_info(ctx->fd, HL_INFO_GET_EVENTS, 0, mask, sizeof(*mask));
	return end(ctx, ret, __func__, "HL_INFO_GET_EVENTS");
}
