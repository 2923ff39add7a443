// SPDX-License-Identifier: MIT
/*
 * Memory at addresses never handed out twice. A device list is an array
 * the program indexes, so its address is the only name it has: were it
 * malloc'd, a freed list's address could come back for a new list, and a
 * stale accel_free_device_list() would free the new one. These blocks are
 * cut from address space the library reserves and never gives back, by a
 * pointer that only moves forward: no later block can have a freed one's
 * addresses.
 *
 * Small blocks share a span of 64 KiB (a list of a few devices is a few
 * dozen bytes, of 256 devices 2 KiB): a span is made writable once for
 * all the blocks cut from it, and its memory goes back to the kernel
 * (PROT_NONE, no pages behind it) when the last of them is freed and no
 * new block will be cut from it. So a list costs no system call where a
 * page per list cost two (mprotect, mmap) and a page fault; a process
 * uses its list's size in address space per list it ever gets (a
 * million lists of one device: 16 MiB), whole pages for a list larger
 * than a span.
 *
 * Where no address space can be reserved (a tight RLIMIT_AS, a 32-bit
 * process that ran out), blocks fall back to malloc and addresses may
 * come back again, as libaccel(7) says.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accel_internal.h"

/* reserved in 64 MiB pieces, committed in spans of 64 KiB */
#define RESERVE_SIZE (64UL << 20)
#define SMALL_SPAN (64UL << 10)
/* blocks are cut in these steps; a span's header takes the first */
#define GRAIN 16UL

/* at the start of each span (the pages of one or more blocks) */
struct span {
	size_t live;	/* blocks not yet freed */
	size_t len;	/* bytes, whole pages */
};
_Static_assert(sizeof(struct span) <= GRAIN, "a span's header takes one grain");

static pthread_mutex_t va_lock = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t va_next, va_end; /* the unused rest of the piece */
/* the page small blocks are cut from, and where the next one starts */
static struct span *cur;
static uintptr_t cur_next;

static size_t page_size(void)
{
	static size_t page;

	if (!page)
		page = (size_t)sysconf(_SC_PAGESIZE);
	return page;
}

/* what small blocks share: SMALL_SPAN, or a page where pages are larger */
static size_t small_span(void)
{
	return page_size() > SMALL_SPAN ? page_size() : SMALL_SPAN;
}

static size_t round_up(size_t size, size_t to)
{
	return (size + to - 1) & ~(to - 1);
}

/*
 * Addresses for len bytes that nobody had before, aligned to align (a
 * power of two), writable; NULL with *reserved false when no address
 * space could be reserved.
 */
static struct span *new_span(size_t len, size_t align, bool *reserved)
{
	uintptr_t at = round_up(va_next, align);
	struct span *s;
	void *piece;

	*reserved = true;
	if (!va_next || at > va_end || va_end - at < len) {
		size_t size = len + align > RESERVE_SIZE ? len + align : RESERVE_SIZE;

		/* the old piece's rest stays reserved: never reused either */
		piece = mmap(NULL, size, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			     0);
		if (piece == MAP_FAILED) {
			*reserved = false;
			return NULL;
		}
		va_next = (uintptr_t)piece;
		va_end = va_next + size;
		at = round_up(va_next, align);
	}
	/* a gap left by the alignment stays reserved, never handed out */
	s = (struct span *)at;
	va_next = at + len;
	/* not committed (overcommit refused): the addresses stay burnt */
	if (mprotect(s, len, PROT_READ | PROT_WRITE))
		return NULL;
	s->live = 0;
	s->len = len;
	return s;
}

/*
 * A fresh PROT_NONE mapping over the span drops its pages and keeps its
 * addresses reserved; if even that fails, PROT_NONE keeps a stale reader
 * from the data (the memory stays: a leak, never a reuse).
 */
static void release(struct span *s)
{
	size_t len = s->len;

	if (mmap(s, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
		 0) == MAP_FAILED)
		mprotect(s, len, PROT_NONE);
}

/* size bytes, zeroed (never used before), under va_lock */
static void *take(size_t size, bool *reserved)
{
	size_t span = small_span(), need = round_up(size, GRAIN);
	struct span *s;
	void *at;

	if (need > span - GRAIN) {
		/* a span of its own */
		s = new_span(round_up(need + GRAIN, page_size()), page_size(),
			     reserved);
		if (!s)
			return NULL;
		s->live = 1;
		return (char *)s + GRAIN;
	}
	if (!cur || (uintptr_t)cur + span - cur_next < need) {
		s = new_span(span, span, reserved);
		if (!s)
			return NULL;
		/* nothing more is cut from the old page: free it when done */
		if (cur && !cur->live)
			release(cur);
		cur = s;
		cur_next = (uintptr_t)s + GRAIN;
	}
	at = (void *)cur_next;
	cur_next += need;
	cur->live++;
	return at;
}

/*
 * size bytes, zeroed, at addresses no earlier block had; *unique false
 * when they came from malloc. NULL + errno when there is no memory.
 */
void *accel_unique_alloc(size_t size, bool *unique)
{
	bool reserved;
	void *p;

	pthread_mutex_lock(&va_lock);
	p = take(size, &reserved);
	pthread_mutex_unlock(&va_lock);
	*unique = p != NULL;
	if (p)
		return p;
	if (reserved) {
		errno = ENOMEM;
		return NULL;
	}
	return calloc(1, size);
}

void accel_unique_free(void *p, size_t size, bool unique)
{
	size_t span = small_span();
	struct span *s;

	if (!unique) {
		free(p);
		return;
	}
	/* a large block follows its span's header; small spans are aligned */
	if (round_up(size, GRAIN) > span - GRAIN)
		s = (struct span *)((uintptr_t)p - GRAIN);
	else
		s = (struct span *)((uintptr_t)p & ~(uintptr_t)(span - 1));
	pthread_mutex_lock(&va_lock);
	if (!--s->live && s != cur)
		release(s);
	pthread_mutex_unlock(&va_lock);
}

/* fork.c: a leaf lock, held across fork() so the child's is free */
void accel_unique_va_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE)
		pthread_mutex_lock(&va_lock);
	else
		pthread_mutex_unlock(&va_lock);
}
