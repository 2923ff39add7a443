// SPDX-License-Identifier: MIT
/*
 * Memory at addresses never handed out twice. A device list is an array
 * the program indexes, so its address is the only name it has: were it
 * malloc'd, a freed list's address could come back for a new list, and a
 * stale accel_free_device_list() would free the new one. These blocks are
 * cut from address space the library reserves and never gives back: a
 * freed block's pages return to the kernel (PROT_NONE, no memory behind
 * them) but its addresses stay reserved, so no later block can have them.
 * A process uses one page of address space per list it ever gets (a
 * million lists: 4 GiB of the 128 TiB a 64-bit process has).
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

/* reserved in 64 MiB pieces: enough for 16384 small lists each */
#define RESERVE_SIZE (64UL << 20)

static pthread_mutex_t va_lock = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t va_next, va_end; /* the unused rest of the piece */

static size_t page_round(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (size + page - 1) & ~(page - 1);
}

/* addresses for len bytes that nobody had before, or 0 */
static uintptr_t take_va(size_t len)
{
	uintptr_t at = 0;
	void *piece;

	pthread_mutex_lock(&va_lock);
	if (va_end - va_next < len) {
		size_t size = len > RESERVE_SIZE ? len : RESERVE_SIZE;

		/* the old piece's rest stays reserved: never reused either */
		piece = mmap(NULL, size, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			     0);
		if (piece == MAP_FAILED)
			goto out;
		va_next = (uintptr_t)piece;
		va_end = va_next + size;
	}
	at = va_next;
	va_next += len;
out:
	pthread_mutex_unlock(&va_lock);
	return at;
}

/*
 * size bytes, zeroed, at addresses no earlier block had; *unique false
 * when they came from malloc. NULL + errno when there is no memory.
 */
void *accel_unique_alloc(size_t size, bool *unique)
{
	size_t len = page_round(size);
	uintptr_t at = take_va(len);

	*unique = false;
	if (at && !mprotect((void *)at, len, PROT_READ | PROT_WRITE)) {
		*unique = true;
		return (void *)at;
	}
	if (at) {
		/* not committed (overcommit refused): the addresses stay burnt */
		errno = ENOMEM;
		return NULL;
	}
	return calloc(1, size);
}

void accel_unique_free(void *p, size_t size, bool unique)
{
	if (!unique) {
		free(p);
		return;
	}
	/*
	 * A fresh PROT_NONE mapping over the block drops its pages and keeps
	 * its addresses reserved; if even that fails, PROT_NONE keeps a stale
	 * reader from the data (the memory stays: a leak, never a reuse).
	 */
	if (mmap(p, page_round(size), PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1,
		 0) == MAP_FAILED)
		mprotect(p, page_round(size), PROT_NONE);
}

/* fork.c: a leaf lock, held across fork() so the child's is free */
void accel_unique_va_atfork(enum accel_fork_phase phase)
{
	if (phase == ACCEL_FORK_PREPARE)
		pthread_mutex_lock(&va_lock);
	else
		pthread_mutex_unlock(&va_lock);
}
