// SPDX-License-Identifier: MIT
/*
 * qaic MANAGE: the kernel's side exactly as qaic_control.c of Linux 7.2
 * does it (qaic_manage_ioctl, qaic_manage, encode_message and the
 * encode_* checks, decode_message and the decode_* rules), with a minimal
 * emulated firmware (QSM) where the kernel forwards the message:
 *
 *  - PASSTHROUGH: the firmware echoes the payload back as a
 *    PASSTHROUGH_FROM_DEV transaction (a loopback NNC);
 *  - DMA_XFER: it reads the user's data and answers nothing; a transfer
 *    that needs more than one wire message (DMA_XFER_CONT) is not
 *    emulated;
 *  - ACTIVATE: it assigns the lowest DBC not in use (status 0), or answers
 *    status 1 when all 16 are taken (the kernel's ECANCELED); it loads no
 *    network and takes any options;
 *  - DEACTIVATE: the kernel sends the firmware nothing for it (it only
 *    disables the DBC, encode_deactivate()); a real user sends the
 *    firmware's own NNC command alongside. The emulated firmware acts as
 *    if it had and answers DEACTIVATE_FROM_DEV (status 0) for each DBC
 *    the message disabled, where the DEACTIVATE stood;
 *  - STATUS: NNC 5.0 (CNTL_MAJOR.CNTL_MINOR), status 0, no CRC.
 * Answers never need a CRC (status_flags bit 0 clear), so EPIPE from a
 * bad CRC does not happen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shim_qaic.h"

#define WIRE_HDR_LEN		32	/* struct wire_msg_hdr */
#define WIRE_MSG_LENGTH		65536	/* QAIC_MANAGE_WIRE_MSG_LENGTH */
#define WIRE_ASP_LEN		16	/* struct wire_addr_size_pair */
#define WIRE_DMA_HDR_LEN	24	/* struct wire_trans_dma_xfer */
#define PAGE			4096ull

/* struct manage_msg: the kernel's copy of the user's message */
struct kmsg {
	uint32_t len;
	uint32_t count;
	uint8_t data[QAIC_MANAGE_MAX_MSG_LENGTH];
};

/* what encode_message() hands the firmware, in order */
struct fw_req {
	uint32_t type;			/* *_TO_DEV, or DEACTIVATE_FROM_USR */
	const struct qaic_manage_trans_hdr *trans;
	uint32_t nelem;			/* ACTIVATE */
	uint32_t dbc_id;		/* DEACTIVATE */
};

struct resources {
	bool buf;			/* an ACTIVATE's queues are allocated */
	uint32_t nelem;
	struct fw_req req[QAIC_MANAGE_MAX_MSG_LENGTH / 8];
	uint32_t nreq;
	/* the wire message's length: header and transactions */
	uint32_t wire_len;
};

/* the firmware's answer: a wire message */
struct wire {
	uint32_t len;			/* header included */
	uint32_t count;
	uint8_t data[WIRE_MSG_LENGTH];
};

static int encode_passthrough(struct resources *r, const struct qaic_manage_trans_hdr *t)
{
	if (t->len % 8)
		return -EINVAL;
	if (r->wire_len + (uint64_t)t->len > WIRE_MSG_LENGTH)
		return -ENOSPC;
	r->wire_len += t->len;
	r->req[r->nreq++] = (struct fw_req){ .type = QAIC_TRANS_PASSTHROUGH_TO_DEV, .trans = t };
	return 0;
}

/* find_and_map_user_pages() and encode_addr_size_pairs() */
static int encode_dma(struct resources *r, const struct qaic_manage_trans_hdr *hdr)
{
	const struct qaic_manage_trans_dma_xfer *t = (const void *)hdr;
	uint64_t end, total, pages;
	void *probe;
	int ret;

	if (r->wire_len + (uint64_t)WIRE_DMA_HDR_LEN + WIRE_ASP_LEN > WIRE_MSG_LENGTH)
		return -ENOMEM;
	if (!t->size || __builtin_add_overflow(t->addr, t->size, &end))
		return -EINVAL;
	total = t->size + (t->addr & (PAGE - 1));
	if (total >= SIZE_MAX)
		return -EINVAL;
	pages = (total + PAGE - 1) / PAGE;
	/* one pair per page at worst, 1 KiB kept free: else DMA_XFER_CONT */
	if (r->wire_len + WIRE_DMA_HDR_LEN + pages * WIRE_ASP_LEN + 1024 > WIRE_MSG_LENGTH)
		shim_not_emulated("qaic", "MANAGE DMA_XFER needing DMA_XFER_CONT");
	/* get_user_pages_fast(): every page must be there */
	probe = malloc(t->size);
	if (!probe)
		return -ENOMEM;
	ret = shim_copy_from_user(probe, t->addr, t->size);
	free(probe);
	if (ret)
		return -EFAULT;
	r->wire_len += WIRE_DMA_HDR_LEN + (uint32_t)pages * WIRE_ASP_LEN;
	r->req[r->nreq++] = (struct fw_req){ .type = QAIC_TRANS_DMA_XFER_TO_DEV, .trans = hdr };
	return 0;
}

static int encode_activate(struct resources *r, const struct qaic_manage_trans_hdr *hdr)
{
	const struct qaic_manage_trans_activate_to_dev *t = (const void *)hdr;
	uint32_t size;

	if (r->wire_len + 40ull > WIRE_MSG_LENGTH)	/* wire activate_to_dev */
		return -ENOSPC;
	if (!t->queue_size)
		return -EINVAL;
	if (t->pad)
		return -EINVAL;
	if (__builtin_mul_overflow((uint32_t)(QAIC_REQ_ELEM_SIZE + QAIC_RSP_ELEM_SIZE),
				   t->queue_size, &size))
		return -EINVAL;
	if (size + 256u + 4096u < size)
		return -EINVAL;
	/* the kernel allocates the queues here (dma_alloc_coherent) */
	r->buf = true;
	r->nelem = t->queue_size;
	r->wire_len += 40;
	r->req[r->nreq++] = (struct fw_req){ .type = QAIC_TRANS_ACTIVATE_TO_DEV, .trans = hdr,
					     .nelem = t->queue_size };
	return 0;
}

/* encode_deactivate() + disable_dbc(): local only, nothing on the wire */
static int encode_deactivate(struct qaic_dev *qd, struct qaic_usr *usr, struct resources *r,
			     const struct qaic_manage_trans_hdr *hdr)
{
	const struct qaic_manage_trans_deactivate *t = (const void *)hdr;
	struct qaic_dbc *dbc;

	if (t->dbc_id >= QAIC_DBC_NUM || t->pad)
		return -EINVAL;
	dbc = &qd->dbc[t->dbc_id];
	if (!dbc->usr || dbc->usr->handle != usr->handle)
		return -EPERM;
	dbc->usr = NULL;
	r->req[r->nreq++] = (struct fw_req){ .type = QAIC_TRANS_DEACTIVATE_FROM_USR,
					     .dbc_id = t->dbc_id };
	return 0;
}

static int encode_status(struct resources *r, const struct qaic_manage_trans_hdr *t)
{
	if (r->wire_len + (uint64_t)t->len > WIRE_MSG_LENGTH)
		return -ENOSPC;
	r->wire_len += t->len;
	r->req[r->nreq++] = (struct fw_req){ .type = QAIC_TRANS_STATUS_TO_DEV, .trans = t };
	return 0;
}

static int encode_message(struct qaic_dev *qd, struct qaic_usr *usr, struct kmsg *m,
			  struct resources *r)
{
	uint32_t user_len = 0, i;
	int ret = 0;

	if (!m->count || m->len < sizeof(struct qaic_manage_trans_hdr))
		return -EINVAL;
	r->wire_len = WIRE_HDR_LEN;
	for (i = 0; i < m->count; ++i) {
		const struct qaic_manage_trans_hdr *t;

		if (user_len > m->len - sizeof(*t))
			return -EINVAL;
		t = (const void *)(m->data + user_len);
		if (t->len < sizeof(*t) || (uint64_t)user_len + t->len > m->len)
			return -EINVAL;
		switch (t->type) {
		case QAIC_TRANS_PASSTHROUGH_FROM_USR:
			ret = encode_passthrough(r, t);
			break;
		case QAIC_TRANS_DMA_XFER_FROM_USR:
			ret = encode_dma(r, t);
			break;
		case QAIC_TRANS_ACTIVATE_FROM_USR:
			ret = encode_activate(r, t);
			break;
		case QAIC_TRANS_DEACTIVATE_FROM_USR:
			ret = encode_deactivate(qd, usr, r, t);
			break;
		case QAIC_TRANS_STATUS_FROM_USR:
			ret = encode_status(r, t);
			break;
		default:
			ret = -EINVAL;
			break;
		}
		if (ret)
			return ret;
		/* each encoder adds the user's hdr.len, whatever it read */
		user_len += t->len;
	}
	if (user_len != m->len)
		return -EINVAL;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* the emulated firmware                                                    */
/* ------------------------------------------------------------------------ */

static void *wire_add(struct wire *w, uint32_t type, uint32_t len)
{
	struct qaic_manage_trans_hdr *h = (void *)(w->data + (w->len - WIRE_HDR_LEN));

	h->type = type;
	h->len = len;
	w->len += len;
	w->count++;
	return h;
}

static void firmware(struct qaic_dev *qd, const struct resources *r, struct wire *w)
{
	bool taken[QAIC_DBC_NUM] = { false };
	uint32_t i, d;

	w->len = WIRE_HDR_LEN;
	for (i = 0; i < r->nreq; i++) {
		const struct fw_req *q = &r->req[i];

		switch (q->type) {
		case QAIC_TRANS_PASSTHROUGH_TO_DEV: {
			struct qaic_manage_trans_hdr *h;

			if (w->len + q->trans->len > sizeof(w->data))
				break;
			h = wire_add(w, QAIC_TRANS_PASSTHROUGH_FROM_DEV, q->trans->len);
			memcpy(h + 1, q->trans + 1, q->trans->len - sizeof(*h));
			break;
		}
		case QAIC_TRANS_ACTIVATE_TO_DEV: {
			struct qaic_manage_trans_activate_from_dev *a;

			for (d = 0; d < QAIC_DBC_NUM && (qd->dbc[d].in_use || taken[d]); d++)
				;
			a = wire_add(w, QAIC_TRANS_ACTIVATE_FROM_DEV, sizeof(*a));
			a->status = d < QAIC_DBC_NUM ? 0 : 1;
			a->dbc_id = d < QAIC_DBC_NUM ? d : 0;
			a->options = 0;
			if (d < QAIC_DBC_NUM)
				taken[d] = true;
			break;
		}
		case QAIC_TRANS_DEACTIVATE_FROM_USR: {
			/* struct wire_trans_deactivate_from_dev: status, dbc_id */
			uint32_t *p = wire_add(w, QAIC_TRANS_DEACTIVATE_FROM_DEV, 16);

			p[2] = 0;
			p[3] = q->dbc_id;
			break;
		}
		case QAIC_TRANS_STATUS_TO_DEV: {
			struct qaic_manage_trans_status_from_dev *s;

			s = wire_add(w, QAIC_TRANS_STATUS_FROM_DEV, sizeof(*s));
			s->major = QAIC_CNTL_MAJOR;
			s->minor = QAIC_CNTL_MINOR;
			s->status = 0;
			s->status_flags = 0;
			break;
		}
		default:
			/* DMA_XFER_TO_DEV: consumed, no answer */
			break;
		}
	}
}

/* ------------------------------------------------------------------------ */
/* decode_message()                                                         */
/* ------------------------------------------------------------------------ */

static int decode_passthrough(struct kmsg *m, const struct qaic_manage_trans_hdr *in,
			      uint32_t *msg_len)
{
	struct qaic_manage_trans_hdr *out = (void *)(m->data + m->len);

	if (in->len % 8)
		return -EINVAL;
	if (m->len + in->len > QAIC_MANAGE_MAX_MSG_LENGTH)
		return -ENOSPC;
	memcpy(out + 1, in + 1, in->len - sizeof(*in));
	m->len += in->len;
	*msg_len += in->len;
	out->type = in->type;
	out->len = in->len;
	return 0;
}

static int decode_activate(struct qaic_dev *qd, struct qaic_usr *usr, struct kmsg *m,
			   const struct qaic_manage_trans_hdr *hdr, uint32_t *msg_len,
			   struct resources *r)
{
	const struct qaic_manage_trans_activate_from_dev *in = (const void *)hdr;
	struct qaic_manage_trans_activate_from_dev *out = (void *)(m->data + m->len);
	struct qaic_dbc *dbc;

	if (m->len + hdr->len > QAIC_MANAGE_MAX_MSG_LENGTH)
		return -ENOSPC;
	m->len += hdr->len;
	*msg_len += hdr->len;
	out->hdr.type = hdr->type;
	out->hdr.len = hdr->len;
	out->status = in->status;
	out->dbc_id = in->dbc_id;
	out->options = in->options;
	if (!r->buf)
		return -EINVAL;
	if (out->dbc_id >= QAIC_DBC_NUM)
		return -ENODEV;
	if (out->status)
		return -ECANCELED;
	/* save_dbc_buf() */
	dbc = &qd->dbc[out->dbc_id];
	dbc->nelem = r->nelem;
	dbc->queued = 0;
	dbc->usr = usr;
	dbc->in_use = true;
	r->buf = false;
	qaic_set_dbc_state(qd, out->dbc_id, QAIC_DBC_STATE_ASSIGNED);
	return 0;
}

static int decode_deactivate(struct qaic_dev *qd, struct qaic_usr *usr,
			     const struct qaic_manage_trans_hdr *hdr, uint32_t *msg_len)
{
	const uint32_t *in = (const void *)hdr;
	uint32_t status = in[2], dbc_id = in[3];

	if (dbc_id >= QAIC_DBC_NUM)
		return -ENODEV;
	if (usr && status) {
		qd->dbc[dbc_id].usr = usr;	/* enable_dbc() */
		return -ECANCELED;
	}
	qaic_release_dbc(qd, dbc_id);
	qaic_set_dbc_state(qd, dbc_id, QAIC_DBC_STATE_IDLE);
	*msg_len += 16;
	return 0;
}

static int decode_status(struct kmsg *m, const struct qaic_manage_trans_hdr *hdr,
			 uint32_t *msg_len)
{
	const struct qaic_manage_trans_status_from_dev *in = (const void *)hdr;
	struct qaic_manage_trans_status_from_dev *out = (void *)(m->data + m->len);

	if (m->len + hdr->len > QAIC_MANAGE_MAX_MSG_LENGTH)
		return -ENOSPC;
	out->hdr.type = QAIC_TRANS_STATUS_FROM_DEV;
	out->hdr.len = hdr->len;
	out->major = in->major;
	out->minor = in->minor;
	out->status_flags = in->status_flags;
	out->status = in->status;
	*msg_len += hdr->len;
	m->len += hdr->len;
	if (out->status)
		return -ECANCELED;
	/* status_flags bit 0 asks for a CRC the emulated firmware never sets */
	return 0;
}

static int decode_message(struct qaic_dev *qd, struct qaic_usr *usr, struct kmsg *m,
			  const struct wire *w, struct resources *r)
{
	uint32_t msg_len = 0, i;
	int ret;

	if (w->len < sizeof(struct qaic_manage_trans_hdr) ||
	    w->len > QAIC_MANAGE_MAX_MSG_LENGTH)
		return -EINVAL;
	m->len = 0;
	m->count = w->count;
	for (i = 0; i < w->count; ++i) {
		const struct qaic_manage_trans_hdr *t;

		if (msg_len > w->len - sizeof(*t))
			return -EINVAL;
		t = (const void *)(w->data + msg_len);
		if (t->len < sizeof(*t) || (uint64_t)msg_len + t->len > w->len)
			return -EINVAL;
		switch (t->type) {
		case QAIC_TRANS_PASSTHROUGH_FROM_DEV:
			ret = decode_passthrough(m, t, &msg_len);
			break;
		case QAIC_TRANS_ACTIVATE_FROM_DEV:
			ret = decode_activate(qd, usr, m, t, &msg_len, r);
			break;
		case QAIC_TRANS_DEACTIVATE_FROM_DEV:
			ret = decode_deactivate(qd, usr, t, &msg_len);
			break;
		case QAIC_TRANS_STATUS_FROM_DEV:
			ret = decode_status(m, t, &msg_len);
			break;
		default:
			return -EINVAL;
		}
		if (ret)
			return ret;
	}
	if (msg_len != w->len - WIRE_HDR_LEN)
		return -EINVAL;
	return 0;
}

static int manage(struct qaic_dev *qd, struct qaic_usr *usr, struct kmsg *m)
{
	struct resources *r;
	struct wire *w;
	int ret;

	if (m->len > QAIC_MANAGE_MAX_MSG_LENGTH ||
	    m->count > QAIC_MANAGE_MAX_MSG_LENGTH / sizeof(struct qaic_manage_trans_hdr))
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	w = calloc(1, sizeof(*w));
	if (!r || !w) {
		ret = -ENOMEM;
		goto out;
	}
	ret = encode_message(qd, usr, m, r);
	if (ret)
		goto out;
	firmware(qd, r, w);
	ret = decode_message(qd, usr, m, w, r);
out:
	free(w);
	free(r);
	return ret;
}

/* qaic_manage_ioctl() */
int qaic_manage_ioctl(struct shim_file *f, void *arg)
{
	struct qaic_manage_msg *um = arg;
	struct qaic_dev *qd = qaic_dev(f->dev);
	struct kmsg *m;
	int ret;

	if (um->len > QAIC_MANAGE_MAX_MSG_LENGTH)
		return -EINVAL;
	qaic_data_progress(qd);
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->len = um->len;
	m->count = um->count;
	if (shim_copy_from_user(m->data, um->data, um->len)) {
		ret = -EFAULT;
		goto out;
	}
	ret = manage(qd, qaic_usr(f), m);
	/* the answers go back on success and on the firmware's NACK */
	if (ret == -ECANCELED || !ret) {
		if (shim_copy_to_user(um->data, m->data, m->len)) {
			ret = -EFAULT;
		} else {
			um->len = m->len;
			um->count = m->count;
		}
	}
out:
	free(m);
	return ret;
}
