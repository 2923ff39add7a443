// SPDX-License-Identifier: MIT
/*
 * The registry of live objects.
 *
 * Applications hand libaccel raw pointers. To answer a call on a freed
 * pointer with -ESTALE rather than read freed memory, every public object
 * is entered here when it is made and taken out when it is freed; a call
 * looks its argument up and takes a reference under the same lock, so a
 * concurrent free cannot release the object while the call runs.
 *
 * Open addressing with linear probing; deleted slots are tombstones and the
 * table is rebuilt when it fills.
 */
#include <stdlib.h>
#include <stdint.h>
#include <pthread.h>

#include "accel_internal.h"

struct slot {
	const void *key;	/* NULL: empty; TOMBSTONE: deleted */
	struct accel_object *obj;
};

#define TOMBSTONE ((const void *)1)

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static size_t nslots, nused, nlive;

static size_t hash_ptr(const void *p)
{
	uint64_t x = (uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static struct slot *find_slot(const void *key)
{
	size_t i;

	if (!nslots)
		return NULL;
	for (i = hash_ptr(key) & (nslots - 1);; i = (i + 1) & (nslots - 1)) {
		if (slots[i].key == key)
			return &slots[i];
		if (!slots[i].key)
			return NULL;
	}
}

static int rehash(size_t want)
{
	struct slot *old = slots;
	size_t i, oldn = nslots;
	size_t n = 64;

	while (n < want * 2)
		n <<= 1;
	slots = calloc(n, sizeof(*slots));
	if (!slots) {
		slots = old;
		return -ENOMEM;
	}
	nslots = n;
	nused = 0;
	for (i = 0; i < oldn; i++) {
		size_t j;

		if (!old[i].key || old[i].key == TOMBSTONE)
			continue;
		for (j = hash_ptr(old[i].key) & (n - 1); slots[j].key;
		     j = (j + 1) & (n - 1))
			;
		slots[j] = old[i];
		nused++;
	}
	free(old);
	return 0;
}

static int insert_locked(const void *key, struct accel_object *obj)
{
	size_t i;

	if ((nused + 1) * 4 >= nslots * 3) {
		int ret = rehash(nlive + 1);

		if (ret)
			return ret;
	}
	for (i = hash_ptr(key) & (nslots - 1);; i = (i + 1) & (nslots - 1)) {
		if (slots[i].key == key)
			return -EEXIST;
		if (!slots[i].key || slots[i].key == TOMBSTONE)
			break;
	}
	if (!slots[i].key)
		nused++;
	slots[i].key = key;
	slots[i].obj = obj;
	nlive++;
	return 0;
}

static void remove_slot(struct slot *s)
{
	s->key = TOMBSTONE;
	s->obj = NULL;
	nlive--;
}

int accel_obj_add(const void *key, struct accel_object *obj,
		  enum accel_obj_type type, void (*release)(struct accel_object *))
{
	int ret;

	obj->type = type;
	obj->release = release;
	atomic_store(&obj->refcnt, 1);
	pthread_mutex_lock(&reg_lock);
	ret = insert_locked(key, obj);
	pthread_mutex_unlock(&reg_lock);
	return ret;
}

int accel_obj_add_weak(struct accel_object *obj, enum accel_obj_type type,
		       void (*release)(struct accel_object *))
{
	return accel_obj_add(obj, obj, type, release);
}

struct accel_object *accel_obj_get(const void *key, enum accel_obj_type type,
				   int *err)
{
	struct accel_object *obj = NULL;
	struct slot *s;

	if (!key) {
		*err = -EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&reg_lock);
	s = find_slot(key);
	if (s && s->obj->type == type) {
		obj = s->obj;
		atomic_fetch_add(&obj->refcnt, 1);
	}
	pthread_mutex_unlock(&reg_lock);
	if (!obj)
		*err = -ESTALE;
	return obj;
}

void accel_obj_ref(struct accel_object *obj)
{
	atomic_fetch_add(&obj->refcnt, 1);
}

/*
 * The last put takes any registry entry the object still has (devices stay
 * registered while referenced) under the lock, so a lookup never finds an
 * object whose count already reached zero.
 */
void accel_obj_put(struct accel_object *obj)
{
	int old;

	if (!obj)
		return;
	pthread_mutex_lock(&reg_lock);
	old = atomic_fetch_sub(&obj->refcnt, 1);
	if (old == 1) {
		struct slot *s = find_slot(obj);

		if (s && s->obj == obj)
			remove_slot(s);
	}
	pthread_mutex_unlock(&reg_lock);
	if (old == 1 && obj->release)
		obj->release(obj);
}

int accel_obj_remove(const void *key, enum accel_obj_type type)
{
	struct slot *s;
	int ret = -ESTALE;

	if (!key)
		return -EINVAL;
	pthread_mutex_lock(&reg_lock);
	s = find_slot(key);
	if (s && s->obj->type == type) {
		remove_slot(s);
		ret = 0;
	}
	pthread_mutex_unlock(&reg_lock);
	return ret;
}

static void __attribute__((destructor)) registry_fini(void)
{
	/* quiet leak checkers about the table itself at exit */
	pthread_mutex_lock(&reg_lock);
	if (!nlive) {
		free(slots);
		slots = NULL;
		nslots = nused = 0;
	}
	pthread_mutex_unlock(&reg_lock);
}
