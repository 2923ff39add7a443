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
static bool exit_key_made;
static __thread bool armed ACCEL_TLS_IE;

static void thread_exit(void *unused)
{
	(void)unused;
	/* a hook's own free in a later destructor arms the key again */
	armed = false;
	accel_obj_thread_exit();
	accel_bo_thread_exit();
}

static void make_key(void)
{
	exit_key_made = !pthread_key_create(&exit_key, thread_exit);
}

bool accel_thread_arm(void)
{
	if (armed && exit_key_made)
		return true;
	pthread_once(&exit_once, make_key);
	if (!exit_key_made || pthread_setspecific(exit_key, &armed))
		return false;
	armed = true;
	return true;
}

static void __attribute__((destructor)) thread_fini(void)
{
	if (exit_key_made)
		pthread_key_delete(exit_key);
	exit_key_made = false;
	/* the thread that unloads or exits: no destructor runs for it */
	accel_bo_thread_exit();
}
