// SPDX-License-Identifier: MIT
/*
 * Description: the handle table (libaccel/object.c) on its own, built
 * into this program with 2-bit generations so that wrapping comes after
 * three reuses of a slot: handles are never reused, a slot retires before
 * its generation would wrap, foreign values are refused without being
 * read, a kill leaves running references alone, lookups race frees
 * safely (also under ThreadSanitizer), a fork child gets -ECHILD, a
 * thread's stashed slot goes back to the table when the thread exits
 * and names no slot once the table was emptied at exit, and a walk after
 * a flag meets every object made before the flag.
 * Built -m32 too (UNIT_MINI: mini_unit.h stands in for cmocka, which has
 * no i386 build here), so the 32-bit encoding runs the same cases.
 */
#define ACCEL_OBJ_GEN_BITS 2
#include "../../libaccel/object.c"
#include "../../libaccel/lock.c"
#include "../../libaccel/thread.c"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef UNIT_MINI
#include "mini_unit.h"
#else
#include "unit.h"
#endif

/* the library's own is hidden; the table calls this one */
int accel_set_reason(int err, const char *fmt, ...)
{
	(void)fmt;
	return err;
}

/* thread.c's other hook: bo.c is not in this program */
void accel_bo_thread_exit(void)
{
}

struct tobj {
	struct accel_object obj;
	atomic_int *released;
	int payload;
};

static void tobj_release(struct accel_object *o)
{
	struct tobj *t = container_of(o, struct tobj, obj);

	atomic_fetch_add(t->released, 1);
	free(t);
}

static struct tobj *tobj_new(enum accel_obj_type type, atomic_int *released)
{
	struct tobj *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->released = released;
	assert_int_equal(accel_obj_add(&t->obj, type, tobj_release), 0);
	return t;
}

/* kill as the public free does: out of the table, the table's ref put */
static int obj_kill(const void *h, enum accel_obj_type type)
{
	struct accel_object *o;
	int ret = accel_obj_remove(h, type, &o);

	if (!ret)
		accel_obj_put(o);
	return ret;
}

/* the slot a handle names, on either ABI */
static uint32_t idx_of(uintptr_t h)
{
	return (uint32_t)((h & ~H_TAG) >> H_SHIFT) & H_IDX_MASK;
}

/* the same slot, one generation on */
static uintptr_t next_gen(uintptr_t h)
{
	return h + ((uintptr_t)1 << (H_IDX_BITS + H_SHIFT));
}

static int get_err(const void *h, enum accel_obj_type type)
{
	struct accel_object *o;
	int err = 0;

	o = accel_obj_get(h, type, &err);
	if (o) {
		accel_obj_put(o);
		return 0;
	}
	return err;
}

static void test_not_addresses(void **state)
{
	atomic_int rel = 0;
	struct tobj *t = tobj_new(ACCEL_OBJ_BO, &rel);
	uintptr_t h = t->obj.handle;

	(void)state;
#if UINTPTR_MAX > 0xffffffffu
	/* bits 63..56 are not a sign extension: non-canonical on x86-64 */
	assert_true((h >> 56) != 0 && (h >> 56) != 0xff);
	/* arm64 with top-byte-ignore: bits 55..52 are not zero */
	assert_true(((h >> 52) & 0xf) != 0);
#else
	/* odd, where every object of ours is aligned */
	assert_true(h & 1);
	assert_int_equal((uintptr_t)t & 1, 0);
#endif
	assert_true(h != (uintptr_t)t);
	assert_int_equal(obj_kill((void *)h, ACCEL_OBJ_BO), 0);
	assert_int_equal(rel, 1);
}

static void test_never_reused(void **state)
{
	enum { N = 64, ROUNDS = 12 };
	static uintptr_t seen[N * ROUNDS];
	atomic_int rel = 0;
	size_t nseen = 0, i, j;
	int r;

	(void)state;
	for (r = 0; r < ROUNDS; r++) {
		struct tobj *t[N];

		for (i = 0; i < N; i++) {
			t[i] = tobj_new(ACCEL_OBJ_BO, &rel);
			t[i]->payload = r;
			for (j = 0; j < nseen; j++)
				assert_true(seen[j] != t[i]->obj.handle);
			seen[nseen++] = t[i]->obj.handle;
		}
		for (i = 0; i < N; i++)
			assert_int_equal(obj_kill((void *)t[i]->obj.handle, ACCEL_OBJ_BO), 0);
		/* every handle ever made answers ESTALE, however often freed */
		for (j = 0; j < nseen; j++) {
			assert_int_equal(get_err((void *)seen[j], ACCEL_OBJ_BO), -ESTALE);
			assert_int_equal(obj_kill((void *)seen[j], ACCEL_OBJ_BO), -ESTALE);
		}
	}
	assert_int_equal(rel, N * ROUNDS);
}

static void test_generation_retires(void **state)
{
	uintptr_t h[6];
	atomic_int rel = 0;
	uint32_t idx0;
	int i;

	(void)state;
	/* one free slot at a time: each object reuses the previous slot */
	for (i = 0; i < 6; i++) {
		struct tobj *t = tobj_new(ACCEL_OBJ_QUEUE, &rel);

		h[i] = t->obj.handle;
		assert_int_equal(obj_kill((void *)h[i], ACCEL_OBJ_QUEUE), 0);
	}
	idx0 = idx_of(h[0]);
	/* generations 0..3 of one slot, then it retires: a new slot */
	for (i = 1; i < 4; i++) {
		assert_int_equal(idx_of(h[i]), idx0);
		assert_true(h[i] != h[i - 1]);
	}
	assert_true(idx_of(h[4]) != idx0);
	/* the retired slot stays dead: no later handle names it */
	assert_true(idx_of(h[5]) != idx0);
	for (i = 0; i < 6; i++)
		assert_int_equal(get_err((void *)h[i], ACCEL_OBJ_QUEUE), -ESTALE);
	assert_int_equal(rel, 6);
}

static void test_foreign_values(void **state)
{
	atomic_int rel = 0;
	struct tobj *t = tobj_new(ACCEL_OBJ_CONTEXT, &rel);
	uintptr_t h = t->obj.handle;
	long on_stack = 0;
	void *heap = malloc(64);

	(void)state;
	assert_int_equal(get_err(NULL, ACCEL_OBJ_CONTEXT), -EINVAL);
#if UINTPTR_MAX > 0xffffffffu
	assert_int_equal(get_err((void *)1, ACCEL_OBJ_CONTEXT), -ESTALE);
#else
	/* 32-bit: every odd value decodes (1 is slot 0's first handle) */
	assert_int_equal(get_err((void *)2, ACCEL_OBJ_CONTEXT), -ESTALE);
#endif
	assert_int_equal(get_err((void *)-1, ACCEL_OBJ_CONTEXT), -ESTALE);
	assert_int_equal(get_err(&on_stack, ACCEL_OBJ_CONTEXT), -ESTALE);
	assert_int_equal(get_err(heap, ACCEL_OBJ_CONTEXT), -ESTALE);
	/* the object's address is not its handle */
	assert_int_equal(get_err(t, ACCEL_OBJ_CONTEXT), -ESTALE);
	/* the right slot with the wrong type or generation, a slot never made */
	assert_int_equal(get_err((void *)h, ACCEL_OBJ_BO), -ESTALE);
	assert_int_equal(get_err((void *)next_gen(h), ACCEL_OBJ_CONTEXT), -ESTALE);
	assert_int_equal(get_err((void *)(h | ((uintptr_t)H_IDX_MASK << H_SHIFT)),
				 ACCEL_OBJ_CONTEXT), -ESTALE);
	assert_int_equal(get_err((void *)(H_TAG | 5), ACCEL_OBJ_CONTEXT), -ESTALE);
	assert_int_equal(get_err((void *)h, ACCEL_OBJ_CONTEXT), 0);
	free(heap);
	assert_int_equal(obj_kill((void *)h, ACCEL_OBJ_CONTEXT), 0);
}

static void test_kill_keeps_references(void **state)
{
	atomic_int rel = 0;
	struct tobj *t = tobj_new(ACCEL_OBJ_BO, &rel);
	void *h = (void *)t->obj.handle;
	struct accel_object *o;
	int err;

	(void)state;
	o = accel_obj_get(h, ACCEL_OBJ_BO, &err);
	assert_ptr_equal(o, &t->obj);
	assert_true(accel_obj_live(o));
	assert_int_equal(obj_kill(h, ACCEL_OBJ_BO), 0);
	/* gone for lookups at once; the running call keeps the object */
	assert_false(accel_obj_live(o));
	assert_int_equal(get_err(h, ACCEL_OBJ_BO), -ESTALE);
	assert_int_equal(rel, 0);
	accel_obj_put(o);
	assert_int_equal(rel, 1);
}

/* Lookups on a few handles while another thread frees and remakes them */
struct race {
	_Atomic uintptr_t h[4];
	atomic_bool stop;
	atomic_int released;
	atomic_long hits;
	atomic_int bad;		/* asserts stay in the main thread */
};

static void *looker(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;

	while (!atomic_load(&r->stop)) {
		struct accel_object *o;
		int err;

		o = accel_obj_get((void *)atomic_load(&r->h[i++ % 4]), ACCEL_OBJ_BO, &err);
		if (!o) {
			if (err != -ESTALE)
				atomic_store(&r->bad, 1);
			continue;
		}
		/* the object is whole while held */
		if (container_of(o, struct tobj, obj)->payload != 42)
			atomic_store(&r->bad, 2);
		atomic_fetch_add(&r->hits, 1);
		accel_obj_put(o);
	}
	return NULL;
}

static void test_lookup_races_free(void **state)
{
	struct race r = { 0 };
	pthread_t th[3];
	int i, n;

	(void)state;
	for (i = 0; i < 4; i++) {
		struct tobj *t = tobj_new(ACCEL_OBJ_BO, &r.released);

		t->payload = 42;
		atomic_store(&r.h[i], t->obj.handle);
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, looker, &r), 0);
	/* the lookers are running before the frees start */
	while (!atomic_load(&r.hits))
		sched_yield();
	for (n = 0; n < 20000; n++) {
		struct tobj *t;
		uintptr_t old = atomic_load(&r.h[n % 4]);

		assert_int_equal(obj_kill((void *)old, ACCEL_OBJ_BO), 0);
		t = tobj_new(ACCEL_OBJ_BO, &r.released);
		t->payload = 42;
		atomic_store(&r.h[n % 4], t->obj.handle);
	}
	atomic_store(&r.stop, true);
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(obj_kill((void *)atomic_load(&r.h[i]), ACCEL_OBJ_BO), 0);
	assert_int_equal(atomic_load(&r.bad), 0);
	assert_int_equal(atomic_load(&r.released), 20000 + 4);
}

static void test_fork_child(void **state)
{
	atomic_int rel = 0;
	struct tobj *ctx = tobj_new(ACCEL_OBJ_CONTEXT, &rel);
	struct tobj *dev = tobj_new(ACCEL_OBJ_DEVICE, &rel);
	void *hc = (void *)ctx->obj.handle, *hd = (void *)dev->obj.handle;
	int status;
	pid_t pid;

	(void)state;
	/* what fork.c's pthread_atfork handlers do for the library's copy */
	accel_obj_atfork(ACCEL_FORK_PREPARE);
	pid = fork();
	accel_obj_atfork(pid ? ACCEL_FORK_PARENT : ACCEL_FORK_CHILD);
	assert_true(pid >= 0);
	if (!pid) {
		struct accel_object *o;
		int ok = 1;

		/* the parent's context: -ECHILD; its close forgets, frees nothing */
		ok &= get_err(hc, ACCEL_OBJ_CONTEXT) == -ECHILD;
		ok &= accel_obj_remove(hc, ACCEL_OBJ_CONTEXT, &o) == ACCEL_OBJ_INHERITED;
		ok &= get_err(hc, ACCEL_OBJ_CONTEXT) == -ESTALE;
		ok &= atomic_load(&rel) == 0;
		/* devices hold no kernel state: the child keeps them */
		ok &= get_err(hd, ACCEL_OBJ_DEVICE) == 0;
		/* the child's own objects are its own */
		ok &= get_err((void *)tobj_new(ACCEL_OBJ_CONTEXT, &rel)->obj.handle,
			      ACCEL_OBJ_CONTEXT) == 0;
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(get_err(hc, ACCEL_OBJ_CONTEXT), 0);
	assert_int_equal(obj_kill(hc, ACCEL_OBJ_CONTEXT), 0);
	accel_obj_put(&dev->obj);
	assert_int_equal(rel, 2);
}

static pthread_barrier_t all_made;

static void *add_kill_one(void *arg)
{
	atomic_int *rel = arg;
	struct tobj *t = tobj_new(ACCEL_OBJ_BO, rel);
	uintptr_t h = t->obj.handle;

	/* all live at once: each thread has a slot of its own */
	pthread_barrier_wait(&all_made);
	/* the freed slot goes to this thread's stash */
	if (obj_kill((void *)h, ACCEL_OBJ_BO))
		return NULL;
	return (void *)h;
}

static void test_stash_back_at_thread_exit(void **state)
{
	enum { N = 6, M = N + 64 };
	uintptr_t th[N], mine[M];
	pthread_t t[N];
	atomic_int rel = 0;
	int i, j;

	(void)state;
	pthread_barrier_init(&all_made, NULL, N);
	for (i = 0; i < N; i++)
		assert_int_equal(pthread_create(&t[i], NULL, add_kill_one, &rel), 0);
	for (i = 0; i < N; i++) {
		void *h;

		assert_int_equal(pthread_join(t[i], &h), 0);
		assert_non_null(h);
		th[i] = (uintptr_t)h;
	}
	pthread_barrier_destroy(&all_made);
	/* the exited threads' slots are handed out again, none lost */
	for (i = 0; i < M; i++)
		mine[i] = tobj_new(ACCEL_OBJ_BO, &rel)->obj.handle;
	for (i = 0; i < N; i++) {
		bool found = false;

		for (j = 0; j < M; j++)
			found |= idx_of(mine[j]) == idx_of(th[i]);
		assert_true(found);
	}
	for (i = 0; i < M; i++)
		assert_int_equal(obj_kill((void *)mine[i], ACCEL_OBJ_BO), 0);
	assert_int_equal(rel, N + M);
}

struct walk_race {
	uintptr_t owner;	/* a context, say */
	atomic_bool removed;
	atomic_int rel, added, refused, walked;
	atomic_int bad;		/* an answer other than 0 or -ESTALE */
};

static void kill_walked(struct accel_object *o, void *arg)
{
	struct walk_race *w = arg;

	/* only this round's: objects other cases left are not ours */
	if (container_of(o, struct tobj, obj)->released != &w->rel)
		return;
	if (!obj_kill((void *)o->handle, ACCEL_OBJ_QUEUE))
		atomic_fetch_add(&w->walked, 1);
}

/* a BO's publish: add under the owner; when it is gone, undo */
static void *add_until_owner_gone(void *arg)
{
	struct walk_race *w = arg;

	for (;;) {
		struct tobj *t = calloc(1, sizeof(*t));
		/* an add that starts after the removal must see it */
		bool late = atomic_load(&w->removed);
		void *h;
		int ret;

		if (!t) {
			atomic_fetch_add(&w->bad, 1);
			return NULL;
		}
		t->released = &w->rel;
		ret = accel_obj_add_owned(&t->obj, ACCEL_OBJ_QUEUE, tobj_release,
					  w->owner, &h);
		atomic_fetch_add(&w->added, 1);
		if ((ret && ret != -ESTALE) || (late && !ret)) {
			atomic_fetch_add(&w->bad, 1);
			if (!ret && !obj_kill(h, ACCEL_OBJ_QUEUE))
				atomic_fetch_add(&w->refused, 1);
			return NULL;
		}
		if (ret) {
			if (!obj_kill(h, ACCEL_OBJ_QUEUE))
				atomic_fetch_add(&w->refused, 1);
			return NULL;
		}
		/* a few at most: 2-bit generations retire slots fast */
		while (atomic_load(&w->added) >= 32 && !atomic_load(&w->removed))
			sched_yield();
	}
}

/*
 * A context's close against its BOs' publishes: the close removes the
 * context, then walks the table; a publish makes its object live, then
 * checks the context's slot. Every object is killed once, by the walk or
 * by its maker (a publish that missed the removal and a walk that missed
 * the object would leave it live for ever).
 */
static void test_walk_after_owner_removed(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 50; round++) {
		atomic_int owner_rel = 0;
		struct walk_race w = {
			.owner = tobj_new(ACCEL_OBJ_CONTEXT, &owner_rel)->obj.handle
		};
		pthread_t t;

		assert_int_equal(pthread_create(&t, NULL, add_until_owner_gone, &w),
				 0);
		while (atomic_load(&w.added) < 1 + round % 7)
			sched_yield();
		assert_int_equal(obj_kill((void *)w.owner, ACCEL_OBJ_CONTEXT), 0);
		atomic_store(&w.removed, true);
		accel_obj_foreach(ACCEL_OBJ_QUEUE, kill_walked, &w);
		assert_int_equal(pthread_join(t, NULL), 0);
		assert_int_equal(w.bad, 0);
		assert_int_equal(w.walked + w.refused, w.added);
		assert_int_equal(w.rel, w.added);
		assert_int_equal(owner_rel, 1);
	}
}

/* an object added under an owner already gone: live, for its maker to kill */
static void test_add_owned_after_removal(void **state)
{
	atomic_int rel = 0;
	struct tobj *owner = tobj_new(ACCEL_OBJ_CONTEXT, &rel);
	uintptr_t oh = owner->obj.handle;
	struct tobj *t = calloc(1, sizeof(*t)), *u;
	void *h = NULL;

	(void)state;
	assert_non_null(t);
	t->released = &rel;
	assert_int_equal(obj_kill((void *)oh, ACCEL_OBJ_CONTEXT), 0);
	/* its slot, mostly taken again here (the stash), no longer names it */
	u = tobj_new(ACCEL_OBJ_CONTEXT, &rel);
	assert_int_equal(accel_obj_add_owned(&t->obj, ACCEL_OBJ_BO, tobj_release,
					     oh, &h),
			 -ESTALE);
	assert_non_null(h);
	assert_int_equal(get_err(h, ACCEL_OBJ_BO), 0);
	assert_int_equal(obj_kill(h, ACCEL_OBJ_BO), 0);
	assert_int_equal(rel, 2);
	/* under a live owner */
	t = calloc(1, sizeof(*t));
	assert_non_null(t);
	t->released = &rel;
	assert_int_equal(accel_obj_add_owned(&t->obj, ACCEL_OBJ_BO, tobj_release,
					     u->obj.handle, &h),
			 0);
	assert_int_equal(get_err(h, ACCEL_OBJ_BO), 0);
	assert_int_equal(obj_kill(h, ACCEL_OBJ_BO), 0);
	assert_int_equal(obj_kill((void *)u->obj.handle, ACCEL_OBJ_CONTEXT), 0);
	assert_int_equal(rel, 4);
}

static void test_stash_after_table_emptied(void **state)
{
	atomic_int rel = 0;
	struct tobj *t = tobj_new(ACCEL_OBJ_BO, &rel);
	uintptr_t h = t->obj.handle;

	(void)state;
	/* the freed slot is in this thread's stash */
	assert_int_equal(obj_kill((void *)h, ACCEL_OBJ_BO), 0);
	/* the library's exit destructor: with nothing live it frees the table */
	registry_fini();
	/*
	 * a new object gets a slot of the new table: the stash's index would
	 * name a freed chunk (handles made before the table was emptied are
	 * meaningless after it: the library is going away)
	 */
	t = tobj_new(ACCEL_OBJ_BO, &rel);
	assert_int_equal(get_err((void *)t->obj.handle, ACCEL_OBJ_BO), 0);
	assert_int_equal(obj_kill((void *)t->obj.handle, ACCEL_OBJ_BO), 0);
	assert_int_equal(rel, 2);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_not_addresses),
	cmocka_unit_test(test_never_reused),
	cmocka_unit_test(test_generation_retires),
	cmocka_unit_test(test_foreign_values),
	cmocka_unit_test(test_kill_keeps_references),
	cmocka_unit_test(test_lookup_races_free),
	cmocka_unit_test(test_fork_child),
	cmocka_unit_test(test_stash_back_at_thread_exit),
	cmocka_unit_test(test_walk_after_owner_removed),
	cmocka_unit_test(test_add_owned_after_removal),
	cmocka_unit_test(test_stash_after_table_emptied),
};

UNIT_MAIN(tests, NULL)
