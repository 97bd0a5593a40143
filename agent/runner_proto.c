/*
 * The parent's side of the child protocol: a table of message types, each
 * with its handler and order rules (as OpenSSH's monitor dispatch table);
 * anything out of order or unknown is refused and the check is an error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/lib/assert.h"
#include "agent/lib/err.h"
#include "broker.h"
#include "check_ctx.h"
#include "learned_hosts.h"
#include "runner_job.h"
#include "runner_proto.h"
#include "sandbox.h"

#define MAX_STREAM_BYTES (64u << 20) /* all lines of one child */
#define MAX_COUNTS       64

/* Message types, as bits of job->msgs_seen. */
enum msg_type {
	MSG_SANDBOX,
	MSG_FINDING,
	MSG_COUNT,
	MSG_INCOMPLETE,
	MSG_PROGRESS,
	MSG_NOT_APPLICABLE,
	MSG_CONNECT,
	MSG_HOSTS,
	MSG_DONE,
};

#define SEEN(t) (1u << (t))

/* Flags of a table entry. */
#define MSG_FIRST        0x01 /* must be the child's first message */
#define MSG_ONCE         0x02 /* at most once */
#define MSG_LAST         0x04 /* nothing may follow it */
/* May come first, alone, when it says the sandbox failed (done ok:false). */
#define MSG_FAILED_OPENS 0x08
#define MSG_REPLY        0x10 /* the handler answers the child (maybe with an fd) */

struct msg_handler {
	enum msg_type type;
	const char *name;
	unsigned flags;
	unsigned after; /* every type in this mask must have come before */
	int (*handle)(struct run *run, struct job *j, const cJSON *o);
};

/* Sets the job's failure reason; "incomplete" notes are appended instead
 * (see pc_job_note_incomplete), so every provider's problem is kept. */
void
pc_job_fail(struct job *j, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (j->fail_reason != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	j->fail_reason = strdup(text);
}

/* Appends an incomplete-note to the reason ("a; b"), capped at 2 KiB. */
void
pc_job_note_incomplete(struct job *j, const char *text)
{
	size_t old = j->fail_reason ? strlen(j->fail_reason) : 0;
	char *p;

	if (old + strlen(text) + 3 > 2048)
		return;
	if ((p = realloc(j->fail_reason, old + strlen(text) + 3)) == NULL)
		return;
	snprintf(p + old, strlen(text) + 3, "%s%s", old ? "; " : "", text);
	j->fail_reason = p;
}

/* Returns a string member or NULL; sets *bad when present but not a
 * string or longer than max. */
const char *
pc_job_get_str(const cJSON *o, const char *k, size_t max, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max) {
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

/* Is member k of o true? */
static bool
is_true(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* Records what the child said its sandbox applied. */
static int
take_sandbox(struct run *run, struct job *j, const cJSON *o)
{
	struct pc_sandbox_applied *a = &j->result.sandbox;
	const cJSON *v;
	bool bad = false;
	const char *detail;

	(void)run;
	j->result.sandboxed = is_true(o, "applied");
	a->rlimits = is_true(o, "rlimits");
	a->no_new_privs = is_true(o, "no_new_privs");
	a->landlock_fs = is_true(o, "landlock_fs");
	a->landlock_net = is_true(o, "landlock_net");
	a->seccomp = is_true(o, "seccomp");
	a->broker = is_true(o, "broker");
	a->seccomp_debug = is_true(o, "seccomp_debug");
	v = cJSON_GetObjectItemCaseSensitive(o, "landlock_abi");
	a->landlock_abi = cJSON_IsNumber(v) ? v->valueint : 0;
	v = cJSON_GetObjectItemCaseSensitive(o, "landlock_rules");
	a->landlock_rules = cJSON_IsNumber(v) && v->valuedouble >= 0
	    ? (size_t)v->valuedouble
	    : 0;
	detail = pc_job_get_str(o, "detail", sizeof(a->detail) - 1, &bad);
	snprintf(a->detail, sizeof(a->detail), "%s", detail ? detail : "");
	return 0;
}

/* A finding: validated by the runner. */
static int
take_finding(struct run *run, struct job *j, const cJSON *o)
{
	return pc_runner_take_finding(run, j, o);
}

/* A count line for the report ("37 accounts examined"). */
static int
take_count(struct run *run, struct job *j, const cJSON *o)
{
	bool bad = false;
	const char *scope = pc_job_get_str(o, "scope", 64, &bad);
	const char *text = pc_job_get_str(o, "text", 400, &bad);
	char line_text[600];
	char **p;

	(void)run;
	if (bad || text == NULL) {
		pc_job_fail(j, "the check sent a malformed count");
		return -1;
	}
	/* Past the cap the last line says how many more came: a check that
	 * counts per drive or per person in a large office is not an error,
	 * and the report stays bounded whatever a child sends. */
	if (j->result.ncounts >= MAX_COUNTS) {
		p = &j->result.counts[MAX_COUNTS - 1];
		j->counts_over++;
		snprintf(line_text, sizeof(line_text),
		    "and %zu more count lines the report does not list (it keeps the first %d)",
		    j->counts_over + 1, MAX_COUNTS - 1);
		free(*p);
		*p = strdup(line_text);
		return 0;
	}
	if ((p = realloc(j->result.counts,
		 (j->result.ncounts + 1) * sizeof(*p))) == NULL)
		return 0;
	j->result.counts = p;
	snprintf(line_text, sizeof(line_text), "%s%s%s", scope ? scope : "",
	    scope ? ": " : "", text);
	p[j->result.ncounts++] = strdup(line_text);
	return 0;
}

/* A problem that makes the check incomplete. */
static int
take_incomplete(struct run *run, struct job *j, const cJSON *o)
{
	bool bad = false;
	const char *text = pc_job_get_str(o, "reason", 500, &bad);

	(void)run;
	j->incomplete = true;
	pc_job_note_incomplete(j, text ? text : "incomplete");
	return 0;
}

/* The child looked and found nothing to examine (e.g. a tenant without
 * Intune): the check is not_applicable with this reason, if it also sent
 * no finding and did not fail. */
static int
take_not_applicable(struct run *run, struct job *j, const cJSON *o)
{
	bool bad = false;
	const char *text = pc_job_get_str(o, "reason", 500, &bad);

	(void)run;
	if (j->not_applicable == NULL &&
	    (j->not_applicable = strdup(text ? text : "not applicable")) ==
		NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* A progress note: shown on the live line when stderr is a terminal. */
static int
take_progress(struct run *run, struct job *j, const cJSON *o)
{
	const struct pc_run_opts *opts = run->opts;
	bool bad = false;
	const char *text = pc_job_get_str(o, "text", 400, &bad);

	if (text == NULL || opts->progress == NULL || !opts->progress_live)
		return 0;
	fprintf(opts->progress, "\r\033[K  %s: %.70s", j->name, text);
	fflush(opts->progress);
	return 0;
}

/* The last message: did the check examine everything it should? */
static int
take_done(struct run *run, struct job *j, const cJSON *o)
{
	bool bad = false;
	const char *text;

	(void)run;
	j->done_seen = true;
	j->done_ok = is_true(o, "ok");
	if (!j->done_ok) {
		text = pc_job_get_str(o, "reason", 500, &bad);
		if (text == NULL)
			text = "the check failed";
		if (j->fail_reason == NULL ||
		    strstr(j->fail_reason, text) == NULL)
			pc_job_note_incomplete(j, text);
	}
	return 0;
}

/*
 * A request for a connection: the broker connects to host:port if the
 * check's config names it and answers with the socket, or says why not.
 * A refused pair also makes the check an error; an unreachable one is the
 * check's to report (it may retry).
 */
static int
take_connect(struct run *run, struct job *j, const cJSON *o)
{
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(o, "port");
	bool bad = false, refused = false;
	const char *host = pc_job_get_str(o, "host", 255, &bad);
	double left = j->deadline - pc_runner_now();
	int fd = -1, timeout_ms = PC_BROKER_CONNECT_TIMEOUT_MS, r;

	(void)run;
	if (bad || host == NULL || !cJSON_IsNumber(port) ||
	    !(port->valuedouble >= 1 && port->valuedouble <= 65535)) {
		pc_job_fail(j, "the check sent a malformed connection request");
		return -1;
	}
	if (j->nconnects >= PC_BROKER_MAX_CONNECTS) {
		pc_job_fail(j, "the check asked for more than %d connections",
		    PC_BROKER_MAX_CONNECTS);
		return -1;
	}
	/* The parent waits for the connect: never past the check's limit. */
	if (left <= 0) {
		j->killed_timeout = true;
		return -1;
	}
	if (left * 1000 < timeout_ms)
		timeout_ms = (int)(left * 1000) + 1;
	if (pc_broker_connect(&fd, &refused, j->needs.endpoints,
		j->needs.nendpoints, host, (long)port->valuedouble,
		timeout_ms) != 0 &&
	    refused)
		pc_job_fail(j, "%s", pc_error_get());
	j->nconnects++;
	r = pc_broker_answer(
	    j->fd, fd, fd < 0 ? pc_error_get() : NULL, refused);
	if (fd >= 0)
		close(fd);
	if (r != 0)
		pc_job_fail(j, "%s", pc_error_get());
	return r;
}

/* Hosts a part learned for a later part (pc_check_part.hosts_for): only
 * from a part that declares it, each name checked (learned_hosts.c). */
static int
take_hosts(struct run *run, struct job *j, const cJSON *o)
{
	(void)run;
	if (j->needs.hosts_for == NULL) {
		pc_job_fail(j, "the check sent hosts, but it learns none");
		return -1;
	}
	if (pc_learned_hosts_take(&j->learned, &j->nlearned,
		cJSON_GetObjectItemCaseSensitive(o, "hosts"), &j->needs) != 0) {
		pc_job_fail(j, "%s", pc_error_get());
		return -1;
	}
	j->hosts_sent = true;
	return 0;
}

/*
 * The protocol. The sandbox report comes first and once, so a child that
 * hostile content has taken over cannot rewrite what the signed report
 * says was applied to it; done comes last. A child whose sandbox could
 * not be applied sends only done with ok:false and the reason.
 */
static const struct msg_handler dispatch[] = {
	{ MSG_SANDBOX, "sandbox", MSG_FIRST | MSG_ONCE, 0, take_sandbox },
	{ MSG_FINDING, "finding", 0, SEEN(MSG_SANDBOX), take_finding },
	{ MSG_COUNT, "count", 0, SEEN(MSG_SANDBOX), take_count },
	{ MSG_INCOMPLETE, "incomplete", 0, SEEN(MSG_SANDBOX), take_incomplete },
	{ MSG_PROGRESS, "progress", 0, SEEN(MSG_SANDBOX), take_progress },
	{ MSG_NOT_APPLICABLE, "notapplicable", MSG_ONCE, SEEN(MSG_SANDBOX),
	    take_not_applicable },
	{ MSG_CONNECT, "connect", MSG_REPLY, SEEN(MSG_SANDBOX), take_connect },
	{ MSG_HOSTS, "hosts", MSG_ONCE, SEEN(MSG_SANDBOX), take_hosts },
	{ MSG_DONE, "done", MSG_LAST | MSG_ONCE | MSG_FAILED_OPENS,
	    SEEN(MSG_SANDBOX), take_done },
};

/* The table entry for type name t, or NULL. */
static const struct msg_handler *
find_handler(const char *t)
{
	size_t i;

	for (i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
		if (strcmp(dispatch[i].name, t) == 0)
			return &dispatch[i];
	return NULL;
}

/* The name of the first type in mask not yet seen. */
static const char *
missing_name(unsigned mask, unsigned seen)
{
	size_t i;

	for (i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
		if ((mask & SEEN(dispatch[i].type)) &&
		    !(seen & SEEN(dispatch[i].type)))
			return dispatch[i].name;
	return "?";
}

/* Is message h with body o allowed now? Sets the job's reason if not. */
static bool
permitted(struct job *j, const struct msg_handler *h, const cJSON *o)
{
	if (j->done_seen) {
		pc_job_fail(j, "the check sent data after it finished");
		return false;
	}
	if ((h->flags & MSG_ONCE) && (j->msgs_seen & SEEN(h->type))) {
		pc_job_fail(j,
		    "the check sent its \"%s\" message twice; it may come only once",
		    h->name);
		return false;
	}
	if ((h->flags & MSG_FIRST) && j->nmsgs > 0) {
		pc_job_fail(j,
		    "the check sent its \"%s\" message after other messages; it must come first",
		    h->name);
		return false;
	}
	if ((j->msgs_seen & h->after) == h->after)
		return true;
	/* A child whose sandbox failed says so and nothing else. */
	if ((h->flags & MSG_FAILED_OPENS) && j->nmsgs == 0 && !is_true(o, "ok"))
		return true;
	pc_job_fail(j,
	    "the check sent a \"%s\" message before its \"%s\" message",
	    h->name, missing_name(h->after, j->msgs_seen));
	return false;
}

/* Handles one complete line from a child through the table. */
static int
handle_line(struct run *run, struct job *j, const char *line)
{
	const struct msg_handler *h;
	const char *t;
	cJSON *o;
	bool bad = false;
	int r = -1;

	if ((o = cJSON_Parse(line)) == NULL || !cJSON_IsObject(o) ||
	    (t = pc_job_get_str(o, "t", 16, &bad)) == NULL) {
		cJSON_Delete(o);
		pc_job_fail(j, "the check sent a line that is not valid JSON");
		return -1;
	}
	if ((h = find_handler(t)) == NULL) {
		pc_job_fail(j,
		    j->done_seen ? "the check sent data after it finished"
				 : "the check sent an unknown message type");
	} else if (permitted(j, h, o)) {
		/* The table's rule: nothing but a failed-sandbox "done" before
		 * the sandbox message. */
		PC_ASSERT(h->type == MSG_SANDBOX || h->type == MSG_DONE ||
		    (j->msgs_seen & SEEN(MSG_SANDBOX)));
		j->nmsgs++;
		j->msgs_seen |= SEEN(h->type);
		r = h->handle(run, j, o);
	}
	cJSON_Delete(o);
	return r;
}

/* Sends one reply line to the child, with fd attached when fd >= 0. */
int
pc_proto_reply(int chan, cJSON *obj, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov;
	char *text;
	ssize_t n;
	size_t len;

	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (text == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	len = strlen(text);
	text[len] = '\n'; /* cJSON's terminator becomes the line's end */
	iov.iov_base = text;
	iov.iov_len = len + 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd >= 0) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	/* A reply is one short line the child is waiting for: it fits the
	 * socket buffer, so a blocking send cannot stall the parent. */
	do
		n = sendmsg(chan, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	free(text);
	if (n != (ssize_t)(len + 1))
		return pc_error_set(PC_EIO, "cannot answer the check: %s",
		    n < 0 ? strerror(errno) : "short write");
	return 0;
}

/* Reads what a child has written; returns 1 at end of stream. */
int
pc_proto_read(struct run *run, struct job *j)
{
	char chunk[8192], *nl, *p;
	ssize_t n;
	size_t used;

	/* The child passes no descriptors: recv() takes none (the kernel
	 * drops any a hostile child attaches). */
	n = recv(j->fd, chunk, sizeof(chunk), MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return 1;
	j->stream_bytes += (size_t)n;
	if (j->stream_bytes > MAX_STREAM_BYTES) {
		pc_job_fail(j, "the check sent more than %u MiB of output",
		    MAX_STREAM_BYTES >> 20);
		return -1;
	}
	if (pc_buf_add(&j->line, chunk, (size_t)n) != 0) {
		pc_job_fail(j, "the check sent a line longer than %d bytes",
		    PC_PROTO_MAX_LINE);
		return -1;
	}
	p = j->line.data;
	while (
	    (nl = memchr(p, '\n', j->line.len - (size_t)(p - j->line.data)))) {
		*nl = '\0';
		if (handle_line(run, j, p) != 0)
			return -1;
		p = nl + 1;
	}
	used = (size_t)(p - j->line.data);
	memmove(j->line.data, p, j->line.len - used);
	j->line.len -= used;
	j->line.data[j->line.len] = '\0';
	return 0;
}
