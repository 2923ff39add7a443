// SPDX-License-Identifier: MIT
/*
 * The registry of live objects.
 *
 * Applications hand libaccel raw pointers. To answer a call on a freed
 * pointer with -ESTALE rather than read freed memory, every public object
 * is entered here when it is made and taken out when it is freed; a call
 * looks its argument up and takes a reference while it holds the table,
 * so a concurrent free cannot release the object while the call runs.
 *
 * Lookups are read-mostly: the table is guarded by REG_SHARDS mutexes, a
 * reader takes the one of its thread and a writer (add, remove, the last
 * put) takes them all, so threads looking objects up never wait for each
 * other. A reference is taken only while the count is not zero, and the
 * put that reaches zero removes the entry under the write side before
 * the object is released: a lookup never returns an object being freed,
 * and an ordinary put touches no lock at all. (Mutexes rather than a
 * rwlock: a fork child may unlock what its parent's thread locked.)
 *
 * Open addressing with linear probing; deleted slots are tombstones and the
 * table is rebuilt when it fills. Keys are whatever the caller passed: a
 * foreign value (a small integer, a stack address, an object of another
 * type) is simply not found, and never dereferenced.
 *
 * fork(): each entry records the epoch it was made in, and a fork child
 * starts a new epoch. Contexts, BOs, queues and monitors of an older epoch
 * belong to the parent: the child's calls on them answer -ECHILD, and its
 * close only forgets them (see libaccel(7)).
 */
#include <stdlib.h>
#include <stdint.h>
#include <pthread.h>

#include "accel_internal.h"

struct slot {
	const void *key;	/* NULL: empty; TOMBSTONE: deleted */
	struct accel_object *obj;
	unsigned int epoch;	/* the fork epoch it was added in */
};

#define TOMBSTONE ((const void *)1)

#define REG_SHARDS 8

/* one cache line each, so that readers on different CPUs do not share */
static struct {
	pthread_mutex_t m;
	char pad[64 - sizeof(pthread_mutex_t) % 64];
} reg_locks[REG_SHARDS] = {
	[0 ... REG_SHARDS - 1] = { .m = PTHREAD_MUTEX_INITIALIZER },
};
static atomic_uint reg_next_shard;
static __thread int reg_shard = -1;
static struct slot *slots;
static size_t nslots, nused, nlive;
static unsigned int cur_epoch;
/* objects a fork child closed: never released there, kept reachable */
static struct accel_object **orphans;
static size_t norphans;

/* The calling thread's shard: readers spread round-robin over threads */
static pthread_mutex_t *read_lock(void)
{
	if (reg_shard < 0)
		reg_shard = (int)(atomic_fetch_add(&reg_next_shard, 1) % REG_SHARDS);
	pthread_mutex_lock(&reg_locks[reg_shard].m);
	return &reg_locks[reg_shard].m;
}

static void write_lock(void)
{
	int i;

	for (i = 0; i < REG_SHARDS; i++)
		pthread_mutex_lock(&reg_locks[i].m);
}

static void write_unlock(void)
{
	int i;

	for (i = REG_SHARDS - 1; i >= 0; i--)
		pthread_mutex_unlock(&reg_locks[i].m);
}

/* A reference, unless the count already reached zero (being freed) */
static bool ref_unless_zero(struct accel_object *obj)
{
	int old = atomic_load(&obj->refcnt);

	do {
		if (old <= 0)
			return false;
	} while (!atomic_compare_exchange_weak(&obj->refcnt, &old, old + 1));
	return true;
}

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

	if (!nslots || key == TOMBSTONE)
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

/* Made before the last fork() by the parent: the child may not use it */
static bool inherited(const struct slot *s)
{
	switch (s->obj->type) {
	case ACCEL_OBJ_CONTEXT:
	case ACCEL_OBJ_BO:
	case ACCEL_OBJ_QUEUE:
	case ACCEL_OBJ_MONITOR:
		return s->epoch != cur_epoch;
	default:
		/* device lists hold no kernel state: the child keeps them */
		return false;
	}
}

static int insert_locked(const void *key, struct accel_object *obj)
{
	size_t i;

	if (key == TOMBSTONE)
		return -EINVAL;
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
	slots[i].epoch = cur_epoch;
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
	write_lock();
	ret = insert_locked(key, obj);
	write_unlock();
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
	pthread_mutex_t *lock;
	bool child = false;
	struct slot *s;

	if (!key) {
		*err = -EINVAL;
		return NULL;
	}
	lock = read_lock();
	s = find_slot(key);
	if (s && s->obj->type == type) {
		if (inherited(s))
			child = true;
		else if (ref_unless_zero(s->obj))
			obj = s->obj;
	}
	pthread_mutex_unlock(lock);
	/* *err is left alone on success: callers use it as their result */
	if (child)
		*err = accel_set_reason(-ECHILD, "an object of the parent process (inherited across fork())");
	else if (!obj)
		*err = -ESTALE;
	return obj;
}

bool accel_obj_live(const void *key, const struct accel_object *obj)
{
	pthread_mutex_t *lock = read_lock();
	struct slot *s;
	bool live;

	s = find_slot(key);
	live = s && s->obj == obj;
	pthread_mutex_unlock(lock);
	return live;
}

void accel_obj_ref(struct accel_object *obj)
{
	atomic_fetch_add(&obj->refcnt, 1);
}

/*
 * Only the last put takes the lock: it removes any registry entry the
 * object still has (devices stay registered while referenced) before the
 * release, and a lookup that still finds the entry meanwhile sees the
 * count at zero and answers -ESTALE.
 */
void accel_obj_put(struct accel_object *obj)
{
	struct slot *s;

	if (!obj || atomic_fetch_sub(&obj->refcnt, 1) != 1)
		return;
	write_lock();
	s = find_slot(obj);
	if (s && s->obj == obj)
		remove_slot(s);
	write_unlock();
	if (obj->release)
		obj->release(obj);
}

/* Keep what a fork child closed reachable; it is the parent's to free */
static void orphan_locked(struct accel_object *obj)
{
	struct accel_object **n;

	n = realloc(orphans, (norphans + 1) * sizeof(*n));
	if (!n)
		return;	/* a leak checker may name it; nothing else changes */
	orphans = n;
	orphans[norphans++] = obj;
}

int accel_obj_remove(const void *key, enum accel_obj_type type)
{
	struct slot *s;
	int ret = -ESTALE;

	if (!key)
		return -EINVAL;
	write_lock();
	s = find_slot(key);
	if (s && s->obj->type == type) {
		ret = inherited(s) ? ACCEL_OBJ_INHERITED : 0;
		if (ret)
			orphan_locked(s->obj);
		remove_slot(s);
	}
	write_unlock();
	return ret;
}

/*
 * A fork child closed an inherited context: forget its inherited BOs and
 * queues too, so they answer -ESTALE as after a close in the parent.
 */
void accel_obj_forget_children(const struct accel_context *ctx)
{
	size_t i;

	write_lock();
	for (i = 0; i < nslots; i++) {
		struct slot *s = &slots[i];
		const struct accel_context *owner = NULL;

		if (!s->key || s->key == TOMBSTONE || !inherited(s))
			continue;
		if (s->obj->type == ACCEL_OBJ_BO)
			owner = container_of(s->obj, struct accel_bo, obj)->ctx;
		else if (s->obj->type == ACCEL_OBJ_QUEUE)
			owner = container_of(s->obj, struct accel_queue, obj)->ctx;
		if (owner != ctx)
			continue;
		orphan_locked(s->obj);
		remove_slot(s);
	}
	write_unlock();
}

/*
 * fork() with threads inside the library: the registry locks are leaves
 * (nothing is taken under them), so holding them all across fork() is
 * safe and the child finds the table whole.
 */
void accel_obj_atfork(enum accel_fork_phase phase)
{
	switch (phase) {
	case ACCEL_FORK_PREPARE:
		write_lock();
		break;
	case ACCEL_FORK_CHILD:
		cur_epoch++;
		/* fall through */
	case ACCEL_FORK_PARENT:
		write_unlock();
		break;
	}
}

static void __attribute__((destructor)) registry_fini(void)
{
	/* quiet leak checkers about the table itself at exit */
	write_lock();
	if (!nlive) {
		free(slots);
		slots = NULL;
		nslots = nused = 0;
	}
	write_unlock();
}
