// SPDX-License-Identifier: MIT
/*
 * accel_rdma_pingpong - move data between accelerator BOs of two processes
 * (two machines) over an RC queue pair with SEND, RDMA WRITE and RDMA
 * READ, verify every byte and report in perftest's shape. See
 * accel_rdma_pingpong(1).
 *
 *   server: accel_rdma_pingpong [options]
 *   client: accel_rdma_pingpong [options] SERVER
 *
 * Each side allocates two BOs on its accelerator: a source it fills and a
 * destination the peer's bytes arrive in. They are registered through
 * accel_verbs_reg_bo() (dma-buf MR, else the host mapping when allowed),
 * and each side prints which path each took and why. This file sets up
 * the accelerator, the RDMA device and the connection; run.c moves and
 * measures. Exit status 0 when every transfer arrived intact, 1 on a
 * mismatch or error, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pingpong.h"

static void usage(FILE *out, const char *argv0)
{
	fprintf(out,
		"Usage: %s [options]            start a server and wait\n"
		"       %s [options] SERVER     connect to SERVER\n"
		"Options:\n"
		"  -p, --port=PORT        TCP port for the exchange (default 18515)\n"
		"  -d, --ib-dev=DEV       RDMA device (default: the first one)\n"
		"  -i, --ib-port=PORT     port of the RDMA device (default 1)\n"
		"  -g, --gid-idx=N        GID index (default: an IPv4 RoCE GID, else the first)\n"
		"  -D, --accel-device=NAME accelerator device (default: the first that opens)\n"
		"  -s, --size=BYTES       bytes per transfer (default 4096)\n"
		"  -a, --all              every size from 1 B to 64 MiB (powers of two)\n"
		"  -n, --iters=N          round trips per size (default 1000)\n"
		"  -c, --cap=BYTES        fewer round trips (at least 1) for sizes that\n"
		"                         would move more than BYTES each way\n"
		"  -V, --verb=VERB        send, write (default), read or all;\n"
		"                         repeat for several\n"
		"  -m, --mr=POLICY        auto: dma-buf, else host mapping (default);\n"
		"                         dmabuf: dma-buf only; host: host mapping only\n"
		"  -e, --events           sleep for completion events instead of polling\n"
		"  -h, --help\n",
		argv0, argv0);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "ib-dev", required_argument, NULL, 'd' },
		{ "ib-port", required_argument, NULL, 'i' },
		{ "gid-idx", required_argument, NULL, 'g' },
		{ "accel-dev", required_argument, NULL, 'D' },
		{ "accel-device", required_argument, NULL, 'D' },
		{ "size", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "iters", required_argument, NULL, 'n' },
		{ "cap", required_argument, NULL, 'c' },
		{ "verb", required_argument, NULL, 'V' },
		{ "mr", required_argument, NULL, 'm' },
		{ "events", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	char *end;
	int c;

	o->port = 18515;
	o->ib_port = 1;
	o->gid_idx = -1;
	o->size = 4096;
	o->iters = 1000;
	o->reg_flags = ACCEL_VERBS_REG_HOST_FALLBACK;
	while ((c = getopt_long(argc, argv, "p:d:i:g:D:s:an:c:V:m:eh", longopts,
				NULL)) != -1) {
		errno = 0;
		switch (c) {
		case 'p':
			o->port = (int)strtol(optarg, &end, 0);
			if (*end || o->port <= 0 || o->port > 65535)
				return -1;
			break;
		case 'd':
			o->ib_devname = optarg;
			break;
		case 'i':
			o->ib_port = (int)strtol(optarg, &end, 0);
			if (*end || o->ib_port < 1 || o->ib_port > 255)
				return -1;
			break;
		case 'g':
			o->gid_idx = (int)strtol(optarg, &end, 0);
			if (*end || o->gid_idx < 0)
				return -1;
			break;
		case 'D':
			o->accel_dev = optarg;
			break;
		case 's':
			o->size = strtoull(optarg, &end, 0);
			if (*end || errno || !o->size || o->size > (1ull << 31))
				return -1;
			break;
		case 'a':
			o->all_sizes = true;
			break;
		case 'n':
			o->iters = (unsigned int)strtoul(optarg, &end, 0);
			if (*end || errno || !o->iters || o->iters > 100000000)
				return -1;
			break;
		case 'c':
			o->cap = strtoull(optarg, &end, 0);
			if (*end || errno)
				return -1;
			break;
		case 'V':
			if (!strcmp(optarg, "send"))
				o->verbs |= PP_SEND;
			else if (!strcmp(optarg, "write"))
				o->verbs |= PP_WRITE;
			else if (!strcmp(optarg, "read"))
				o->verbs |= PP_READ;
			else if (!strcmp(optarg, "all"))
				o->verbs |= PP_SEND | PP_WRITE | PP_READ;
			else
				return -1;
			break;
		case 'm':
			if (!strcmp(optarg, "auto")) {
				o->reg_flags = ACCEL_VERBS_REG_HOST_FALLBACK;
			} else if (!strcmp(optarg, "dmabuf")) {
				o->reg_flags = 0;
				o->require_dmabuf = true;
			} else if (!strcmp(optarg, "host")) {
				o->reg_flags = ACCEL_VERBS_REG_HOST_ONLY;
			} else {
				return -1;
			}
			break;
		case 'e':
			o->events = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			return -1;
		}
	}
	if (!o->verbs)
		o->verbs = PP_WRITE;
	if (optind == argc - 1)
		o->server = argv[optind];
	else if (optind < argc)
		return -1;
	return 0;
}

static const char *errname(int err)
{
	switch (err) {
	case 0: return "none";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	default: return strerror(err);
	}
}

/* ------------------------------------------------------------------------ */
/* Accelerator side                                                         */
/* ------------------------------------------------------------------------ */

static struct accel_context *open_accel(const char *name)
{
	struct accel_context *ctx = NULL;
	struct accel_device **list;
	int i, num;

	list = accel_get_device_list(&num);
	if (!list) {
		perror("accel_get_device_list");
		return NULL;
	}
	for (i = 0; i < num && !ctx; i++) {
		if (name && strcmp(accel_device_name(list[i]), name))
			continue;
		ctx = accel_open_device(list[i]);
		if (ctx)
			printf("accel device: %s (%s)\n", accel_device_name(list[i]),
			       accel_device_driver(list[i]));
		else if (name)
			fprintf(stderr, "cannot open %s: %s\n", name, strerror(errno));
	}
	if (!ctx && !name)
		fprintf(stderr, "no accelerator device could be opened\n");
	if (!ctx && name && i == num)
		fprintf(stderr, "no accelerator device %s\n", name);
	accel_free_device_list(list);
	return ctx;
}

static struct accel_verbs_mr *reg(struct side *s, const struct opts *o,
				  struct accel_bo *bo, int access,
				  const char *what)
{
	struct accel_verbs_mr *amr;

	amr = accel_verbs_reg_bo(s->pd, bo, 0, 0, access, o->reg_flags);
	if (!amr) {
		fprintf(stderr, "%s BO: registration failed: %s\n", what,
			strerror(errno));
		return NULL;
	}
	/* the line the VM test reads */
	printf("%s BO: mr path %s, ibv_reg_dmabuf_mr %s%s\n", what,
	       accel_verbs_path_str(amr->path),
	       amr->fallback == ACCEL_VERBS_FALLBACK_NIC ? errname(amr->dmabuf_errno) :
	       amr->fallback == ACCEL_VERBS_FALLBACK_EXPORT ? "not tried" :
	       amr->path == ACCEL_VERBS_PATH_DMABUF ? "ok" : "not tried",
	       amr->fallback == ACCEL_VERBS_FALLBACK_EXPORT ? " (BO export refused)" : "");
	if (o->require_dmabuf && amr->path != ACCEL_VERBS_PATH_DMABUF) {
		accel_verbs_dereg_mr(amr);
		return NULL;
	}
	return amr;
}

static int setup_bos(struct side *s, const struct opts *o)
{
	s->actx = open_accel(o->accel_dev);
	if (!s->actx)
		return -1;
	/* every transfer uses the start of these */
	s->bo_size = o->all_sizes ? PP_MAX_ALL : o->size;
	s->src_bo = accel_bo_alloc(s->actx, s->bo_size, ACCEL_BO_HOST_VISIBLE);
	s->dst_bo = accel_bo_alloc(s->actx, s->bo_size, ACCEL_BO_HOST_VISIBLE);
	if (!s->src_bo || !s->dst_bo) {
		fprintf(stderr, "accel_bo_alloc: %s\n", strerror(errno));
		return -1;
	}
	/* filled and checked by the CPU; the transfers are the NIC's */
	s->src_map = accel_bo_map(s->src_bo);
	s->dst_map = accel_bo_map(s->dst_bo);
	if (!s->src_map || !s->dst_map) {
		fprintf(stderr, "accel_bo_map: %s (the BOs must be host-visible "
			"to be filled and checked)\n", strerror(errno));
		return -1;
	}
	memset(s->dst_map, 0, s->bo_size);
	/* the peer READs our source and WRITEs our destination */
	s->src = reg(s, o, s->src_bo, IBV_ACCESS_LOCAL_WRITE |
		     IBV_ACCESS_REMOTE_READ, "source");
	if (!s->src)
		return -1;
	s->dst = reg(s, o, s->dst_bo, IBV_ACCESS_LOCAL_WRITE |
		     IBV_ACCESS_REMOTE_WRITE, "destination");
	return s->dst ? 0 : -1;
}

/* ------------------------------------------------------------------------ */
/* RDMA side                                                                */
/* ------------------------------------------------------------------------ */

static bool gid_is_zero(const union ibv_gid *g)
{
	static const union ibv_gid zero;

	return !memcmp(g, &zero, sizeof(zero));
}

static bool gid_is_ipv4(const union ibv_gid *g)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return !memcmp(g->raw, prefix, sizeof(prefix));
}

static int pick_gid(struct side *s, const struct opts *o)
{
	int i, first = -1;

	if (o->gid_idx >= 0) {
		s->gid_idx = o->gid_idx;
		return ibv_query_gid(s->ib, (uint8_t)o->ib_port, o->gid_idx, &s->gid);
	}
	/* InfiniBand addresses by LID; RoCE needs a GID, IPv4 is the easy one */
	for (i = 0; i < s->port_attr.gid_tbl_len; i++) {
		union ibv_gid g;

		if (ibv_query_gid(s->ib, (uint8_t)o->ib_port, i, &g) || gid_is_zero(&g))
			continue;
		if (first < 0)
			first = i;
		if (gid_is_ipv4(&g)) {
			first = i;
			break;
		}
	}
	if (first < 0) {
		s->gid_idx = 0;
		memset(&s->gid, 0, sizeof(s->gid));
		return 0;
	}
	s->gid_idx = first;
	return ibv_query_gid(s->ib, (uint8_t)o->ib_port, first, &s->gid);
}

static int setup_rdma(struct side *s, const struct opts *o)
{
	struct ibv_device **list;
	struct ibv_device *dev = NULL;
	int i, n;

	list = ibv_get_device_list(&n);
	if (!list || !n) {
		fprintf(stderr, "no RDMA device\n");
		return -1;
	}
	for (i = 0; i < n && !dev; i++)
		if (!o->ib_devname || !strcmp(ibv_get_device_name(list[i]), o->ib_devname))
			dev = list[i];
	if (!dev) {
		fprintf(stderr, "no RDMA device %s\n", o->ib_devname);
		ibv_free_device_list(list);
		return -1;
	}
	s->ib = ibv_open_device(dev);
	printf("rdma device: %s port %d\n", ibv_get_device_name(dev), o->ib_port);
	ibv_free_device_list(list);
	if (!s->ib) {
		perror("ibv_open_device");
		return -1;
	}
	if (ibv_query_port(s->ib, (uint8_t)o->ib_port, &s->port_attr)) {
		perror("ibv_query_port");
		return -1;
	}
	if (pick_gid(s, o)) {
		perror("ibv_query_gid");
		return -1;
	}
	if (o->events) {
		s->channel = ibv_create_comp_channel(s->ib);
		if (!s->channel) {
			perror("ibv_create_comp_channel");
			return -1;
		}
	}
	s->pd = ibv_alloc_pd(s->ib);
	s->cq = s->pd ? ibv_create_cq(s->ib, 16, NULL, s->channel, 0) : NULL;
	if (!s->cq) {
		perror("ibv_alloc_pd/ibv_create_cq");
		return -1;
	}
	{
		struct ibv_qp_init_attr qia = {
			.send_cq = s->cq,
			.recv_cq = s->cq,
			.cap = { .max_send_wr = 4, .max_recv_wr = 4,
				 .max_send_sge = 1, .max_recv_sge = 1 },
			.qp_type = IBV_QPT_RC,
		};
		struct ibv_qp_attr qa = {
			.qp_state = IBV_QPS_INIT,
			.pkey_index = 0,
			.port_num = (uint8_t)o->ib_port,
			.qp_access_flags = IBV_ACCESS_REMOTE_WRITE |
					   IBV_ACCESS_REMOTE_READ,
		};

		s->qp = ibv_create_qp(s->pd, &qia);
		if (!s->qp) {
			perror("ibv_create_qp");
			return -1;
		}
		if (ibv_modify_qp(s->qp, &qa, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
				  IBV_QP_PORT | IBV_QP_ACCESS_FLAGS)) {
			perror("ibv_modify_qp INIT");
			return -1;
		}
	}
	return 0;
}

static int connect_qp(struct side *s, const struct opts *o,
		      const struct peer *me, const struct peer *rem)
{
	struct ibv_qp_attr a = {
		.qp_state = IBV_QPS_RTR,
		.path_mtu = s->port_attr.active_mtu,
		.dest_qp_num = rem->qpn,
		.rq_psn = rem->psn,
		.max_dest_rd_atomic = 1,
		.min_rnr_timer = 12,
		.ah_attr = {
			.dlid = (uint16_t)rem->lid,
			.sl = 0,
			.src_path_bits = 0,
			.port_num = (uint8_t)o->ib_port,
		},
	};

	if (!gid_is_zero(&rem->gid)) {
		a.ah_attr.is_global = 1;
		a.ah_attr.grh.hop_limit = 1;
		a.ah_attr.grh.dgid = rem->gid;
		a.ah_attr.grh.sgid_index = (uint8_t)s->gid_idx;
	}
	if (ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
			  IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
			  IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER)) {
		perror("ibv_modify_qp RTR");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = me->psn;
	a.max_rd_atomic = 1;
	if (ibv_modify_qp(s->qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT |
			  IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN |
			  IBV_QP_MAX_QP_RD_ATOMIC)) {
		perror("ibv_modify_qp RTS");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* The exchange over TCP                                                    */
/* ------------------------------------------------------------------------ */

#define MSG_LEN 256

static void peer_to_msg(const struct peer *p, char *msg)
{
	char gid[33];
	int i;

	for (i = 0; i < 16; i++)
		sprintf(gid + 2 * i, "%02x", p->gid.raw[i]);
	memset(msg, 0, MSG_LEN);
	snprintf(msg, MSG_LEN, "%04x:%06x:%06x:%s:%016" PRIx64 ":%08x:%016" PRIx64
		 ":%08x:%016" PRIx64 ":%x:%x:%" PRIx64 ":%x",
		 p->lid, p->qpn, p->psn, gid, p->dst_addr, p->dst_rkey,
		 p->src_addr, p->src_rkey, p->size, p->verbs, p->iters, p->cap,
		 p->all);
}

static int msg_to_peer(const char *msg, struct peer *p)
{
	char gid[33];
	unsigned int b;
	int i;

	if (sscanf(msg, "%x:%x:%x:%32[0-9a-f]:%" SCNx64 ":%x:%" SCNx64 ":%x:%"
		   SCNx64 ":%x:%x:%" SCNx64 ":%x",
		   &p->lid, &p->qpn, &p->psn, gid, &p->dst_addr, &p->dst_rkey,
		   &p->src_addr, &p->src_rkey, &p->size, &p->verbs, &p->iters,
		   &p->cap, &p->all) != 13 || strlen(gid) != 32)
		return -1;
	for (i = 0; i < 16; i++) {
		if (sscanf(gid + 2 * i, "%2x", &b) != 1)
			return -1;
		p->gid.raw[i] = (uint8_t)b;
	}
	return 0;
}

static int full_io(int fd, void *buf, size_t len, bool rd)
{
	char *p = buf;

	while (len) {
		ssize_t n = rd ? read(fd, p, len) : write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int tcp_connect(const struct opts *o)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *r;
	char port[8];
	int fd = -1, tries;

	snprintf(port, sizeof(port), "%d", o->port);
	if (getaddrinfo(o->server, port, &hints, &res)) {
		fprintf(stderr, "cannot resolve %s\n", o->server);
		return -1;
	}
	/* the server may still be starting: retry for a few seconds */
	for (tries = 0; tries < 50 && fd < 0; tries++) {
		for (r = res; r; r = r->ai_next) {
			fd = socket(r->ai_family, r->ai_socktype | SOCK_CLOEXEC,
				    r->ai_protocol);
			if (fd < 0)
				continue;
			if (!connect(fd, r->ai_addr, r->ai_addrlen))
				break;
			close(fd);
			fd = -1;
		}
		if (fd < 0)
			usleep(100000);
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "cannot connect to %s:%d\n", o->server, o->port);
	return fd;
}

static int tcp_accept(const struct opts *o)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_addr = IN6ADDR_ANY_INIT };
	int one = 1, ls, fd;

	ls = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0) {
		/* no IPv6 in this kernel: IPv4 alone */
		struct sockaddr_in a4 = { .sin_family = AF_INET,
					  .sin_port = htons((uint16_t)o->port) };

		ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(ls, (struct sockaddr *)&a4, sizeof(a4))) {
			perror("socket/bind");
			return -1;
		}
	} else {
		a.sin6_port = htons((uint16_t)o->port);
		if (setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(ls, (struct sockaddr *)&a, sizeof(a))) {
			perror("bind");
			close(ls);
			return -1;
		}
	}
	if (listen(ls, 1)) {
		perror("listen");
		close(ls);
		return -1;
	}
	printf("waiting for a client on port %d\n", o->port);
	fflush(stdout);
	fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		perror("accept");
	close(ls);
	return fd;
}

static void teardown(struct side *s)
{
	if (s->qp)
		ibv_destroy_qp(s->qp);
	if (s->dst)
		accel_verbs_dereg_mr(s->dst);
	if (s->src)
		accel_verbs_dereg_mr(s->src);
	if (s->cq)
		ibv_destroy_cq(s->cq);
	if (s->channel)
		ibv_destroy_comp_channel(s->channel);
	if (s->pd)
		ibv_dealloc_pd(s->pd);
	if (s->ib)
		ibv_close_device(s->ib);
	if (s->actx)
		accel_close_device(s->actx);	/* frees the BOs */
}

/* both sides must run the same plan, or the turns do not match */
static int same_plan(const struct peer *me, const struct peer *rem)
{
	if (rem->size == me->size && rem->verbs == me->verbs &&
	    rem->iters == me->iters && rem->cap == me->cap && rem->all == me->all)
		return 0;
	fprintf(stderr, "the peer runs another plan: %" PRIu64 " bytes, verbs %#x, "
		"%u iterations, cap %" PRIu64 ", all %u; we %" PRIu64 ", %#x, %u, %"
		PRIu64 ", %u\n", rem->size, rem->verbs, rem->iters, rem->cap,
		rem->all, me->size, me->verbs, me->iters, me->cap, me->all);
	return -1;
}

int main(int argc, char **argv)
{
	char msg[MSG_LEN], rmsg[MSG_LEN];
	struct peer me, rem;
	struct opts o = { 0 };
	struct side s = { .fd = -1 };
	int ret = 1;

	if (parse_args(argc, argv, &o)) {
		usage(stderr, argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	srand48((long)getpid() * (long)time(NULL));
	if (setup_rdma(&s, &o) || setup_bos(&s, &o))
		goto out;

	memset(&me, 0, sizeof(me));
	me.lid = s.port_attr.lid;
	me.qpn = s.qp->qp_num;
	me.psn = (uint32_t)lrand48() & 0xffffff;
	me.gid = s.gid;
	me.dst_addr = s.dst->iova;
	me.dst_rkey = s.dst->mr->rkey;
	me.src_addr = s.src->iova;
	me.src_rkey = s.src->mr->rkey;
	me.size = s.bo_size;
	me.verbs = o.verbs;
	me.iters = o.iters;
	me.cap = o.cap;
	me.all = o.all_sizes;
	peer_to_msg(&me, msg);

	s.fd = o.server ? tcp_connect(&o) : tcp_accept(&o);
	if (s.fd < 0)
		goto out;
	if (full_io(s.fd, msg, sizeof(msg), false) ||
	    full_io(s.fd, rmsg, sizeof(rmsg), true) || msg_to_peer(rmsg, &rem)) {
		fprintf(stderr, "bad exchange with the peer\n");
		goto out;
	}
	if (same_plan(&me, &rem))
		goto out;
	printf("local:  qpn %#06x psn %#06x gid index %d\n", me.qpn, me.psn, s.gid_idx);
	printf("remote: qpn %#06x psn %#06x dst rkey %#x addr %#" PRIx64
	       ", src rkey %#x addr %#" PRIx64 "\n", rem.qpn, rem.psn,
	       rem.dst_rkey, rem.dst_addr, rem.src_rkey, rem.src_addr);
	/* pp_run_all's first barrier: both QPs are ready to receive */
	if (connect_qp(&s, &o, &me, &rem) || pp_run_all(&s, &o, &rem))
		goto out;
	ret = 0;
out:
	if (s.fd >= 0)
		close(s.fd);
	teardown(&s);
	return ret;
}
