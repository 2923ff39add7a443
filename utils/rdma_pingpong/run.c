// SPDX-License-Identifier: MIT
/*
 * accel_rdma_pingpong's transfers. For each verb and size both sides take
 * turns: the client moves its bytes to the server (SEND, WRITE) or the
 * server's bytes to itself (READ), checks what it has to check, and the
 * server answers in kind; each side verifies every byte that reaches its
 * destination BO. Each side times its own transfers (post to completion:
 * the bandwidth) and its round trips (post to the peer's next transfer
 * reaching it: the latency, halved as perftest's ib_send_lat does).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pingpong.h"

/* perftest's unit: MB/sec is 2^20 bytes per second */
#define MEGA 1048576.0

enum { WR_SEND = 1, WR_RECV = 2 };

static const char *verb_name(uint32_t verb)
{
	return verb == PP_SEND ? "SEND" : verb == PP_WRITE ? "RDMA WRITE" : "RDMA READ";
}

static double now_usec(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* ------------------------------------------------------------------------ */
/* The bytes: a different pattern per verb, size, iteration and side         */
/* ------------------------------------------------------------------------ */

static uint64_t seed_of(uint32_t verb, uint64_t size, unsigned int it, int who)
{
	return (uint64_t)verb << 56 ^ size << 20 ^ (uint64_t)it << 1 ^ (uint64_t)who;
}

/* splitmix64: a word of the pattern */
static uint64_t word(uint64_t seed, uint64_t w)
{
	uint64_t x = seed + (w + 1) * 0x9e3779b97f4a7c15ull;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fill(uint8_t *p, uint64_t size, uint64_t seed)
{
	uint64_t w, x;

	for (w = 0; w < size / 8; w++) {
		x = word(seed, w);
		memcpy(p + w * 8, &x, 8);
	}
	if (size % 8) {
		x = word(seed, w);
		memcpy(p + w * 8, &x, size % 8);
	}
}

/* the first byte that differs, or -1 */
static int64_t check(const uint8_t *p, uint64_t size, uint64_t seed,
		     uint8_t *expect)
{
	uint64_t w, i, n;
	uint8_t x[8];

	for (w = 0; w * 8 < size; w++) {
		uint64_t v = word(seed, w);

		memcpy(x, &v, 8);
		n = size - w * 8 < 8 ? size - w * 8 : 8;
		if (!memcmp(p + w * 8, x, n))
			continue;
		for (i = 0; i < n; i++)
			if (p[w * 8 + i] != x[i]) {
				*expect = x[i];
				return (int64_t)(w * 8 + i);
			}
	}
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Work requests and completions                                            */
/* ------------------------------------------------------------------------ */

/* a receive: on the destination BO for SEND, empty for the notifications */
static int post_recv(struct side *s, uint32_t verb, uint64_t size)
{
	struct ibv_sge sge = {
		.addr = s->dst->iova,
		.length = (uint32_t)size,
		.lkey = s->dst->mr->lkey,
	};
	struct ibv_recv_wr wr = { .wr_id = WR_RECV }, *bad;

	if (verb == PP_SEND) {
		wr.sg_list = &sge;
		wr.num_sge = 1;
	}
	if (ibv_post_recv(s->qp, &wr, &bad)) {
		perror("ibv_post_recv");
		return -1;
	}
	return 0;
}

/* the transfer of one iteration; READ lands in our destination BO */
static int post_xfer(struct side *s, const struct peer *rem, uint32_t verb,
		     uint64_t size, unsigned int it)
{
	struct ibv_sge sge = {
		.addr = verb == PP_READ ? s->dst->iova : s->src->iova,
		.length = (uint32_t)size,
		.lkey = verb == PP_READ ? s->dst->mr->lkey : s->src->mr->lkey,
	};
	struct ibv_send_wr wr = {
		.wr_id = WR_SEND,
		.sg_list = &sge,
		.num_sge = 1,
		.send_flags = IBV_SEND_SIGNALED,
		.imm_data = htonl(it),
	}, *bad;

	if (verb == PP_SEND) {
		wr.opcode = IBV_WR_SEND_WITH_IMM;
	} else if (verb == PP_WRITE) {
		wr.opcode = IBV_WR_RDMA_WRITE_WITH_IMM;
		wr.wr.rdma.remote_addr = rem->dst_addr;
		wr.wr.rdma.rkey = rem->dst_rkey;
	} else {
		wr.opcode = IBV_WR_RDMA_READ;
		wr.wr.rdma.remote_addr = rem->src_addr;
		wr.wr.rdma.rkey = rem->src_rkey;
	}
	if (ibv_post_send(s->qp, &wr, &bad)) {
		fprintf(stderr, "ibv_post_send (%s): %s\n", verb_name(verb),
			strerror(errno));
		return -1;
	}
	return 0;
}

/* READ's turn: "your bytes are read, mine are ready" (a SEND, no data) */
static int post_token(struct side *s, unsigned int it)
{
	struct ibv_send_wr wr = {
		.wr_id = WR_SEND,
		.opcode = IBV_WR_SEND_WITH_IMM,
		.send_flags = IBV_SEND_SIGNALED,
		.imm_data = htonl(it),
	}, *bad;

	if (ibv_post_send(s->qp, &wr, &bad)) {
		perror("ibv_post_send (token)");
		return -1;
	}
	return 0;
}

/* sleep until the CQ has news (events mode) */
static int wait_event(struct side *s)
{
	struct ibv_cq *cq;
	void *cq_ctx;

	if (ibv_get_cq_event(s->channel, &cq, &cq_ctx)) {
		perror("ibv_get_cq_event");
		return -1;
	}
	ibv_ack_cq_events(cq, 1);
	return 0;
}

/* wait for a completion of wr_id; the immediate of a receive in *imm */
static int wait_wc(struct side *s, uint64_t wr_id, uint32_t *imm)
{
	struct ibv_wc wc;
	int n;

	for (;;) {
		if (wr_id == WR_SEND && s->sends_done) {
			s->sends_done--;
			return 0;
		}
		if (wr_id == WR_RECV && s->recvs_done) {
			s->recvs_done--;
			if (imm)
				*imm = s->recv_imm;
			return 0;
		}
		n = ibv_poll_cq(s->cq, 1, &wc);
		if (!n && s->channel) {
			/* arm, then look again: a completion may have slipped in */
			if (ibv_req_notify_cq(s->cq, 0)) {
				fprintf(stderr, "ibv_req_notify_cq failed\n");
				return -1;
			}
			n = ibv_poll_cq(s->cq, 1, &wc);
			if (!n && wait_event(s))
				return -1;
		}
		if (n < 0) {
			fprintf(stderr, "ibv_poll_cq failed\n");
			return -1;
		}
		if (!n)
			continue;
		if (wc.status != IBV_WC_SUCCESS) {
			fprintf(stderr, "completion %" PRIu64 ": %s\n", wc.wr_id,
				ibv_wc_status_str(wc.status));
			return -1;
		}
		if (wc.wr_id == WR_SEND) {
			s->sends_done++;
		} else {
			/* one receive is posted at a time */
			s->recvs_done++;
			s->recv_imm = ntohl(wc.imm_data);
		}
	}
}

/* both sides here before either goes on */
static int barrier(struct side *s)
{
	char c = 'b', r;
	ssize_t n;

	n = write(s->fd, &c, 1);
	if (n == 1)
		n = read(s->fd, &r, 1);
	if (n != 1) {
		fprintf(stderr, "the peer went away\n");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* One verb at one size                                                     */
/* ------------------------------------------------------------------------ */

struct stats {
	double *xfer;		/* usec, post to own completion, per iteration */
	double *rtt;		/* usec, post to the peer's next arrival */
	unsigned int n_xfer, n_rtt;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int verify(struct side *s, uint32_t verb, uint64_t size,
		  unsigned int it, int peer)
{
	uint8_t expect = 0;
	int64_t bad = check(s->dst_map, size, seed_of(verb, size, it, peer), &expect);

	if (bad < 0)
		return 0;
	fprintf(stderr, "%s, %" PRIu64 " bytes, iteration %u: byte %" PRId64
		" differs: %#x, expected %#x\n", verb_name(verb), size, it, bad,
		s->dst_map[bad], expect);
	return -1;
}

/* the peer's turn has come: its transfer (or READ's token) arrived */
static int wait_peer(struct side *s, unsigned int it)
{
	uint32_t imm;

	if (wait_wc(s, WR_RECV, &imm))
		return -1;
	if (imm != it) {
		fprintf(stderr, "iteration %u: the peer's immediate is %u\n", it, imm);
		return -1;
	}
	return 0;
}

/*
 * Our turn in iteration it: move the bytes (and for READ check them and
 * hand the turn back), timed. SEND and WRITE need our source filled first.
 */
static int my_turn(struct side *s, const struct peer *rem, uint32_t verb,
		   uint64_t size, unsigned int it, int me, struct stats *st,
		   double *t_post)
{
	double t0;

	if (verb != PP_READ)
		fill(s->src_map, size, seed_of(verb, size, it, me));
	t0 = now_usec();
	*t_post = t0;
	if (post_xfer(s, rem, verb, size, it) || wait_wc(s, WR_SEND, NULL))
		return -1;
	st->xfer[st->n_xfer++] = now_usec() - t0;
	if (verb != PP_READ)
		return 0;
	if (verify(s, verb, size, it, !me))
		return -1;
	/* the peer reads these once it has the token: the client is read in
	 * this iteration, the server in the next */
	fill(s->src_map, size, seed_of(verb, size, it + (unsigned int)me, me));
	return post_token(s, it) || wait_wc(s, WR_SEND, NULL) ? -1 : 0;
}

static int phase(struct side *s, const struct opts *o, const struct peer *rem,
		 uint32_t verb, uint64_t size, unsigned int iters, struct stats *st)
{
	bool client = o->server != NULL;
	int me = client ? 0 : 1, peer = !me;
	double t_post = 0;
	unsigned int it;

	st->n_xfer = st->n_rtt = 0;
	/* READ: the server's bytes for iteration 0 are there before we start */
	if (verb == PP_READ && !client)
		fill(s->src_map, size, seed_of(verb, size, 0, me));
	/* a receive is posted before the peer can send: the barrier orders it */
	if (post_recv(s, verb, size) || barrier(s))
		return -1;
	for (it = 0; it < iters; it++) {
		if (client && my_turn(s, rem, verb, size, it, me, st, &t_post))
			return -1;
		if (wait_peer(s, it))
			return -1;
		if (t_post)
			st->rtt[st->n_rtt++] = now_usec() - t_post;
		/* one arrival per iteration from the peer */
		if (it + 1 < iters && post_recv(s, verb, size))
			return -1;
		if (verb != PP_READ && verify(s, verb, size, it, peer))
			return -1;
		if (!client && my_turn(s, rem, verb, size, it, me, st, &t_post))
			return -1;
	}
	printf("verified %u transfers of %" PRIu64 " bytes from the peer\n",
	       iters, size);
	/* neither moves to the next phase's buffers while the peer checks */
	return barrier(s);
}

static void report(uint64_t size, unsigned int iters, struct stats *st)
{
	double total = 0, best = 0, typical = 0;
	unsigned int i;

	for (i = 0; i < st->n_xfer; i++) {
		total += st->xfer[i];
		if (st->xfer[i] > 0 && (!best || st->xfer[i] < best))
			best = st->xfer[i];
	}
	if (st->n_rtt) {
		qsort(st->rtt, st->n_rtt, sizeof(double), cmp_double);
		typical = st->rtt[st->n_rtt / 2] / 2;
	}
	printf(" %-10" PRIu64 " %-14u %-18.2f %-20.2f %-.2f\n", size, iters,
	       best ? (double)size / best * 1e6 / MEGA : 0,
	       total ? (double)size * st->n_xfer / total * 1e6 / MEGA : 0,
	       typical);
}

/* --cap: fewer iterations (at least one) for the large sizes */
static unsigned int iters_for(const struct opts *o, uint64_t size)
{
	uint64_t n = o->iters;

	if (o->cap && size * n > o->cap)
		n = o->cap / size;
	return n ? (unsigned int)n : 1;
}

int pp_run_all(struct side *s, const struct opts *o, const struct peer *rem)
{
	static const uint32_t order[] = { PP_SEND, PP_WRITE, PP_READ };
	struct stats st = { 0 };
	uint64_t size, first, last;
	unsigned int v, iters;
	int ret = -1;

	st.xfer = calloc(o->iters, sizeof(double));
	st.rtt = calloc(o->iters, sizeof(double));
	if (!st.xfer || !st.rtt) {
		perror("calloc");
		goto out;
	}
	first = o->all_sizes ? 1 : o->size;
	last = o->all_sizes ? PP_MAX_ALL : o->size;
	for (v = 0; v < sizeof(order) / sizeof(order[0]); v++) {
		if (!(o->verbs & order[v]))
			continue;
		printf("---------------------------------------------------------------------------\n");
		printf(" %s, RC, %s BOs, mr path %s\n", verb_name(order[v]),
		       accel_device_name(accel_context_device(s->actx)),
		       accel_verbs_path_str(s->dst->path));
		printf(" #bytes     #iterations    BW peak[MB/sec]    BW average[MB/sec]   t_typical[usec]\n");
		for (size = first; size <= last; size *= 2) {
			iters = iters_for(o, size);
			if (phase(s, o, rem, order[v], size, iters, &st))
				goto out;
			report(size, iters, &st);
		}
	}
	printf("---------------------------------------------------------------------------\n");
	ret = 0;
out:
	free(st.xfer);
	free(st.rtt);
	return ret;
}
