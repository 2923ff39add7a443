/* SPDX-License-Identifier: MIT */
/*
 * Test controls of the ivpu emulation: how the emulated NPU's jobs end.
 * They act on jobs submitted after the call.
 */
#ifndef ACCEL_SHIM_IVPU_CONTROL_H
#define ACCEL_SHIM_IVPU_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

/* jobs end this long after their submission (default 1 ms) */
void accel_shim_ivpu_set_job_delay(int64_t delay_ns);
/* jobs never end (until their queue is destroyed or the file closed) */
void accel_shim_ivpu_set_job_hang(bool hang);
/* jobs end with this job_status (0: DRM_IVPU_JOB_STATUS_SUCCESS) */
void accel_shim_ivpu_set_job_status(uint32_t status);
/*
 * The next job faults the NPU MMU when it ends: the file's jobs are
 * aborted and its later submissions answer EBADFD.
 */
void accel_shim_ivpu_fault_next_job(void);

#endif /* ACCEL_SHIM_IVPU_CONTROL_H */
