// SPDX-License-Identifier: MIT
/*
 * The table of live objects: public pointers are handles.
 *
 * An application never holds the address of a context, BO, queue,
 * monitor or device: it holds a handle, a slot index and that slot's
 * generation, shaped so that it is not an address it could dereference
 * (see the encoding below). A slot's generation changes every time the
 * slot is reused, so a stale handle never names a new object, however
 * malloc reuses memory: it answers -ESTALE for ever.
 *
 * Slots live in chunks that are allocated once and never move or go
 * away, so a lookup is O(1) and takes no lock: decode, bounds-check,
 * then one compare-and-swap on the slot's word, which holds the
 * generation, the type, a live bit and the reference count. A reference
 * is taken only while the generation matches, the object is live and
 * the count is not zero, so a call holds the object for its duration and
 * a concurrent free never releases it under the call. Lookups, references
 * and ordinary puts take no lock. A released slot goes to its thread's
 * stash of one, where that thread's next object takes it without a lock
 * (an alloc/free loop never touches slot_lock); only a release that finds
 * the stash full, or a create that finds it empty, goes through the free
 * list under slot_lock. A thread's stash returns to the list when the
 * thread exits.
 *
 * Kill (free/destroy/close) clears the live bit: lookups fail at once,
 * while references already taken (a running call, work in flight) keep
 * the object and its slot until the last put, which releases the object
 * and returns the slot with its generation advanced. A slot whose
 * generation would wrap is retired, never reused.
 *
 * fork(): each slot records the epoch it was made in, and a fork child
 * starts a new epoch. Contexts, BOs, queues and monitors of an older epoch
 * belong to the parent: the child's calls on them answer -ECHILD, and its
 * close only forgets them: their references are never dropped there, so
 * the objects stay reachable from their slots (see libaccel(7)).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "accel_internal.h"

/*
 * Handle encoding. 64-bit: 0xACC in bits 63..52, the generation in
 * 51..24, the index in 23..0. Bits 63..56 (0xAC) are not a sign
 * extension, so the value is non-canonical on x86-64 (4- and 5-level
 * paging) and riscv64, and bits 55..52 are not zero, so arm64 faults on
 * it even with top-byte-ignore and 52-bit addresses: code that forgets
 * to translate a handle crashes at once. 32-bit: odd values, which no
 * object of ours has as its address.
 */
#if UINTPTR_MAX > 0xffffffffu
#define H_SHIFT 0
#define H_IDX_BITS 24
#ifndef ACCEL_OBJ_GEN_BITS
#define ACCEL_OBJ_GEN_BITS 28
#endif
#define H_TAG_SHIFT 52
#define H_TAG ((uintptr_t)0xACC << H_TAG_SHIFT)
#define H_IS_TAGGED(h) (((h) >> H_TAG_SHIFT) == 0xACC)
#else
#define H_SHIFT 1
#define H_IDX_BITS 16
#ifndef ACCEL_OBJ_GEN_BITS
#define ACCEL_OBJ_GEN_BITS 15
#endif
#define H_TAG ((uintptr_t)1)
#define H_IS_TAGGED(h) ((h) & 1)
#endif

#define H_IDX_MASK ((UINT32_C(1) << H_IDX_BITS) - 1)
#define H_GEN_MAX ((UINT32_C(1) << ACCEL_OBJ_GEN_BITS) - 1)

/* The slot word: generation 63..32, type 31..28, live 27, refs 26..0 */
#define W_GEN(w) ((uint32_t)((w) >> 32))
#define W_TYPE(w) ((uint32_t)((w) >> 28) & 0xf)
#define W_LIVE (UINT64_C(1) << 27)
#define W_REFS(w) ((w) & (W_LIVE - 1))
#define W_MAKE(gen, type) (((uint64_t)(gen) << 32) | ((uint64_t)(type) << 28))

struct slot {
	_Atomic uint64_t word;
	struct accel_object *obj;	/* valid while the count is not zero */
	atomic_uint epoch;		/* the fork epoch it was made in */
	uint32_t next_free;		/* under slot_lock */
};

#define CHUNK_SHIFT 10
#define CHUNK_SLOTS (1u << CHUNK_SHIFT)
#define NCHUNKS ((H_IDX_MASK + 1) >> CHUNK_SHIFT)
#define NO_SLOT UINT32_MAX

/* chunk pointers are written once under slot_lock, read without it */
static struct slot *_Atomic chunks[NCHUNKS];
static struct accel_lock slot_lock = ACCEL_LOCK_INIT;
/* slots ever handed out: written under slot_lock, read by the walks */
static _Atomic uint32_t nslots;
static uint32_t free_head = NO_SLOT, free_tail = NO_SLOT;
static atomic_uint cur_epoch;

/*
 * This thread's stash: a free slot's index + 1, 0 when empty; it goes
 * back to the list when the thread exits (thread.c).
 */
static __thread uint32_t stash ACCEL_TLS_IE;
/* a stash made before the table was emptied at exit names no slot */
static __thread uint32_t stash_table ACCEL_TLS_IE;
static atomic_uint table_gen;

static struct slot *slot_at(uint32_t idx)
{
	struct slot *c = atomic_load_explicit(&chunks[idx >> CHUNK_SHIFT],
					      memory_order_acquire);

	return c ? &c[idx & (CHUNK_SLOTS - 1)] : NULL;
}

static uintptr_t encode(uint32_t idx, uint32_t gen)
{
	return H_TAG | ((((uintptr_t)gen << H_IDX_BITS) | idx) << H_SHIFT);
}

/* The slot a value names and the generation it expects; NULL if none */
static struct slot *decode(const void *handle, uint32_t *gen)
{
	uintptr_t h = (uintptr_t)handle;
	uint32_t idx;

	*gen = 0;
	if (!H_IS_TAGGED(h))
		return NULL;
	h = (h & ~H_TAG) >> H_SHIFT;
	idx = (uint32_t)(h & H_IDX_MASK);
	*gen = (uint32_t)(h >> H_IDX_BITS);
	/* a slot never handed out is all zero: no references, not live */
	return slot_at(idx);
}

/* Made before the last fork() by the parent: the child may not use it */
static bool inherited(const struct slot *s, uint32_t type)
{
	/* the common case first: made in this process */
	if (atomic_load_explicit(&s->epoch, memory_order_relaxed) ==
	    atomic_load_explicit(&cur_epoch, memory_order_relaxed))
		return false;
	switch (type) {
	case ACCEL_OBJ_CONTEXT:
	case ACCEL_OBJ_BO:
	case ACCEL_OBJ_QUEUE:
	case ACCEL_OBJ_MONITOR:
		return true;
	default:
		/* devices and lists hold no kernel state: the child keeps them */
		return false;
	}
}

/* A free slot's index, under slot_lock; NO_SLOT when the table is full */
static uint32_t slot_alloc_locked(void)
{
	uint32_t idx = free_head;
	struct slot *c;

	if (idx != NO_SLOT) {
		free_head = slot_at(idx)->next_free;
		if (free_head == NO_SLOT)
			free_tail = NO_SLOT;
		return idx;
	}
	idx = atomic_load_explicit(&nslots, memory_order_relaxed);
	if (idx > H_IDX_MASK)
		return NO_SLOT;
	if (!(idx & (CHUNK_SLOTS - 1)) && !slot_at(idx)) {
		c = calloc(CHUNK_SLOTS, sizeof(*c));
		if (!c)
			return NO_SLOT;
		atomic_store_explicit(&chunks[idx >> CHUNK_SHIFT], c,
				      memory_order_release);
	}
	/* before the slot's word says live: see accel_obj_foreach() */
	atomic_store(&nslots, idx + 1);
	return idx;
}

/* A free slot onto the list; the caller holds slot_lock */
static void slot_push_locked(uint32_t idx)
{
	slot_at(idx)->next_free = NO_SLOT;
	if (free_tail == NO_SLOT)
		free_head = idx;
	else
		slot_at(free_tail)->next_free = idx;
	free_tail = idx;
}

static bool stash_valid(void)
{
	return stash && stash_table == atomic_load_explicit(&table_gen,
							    memory_order_relaxed);
}

/* The thread exits: its stash back to the list */
void accel_obj_thread_exit(void)
{
	if (!stash_valid())
		return;
	accel_lock(&slot_lock);
	slot_push_locked(stash - 1);
	accel_unlock(&slot_lock);
	stash = 0;
}

/* Keep idx in this thread's stash if it is empty and can be given back */
static bool stash_put(uint32_t idx)
{
	if (stash_valid() || !accel_thread_arm())
		return false;
	stash = idx + 1;
	stash_table = atomic_load_explicit(&table_gen, memory_order_relaxed);
	return true;
}

static inline __attribute__((always_inline)) int
obj_add(struct accel_object *obj, enum accel_obj_type type,
	void (*release)(struct accel_object *), uintptr_t *handle)
{
	struct slot *s;
	uint32_t idx, gen;

	obj->type = type;
	obj->release = release;
	if (stash_valid()) {
		idx = stash - 1;
		stash = 0;
	} else {
		accel_lock(&slot_lock);
		idx = slot_alloc_locked();
		accel_unlock(&slot_lock);
		if (idx == NO_SLOT)
			return -ENOMEM;
	}
	s = slot_at(idx);
	gen = W_GEN(atomic_load_explicit(&s->word, memory_order_relaxed));
	obj->handle = encode(idx, gen);
	/* obj may be gone once it is live (a racing free or close) */
	*handle = obj->handle;
	s->obj = obj;
	atomic_store_explicit(&s->epoch,
			      atomic_load_explicit(&cur_epoch, memory_order_relaxed),
			      memory_order_relaxed);
	/*
	 * publishes obj and epoch to the lookups that match the word; seq_cst
	 * for a context's close, which finds its BOs by walking the table
	 */
	atomic_store(&s->word, W_MAKE(gen, type) | W_LIVE | 1);
	return 0;
}

int accel_obj_add(struct accel_object *obj, enum accel_obj_type type,
		  void (*release)(struct accel_object *))
{
	uintptr_t handle;

	return obj_add(obj, type, release, &handle);
}

/*
 * Make obj live, then read owner's slot (seq_cst both): a close removes
 * owner first (seq_cst) and walks the table after, so either the walk
 * meets obj or this sees owner gone. The slot is read, not the owner,
 * whose memory a racing close may free through obj; slots never go away.
 */
int accel_obj_add_owned(struct accel_object *obj, enum accel_obj_type type,
			void (*release)(struct accel_object *), uintptr_t owner,
			void **handle)
{
	uintptr_t h;
	uint32_t gen;
	struct slot *s;
	uint64_t w;
	int ret;

	ret = obj_add(obj, type, release, &h);
	if (ret)
		return ret;
	*handle = (void *)h;
	/* owner's slot is in the table: it was live when the caller got it */
	s = decode((const void *)owner, &gen);
	w = atomic_load(&s->word);
	return W_GEN(w) == gen && (w & W_LIVE) ? 0 : -ESTALE;
}

struct accel_object *accel_obj_get(const void *handle, enum accel_obj_type type,
				   int *err)
{
	struct slot *s;
	uint64_t w;
	uint32_t gen;

	if (!handle) {
		*err = -EINVAL;
		return NULL;
	}
	s = decode(handle, &gen);
	if (!s)
		goto stale;
	w = atomic_load_explicit(&s->word, memory_order_relaxed);
	do {
		if (W_GEN(w) != gen || W_TYPE(w) != (uint32_t)type ||
		    !(w & W_LIVE) || !W_REFS(w))
			goto stale;
	} while (!atomic_compare_exchange_weak_explicit(&s->word, &w, w + 1,
							memory_order_acquire,
							memory_order_relaxed));
	if (inherited(s, type)) {
		/* the parent's references are never dropped here: no release */
		atomic_fetch_sub_explicit(&s->word, 1, memory_order_release);
		*err = accel_set_reason(-ECHILD, "an object of the parent process (inherited across fork())");
		return NULL;
	}
	/* *err is left alone on success: callers use it as their result */
	return s->obj;
stale:
	*err = -ESTALE;
	return NULL;
}

static struct slot *slot_of(const struct accel_object *obj)
{
	uint32_t gen;

	return decode((const void *)obj->handle, &gen);
}

bool accel_obj_live(const struct accel_object *obj)
{
	uint32_t gen;
	struct slot *s = decode((const void *)obj->handle, &gen);
	uint64_t w = atomic_load(&s->word);	/* seq_cst: see accel_bo_kill() */

	return W_GEN(w) == gen && (w & W_LIVE);
}

void accel_obj_ref(struct accel_object *obj)
{
	atomic_fetch_add_explicit(&slot_of(obj)->word, 1, memory_order_relaxed);
}

/* The last reference is gone: release the object, then free its slot */
static __attribute__((noinline)) void
slot_free(struct slot *s, struct accel_object *obj)
{
	uint32_t idx = (uint32_t)((obj->handle & ~H_TAG) >> H_SHIFT) & H_IDX_MASK;
	uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
	uint32_t gen = W_GEN(w);

	if (obj->release)
		obj->release(obj);
	s->obj = NULL;
	/* a slot whose generation would wrap is retired, never reused */
	if (gen >= H_GEN_MAX) {
		atomic_store_explicit(&s->word, W_MAKE(gen, 0), memory_order_release);
		return;
	}
	atomic_store_explicit(&s->word, W_MAKE(gen + 1, 0), memory_order_release);
	if (stash_put(idx))
		return;
	accel_lock(&slot_lock);
	slot_push_locked(idx);
	accel_unlock(&slot_lock);
}

/*
 * An ordinary put touches no lock. At zero the slot is dead: a lookup
 * never takes a reference from zero, so nobody can come back to it.
 */
void accel_obj_put(struct accel_object *obj)
{
	struct slot *s;
	uint64_t w;

	if (!obj)
		return;
	s = slot_of(obj);
	w = atomic_fetch_sub_explicit(&s->word, 1, memory_order_acq_rel);
	if (W_REFS(w) == 1)
		slot_free(s, obj);
}

static inline __attribute__((always_inline)) int
obj_remove(const void *handle, enum accel_obj_type type,
		      struct accel_object **objp, bool take_last)
{
	struct slot *s;
	uint64_t w, to;
	uint32_t gen;
	bool inh;

	if (!handle)
		return -EINVAL;
	s = decode(handle, &gen);
	if (!s)
		return -ESTALE;
	/* read only once the word says live; inherited ones stay referenced */
	inh = false;
	w = atomic_load_explicit(&s->word, memory_order_acquire);
	do {
		if (W_GEN(w) != gen || W_TYPE(w) != (uint32_t)type ||
		    !(w & W_LIVE) || !W_REFS(w))
			return -ESTALE;
		inh = inherited(s, type);
		to = w & ~W_LIVE;
		/* the table's reference the only one: the caller's alone now */
		if (take_last && !inh && W_REFS(w) == 1)
			to--;
	/* seq_cst: a free then reads map_ptr (see accel_bo_kill()) */
	} while (!atomic_compare_exchange_weak_explicit(&s->word, &w, to,
							memory_order_seq_cst,
							memory_order_acquire));
	/* the registry's reference is the caller's now */
	*objp = s->obj;
	/* a fork child's close: the parent's object is never released here */
	if (inh)
		return ACCEL_OBJ_INHERITED;
	return W_REFS(to) ? 0 : ACCEL_OBJ_LAST;
}

int accel_obj_remove(const void *handle, enum accel_obj_type type,
		     struct accel_object **objp)
{
	return obj_remove(handle, type, objp, false);
}

int accel_obj_take(const void *handle, enum accel_obj_type type,
		   struct accel_object **objp)
{
	return obj_remove(handle, type, objp, true);
}

void accel_obj_release(struct accel_object *obj)
{
	slot_free(slot_of(obj), obj);
}

/*
 * A fork child closed an inherited context: forget its inherited BOs and
 * queues too, so they answer -ESTALE as after a close in the parent.
 * Inherited objects are never released in the child, so reading them is
 * safe; slot_lock keeps the table from growing meanwhile.
 */
void accel_obj_forget_children(const struct accel_context *ctx)
{
	uint32_t i;

	accel_lock(&slot_lock);
	for (i = 0; i < atomic_load(&nslots); i++) {
		struct slot *s = slot_at(i);
		uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
		const struct accel_context *owner = NULL;

		if (!(w & W_LIVE) || !W_REFS(w) || !inherited(s, W_TYPE(w)))
			continue;
		if (W_TYPE(w) == ACCEL_OBJ_BO)
			owner = container_of(s->obj, struct accel_bo, obj)->ctx;
		else if (W_TYPE(w) == ACCEL_OBJ_QUEUE)
			owner = container_of(s->obj, struct accel_queue, obj)->ctx;
		if (owner == ctx)
			atomic_fetch_and_explicit(&s->word, ~W_LIVE,
						  memory_order_relaxed);
	}
	accel_unlock(&slot_lock);
}

/*
 * Every object of type live now, or live before the caller's last
 * seq_cst operation, with a reference held for the call: a walk that
 * follows a context's removal (seq_cst) meets every object whose creator
 * did not see it (accel_obj_add_owned(): obj_add() makes its slot count
 * and live word seq_cst), and misses none by taking no lock: fn may
 * free, close or release.
 */
void accel_obj_foreach(enum accel_obj_type type,
		       void (*fn)(struct accel_object *obj, void *arg), void *arg)
{
	uint32_t i, n = atomic_load(&nslots);

	for (i = 0; i < n; i++) {
		struct slot *s = slot_at(i);
		uint64_t w = atomic_load(&s->word);

		do {
			if (W_TYPE(w) != (uint32_t)type || !(w & W_LIVE) ||
			    !W_REFS(w))
				break;
		} while (!atomic_compare_exchange_weak_explicit(
			&s->word, &w, w + 1, memory_order_acquire,
			memory_order_relaxed));
		if (W_TYPE(w) != (uint32_t)type || !(w & W_LIVE) || !W_REFS(w))
			continue;
		fn(s->obj, arg);
		accel_obj_put(s->obj);
	}
}

/*
 * fork() with threads inside the library: slot_lock is a leaf (only the
 * release, outside it, calls out), so holding it across fork() is safe
 * and the child finds the free list whole. Lookups take no lock at all.
 */
void accel_obj_atfork(enum accel_fork_phase phase)
{
	switch (phase) {
	case ACCEL_FORK_PREPARE:
		accel_lock(&slot_lock);
		break;
	case ACCEL_FORK_CHILD:
		atomic_fetch_add(&cur_epoch, 1);
		/* fall through */
	case ACCEL_FORK_PARENT:
		accel_unlock(&slot_lock);
		break;
	}
}

static void __attribute__((destructor)) registry_fini(void)
{
	uint32_t i, n;

	/* quiet leak checkers about the table itself at exit */
	accel_lock(&slot_lock);
	n = atomic_load(&nslots);
	for (i = 0; i < n; i++)
		if (W_REFS(atomic_load(&slot_at(i)->word)))
			goto unlock;
	for (i = 0; i < NCHUNKS; i++) {
		free(atomic_load(&chunks[i]));
		atomic_store(&chunks[i], NULL);
	}
	atomic_store(&nslots, 0);
	free_head = free_tail = NO_SLOT;
	/* every stash names a slot of the old table */
	atomic_fetch_add(&table_gen, 1);
unlock:
	accel_unlock(&slot_lock);
}
