/* Tallies staff members' personal addresses and casework forwards. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "agent/lib/err.h"
#include "forward.h"
#include "mailuse.h"
#include "whose.h"

#define HITS_MAX 16 /* distinct staff personal addresses in one message */

struct pc_mailuse {
	const struct pc_config *cfg;
	const struct pc_personal *personal;
	struct pc_mail_use *v;
	size_t n, cap;
	unsigned char (*seen)[16]; /* open addressing; all-zero = empty */
	size_t nseen, seen_cap;
	struct pc_mailuse_stats st;
};

/* One staff personal address in the message being added. */
struct hit {
	const struct pc_staff *staff;
	const char *addr, *personal;
	bool sent, recipient;
};

/* A new tally. */
int
pc_mailuse_new(struct pc_mailuse **out, const struct pc_config *cfg,
    const struct pc_personal *personal)
{
	struct pc_mailuse *u = calloc(1, sizeof(*u));

	*out = NULL;
	if (u == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	u->cfg = cfg;
	u->personal = personal;
	*out = u;
	return 0;
}

/* Frees the tally. */
void
pc_mailuse_free(struct pc_mailuse *u)
{
	if (u == NULL)
		return;
	free(u->v);
	free(u->seen);
	free(u);
}

/* Starts again for the next source. */
void
pc_mailuse_reset(struct pc_mailuse *u)
{
	u->n = 0;
	u->nseen = 0;
	if (u->seen)
		memset(u->seen, 0, u->seen_cap * sizeof(*u->seen));
	memset(&u->st, 0, sizeof(u->st));
}

/* The message's identity: its Message-ID, else date, sender, subject. */
static void
message_key(unsigned char key[16], const struct pc_mail_msg *m)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	const char *from = m->from.n ? m->from.v[0].addr : "";
	bool ok;

	ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	if (ok && m->message_id)
		ok = EVP_DigestUpdate(c, "id", 3) &&
		    EVP_DigestUpdate(c, m->message_id, strlen(m->message_id));
	else if (ok)
		ok = EVP_DigestUpdate(c, m->date, strlen(m->date) + 1) &&
		    EVP_DigestUpdate(c, from, strlen(from) + 1) &&
		    EVP_DigestUpdate(c, m->subject, strlen(m->subject));
	if (!ok || !EVP_DigestFinal_ex(c, md, &len))
		memset(md, 0xa5, sizeof(md)); /* no dedup, never a crash */
	EVP_MD_CTX_free(c);
	memcpy(key, md, 16);
	key[0] |= 1; /* never all zero */
}

/* Inserts key; false when it was there. Full memory: never a duplicate. */
static bool
seen_insert(struct pc_mailuse *u, const unsigned char key[16])
{
	size_t i, cap, mask;
	unsigned char(*v)[16];
	uint64_t h;

	if ((u->nseen + 1) * 2 > u->seen_cap) {
		cap = u->seen_cap ? u->seen_cap * 2 : 1024;
		if (u->nseen >= PC_MAILUSE_SEEN_MAX ||
		    (v = calloc(cap, 16)) == NULL) {
			u->st.seen_full = true;
			return true;
		}
		for (i = 0; i < u->seen_cap; i++) {
			if (u->seen[i][0] == 0)
				continue;
			memcpy(&h, u->seen[i], sizeof(h));
			for (h &= cap - 1; v[h][0] != 0;
			     h = (h + 1) & (cap - 1))
				;
			memcpy(v[h], u->seen[i], 16);
		}
		free(u->seen);
		u->seen = v;
		u->seen_cap = cap;
	}
	mask = u->seen_cap - 1;
	memcpy(&h, key, sizeof(h));
	for (h &= mask; u->seen[h][0] != 0; h = (h + 1) & mask)
		if (memcmp(u->seen[h], key, 16) == 0)
			return false;
	memcpy(u->seen[h], key, 16);
	u->nseen++;
	return true;
}

/* Adds each staff personal address of list to hits (once each). */
static void
collect(struct pc_mailuse *u, const struct pc_addrs *list, bool sent,
    struct hit *hits, size_t *nhits)
{
	struct pc_whose w;
	size_t i, k;

	for (i = 0; i < list->n; i++) {
		pc_email_whose(
		    &w, u->cfg, u->personal, list->v[i].addr, list->v[i].name);
		if (!w.staff_personal)
			continue;
		for (k = 0; k < *nhits; k++)
			if (hits[k].staff == w.staff &&
			    strcmp(hits[k].addr, list->v[i].addr) == 0)
				break;
		if (k == *nhits) {
			if (*nhits >= HITS_MAX)
				continue;
			hits[k] = (struct hit){ .staff = w.staff,
				.addr = list->v[i].addr,
				.personal = w.personal };
			(*nhits)++;
		}
		hits[k].sent |= sent;
		hits[k].recipient |= !sent;
	}
}

/* Is the message a forward of a constituent's message from the office?
 * *unknown_out: the forwarded message's sender is not shown. */
static bool
casework_forward(
    const struct pc_mailuse *u, const struct pc_mail_msg *m, bool *unknown_out)
{
	const char *origin =
	    m->attached_from[0] ? m->attached_from : m->body.from;
	struct pc_whose w;
	bool fwd;

	*unknown_out = false;
	if (m->from.n == 0)
		return false;
	pc_email_whose(
	    &w, u->cfg, u->personal, m->from.v[0].addr, m->from.v[0].name);
	if (!w.office)
		return false;
	fwd = pc_fwd_subject(m->subject) || m->body.marker ||
	    m->attached_message ||
	    (m->body.block && !pc_fwd_subject_reply(m->subject));
	if (!fwd)
		return false;
	if (origin[0] == '\0') {
		*unknown_out = true;
		return true;
	}
	pc_email_whose(&w, u->cfg, u->personal, origin, "");
	return !w.office && w.staff == NULL;
}

/* Moves a date range to include date. */
static void
widen(char first[11], char last[11], const char *date)
{
	if (date[0] == '\0')
		return;
	if (first[0] == '\0' || strcmp(date, first) < 0)
		memcpy(first, date, 11);
	if (last[0] == '\0' || strcmp(date, last) > 0)
		memcpy(last, date, 11);
}

/* The pair's entry, added when new; NULL past the cap or out of memory
 * (*oom set). */
static struct pc_mail_use *
entry(struct pc_mailuse *u, const struct hit *h, bool *oom)
{
	struct pc_mail_use *v;
	size_t i, cap;

	for (i = 0; i < u->n; i++)
		if (u->v[i].staff == h->staff &&
		    strcmp(u->v[i].addr, h->addr) == 0)
			return &u->v[i];
	if (u->n >= PC_MAILUSE_MAX) {
		u->st.over_cap++;
		return NULL;
	}
	if (u->n == u->cap) {
		cap = u->cap ? u->cap * 2 : 8;
		if ((v = realloc(u->v, cap * sizeof(*v))) == NULL) {
			*oom = true;
			return NULL;
		}
		u->v = v;
		u->cap = cap;
	}
	v = &u->v[u->n++];
	memset(v, 0, sizeof(*v));
	v->staff = h->staff;
	v->personal = h->personal;
	snprintf(v->addr, sizeof(v->addr), "%s", h->addr);
	return v;
}

/* Adds one message. */
int
pc_mailuse_add(struct pc_mailuse *u, const struct pc_mail_msg *m)
{
	struct hit hits[HITS_MAX];
	struct pc_mail_use *e;
	unsigned char key[16];
	size_t nhits = 0, i;
	bool casework, unknown, oom = false;

	u->st.messages++;
	if (m->from.n == 0 && m->to.n == 0 && m->cc.n == 0) {
		u->st.no_address++;
		return 0;
	}
	collect(u, &m->from, true, hits, &nhits);
	collect(u, &m->reply_to, true, hits, &nhits);
	collect(u, &m->to, false, hits, &nhits);
	collect(u, &m->cc, false, hits, &nhits);
	if (nhits == 0)
		return 0;
	message_key(key, m);
	if (!seen_insert(u, key)) {
		u->st.duplicates++;
		return 0;
	}
	u->st.with_personal++;
	casework = casework_forward(u, m, &unknown);
	u->st.forwards += casework;
	for (i = 0; i < nhits; i++) {
		if ((e = entry(u, &hits[i], &oom)) == NULL) {
			if (oom)
				return pc_error_set(PC_ENOMEM, "out of memory");
			continue;
		}
		e->msgs++;
		e->sent += hits[i].sent;
		e->received += !hits[i].sent;
		widen(e->first, e->last, m->date);
		if (casework && hits[i].recipient && !hits[i].sent) {
			e->fwd++;
			e->fwd_origin_unknown += unknown;
			widen(e->fwd_first, e->fwd_last, m->date);
		}
	}
	return 0;
}

/* The pairs so far. */
const struct pc_mail_use *
pc_mailuse_list(const struct pc_mailuse *u, size_t *n_out)
{
	*n_out = u->n;
	return u->v;
}

/* The tally's counts. */
const struct pc_mailuse_stats *
pc_mailuse_stats(const struct pc_mailuse *u)
{
	return &u->st;
}
