/* SPDX-License-Identifier: MIT */
/*
 * The habanalabs uAPI as Linux 7.2 lays it out, for test_hl_layout.c.
 * Generated, not written: a throwaway program compiled against the kernel's
 * include/uapi/drm/habanalabs_accel.h printed sizeof/offsetof of every
 * struct member (nested ones by path) and the value of every #define and
 * enumerator. Regenerate the same way when the kernel header changes.
 *
 * S(type, size)  L(type, member, offset, size)  C(name, value)
 */
#define HL_UAPI_LAYOUT \
	S(struct hl_info_hw_ip_info, 304) \
	L(struct hl_info_hw_ip_info, sram_base_address, 0, 8) \
	L(struct hl_info_hw_ip_info, dram_base_address, 8, 8) \
	L(struct hl_info_hw_ip_info, dram_size, 16, 8) \
	L(struct hl_info_hw_ip_info, sram_size, 24, 4) \
	L(struct hl_info_hw_ip_info, num_of_events, 28, 4) \
	L(struct hl_info_hw_ip_info, device_id, 32, 4) \
	L(struct hl_info_hw_ip_info, module_id, 36, 4) \
	L(struct hl_info_hw_ip_info, decoder_enabled_mask, 40, 4) \
	L(struct hl_info_hw_ip_info, first_available_interrupt_id, 44, 2) \
	L(struct hl_info_hw_ip_info, server_type, 46, 2) \
	L(struct hl_info_hw_ip_info, cpld_version, 48, 4) \
	L(struct hl_info_hw_ip_info, psoc_pci_pll_nr, 52, 4) \
	L(struct hl_info_hw_ip_info, psoc_pci_pll_nf, 56, 4) \
	L(struct hl_info_hw_ip_info, psoc_pci_pll_od, 60, 4) \
	L(struct hl_info_hw_ip_info, psoc_pci_pll_div_factor, 64, 4) \
	L(struct hl_info_hw_ip_info, tpc_enabled_mask, 68, 1) \
	L(struct hl_info_hw_ip_info, dram_enabled, 69, 1) \
	L(struct hl_info_hw_ip_info, security_enabled, 70, 1) \
	L(struct hl_info_hw_ip_info, mme_master_slave_mode, 71, 1) \
	L(struct hl_info_hw_ip_info, cpucp_version, 72, 128) \
	L(struct hl_info_hw_ip_info, card_name, 200, 16) \
	L(struct hl_info_hw_ip_info, tpc_enabled_mask_ext, 216, 8) \
	L(struct hl_info_hw_ip_info, dram_page_size, 224, 8) \
	L(struct hl_info_hw_ip_info, edma_enabled_mask, 232, 4) \
	L(struct hl_info_hw_ip_info, number_of_user_interrupts, 236, 2) \
	L(struct hl_info_hw_ip_info, reserved1, 238, 1) \
	L(struct hl_info_hw_ip_info, reserved2, 239, 1) \
	L(struct hl_info_hw_ip_info, reserved3, 240, 8) \
	L(struct hl_info_hw_ip_info, device_mem_alloc_default_page_size, 248, 8) \
	L(struct hl_info_hw_ip_info, reserved4, 256, 8) \
	L(struct hl_info_hw_ip_info, reserved5, 264, 8) \
	L(struct hl_info_hw_ip_info, reserved6, 272, 4) \
	L(struct hl_info_hw_ip_info, reserved7, 276, 1) \
	L(struct hl_info_hw_ip_info, revision_id, 277, 1) \
	L(struct hl_info_hw_ip_info, tpc_interrupt_id, 278, 2) \
	L(struct hl_info_hw_ip_info, rotator_enabled_mask, 280, 4) \
	L(struct hl_info_hw_ip_info, reserved9, 284, 4) \
	L(struct hl_info_hw_ip_info, engine_core_interrupt_reg_addr, 288, 8) \
	L(struct hl_info_hw_ip_info, reserved_dram_size, 296, 8) \
	S(struct hl_info_dram_usage, 16) \
	L(struct hl_info_dram_usage, dram_free_mem, 0, 8) \
	L(struct hl_info_dram_usage, ctx_dram_mem, 8, 8) \
	S(struct hl_info_hw_idle, 40) \
	L(struct hl_info_hw_idle, is_idle, 0, 4) \
	L(struct hl_info_hw_idle, busy_engines_mask, 4, 4) \
	L(struct hl_info_hw_idle, busy_engines_mask_ext, 8, 32) \
	S(struct hl_info_device_status, 8) \
	L(struct hl_info_device_status, status, 0, 4) \
	L(struct hl_info_device_status, pad, 4, 4) \
	S(struct hl_info_device_utilization, 8) \
	L(struct hl_info_device_utilization, utilization, 0, 4) \
	L(struct hl_info_device_utilization, pad, 4, 4) \
	S(struct hl_info_clk_rate, 8) \
	L(struct hl_info_clk_rate, cur_clk_rate_mhz, 0, 4) \
	L(struct hl_info_clk_rate, max_clk_rate_mhz, 4, 4) \
	S(struct hl_info_reset_count, 8) \
	L(struct hl_info_reset_count, hard_reset_cnt, 0, 4) \
	L(struct hl_info_reset_count, soft_reset_cnt, 4, 4) \
	S(struct hl_info_time_sync, 24) \
	L(struct hl_info_time_sync, device_time, 0, 8) \
	L(struct hl_info_time_sync, host_time, 8, 8) \
	L(struct hl_info_time_sync, tsc_time, 16, 8) \
	S(struct hl_info_pci_counters, 24) \
	L(struct hl_info_pci_counters, rx_throughput, 0, 8) \
	L(struct hl_info_pci_counters, tx_throughput, 8, 8) \
	L(struct hl_info_pci_counters, replay_cnt, 16, 8) \
	S(struct hl_info_clk_throttle, 40) \
	L(struct hl_info_clk_throttle, clk_throttling_reason, 0, 4) \
	L(struct hl_info_clk_throttle, pad, 4, 4) \
	L(struct hl_info_clk_throttle, clk_throttling_timestamp_us, 8, 16) \
	L(struct hl_info_clk_throttle, clk_throttling_duration_ns, 24, 16) \
	S(struct hl_info_energy, 8) \
	L(struct hl_info_energy, total_energy_consumption, 0, 8) \
	S(struct hl_pll_frequency_info, 8) \
	L(struct hl_pll_frequency_info, output, 0, 8) \
	S(struct hl_open_stats_info, 24) \
	L(struct hl_open_stats_info, open_counter, 0, 8) \
	L(struct hl_open_stats_info, last_open_period_ms, 8, 8) \
	L(struct hl_open_stats_info, is_compute_ctx_active, 16, 1) \
	L(struct hl_open_stats_info, compute_ctx_in_release, 17, 1) \
	L(struct hl_open_stats_info, pad, 18, 6) \
	S(struct hl_power_info, 8) \
	L(struct hl_power_info, power, 0, 8) \
	S(struct hl_info_sync_manager, 16) \
	L(struct hl_info_sync_manager, first_available_sync_object, 0, 4) \
	L(struct hl_info_sync_manager, first_available_monitor, 4, 4) \
	L(struct hl_info_sync_manager, first_available_cq, 8, 4) \
	L(struct hl_info_sync_manager, reserved, 12, 4) \
	S(struct hl_info_cs_counters, 96) \
	L(struct hl_info_cs_counters, total_out_of_mem_drop_cnt, 0, 8) \
	L(struct hl_info_cs_counters, ctx_out_of_mem_drop_cnt, 8, 8) \
	L(struct hl_info_cs_counters, total_parsing_drop_cnt, 16, 8) \
	L(struct hl_info_cs_counters, ctx_parsing_drop_cnt, 24, 8) \
	L(struct hl_info_cs_counters, total_queue_full_drop_cnt, 32, 8) \
	L(struct hl_info_cs_counters, ctx_queue_full_drop_cnt, 40, 8) \
	L(struct hl_info_cs_counters, total_device_in_reset_drop_cnt, 48, 8) \
	L(struct hl_info_cs_counters, ctx_device_in_reset_drop_cnt, 56, 8) \
	L(struct hl_info_cs_counters, total_max_cs_in_flight_drop_cnt, 64, 8) \
	L(struct hl_info_cs_counters, ctx_max_cs_in_flight_drop_cnt, 72, 8) \
	L(struct hl_info_cs_counters, total_validation_drop_cnt, 80, 8) \
	L(struct hl_info_cs_counters, ctx_validation_drop_cnt, 88, 8) \
	S(struct hl_info_last_err_open_dev_time, 8) \
	L(struct hl_info_last_err_open_dev_time, timestamp, 0, 8) \
	S(struct hl_info_cs_timeout_event, 16) \
	L(struct hl_info_cs_timeout_event, timestamp, 0, 8) \
	L(struct hl_info_cs_timeout_event, seq, 8, 8) \
	S(struct hl_info_razwi_event, 280) \
	L(struct hl_info_razwi_event, timestamp, 0, 8) \
	L(struct hl_info_razwi_event, addr, 8, 8) \
	L(struct hl_info_razwi_event, engine_id, 16, 256) \
	L(struct hl_info_razwi_event, num_of_possible_engines, 272, 2) \
	L(struct hl_info_razwi_event, flags, 274, 1) \
	L(struct hl_info_razwi_event, pad, 275, 5) \
	S(struct hl_info_undefined_opcode_event, 288) \
	L(struct hl_info_undefined_opcode_event, timestamp, 0, 8) \
	L(struct hl_info_undefined_opcode_event, cb_addr_streams, 8, 256) \
	L(struct hl_info_undefined_opcode_event, cq_addr, 264, 8) \
	L(struct hl_info_undefined_opcode_event, cq_size, 272, 4) \
	L(struct hl_info_undefined_opcode_event, cb_addr_streams_len, 276, 4) \
	L(struct hl_info_undefined_opcode_event, engine_id, 280, 4) \
	L(struct hl_info_undefined_opcode_event, stream_id, 284, 4) \
	S(struct hl_info_hw_err_event, 16) \
	L(struct hl_info_hw_err_event, timestamp, 0, 8) \
	L(struct hl_info_hw_err_event, event_id, 8, 2) \
	L(struct hl_info_hw_err_event, pad, 10, 6) \
	S(struct hl_info_fw_err_event, 16) \
	L(struct hl_info_fw_err_event, timestamp, 0, 8) \
	L(struct hl_info_fw_err_event, err_type, 8, 2) \
	L(struct hl_info_fw_err_event, event_id, 10, 2) \
	L(struct hl_info_fw_err_event, pad, 12, 4) \
	S(struct hl_info_engine_err_event, 16) \
	L(struct hl_info_engine_err_event, timestamp, 0, 8) \
	L(struct hl_info_engine_err_event, engine_id, 8, 2) \
	L(struct hl_info_engine_err_event, error_count, 10, 2) \
	L(struct hl_info_engine_err_event, pad, 12, 4) \
	S(struct hl_info_dev_memalloc_page_sizes, 8) \
	L(struct hl_info_dev_memalloc_page_sizes, page_order_bitmask, 0, 8) \
	S(struct hl_info_sec_attest, 3592) \
	L(struct hl_info_sec_attest, nonce, 0, 4) \
	L(struct hl_info_sec_attest, pcr_quote_len, 4, 2) \
	L(struct hl_info_sec_attest, pub_data_len, 6, 2) \
	L(struct hl_info_sec_attest, certificate_len, 8, 2) \
	L(struct hl_info_sec_attest, pcr_num_reg, 10, 1) \
	L(struct hl_info_sec_attest, pcr_reg_len, 11, 1) \
	L(struct hl_info_sec_attest, quote_sig_len, 12, 1) \
	L(struct hl_info_sec_attest, pcr_data, 13, 256) \
	L(struct hl_info_sec_attest, pcr_quote, 269, 510) \
	L(struct hl_info_sec_attest, quote_sig, 779, 255) \
	L(struct hl_info_sec_attest, public_data, 1034, 510) \
	L(struct hl_info_sec_attest, certificate, 1544, 2046) \
	L(struct hl_info_sec_attest, pad0, 3590, 2) \
	S(struct hl_info_signed, 7944) \
	L(struct hl_info_signed, nonce, 0, 4) \
	L(struct hl_info_signed, pub_data_len, 4, 2) \
	L(struct hl_info_signed, certificate_len, 6, 2) \
	L(struct hl_info_signed, info_sig_len, 8, 1) \
	L(struct hl_info_signed, public_data, 9, 510) \
	L(struct hl_info_signed, certificate, 519, 2046) \
	L(struct hl_info_signed, info_sig, 2565, 255) \
	L(struct hl_info_signed, dev_info_len, 2820, 2) \
	L(struct hl_info_signed, dev_info, 2822, 5120) \
	L(struct hl_info_signed, pad, 7942, 2) \
	S(struct hl_page_fault_info, 24) \
	L(struct hl_page_fault_info, timestamp, 0, 8) \
	L(struct hl_page_fault_info, addr, 8, 8) \
	L(struct hl_page_fault_info, engine_id, 16, 2) \
	L(struct hl_page_fault_info, pad, 18, 6) \
	S(struct hl_user_mapping, 16) \
	L(struct hl_user_mapping, dev_va, 0, 8) \
	L(struct hl_user_mapping, size, 8, 8) \
	S(struct hl_info_args, 24) \
	L(struct hl_info_args, return_pointer, 0, 8) \
	L(struct hl_info_args, return_size, 8, 4) \
	L(struct hl_info_args, op, 12, 4) \
	L(struct hl_info_args, dcore_id, 16, 4) \
	L(struct hl_info_args, ctx_id, 16, 4) \
	L(struct hl_info_args, period_ms, 16, 4) \
	L(struct hl_info_args, pll_index, 16, 4) \
	L(struct hl_info_args, eventfd, 16, 4) \
	L(struct hl_info_args, user_buffer_actual_size, 16, 4) \
	L(struct hl_info_args, sec_attest_nonce, 16, 4) \
	L(struct hl_info_args, array_size, 16, 4) \
	L(struct hl_info_args, fw_sub_opcode, 16, 4) \
	L(struct hl_info_args, pad, 20, 4) \
	S(struct hl_cb_in, 24) \
	L(struct hl_cb_in, cb_handle, 0, 8) \
	L(struct hl_cb_in, op, 8, 4) \
	L(struct hl_cb_in, cb_size, 12, 4) \
	L(struct hl_cb_in, ctx_id, 16, 4) \
	L(struct hl_cb_in, flags, 20, 4) \
	S(struct hl_cb_out, 8) \
	L(struct hl_cb_out, cb_handle, 0, 8) \
	L(struct hl_cb_out, usage_cnt, 0, 4) \
	L(struct hl_cb_out, pad, 4, 4) \
	L(struct hl_cb_out, device_va, 0, 8) \
	S(union hl_cb_args, 24) \
	L(union hl_cb_args, in, 0, 24) \
	L(union hl_cb_args, out, 0, 8) \
	S(struct hl_cs_chunk, 64) \
	L(struct hl_cs_chunk, cb_handle, 0, 8) \
	L(struct hl_cs_chunk, signal_seq_arr, 0, 8) \
	L(struct hl_cs_chunk, encaps_signal_seq, 0, 8) \
	L(struct hl_cs_chunk, queue_index, 8, 4) \
	L(struct hl_cs_chunk, cb_size, 12, 4) \
	L(struct hl_cs_chunk, num_signal_seq_arr, 12, 4) \
	L(struct hl_cs_chunk, encaps_signal_offset, 12, 4) \
	L(struct hl_cs_chunk, cs_chunk_flags, 16, 4) \
	L(struct hl_cs_chunk, collective_engine_id, 20, 4) \
	L(struct hl_cs_chunk, pad, 24, 40) \
	S(struct hl_cs_in, 48) \
	L(struct hl_cs_in, chunks_restore, 0, 8) \
	L(struct hl_cs_in, chunks_execute, 8, 8) \
	L(struct hl_cs_in, engine_cores, 0, 8) \
	L(struct hl_cs_in, num_engine_cores, 8, 4) \
	L(struct hl_cs_in, core_command, 12, 4) \
	L(struct hl_cs_in, engines, 0, 8) \
	L(struct hl_cs_in, num_engines, 8, 4) \
	L(struct hl_cs_in, engine_command, 12, 4) \
	L(struct hl_cs_in, seq, 16, 8) \
	L(struct hl_cs_in, encaps_sig_handle_id, 16, 4) \
	L(struct hl_cs_in, encaps_signals_count, 16, 4) \
	L(struct hl_cs_in, encaps_signals_q_idx, 20, 4) \
	L(struct hl_cs_in, num_chunks_restore, 24, 4) \
	L(struct hl_cs_in, num_chunks_execute, 28, 4) \
	L(struct hl_cs_in, timeout, 32, 4) \
	L(struct hl_cs_in, cs_flags, 36, 4) \
	L(struct hl_cs_in, ctx_id, 40, 4) \
	L(struct hl_cs_in, pad, 44, 4) \
	S(struct hl_cs_out, 24) \
	L(struct hl_cs_out, seq, 0, 8) \
	L(struct hl_cs_out, handle_id, 0, 4) \
	L(struct hl_cs_out, count, 4, 4) \
	L(struct hl_cs_out, status, 8, 4) \
	L(struct hl_cs_out, sob_base_addr_offset, 12, 4) \
	L(struct hl_cs_out, sob_count_before_submission, 16, 2) \
	L(struct hl_cs_out, pad, 18, 6) \
	S(union hl_cs_args, 48) \
	L(union hl_cs_args, in, 0, 48) \
	L(union hl_cs_args, out, 0, 24) \
	S(struct hl_wait_cs_in, 56) \
	L(struct hl_wait_cs_in, seq, 0, 8) \
	L(struct hl_wait_cs_in, timeout_us, 8, 8) \
	L(struct hl_wait_cs_in, addr, 0, 8) \
	L(struct hl_wait_cs_in, cq_counters_handle, 0, 8) \
	L(struct hl_wait_cs_in, target, 8, 8) \
	L(struct hl_wait_cs_in, ctx_id, 16, 4) \
	L(struct hl_wait_cs_in, flags, 20, 4) \
	L(struct hl_wait_cs_in, seq_arr_len, 24, 1) \
	L(struct hl_wait_cs_in, pad, 25, 7) \
	L(struct hl_wait_cs_in, interrupt_timeout_us, 24, 8) \
	L(struct hl_wait_cs_in, cq_counters_offset, 32, 8) \
	L(struct hl_wait_cs_in, timestamp_handle, 40, 8) \
	L(struct hl_wait_cs_in, timestamp_offset, 48, 8) \
	S(struct hl_wait_cs_out, 24) \
	L(struct hl_wait_cs_out, status, 0, 4) \
	L(struct hl_wait_cs_out, flags, 4, 4) \
	L(struct hl_wait_cs_out, timestamp_nsec, 8, 8) \
	L(struct hl_wait_cs_out, cs_completion_map, 16, 4) \
	L(struct hl_wait_cs_out, pad, 20, 4) \
	S(union hl_wait_cs_args, 56) \
	L(union hl_wait_cs_args, in, 0, 56) \
	L(union hl_wait_cs_args, out, 0, 24) \
	S(struct hl_mem_in, 40) \
	L(struct hl_mem_in, alloc, 0, 16) \
	L(struct hl_mem_in, alloc.mem_size, 0, 8) \
	L(struct hl_mem_in, alloc.page_size, 8, 8) \
	L(struct hl_mem_in, free, 0, 8) \
	L(struct hl_mem_in, free.handle, 0, 8) \
	L(struct hl_mem_in, map_device, 0, 16) \
	L(struct hl_mem_in, map_device.hint_addr, 0, 8) \
	L(struct hl_mem_in, map_device.handle, 8, 8) \
	L(struct hl_mem_in, map_host, 0, 24) \
	L(struct hl_mem_in, map_host.host_virt_addr, 0, 8) \
	L(struct hl_mem_in, map_host.hint_addr, 8, 8) \
	L(struct hl_mem_in, map_host.mem_size, 16, 8) \
	L(struct hl_mem_in, map_block, 0, 8) \
	L(struct hl_mem_in, map_block.block_addr, 0, 8) \
	L(struct hl_mem_in, unmap, 0, 8) \
	L(struct hl_mem_in, unmap.device_virt_addr, 0, 8) \
	L(struct hl_mem_in, export_dmabuf_fd, 0, 24) \
	L(struct hl_mem_in, export_dmabuf_fd.addr, 0, 8) \
	L(struct hl_mem_in, export_dmabuf_fd.mem_size, 8, 8) \
	L(struct hl_mem_in, export_dmabuf_fd.offset, 16, 8) \
	L(struct hl_mem_in, op, 24, 4) \
	L(struct hl_mem_in, flags, 28, 4) \
	L(struct hl_mem_in, ctx_id, 32, 4) \
	L(struct hl_mem_in, num_of_elements, 36, 4) \
	S(struct hl_mem_out, 16) \
	L(struct hl_mem_out, device_virt_addr, 0, 8) \
	L(struct hl_mem_out, handle, 0, 8) \
	L(struct hl_mem_out, block_handle, 0, 8) \
	L(struct hl_mem_out, block_size, 8, 4) \
	L(struct hl_mem_out, pad, 12, 4) \
	L(struct hl_mem_out, fd, 0, 4) \
	S(union hl_mem_args, 40) \
	L(union hl_mem_args, in, 0, 40) \
	L(union hl_mem_args, out, 0, 16) \
	S(struct hl_debug_params_etr, 24) \
	L(struct hl_debug_params_etr, buffer_address, 0, 8) \
	L(struct hl_debug_params_etr, buffer_size, 8, 8) \
	L(struct hl_debug_params_etr, sink_mode, 16, 4) \
	L(struct hl_debug_params_etr, pad, 20, 4) \
	S(struct hl_debug_params_etf, 24) \
	L(struct hl_debug_params_etf, buffer_address, 0, 8) \
	L(struct hl_debug_params_etf, buffer_size, 8, 8) \
	L(struct hl_debug_params_etf, sink_mode, 16, 4) \
	L(struct hl_debug_params_etf, pad, 20, 4) \
	S(struct hl_debug_params_stm, 24) \
	L(struct hl_debug_params_stm, he_mask, 0, 8) \
	L(struct hl_debug_params_stm, sp_mask, 8, 8) \
	L(struct hl_debug_params_stm, id, 16, 4) \
	L(struct hl_debug_params_stm, frequency, 20, 4) \
	S(struct hl_debug_params_bmon, 80) \
	L(struct hl_debug_params_bmon, start_addr0, 0, 8) \
	L(struct hl_debug_params_bmon, addr_mask0, 8, 8) \
	L(struct hl_debug_params_bmon, start_addr1, 16, 8) \
	L(struct hl_debug_params_bmon, addr_mask1, 24, 8) \
	L(struct hl_debug_params_bmon, bw_win, 32, 4) \
	L(struct hl_debug_params_bmon, win_capture, 36, 4) \
	L(struct hl_debug_params_bmon, id, 40, 4) \
	L(struct hl_debug_params_bmon, control, 44, 4) \
	L(struct hl_debug_params_bmon, start_addr2, 48, 8) \
	L(struct hl_debug_params_bmon, end_addr2, 56, 8) \
	L(struct hl_debug_params_bmon, start_addr3, 64, 8) \
	L(struct hl_debug_params_bmon, end_addr3, 72, 8) \
	S(struct hl_debug_params_spmu, 96) \
	L(struct hl_debug_params_spmu, event_types, 0, 80) \
	L(struct hl_debug_params_spmu, event_types_num, 80, 4) \
	L(struct hl_debug_params_spmu, pmtrc_val, 84, 4) \
	L(struct hl_debug_params_spmu, trc_ctrl_host_val, 88, 4) \
	L(struct hl_debug_params_spmu, trc_en_host_val, 92, 4) \
	S(struct hl_debug_args, 40) \
	L(struct hl_debug_args, input_ptr, 0, 8) \
	L(struct hl_debug_args, output_ptr, 8, 8) \
	L(struct hl_debug_args, input_size, 16, 4) \
	L(struct hl_debug_args, output_size, 20, 4) \
	L(struct hl_debug_args, op, 24, 4) \
	L(struct hl_debug_args, reg_idx, 28, 4) \
	L(struct hl_debug_args, enable, 32, 4) \
	L(struct hl_debug_args, ctx_id, 36, 4) \

#define HL_UAPI_CONSTANTS \
	C(GOYA_KMD_SRAM_RESERVED_SIZE_FROM_START, 0x8000ull) \
	C(GAUDI_DRIVER_SRAM_RESERVED_SIZE_FROM_START, 0x80ull) \
	C(GAUDI_FIRST_AVAILABLE_W_S_SYNC_OBJECT, 0x90ull) \
	C(GAUDI_FIRST_AVAILABLE_W_S_MONITOR, 0x48ull) \
	C(TS_MAX_ELEMENTS_NUM, 0x100000ull) \
	C(HL_NOTIFIER_EVENT_TPC_ASSERT, 0x1ull) \
	C(HL_NOTIFIER_EVENT_UNDEFINED_OPCODE, 0x2ull) \
	C(HL_NOTIFIER_EVENT_DEVICE_RESET, 0x4ull) \
	C(HL_NOTIFIER_EVENT_CS_TIMEOUT, 0x8ull) \
	C(HL_NOTIFIER_EVENT_DEVICE_UNAVAILABLE, 0x10ull) \
	C(HL_NOTIFIER_EVENT_USER_ENGINE_ERR, 0x20ull) \
	C(HL_NOTIFIER_EVENT_GENERAL_HW_ERR, 0x40ull) \
	C(HL_NOTIFIER_EVENT_RAZWI, 0x80ull) \
	C(HL_NOTIFIER_EVENT_PAGE_FAULT, 0x100ull) \
	C(HL_NOTIFIER_EVENT_CRITICL_HW_ERR, 0x200ull) \
	C(HL_NOTIFIER_EVENT_CRITICL_FW_ERR, 0x400ull) \
	C(HL_INFO_HW_IP_INFO, 0x0ull) \
	C(HL_INFO_HW_EVENTS, 0x1ull) \
	C(HL_INFO_DRAM_USAGE, 0x2ull) \
	C(HL_INFO_HW_IDLE, 0x3ull) \
	C(HL_INFO_DEVICE_STATUS, 0x4ull) \
	C(HL_INFO_DEVICE_UTILIZATION, 0x6ull) \
	C(HL_INFO_HW_EVENTS_AGGREGATE, 0x7ull) \
	C(HL_INFO_CLK_RATE, 0x8ull) \
	C(HL_INFO_RESET_COUNT, 0x9ull) \
	C(HL_INFO_TIME_SYNC, 0xaull) \
	C(HL_INFO_CS_COUNTERS, 0xbull) \
	C(HL_INFO_PCI_COUNTERS, 0xcull) \
	C(HL_INFO_CLK_THROTTLE_REASON, 0xdull) \
	C(HL_INFO_SYNC_MANAGER, 0xeull) \
	C(HL_INFO_TOTAL_ENERGY, 0xfull) \
	C(HL_INFO_PLL_FREQUENCY, 0x10ull) \
	C(HL_INFO_POWER, 0x11ull) \
	C(HL_INFO_OPEN_STATS, 0x12ull) \
	C(HL_INFO_DRAM_REPLACED_ROWS, 0x15ull) \
	C(HL_INFO_DRAM_PENDING_ROWS, 0x16ull) \
	C(HL_INFO_LAST_ERR_OPEN_DEV_TIME, 0x17ull) \
	C(HL_INFO_CS_TIMEOUT_EVENT, 0x18ull) \
	C(HL_INFO_RAZWI_EVENT, 0x19ull) \
	C(HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES, 0x1aull) \
	C(HL_INFO_SECURED_ATTESTATION, 0x1bull) \
	C(HL_INFO_REGISTER_EVENTFD, 0x1cull) \
	C(HL_INFO_UNREGISTER_EVENTFD, 0x1dull) \
	C(HL_INFO_GET_EVENTS, 0x1eull) \
	C(HL_INFO_UNDEFINED_OPCODE_EVENT, 0x1full) \
	C(HL_INFO_ENGINE_STATUS, 0x20ull) \
	C(HL_INFO_PAGE_FAULT_EVENT, 0x21ull) \
	C(HL_INFO_USER_MAPPINGS, 0x22ull) \
	C(HL_INFO_FW_GENERIC_REQ, 0x23ull) \
	C(HL_INFO_HW_ERR_EVENT, 0x24ull) \
	C(HL_INFO_FW_ERR_EVENT, 0x25ull) \
	C(HL_INFO_USER_ENGINE_ERR_EVENT, 0x26ull) \
	C(HL_INFO_DEV_SIGNED, 0x28ull) \
	C(HL_INFO_VERSION_MAX_LEN, 0x80ull) \
	C(HL_INFO_CARD_NAME_MAX_LEN, 0x10ull) \
	C(HL_ENGINES_DATA_MAX_SIZE, 0x100000ull) \
	C(HL_BUSY_ENGINES_MASK_EXT_SIZE, 0x4ull) \
	C(HL_CLK_THROTTLE_POWER, 0x1ull) \
	C(HL_CLK_THROTTLE_THERMAL, 0x2ull) \
	C(HL_PLL_NUM_OUTPUTS, 0x4ull) \
	C(HL_RAZWI_NA_ENG_ID, 0xffffull) \
	C(HL_RAZWI_MAX_NUM_OF_ENGINES_PER_RTR, 0x80ull) \
	C(HL_RAZWI_READ, 0x1ull) \
	C(HL_RAZWI_WRITE, 0x2ull) \
	C(HL_RAZWI_LBW, 0x4ull) \
	C(HL_RAZWI_HBW, 0x8ull) \
	C(HL_RAZWI_RR, 0x10ull) \
	C(HL_RAZWI_ADDR_DEC, 0x20ull) \
	C(MAX_QMAN_STREAMS_INFO, 0x4ull) \
	C(OPCODE_INFO_MAX_ADDR_SIZE, 0x8ull) \
	C(SEC_PCR_DATA_BUF_SZ, 0x100ull) \
	C(SEC_PCR_QUOTE_BUF_SZ, 0x1feull) \
	C(SEC_SIGNATURE_BUF_SZ, 0xffull) \
	C(SEC_PUB_DATA_BUF_SZ, 0x1feull) \
	C(SEC_CERTIFICATE_BUF_SZ, 0x7feull) \
	C(SEC_DEV_INFO_BUF_SZ, 0x1400ull) \
	C(HL_CB_OP_CREATE, 0x0ull) \
	C(HL_CB_OP_DESTROY, 0x1ull) \
	C(HL_CB_OP_INFO, 0x2ull) \
	C(HL_MAX_CB_SIZE, 0x1fffe0ull) \
	C(HL_CB_FLAGS_MAP, 0x1ull) \
	C(HL_CB_FLAGS_GET_DEVICE_VA, 0x2ull) \
	C(HL_CS_CHUNK_FLAGS_USER_ALLOC_CB, 0x1ull) \
	C(HL_CS_FLAGS_FORCE_RESTORE, 0x1ull) \
	C(HL_CS_FLAGS_SIGNAL, 0x2ull) \
	C(HL_CS_FLAGS_WAIT, 0x4ull) \
	C(HL_CS_FLAGS_COLLECTIVE_WAIT, 0x8ull) \
	C(HL_CS_FLAGS_TIMESTAMP, 0x20ull) \
	C(HL_CS_FLAGS_STAGED_SUBMISSION, 0x40ull) \
	C(HL_CS_FLAGS_STAGED_SUBMISSION_FIRST, 0x80ull) \
	C(HL_CS_FLAGS_STAGED_SUBMISSION_LAST, 0x100ull) \
	C(HL_CS_FLAGS_CUSTOM_TIMEOUT, 0x200ull) \
	C(HL_CS_FLAGS_SKIP_RESET_ON_TIMEOUT, 0x400ull) \
	C(HL_CS_FLAGS_ENCAP_SIGNALS, 0x800ull) \
	C(HL_CS_FLAGS_RESERVE_SIGNALS_ONLY, 0x1000ull) \
	C(HL_CS_FLAGS_UNRESERVE_SIGNALS_ONLY, 0x2000ull) \
	C(HL_CS_FLAGS_ENGINE_CORE_COMMAND, 0x4000ull) \
	C(HL_CS_FLAGS_FLUSH_PCI_HBW_WRITES, 0x8000ull) \
	C(HL_CS_FLAGS_ENGINES_COMMAND, 0x10000ull) \
	C(HL_CS_STATUS_SUCCESS, 0x0ull) \
	C(HL_MAX_JOBS_PER_CS, 0x200ull) \
	C(HL_WAIT_CS_FLAGS_INTERRUPT, 0x2ull) \
	C(HL_WAIT_CS_FLAGS_INTERRUPT_MASK, 0xfff00000ull) \
	C(HL_WAIT_CS_FLAGS_ANY_CQ_INTERRUPT, 0xfff00000ull) \
	C(HL_WAIT_CS_FLAGS_ANY_DEC_INTERRUPT, 0xffe00000ull) \
	C(HL_WAIT_CS_FLAGS_MULTI_CS, 0x4ull) \
	C(HL_WAIT_CS_FLAGS_INTERRUPT_KERNEL_CQ, 0x10ull) \
	C(HL_WAIT_CS_FLAGS_REGISTER_INTERRUPT, 0x20ull) \
	C(HL_WAIT_MULTI_CS_LIST_MAX_LEN, 0x20ull) \
	C(HL_WAIT_CS_STATUS_COMPLETED, 0x0ull) \
	C(HL_WAIT_CS_STATUS_BUSY, 0x1ull) \
	C(HL_WAIT_CS_STATUS_TIMEDOUT, 0x2ull) \
	C(HL_WAIT_CS_STATUS_ABORTED, 0x3ull) \
	C(HL_WAIT_CS_STATUS_FLAG_GONE, 0x1ull) \
	C(HL_WAIT_CS_STATUS_FLAG_TIMESTAMP_VLD, 0x2ull) \
	C(HL_MEM_OP_ALLOC, 0x0ull) \
	C(HL_MEM_OP_FREE, 0x1ull) \
	C(HL_MEM_OP_MAP, 0x2ull) \
	C(HL_MEM_OP_UNMAP, 0x3ull) \
	C(HL_MEM_OP_MAP_BLOCK, 0x4ull) \
	C(HL_MEM_OP_EXPORT_DMABUF_FD, 0x5ull) \
	C(HL_MEM_OP_TS_ALLOC, 0x6ull) \
	C(HL_MEM_CONTIGUOUS, 0x1ull) \
	C(HL_MEM_SHARED, 0x2ull) \
	C(HL_MEM_USERPTR, 0x4ull) \
	C(HL_MEM_FORCE_HINT, 0x8ull) \
	C(HL_MEM_PREFETCH, 0x40ull) \
	C(HL_DEBUG_MAX_AUX_VALUES, 0xaull) \
	C(HL_DEBUG_OP_ETR, 0x0ull) \
	C(HL_DEBUG_OP_ETF, 0x1ull) \
	C(HL_DEBUG_OP_STM, 0x2ull) \
	C(HL_DEBUG_OP_FUNNEL, 0x3ull) \
	C(HL_DEBUG_OP_BMON, 0x4ull) \
	C(HL_DEBUG_OP_SPMU, 0x5ull) \
	C(HL_DEBUG_OP_TIMESTAMP, 0x6ull) \
	C(HL_DEBUG_OP_SET_MODE, 0x7ull) \
	C(HL_IOCTL_INFO, 0x0ull) \
	C(HL_IOCTL_CB, 0x1ull) \
	C(HL_IOCTL_CS, 0x2ull) \
	C(HL_IOCTL_WAIT_CS, 0x3ull) \
	C(HL_IOCTL_MEMORY, 0x4ull) \
	C(HL_IOCTL_DEBUG, 0x5ull) \
	C(DRM_IOCTL_HL_INFO, 0xc0186440ull) \
	C(DRM_IOCTL_HL_CB, 0xc0186441ull) \
	C(DRM_IOCTL_HL_CS, 0xc0306442ull) \
	C(DRM_IOCTL_HL_WAIT_CS, 0xc0386443ull) \
	C(DRM_IOCTL_HL_MEMORY, 0xc0286444ull) \
	C(DRM_IOCTL_HL_DEBUG, 0xc0286445ull) \
	C(HL_COMMAND_START, 0x40ull) \
	C(HL_COMMAND_END, 0x46ull) \
	C(GOYA_QUEUE_ID_DMA_0, 0) \
	C(GOYA_QUEUE_ID_DMA_1, 1) \
	C(GOYA_QUEUE_ID_DMA_2, 2) \
	C(GOYA_QUEUE_ID_DMA_3, 3) \
	C(GOYA_QUEUE_ID_DMA_4, 4) \
	C(GOYA_QUEUE_ID_CPU_PQ, 5) \
	C(GOYA_QUEUE_ID_MME, 6) \
	C(GOYA_QUEUE_ID_TPC0, 7) \
	C(GOYA_QUEUE_ID_TPC1, 8) \
	C(GOYA_QUEUE_ID_TPC2, 9) \
	C(GOYA_QUEUE_ID_TPC3, 10) \
	C(GOYA_QUEUE_ID_TPC4, 11) \
	C(GOYA_QUEUE_ID_TPC5, 12) \
	C(GOYA_QUEUE_ID_TPC6, 13) \
	C(GOYA_QUEUE_ID_TPC7, 14) \
	C(GOYA_QUEUE_ID_SIZE, 15) \
	C(GAUDI_QUEUE_ID_DMA_0_0, 0) \
	C(GAUDI_QUEUE_ID_DMA_0_1, 1) \
	C(GAUDI_QUEUE_ID_DMA_0_2, 2) \
	C(GAUDI_QUEUE_ID_DMA_0_3, 3) \
	C(GAUDI_QUEUE_ID_DMA_1_0, 4) \
	C(GAUDI_QUEUE_ID_DMA_1_1, 5) \
	C(GAUDI_QUEUE_ID_DMA_1_2, 6) \
	C(GAUDI_QUEUE_ID_DMA_1_3, 7) \
	C(GAUDI_QUEUE_ID_CPU_PQ, 8) \
	C(GAUDI_QUEUE_ID_DMA_2_0, 9) \
	C(GAUDI_QUEUE_ID_DMA_2_1, 10) \
	C(GAUDI_QUEUE_ID_DMA_2_2, 11) \
	C(GAUDI_QUEUE_ID_DMA_2_3, 12) \
	C(GAUDI_QUEUE_ID_DMA_3_0, 13) \
	C(GAUDI_QUEUE_ID_DMA_3_1, 14) \
	C(GAUDI_QUEUE_ID_DMA_3_2, 15) \
	C(GAUDI_QUEUE_ID_DMA_3_3, 16) \
	C(GAUDI_QUEUE_ID_DMA_4_0, 17) \
	C(GAUDI_QUEUE_ID_DMA_4_1, 18) \
	C(GAUDI_QUEUE_ID_DMA_4_2, 19) \
	C(GAUDI_QUEUE_ID_DMA_4_3, 20) \
	C(GAUDI_QUEUE_ID_DMA_5_0, 21) \
	C(GAUDI_QUEUE_ID_DMA_5_1, 22) \
	C(GAUDI_QUEUE_ID_DMA_5_2, 23) \
	C(GAUDI_QUEUE_ID_DMA_5_3, 24) \
	C(GAUDI_QUEUE_ID_DMA_6_0, 25) \
	C(GAUDI_QUEUE_ID_DMA_6_1, 26) \
	C(GAUDI_QUEUE_ID_DMA_6_2, 27) \
	C(GAUDI_QUEUE_ID_DMA_6_3, 28) \
	C(GAUDI_QUEUE_ID_DMA_7_0, 29) \
	C(GAUDI_QUEUE_ID_DMA_7_1, 30) \
	C(GAUDI_QUEUE_ID_DMA_7_2, 31) \
	C(GAUDI_QUEUE_ID_DMA_7_3, 32) \
	C(GAUDI_QUEUE_ID_MME_0_0, 33) \
	C(GAUDI_QUEUE_ID_MME_0_1, 34) \
	C(GAUDI_QUEUE_ID_MME_0_2, 35) \
	C(GAUDI_QUEUE_ID_MME_0_3, 36) \
	C(GAUDI_QUEUE_ID_MME_1_0, 37) \
	C(GAUDI_QUEUE_ID_MME_1_1, 38) \
	C(GAUDI_QUEUE_ID_MME_1_2, 39) \
	C(GAUDI_QUEUE_ID_MME_1_3, 40) \
	C(GAUDI_QUEUE_ID_TPC_0_0, 41) \
	C(GAUDI_QUEUE_ID_TPC_0_1, 42) \
	C(GAUDI_QUEUE_ID_TPC_0_2, 43) \
	C(GAUDI_QUEUE_ID_TPC_0_3, 44) \
	C(GAUDI_QUEUE_ID_TPC_1_0, 45) \
	C(GAUDI_QUEUE_ID_TPC_1_1, 46) \
	C(GAUDI_QUEUE_ID_TPC_1_2, 47) \
	C(GAUDI_QUEUE_ID_TPC_1_3, 48) \
	C(GAUDI_QUEUE_ID_TPC_2_0, 49) \
	C(GAUDI_QUEUE_ID_TPC_2_1, 50) \
	C(GAUDI_QUEUE_ID_TPC_2_2, 51) \
	C(GAUDI_QUEUE_ID_TPC_2_3, 52) \
	C(GAUDI_QUEUE_ID_TPC_3_0, 53) \
	C(GAUDI_QUEUE_ID_TPC_3_1, 54) \
	C(GAUDI_QUEUE_ID_TPC_3_2, 55) \
	C(GAUDI_QUEUE_ID_TPC_3_3, 56) \
	C(GAUDI_QUEUE_ID_TPC_4_0, 57) \
	C(GAUDI_QUEUE_ID_TPC_4_1, 58) \
	C(GAUDI_QUEUE_ID_TPC_4_2, 59) \
	C(GAUDI_QUEUE_ID_TPC_4_3, 60) \
	C(GAUDI_QUEUE_ID_TPC_5_0, 61) \
	C(GAUDI_QUEUE_ID_TPC_5_1, 62) \
	C(GAUDI_QUEUE_ID_TPC_5_2, 63) \
	C(GAUDI_QUEUE_ID_TPC_5_3, 64) \
	C(GAUDI_QUEUE_ID_TPC_6_0, 65) \
	C(GAUDI_QUEUE_ID_TPC_6_1, 66) \
	C(GAUDI_QUEUE_ID_TPC_6_2, 67) \
	C(GAUDI_QUEUE_ID_TPC_6_3, 68) \
	C(GAUDI_QUEUE_ID_TPC_7_0, 69) \
	C(GAUDI_QUEUE_ID_TPC_7_1, 70) \
	C(GAUDI_QUEUE_ID_TPC_7_2, 71) \
	C(GAUDI_QUEUE_ID_TPC_7_3, 72) \
	C(GAUDI_QUEUE_ID_NIC_0_0, 73) \
	C(GAUDI_QUEUE_ID_NIC_0_1, 74) \
	C(GAUDI_QUEUE_ID_NIC_0_2, 75) \
	C(GAUDI_QUEUE_ID_NIC_0_3, 76) \
	C(GAUDI_QUEUE_ID_NIC_1_0, 77) \
	C(GAUDI_QUEUE_ID_NIC_1_1, 78) \
	C(GAUDI_QUEUE_ID_NIC_1_2, 79) \
	C(GAUDI_QUEUE_ID_NIC_1_3, 80) \
	C(GAUDI_QUEUE_ID_NIC_2_0, 81) \
	C(GAUDI_QUEUE_ID_NIC_2_1, 82) \
	C(GAUDI_QUEUE_ID_NIC_2_2, 83) \
	C(GAUDI_QUEUE_ID_NIC_2_3, 84) \
	C(GAUDI_QUEUE_ID_NIC_3_0, 85) \
	C(GAUDI_QUEUE_ID_NIC_3_1, 86) \
	C(GAUDI_QUEUE_ID_NIC_3_2, 87) \
	C(GAUDI_QUEUE_ID_NIC_3_3, 88) \
	C(GAUDI_QUEUE_ID_NIC_4_0, 89) \
	C(GAUDI_QUEUE_ID_NIC_4_1, 90) \
	C(GAUDI_QUEUE_ID_NIC_4_2, 91) \
	C(GAUDI_QUEUE_ID_NIC_4_3, 92) \
	C(GAUDI_QUEUE_ID_NIC_5_0, 93) \
	C(GAUDI_QUEUE_ID_NIC_5_1, 94) \
	C(GAUDI_QUEUE_ID_NIC_5_2, 95) \
	C(GAUDI_QUEUE_ID_NIC_5_3, 96) \
	C(GAUDI_QUEUE_ID_NIC_6_0, 97) \
	C(GAUDI_QUEUE_ID_NIC_6_1, 98) \
	C(GAUDI_QUEUE_ID_NIC_6_2, 99) \
	C(GAUDI_QUEUE_ID_NIC_6_3, 100) \
	C(GAUDI_QUEUE_ID_NIC_7_0, 101) \
	C(GAUDI_QUEUE_ID_NIC_7_1, 102) \
	C(GAUDI_QUEUE_ID_NIC_7_2, 103) \
	C(GAUDI_QUEUE_ID_NIC_7_3, 104) \
	C(GAUDI_QUEUE_ID_NIC_8_0, 105) \
	C(GAUDI_QUEUE_ID_NIC_8_1, 106) \
	C(GAUDI_QUEUE_ID_NIC_8_2, 107) \
	C(GAUDI_QUEUE_ID_NIC_8_3, 108) \
	C(GAUDI_QUEUE_ID_NIC_9_0, 109) \
	C(GAUDI_QUEUE_ID_NIC_9_1, 110) \
	C(GAUDI_QUEUE_ID_NIC_9_2, 111) \
	C(GAUDI_QUEUE_ID_NIC_9_3, 112) \
	C(GAUDI_QUEUE_ID_SIZE, 113) \
	C(GAUDI2_QUEUE_ID_PDMA_0_0, 0) \
	C(GAUDI2_QUEUE_ID_PDMA_0_1, 1) \
	C(GAUDI2_QUEUE_ID_PDMA_0_2, 2) \
	C(GAUDI2_QUEUE_ID_PDMA_0_3, 3) \
	C(GAUDI2_QUEUE_ID_PDMA_1_0, 4) \
	C(GAUDI2_QUEUE_ID_PDMA_1_1, 5) \
	C(GAUDI2_QUEUE_ID_PDMA_1_2, 6) \
	C(GAUDI2_QUEUE_ID_PDMA_1_3, 7) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_0_0, 8) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_0_1, 9) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_0_2, 10) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_0_3, 11) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_1_0, 12) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_1_1, 13) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_1_2, 14) \
	C(GAUDI2_QUEUE_ID_DCORE0_EDMA_1_3, 15) \
	C(GAUDI2_QUEUE_ID_DCORE0_MME_0_0, 16) \
	C(GAUDI2_QUEUE_ID_DCORE0_MME_0_1, 17) \
	C(GAUDI2_QUEUE_ID_DCORE0_MME_0_2, 18) \
	C(GAUDI2_QUEUE_ID_DCORE0_MME_0_3, 19) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_0_0, 20) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_0_1, 21) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_0_2, 22) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_0_3, 23) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_1_0, 24) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_1_1, 25) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_1_2, 26) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_1_3, 27) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_2_0, 28) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_2_1, 29) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_2_2, 30) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_2_3, 31) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_3_0, 32) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_3_1, 33) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_3_2, 34) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_3_3, 35) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_4_0, 36) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_4_1, 37) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_4_2, 38) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_4_3, 39) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_5_0, 40) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_5_1, 41) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_5_2, 42) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_5_3, 43) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_6_0, 44) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_6_1, 45) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_6_2, 46) \
	C(GAUDI2_QUEUE_ID_DCORE0_TPC_6_3, 47) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_0_0, 48) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_0_1, 49) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_0_2, 50) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_0_3, 51) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_1_0, 52) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_1_1, 53) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_1_2, 54) \
	C(GAUDI2_QUEUE_ID_DCORE1_EDMA_1_3, 55) \
	C(GAUDI2_QUEUE_ID_DCORE1_MME_0_0, 56) \
	C(GAUDI2_QUEUE_ID_DCORE1_MME_0_1, 57) \
	C(GAUDI2_QUEUE_ID_DCORE1_MME_0_2, 58) \
	C(GAUDI2_QUEUE_ID_DCORE1_MME_0_3, 59) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_0_0, 60) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_0_1, 61) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_0_2, 62) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_0_3, 63) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_1_0, 64) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_1_1, 65) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_1_2, 66) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_1_3, 67) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_2_0, 68) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_2_1, 69) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_2_2, 70) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_2_3, 71) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_3_0, 72) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_3_1, 73) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_3_2, 74) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_3_3, 75) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_4_0, 76) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_4_1, 77) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_4_2, 78) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_4_3, 79) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_5_0, 80) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_5_1, 81) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_5_2, 82) \
	C(GAUDI2_QUEUE_ID_DCORE1_TPC_5_3, 83) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_0_0, 84) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_0_1, 85) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_0_2, 86) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_0_3, 87) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_1_0, 88) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_1_1, 89) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_1_2, 90) \
	C(GAUDI2_QUEUE_ID_DCORE2_EDMA_1_3, 91) \
	C(GAUDI2_QUEUE_ID_DCORE2_MME_0_0, 92) \
	C(GAUDI2_QUEUE_ID_DCORE2_MME_0_1, 93) \
	C(GAUDI2_QUEUE_ID_DCORE2_MME_0_2, 94) \
	C(GAUDI2_QUEUE_ID_DCORE2_MME_0_3, 95) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_0_0, 96) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_0_1, 97) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_0_2, 98) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_0_3, 99) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_1_0, 100) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_1_1, 101) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_1_2, 102) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_1_3, 103) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_2_0, 104) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_2_1, 105) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_2_2, 106) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_2_3, 107) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_3_0, 108) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_3_1, 109) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_3_2, 110) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_3_3, 111) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_4_0, 112) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_4_1, 113) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_4_2, 114) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_4_3, 115) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_5_0, 116) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_5_1, 117) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_5_2, 118) \
	C(GAUDI2_QUEUE_ID_DCORE2_TPC_5_3, 119) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_0_0, 120) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_0_1, 121) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_0_2, 122) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_0_3, 123) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_1_0, 124) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_1_1, 125) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_1_2, 126) \
	C(GAUDI2_QUEUE_ID_DCORE3_EDMA_1_3, 127) \
	C(GAUDI2_QUEUE_ID_DCORE3_MME_0_0, 128) \
	C(GAUDI2_QUEUE_ID_DCORE3_MME_0_1, 129) \
	C(GAUDI2_QUEUE_ID_DCORE3_MME_0_2, 130) \
	C(GAUDI2_QUEUE_ID_DCORE3_MME_0_3, 131) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_0_0, 132) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_0_1, 133) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_0_2, 134) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_0_3, 135) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_1_0, 136) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_1_1, 137) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_1_2, 138) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_1_3, 139) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_2_0, 140) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_2_1, 141) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_2_2, 142) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_2_3, 143) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_3_0, 144) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_3_1, 145) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_3_2, 146) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_3_3, 147) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_4_0, 148) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_4_1, 149) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_4_2, 150) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_4_3, 151) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_5_0, 152) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_5_1, 153) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_5_2, 154) \
	C(GAUDI2_QUEUE_ID_DCORE3_TPC_5_3, 155) \
	C(GAUDI2_QUEUE_ID_NIC_0_0, 156) \
	C(GAUDI2_QUEUE_ID_NIC_0_1, 157) \
	C(GAUDI2_QUEUE_ID_NIC_0_2, 158) \
	C(GAUDI2_QUEUE_ID_NIC_0_3, 159) \
	C(GAUDI2_QUEUE_ID_NIC_1_0, 160) \
	C(GAUDI2_QUEUE_ID_NIC_1_1, 161) \
	C(GAUDI2_QUEUE_ID_NIC_1_2, 162) \
	C(GAUDI2_QUEUE_ID_NIC_1_3, 163) \
	C(GAUDI2_QUEUE_ID_NIC_2_0, 164) \
	C(GAUDI2_QUEUE_ID_NIC_2_1, 165) \
	C(GAUDI2_QUEUE_ID_NIC_2_2, 166) \
	C(GAUDI2_QUEUE_ID_NIC_2_3, 167) \
	C(GAUDI2_QUEUE_ID_NIC_3_0, 168) \
	C(GAUDI2_QUEUE_ID_NIC_3_1, 169) \
	C(GAUDI2_QUEUE_ID_NIC_3_2, 170) \
	C(GAUDI2_QUEUE_ID_NIC_3_3, 171) \
	C(GAUDI2_QUEUE_ID_NIC_4_0, 172) \
	C(GAUDI2_QUEUE_ID_NIC_4_1, 173) \
	C(GAUDI2_QUEUE_ID_NIC_4_2, 174) \
	C(GAUDI2_QUEUE_ID_NIC_4_3, 175) \
	C(GAUDI2_QUEUE_ID_NIC_5_0, 176) \
	C(GAUDI2_QUEUE_ID_NIC_5_1, 177) \
	C(GAUDI2_QUEUE_ID_NIC_5_2, 178) \
	C(GAUDI2_QUEUE_ID_NIC_5_3, 179) \
	C(GAUDI2_QUEUE_ID_NIC_6_0, 180) \
	C(GAUDI2_QUEUE_ID_NIC_6_1, 181) \
	C(GAUDI2_QUEUE_ID_NIC_6_2, 182) \
	C(GAUDI2_QUEUE_ID_NIC_6_3, 183) \
	C(GAUDI2_QUEUE_ID_NIC_7_0, 184) \
	C(GAUDI2_QUEUE_ID_NIC_7_1, 185) \
	C(GAUDI2_QUEUE_ID_NIC_7_2, 186) \
	C(GAUDI2_QUEUE_ID_NIC_7_3, 187) \
	C(GAUDI2_QUEUE_ID_NIC_8_0, 188) \
	C(GAUDI2_QUEUE_ID_NIC_8_1, 189) \
	C(GAUDI2_QUEUE_ID_NIC_8_2, 190) \
	C(GAUDI2_QUEUE_ID_NIC_8_3, 191) \
	C(GAUDI2_QUEUE_ID_NIC_9_0, 192) \
	C(GAUDI2_QUEUE_ID_NIC_9_1, 193) \
	C(GAUDI2_QUEUE_ID_NIC_9_2, 194) \
	C(GAUDI2_QUEUE_ID_NIC_9_3, 195) \
	C(GAUDI2_QUEUE_ID_NIC_10_0, 196) \
	C(GAUDI2_QUEUE_ID_NIC_10_1, 197) \
	C(GAUDI2_QUEUE_ID_NIC_10_2, 198) \
	C(GAUDI2_QUEUE_ID_NIC_10_3, 199) \
	C(GAUDI2_QUEUE_ID_NIC_11_0, 200) \
	C(GAUDI2_QUEUE_ID_NIC_11_1, 201) \
	C(GAUDI2_QUEUE_ID_NIC_11_2, 202) \
	C(GAUDI2_QUEUE_ID_NIC_11_3, 203) \
	C(GAUDI2_QUEUE_ID_NIC_12_0, 204) \
	C(GAUDI2_QUEUE_ID_NIC_12_1, 205) \
	C(GAUDI2_QUEUE_ID_NIC_12_2, 206) \
	C(GAUDI2_QUEUE_ID_NIC_12_3, 207) \
	C(GAUDI2_QUEUE_ID_NIC_13_0, 208) \
	C(GAUDI2_QUEUE_ID_NIC_13_1, 209) \
	C(GAUDI2_QUEUE_ID_NIC_13_2, 210) \
	C(GAUDI2_QUEUE_ID_NIC_13_3, 211) \
	C(GAUDI2_QUEUE_ID_NIC_14_0, 212) \
	C(GAUDI2_QUEUE_ID_NIC_14_1, 213) \
	C(GAUDI2_QUEUE_ID_NIC_14_2, 214) \
	C(GAUDI2_QUEUE_ID_NIC_14_3, 215) \
	C(GAUDI2_QUEUE_ID_NIC_15_0, 216) \
	C(GAUDI2_QUEUE_ID_NIC_15_1, 217) \
	C(GAUDI2_QUEUE_ID_NIC_15_2, 218) \
	C(GAUDI2_QUEUE_ID_NIC_15_3, 219) \
	C(GAUDI2_QUEUE_ID_NIC_16_0, 220) \
	C(GAUDI2_QUEUE_ID_NIC_16_1, 221) \
	C(GAUDI2_QUEUE_ID_NIC_16_2, 222) \
	C(GAUDI2_QUEUE_ID_NIC_16_3, 223) \
	C(GAUDI2_QUEUE_ID_NIC_17_0, 224) \
	C(GAUDI2_QUEUE_ID_NIC_17_1, 225) \
	C(GAUDI2_QUEUE_ID_NIC_17_2, 226) \
	C(GAUDI2_QUEUE_ID_NIC_17_3, 227) \
	C(GAUDI2_QUEUE_ID_NIC_18_0, 228) \
	C(GAUDI2_QUEUE_ID_NIC_18_1, 229) \
	C(GAUDI2_QUEUE_ID_NIC_18_2, 230) \
	C(GAUDI2_QUEUE_ID_NIC_18_3, 231) \
	C(GAUDI2_QUEUE_ID_NIC_19_0, 232) \
	C(GAUDI2_QUEUE_ID_NIC_19_1, 233) \
	C(GAUDI2_QUEUE_ID_NIC_19_2, 234) \
	C(GAUDI2_QUEUE_ID_NIC_19_3, 235) \
	C(GAUDI2_QUEUE_ID_NIC_20_0, 236) \
	C(GAUDI2_QUEUE_ID_NIC_20_1, 237) \
	C(GAUDI2_QUEUE_ID_NIC_20_2, 238) \
	C(GAUDI2_QUEUE_ID_NIC_20_3, 239) \
	C(GAUDI2_QUEUE_ID_NIC_21_0, 240) \
	C(GAUDI2_QUEUE_ID_NIC_21_1, 241) \
	C(GAUDI2_QUEUE_ID_NIC_21_2, 242) \
	C(GAUDI2_QUEUE_ID_NIC_21_3, 243) \
	C(GAUDI2_QUEUE_ID_NIC_22_0, 244) \
	C(GAUDI2_QUEUE_ID_NIC_22_1, 245) \
	C(GAUDI2_QUEUE_ID_NIC_22_2, 246) \
	C(GAUDI2_QUEUE_ID_NIC_22_3, 247) \
	C(GAUDI2_QUEUE_ID_NIC_23_0, 248) \
	C(GAUDI2_QUEUE_ID_NIC_23_1, 249) \
	C(GAUDI2_QUEUE_ID_NIC_23_2, 250) \
	C(GAUDI2_QUEUE_ID_NIC_23_3, 251) \
	C(GAUDI2_QUEUE_ID_ROT_0_0, 252) \
	C(GAUDI2_QUEUE_ID_ROT_0_1, 253) \
	C(GAUDI2_QUEUE_ID_ROT_0_2, 254) \
	C(GAUDI2_QUEUE_ID_ROT_0_3, 255) \
	C(GAUDI2_QUEUE_ID_ROT_1_0, 256) \
	C(GAUDI2_QUEUE_ID_ROT_1_1, 257) \
	C(GAUDI2_QUEUE_ID_ROT_1_2, 258) \
	C(GAUDI2_QUEUE_ID_ROT_1_3, 259) \
	C(GAUDI2_QUEUE_ID_CPU_PQ, 260) \
	C(GAUDI2_QUEUE_ID_SIZE, 261) \
	C(GOYA_ENGINE_ID_DMA_0, 0) \
	C(GOYA_ENGINE_ID_DMA_1, 1) \
	C(GOYA_ENGINE_ID_DMA_2, 2) \
	C(GOYA_ENGINE_ID_DMA_3, 3) \
	C(GOYA_ENGINE_ID_DMA_4, 4) \
	C(GOYA_ENGINE_ID_MME_0, 5) \
	C(GOYA_ENGINE_ID_TPC_0, 6) \
	C(GOYA_ENGINE_ID_TPC_1, 7) \
	C(GOYA_ENGINE_ID_TPC_2, 8) \
	C(GOYA_ENGINE_ID_TPC_3, 9) \
	C(GOYA_ENGINE_ID_TPC_4, 10) \
	C(GOYA_ENGINE_ID_TPC_5, 11) \
	C(GOYA_ENGINE_ID_TPC_6, 12) \
	C(GOYA_ENGINE_ID_TPC_7, 13) \
	C(GOYA_ENGINE_ID_SIZE, 14) \
	C(GAUDI_ENGINE_ID_DMA_0, 0) \
	C(GAUDI_ENGINE_ID_DMA_1, 1) \
	C(GAUDI_ENGINE_ID_DMA_2, 2) \
	C(GAUDI_ENGINE_ID_DMA_3, 3) \
	C(GAUDI_ENGINE_ID_DMA_4, 4) \
	C(GAUDI_ENGINE_ID_DMA_5, 5) \
	C(GAUDI_ENGINE_ID_DMA_6, 6) \
	C(GAUDI_ENGINE_ID_DMA_7, 7) \
	C(GAUDI_ENGINE_ID_MME_0, 8) \
	C(GAUDI_ENGINE_ID_MME_1, 9) \
	C(GAUDI_ENGINE_ID_MME_2, 10) \
	C(GAUDI_ENGINE_ID_MME_3, 11) \
	C(GAUDI_ENGINE_ID_TPC_0, 12) \
	C(GAUDI_ENGINE_ID_TPC_1, 13) \
	C(GAUDI_ENGINE_ID_TPC_2, 14) \
	C(GAUDI_ENGINE_ID_TPC_3, 15) \
	C(GAUDI_ENGINE_ID_TPC_4, 16) \
	C(GAUDI_ENGINE_ID_TPC_5, 17) \
	C(GAUDI_ENGINE_ID_TPC_6, 18) \
	C(GAUDI_ENGINE_ID_TPC_7, 19) \
	C(GAUDI_ENGINE_ID_NIC_0, 20) \
	C(GAUDI_ENGINE_ID_NIC_1, 21) \
	C(GAUDI_ENGINE_ID_NIC_2, 22) \
	C(GAUDI_ENGINE_ID_NIC_3, 23) \
	C(GAUDI_ENGINE_ID_NIC_4, 24) \
	C(GAUDI_ENGINE_ID_NIC_5, 25) \
	C(GAUDI_ENGINE_ID_NIC_6, 26) \
	C(GAUDI_ENGINE_ID_NIC_7, 27) \
	C(GAUDI_ENGINE_ID_NIC_8, 28) \
	C(GAUDI_ENGINE_ID_NIC_9, 29) \
	C(GAUDI_ENGINE_ID_SIZE, 30) \
	C(GAUDI2_DCORE0_ENGINE_ID_EDMA_0, 0) \
	C(GAUDI2_DCORE0_ENGINE_ID_EDMA_1, 1) \
	C(GAUDI2_DCORE0_ENGINE_ID_MME, 2) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_0, 3) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_1, 4) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_2, 5) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_3, 6) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_4, 7) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_5, 8) \
	C(GAUDI2_DCORE0_ENGINE_ID_DEC_0, 9) \
	C(GAUDI2_DCORE0_ENGINE_ID_DEC_1, 10) \
	C(GAUDI2_DCORE1_ENGINE_ID_EDMA_0, 11) \
	C(GAUDI2_DCORE1_ENGINE_ID_EDMA_1, 12) \
	C(GAUDI2_DCORE1_ENGINE_ID_MME, 13) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_0, 14) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_1, 15) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_2, 16) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_3, 17) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_4, 18) \
	C(GAUDI2_DCORE1_ENGINE_ID_TPC_5, 19) \
	C(GAUDI2_DCORE1_ENGINE_ID_DEC_0, 20) \
	C(GAUDI2_DCORE1_ENGINE_ID_DEC_1, 21) \
	C(GAUDI2_DCORE2_ENGINE_ID_EDMA_0, 22) \
	C(GAUDI2_DCORE2_ENGINE_ID_EDMA_1, 23) \
	C(GAUDI2_DCORE2_ENGINE_ID_MME, 24) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_0, 25) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_1, 26) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_2, 27) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_3, 28) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_4, 29) \
	C(GAUDI2_DCORE2_ENGINE_ID_TPC_5, 30) \
	C(GAUDI2_DCORE2_ENGINE_ID_DEC_0, 31) \
	C(GAUDI2_DCORE2_ENGINE_ID_DEC_1, 32) \
	C(GAUDI2_DCORE3_ENGINE_ID_EDMA_0, 33) \
	C(GAUDI2_DCORE3_ENGINE_ID_EDMA_1, 34) \
	C(GAUDI2_DCORE3_ENGINE_ID_MME, 35) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_0, 36) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_1, 37) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_2, 38) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_3, 39) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_4, 40) \
	C(GAUDI2_DCORE3_ENGINE_ID_TPC_5, 41) \
	C(GAUDI2_DCORE3_ENGINE_ID_DEC_0, 42) \
	C(GAUDI2_DCORE3_ENGINE_ID_DEC_1, 43) \
	C(GAUDI2_DCORE0_ENGINE_ID_TPC_6, 44) \
	C(GAUDI2_ENGINE_ID_PDMA_0, 45) \
	C(GAUDI2_ENGINE_ID_PDMA_1, 46) \
	C(GAUDI2_ENGINE_ID_ROT_0, 47) \
	C(GAUDI2_ENGINE_ID_ROT_1, 48) \
	C(GAUDI2_PCIE_ENGINE_ID_DEC_0, 49) \
	C(GAUDI2_PCIE_ENGINE_ID_DEC_1, 50) \
	C(GAUDI2_ENGINE_ID_NIC0_0, 51) \
	C(GAUDI2_ENGINE_ID_NIC0_1, 52) \
	C(GAUDI2_ENGINE_ID_NIC1_0, 53) \
	C(GAUDI2_ENGINE_ID_NIC1_1, 54) \
	C(GAUDI2_ENGINE_ID_NIC2_0, 55) \
	C(GAUDI2_ENGINE_ID_NIC2_1, 56) \
	C(GAUDI2_ENGINE_ID_NIC3_0, 57) \
	C(GAUDI2_ENGINE_ID_NIC3_1, 58) \
	C(GAUDI2_ENGINE_ID_NIC4_0, 59) \
	C(GAUDI2_ENGINE_ID_NIC4_1, 60) \
	C(GAUDI2_ENGINE_ID_NIC5_0, 61) \
	C(GAUDI2_ENGINE_ID_NIC5_1, 62) \
	C(GAUDI2_ENGINE_ID_NIC6_0, 63) \
	C(GAUDI2_ENGINE_ID_NIC6_1, 64) \
	C(GAUDI2_ENGINE_ID_NIC7_0, 65) \
	C(GAUDI2_ENGINE_ID_NIC7_1, 66) \
	C(GAUDI2_ENGINE_ID_NIC8_0, 67) \
	C(GAUDI2_ENGINE_ID_NIC8_1, 68) \
	C(GAUDI2_ENGINE_ID_NIC9_0, 69) \
	C(GAUDI2_ENGINE_ID_NIC9_1, 70) \
	C(GAUDI2_ENGINE_ID_NIC10_0, 71) \
	C(GAUDI2_ENGINE_ID_NIC10_1, 72) \
	C(GAUDI2_ENGINE_ID_NIC11_0, 73) \
	C(GAUDI2_ENGINE_ID_NIC11_1, 74) \
	C(GAUDI2_ENGINE_ID_PCIE, 75) \
	C(GAUDI2_ENGINE_ID_PSOC, 76) \
	C(GAUDI2_ENGINE_ID_ARC_FARM, 77) \
	C(GAUDI2_ENGINE_ID_KDMA, 78) \
	C(GAUDI2_ENGINE_ID_SIZE, 79) \
	C(HL_GOYA_CPU_PLL, 0) \
	C(HL_GOYA_IC_PLL, 1) \
	C(HL_GOYA_MC_PLL, 2) \
	C(HL_GOYA_MME_PLL, 3) \
	C(HL_GOYA_PCI_PLL, 4) \
	C(HL_GOYA_EMMC_PLL, 5) \
	C(HL_GOYA_TPC_PLL, 6) \
	C(HL_GOYA_PLL_MAX, 7) \
	C(HL_GAUDI_CPU_PLL, 0) \
	C(HL_GAUDI_PCI_PLL, 1) \
	C(HL_GAUDI_SRAM_PLL, 2) \
	C(HL_GAUDI_HBM_PLL, 3) \
	C(HL_GAUDI_NIC_PLL, 4) \
	C(HL_GAUDI_DMA_PLL, 5) \
	C(HL_GAUDI_MESH_PLL, 6) \
	C(HL_GAUDI_MME_PLL, 7) \
	C(HL_GAUDI_TPC_PLL, 8) \
	C(HL_GAUDI_IF_PLL, 9) \
	C(HL_GAUDI_PLL_MAX, 10) \
	C(HL_GAUDI2_CPU_PLL, 0) \
	C(HL_GAUDI2_PCI_PLL, 1) \
	C(HL_GAUDI2_SRAM_PLL, 2) \
	C(HL_GAUDI2_HBM_PLL, 3) \
	C(HL_GAUDI2_NIC_PLL, 4) \
	C(HL_GAUDI2_DMA_PLL, 5) \
	C(HL_GAUDI2_MESH_PLL, 6) \
	C(HL_GAUDI2_MME_PLL, 7) \
	C(HL_GAUDI2_TPC_PLL, 8) \
	C(HL_GAUDI2_IF_PLL, 9) \
	C(HL_GAUDI2_VID_PLL, 10) \
	C(HL_GAUDI2_MSS_PLL, 11) \
	C(HL_GAUDI2_PLL_MAX, 12) \
	C(HL_DMA_HOST_TO_DRAM, 0) \
	C(HL_DMA_HOST_TO_SRAM, 1) \
	C(HL_DMA_DRAM_TO_SRAM, 2) \
	C(HL_DMA_SRAM_TO_DRAM, 3) \
	C(HL_DMA_SRAM_TO_HOST, 4) \
	C(HL_DMA_DRAM_TO_HOST, 5) \
	C(HL_DMA_DRAM_TO_DRAM, 6) \
	C(HL_DMA_SRAM_TO_SRAM, 7) \
	C(HL_DMA_ENUM_MAX, 8) \
	C(HL_DEVICE_STATUS_OPERATIONAL, 0) \
	C(HL_DEVICE_STATUS_IN_RESET, 1) \
	C(HL_DEVICE_STATUS_MALFUNCTION, 2) \
	C(HL_DEVICE_STATUS_NEEDS_RESET, 3) \
	C(HL_DEVICE_STATUS_IN_DEVICE_CREATION, 4) \
	C(HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE, 5) \
	C(HL_DEVICE_STATUS_LAST, 5) \
	C(HL_SERVER_TYPE_UNKNOWN, 0) \
	C(HL_SERVER_GAUDI_HLS1, 1) \
	C(HL_SERVER_GAUDI_HLS1H, 2) \
	C(HL_SERVER_GAUDI_TYPE1, 3) \
	C(HL_SERVER_GAUDI_TYPE2, 4) \
	C(HL_SERVER_GAUDI2_HLS2, 5) \
	C(HL_SERVER_GAUDI2_TYPE1, 7) \
	C(HL_CLK_THROTTLE_TYPE_POWER, 0) \
	C(HL_CLK_THROTTLE_TYPE_THERMAL, 1) \
	C(HL_CLK_THROTTLE_TYPE_MAX, 2) \
	C(HL_INFO_FW_HEARTBEAT_ERR, 0) \
	C(HL_INFO_FW_REPORTED_ERR, 1) \
	C(HL_GAUDI_WS_DCORE, 0) \
	C(HL_GAUDI_WN_DCORE, 1) \
	C(HL_GAUDI_EN_DCORE, 2) \
	C(HL_GAUDI_ES_DCORE, 3) \
	C(HL_ENGINE_CORE_HALT, 1) \
	C(HL_ENGINE_CORE_RUN, 2) \
	C(HL_ENGINE_STALL, 3) \
	C(HL_ENGINE_RESUME, 4) \
	C(HL_ENGINE_COMMAND_MAX, 5) \

