// SPDX-License-Identifier: MIT
/*
 * fork(): the library's process-wide locks are held across it, so a fork
 * while other threads are inside libaccel gives the child whole tables
 * and free locks (the child has only the forking thread; a lock another
 * thread held would stay held forever). The locks are taken in the order
 * the library nests them: scan, provider loading, the provider table,
 * device state, the report and log, the registry, device lists' address
 * space (the last five are leaves). The child then starts a new registry
 * epoch: what the parent opened answers -ECHILD there (see libaccel(7)).
 *
 * Per-object locks (contexts, BOs, queues, rings) are not taken: the
 * child never touches an inherited object's locks, conditions or threads.
 */
#include <pthread.h>

#include "accel_internal.h"

static void fork_prepare(void)
{
	accel_scan_atfork(ACCEL_FORK_PREPARE);
	accel_provider_atfork(ACCEL_FORK_PREPARE);
	accel_device_atfork(ACCEL_FORK_PREPARE);
	accel_log_atfork(ACCEL_FORK_PREPARE);
	accel_obj_atfork(ACCEL_FORK_PREPARE);
	accel_unique_va_atfork(ACCEL_FORK_PREPARE);
}

static void fork_release(enum accel_fork_phase phase)
{
	accel_unique_va_atfork(phase);
	accel_obj_atfork(phase);
	accel_log_atfork(phase);
	accel_device_atfork(phase);
	accel_provider_atfork(phase);
	accel_scan_atfork(phase);
}

static void fork_parent(void)
{
	fork_release(ACCEL_FORK_PARENT);
}

static void fork_child(void)
{
	fork_release(ACCEL_FORK_CHILD);
}

static void __attribute__((constructor)) fork_init(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}
