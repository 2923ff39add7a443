// SPDX-License-Identifier: MIT
/*
 * What a thread keeps for itself goes back when it exits: the registry's
 * stashed slot (object.c) and the BO struct kept for the thread's next BO
 * (bo.c). One thread key, set the first time a thread keeps something;
 * its destructor runs the hooks. The key is deleted when the library is
 * unloaded, so no destructor of an unmapped library runs at thread exit.
 */
#include <pthread.h>
#include <stdbool.h>

#include "accel_internal.h"

static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
bool accel_thread_key_made;
__thread bool accel_thread_armed ACCEL_TLS_IE;

static void thread_exit(void *unused)
{
	(void)unused;
	/* a hook's own free in a later destructor arms the key again */
	accel_thread_armed = false;
	accel_obj_thread_exit();
	accel_bo_thread_exit();
}

static void make_key(void)
{
	accel_thread_key_made = !pthread_key_create(&exit_key, thread_exit);
}

/* The first time for this thread (accel_thread_arm() is the inline check) */
bool accel_thread_arm_slow(void)
{
	pthread_once(&exit_once, make_key);
	if (!accel_thread_key_made ||
	    pthread_setspecific(exit_key, &accel_thread_armed))
		return false;
	accel_thread_armed = true;
	return true;
}

static void __attribute__((destructor)) thread_fini(void)
{
	if (accel_thread_key_made)
		pthread_key_delete(exit_key);
	accel_thread_key_made = false;
	/* the thread that unloads or exits: no destructor runs for it */
	accel_bo_thread_exit();
}
