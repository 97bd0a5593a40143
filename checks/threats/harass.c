/*
 * harassment_pattern in the threats child: each abusive message (flagged
 * threat_to_life, threat, abuse or doxxing) is remembered by its
 * sender's keyed hash, its date and its text's near-duplicate signature;
 * once every source is read, a sender or a text with threshold messages
 * within window_days is one finding listing the messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent/lib/err.h"
#include "checks/content/redact.h"
#include "date.h"
#include "run_int.h"

#define HARASS_EVIDENCE 1000 /* the parent takes 1024 */

/* The sender normalised: a mail address lower-cased without its +tag,
 * or an author's handle lower-cased without '@' and spaces. */
static void
normalise_sender(char *out, size_t cap, const char *sender)
{
	const char *p = sender + strspn(sender, " \t\""), *at, *end, *lt;
	size_t n = 0;

	at = strchr(p, '@');
	if (at != NULL && at != p) {
		/* "Name <a+b@x>" or "a@x": the address only */
		lt = strchr(p, '<');
		if (lt != NULL && lt < at)
			p = lt + 1;
		else
			while (at > p && !isspace((unsigned char)at[-1]) &&
			    at[-1] != '"')
				at--;
		p = lt != NULL && lt < strchr(p, '@') ? p : at;
		end = p + strcspn(p, "> \t\r\n\"");
		at = memchr(p, '@', (size_t)(end - p));
		for (; p < end && n + 1 < cap; p++) {
			if (*p == '+' && at != NULL && p < at)
				p = at; /* a+tag@x is a@x */
			out[n++] = (char)tolower((unsigned char)*p);
		}
	} else {
		for (; *p && n + 1 < cap; p++)
			if (*p != '@' && !isspace((unsigned char)*p))
				out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
}

/* The sender's keyed hash (run_int.h). */
int
pc_threats_sender_key(char out[PC_THREATS_SENDER_HEX], const struct pc_buf *key,
    const char *sender)
{
	char norm[256], mac[PC_REDACT_HMAC_HEX] = "sender:";
	int r;

	*out = '\0';
	if (sender == NULL)
		return 0;
	normalise_sender(norm, sizeof(norm), sender);
	if (*norm == '\0')
		return 0;
	snprintf(mac, sizeof(mac), "sender:%s", norm);
	if ((r = pc_redact_hmac(mac, (const unsigned char *)key->data, key->len,
		 mac, strlen(mac))) != 0)
		return r;
	snprintf(out, PC_THREATS_SENDER_HEX, "%.12s", mac);
	return 0;
}

/* YYYY-MM-DD of when (run_int.h). */
void
pc_threats_day(char out[11], int64_t when)
{
	struct tm tm;
	time_t tt = (time_t)when;

	*out = '\0';
	if (when != PC_THREATS_NO_DATE && gmtime_r(&tt, &tm) != NULL)
		strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Counts one abusive message, once however many parts it has. */
int
pc_threats_harass_unit(void *arg, const struct pc_threats_unit *u)
{
	struct trun *t = arg;
	char subject[1024], locator[1024], hash[PC_THREATS_SENDER_HEX];
	char masked[160];
	int r;

	if (t->pattern == NULL || !u->abusive)
		return 0;
	pc_threats_subject(
	    t, u->where, subject, sizeof(subject), locator, sizeof(locator));
	if (strcmp(subject, t->last_subject) == 0)
		return 0; /* another part of the same mail */
	snprintf(t->last_subject, sizeof(t->last_subject), "%s", subject);
	if ((r = pc_threats_sender_key(hash, t->key, u->where->sender)) != 0)
		return r;
	pc_threats_mask_sender(masked, sizeof(masked), u->where->sender);
	return pc_threats_pattern_add(t->pattern,
	    &(struct pc_threats_pattern_msg){ .sender_key = *hash ? hash : NULL,
		.sender_shown = masked,
		.subject = subject,
		.text = u->text,
		.len = u->len,
		.when = pc_threats_date_parse(u->where->date) });
}

/* "3 abusive messages from 2025-01-02 to 2025-01-14 (threshold 3 within
 * 30 days): a; b; c" in out (subjects as many as fit). */
static void
evidence_of(const struct pc_threats_pattern_hit *h, long threshold, long window,
    char *out, size_t cap)
{
	char first[11], last[11], senders[48] = "", undated[32] = "";
	size_t i, len;
	int n;

	pc_threats_day(first, h->first);
	pc_threats_day(last, h->last);
	if (h->by_text)
		snprintf(senders, sizeof(senders), "; %zu%s senders",
		    h->nsenders, h->nsenders >= 64 ? " or more" : "");
	if (h->undated)
		snprintf(undated, sizeof(undated), "; %zu undated", h->undated);
	n = snprintf(out, cap,
	    "%zu abusive messages%s%s%s%s (threshold %ld within %ld days%s%s)",
	    h->n, *first ? " from " : "", first, *last ? " to " : "", last,
	    threshold, window, senders, undated);
	len = n > 0 && (size_t)n < cap ? (size_t)n : cap - 1;
	for (i = 0; i < h->n; i++) {
		if (len + strlen(h->subjects[i]) + 24 >= cap) {
			snprintf(
			    out + len, cap - len, "; and %zu more", h->n - i);
			return;
		}
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
		    i ? "; " : ": ", h->subjects[i]);
	}
}

/* Emits one harassment_pattern finding. */
static int
on_pattern(void *arg, const struct pc_threats_pattern_hit *h)
{
	struct trun *t = arg;
	const struct pc_rule *rule =
	    pc_policy_find_rule(pc_check_policy(t->ctx), "harassment_pattern");
	char subject[256], locator[64], evidence[HARASS_EVIDENCE];
	char key[PC_REDACT_HMAC_HEX];
	int r;

	if (h->by_text)
		snprintf(subject, sizeof(subject),
		    "one text from %zu%s senders (text #%.12s)", h->nsenders,
		    h->nsenders >= 64 ? " or more" : "", h->group_key);
	else
		snprintf(subject, sizeof(subject),
		    "messages from %s (sender #%s)",
		    h->shown ? h->shown : "unknown sender", h->group_key);
	snprintf(locator, sizeof(locator), "%s:%s",
	    h->by_text ? "text" : "sender", h->group_key);
	evidence_of(
	    h, rule->threshold, rule->window_days, evidence, sizeof(evidence));
	if ((r = pc_redact_hmac(key, (const unsigned char *)t->key->data,
		 t->key->len, locator, strlen(locator))) != 0)
		return r;
	t->flagged++;
	return pc_check_emit(t->ctx,
	    &(struct pc_finding){ .rule = "harassment_pattern",
		.subject = subject,
		.title = rule->title,
		.evidence = evidence,
		.key = key,
		.locator = locator });
}

/* Emits every harassment_pattern finding (run_int.h). */
int
pc_threats_harass_finish(struct trun *t)
{
	size_t dropped;
	int r;

	if (t->pattern == NULL)
		return 0;
	if ((r = pc_threats_pattern_finish(t->pattern, on_pattern, t)) != 0)
		return r;
	if ((dropped = pc_threats_pattern_dropped(t->pattern)) > 0)
		(void)pc_check_incomplete(t->ctx,
		    "harassment_pattern: %zu abusive messages past the first %d were not grouped",
		    dropped, PC_THREATS_PATTERN_CAP);
	return 0;
}
