/* SPDX-License-Identifier: MIT */
/*
 * habanalabs test controls beyond accel_shim.h: device events the
 * emulated card raises on demand, as its firmware or H/W would report
 * them. Each one is captured as the kernel captures it (the first of a
 * kind until the next reset) and notified to every open compute file's
 * event mask and eventfd (hl_notifier_event_send_all).
 */
#ifndef ACCEL_SHIM_HL_CONTROL_H
#define ACCEL_SHIM_HL_CONTROL_H

#include <stdint.h>

enum shim_hl_event {
	SHIM_HL_EV_RAZWI,		/* arg: the address */
	SHIM_HL_EV_UNDEFINED_OPCODE,	/* arg: the engine id */
	SHIM_HL_EV_HW_ERR,		/* arg: the event id */
	SHIM_HL_EV_FW_ERR,		/* arg: enum hl_info_fw_err_type */
	SHIM_HL_EV_ENGINE_ERR,		/* arg: the engine id */
	SHIM_HL_EV_TPC_ASSERT,
	SHIM_HL_EV_THROTTLE_POWER,	/* arg: 1 starts, 0 ends */
	SHIM_HL_EV_THROTTLE_THERMAL,	/* arg: 1 starts, 0 ends */
};

int accel_shim_hl_inject(int minor, enum shim_hl_event ev, uint64_t arg);

/*
 * The device raises user interrupt id (a decoder's 0..9, a user CQ's
 * 48..111), as an engine does after writing a CQ counter: the kernel's
 * handler (hl_irq_user_interrupt_thread_handler) wakes the interrupt
 * waits on it and on the common CQ/decoder id, and stamps the timestamp
 * records registered on it whose counter reached its target. The caller
 * writes the counters first, as the device would.
 */
int accel_shim_hl_raise_interrupt(int minor, uint32_t id);

/*
 * Gaudi2 has no multi-CS wait (hdev->supports_wait_for_multi_cs is false)
 * and answers it EPERM, as the emulated card does by default. on = 1 gives
 * the emulated card the capability as Gaudi has it, so the kernel's common
 * hl_multi_cs_wait_ioctl() runs: the PDMA queues (0..7) stand for Gaudi's
 * stream masters, its PCI DMA queues.
 */
int accel_shim_hl_set_multi_cs(int minor, int on);

#endif /* ACCEL_SHIM_HL_CONTROL_H */
