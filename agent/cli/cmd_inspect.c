/* portcullis inspect: personal data and secrets in files, as JSON Lines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/content/detectors.h"
#include "checks/content/extract.h"
#include "checks/content/matcher.h"
#include "checks/content/walk.h"
#include "agent/cli/cli.h"
#include "agent/cli/help.h"

/* One inspect run: options, the matcher and what happened. */
struct inspect {
	struct pc_matcher *matcher;
	struct pc_text_sink sink;
	enum pc_severity fail_on;
	struct pc_buf line;
	size_t findings, at_or_above, io_errors, skipped;
	int quiet;
};

/* Prints the command's help. */
static void
usage(FILE *f)
{
	pc_help_print(f, "inspect");
}

/* Appends s as a JSON string (quoted, escaped; invalid bytes as \uFFFD). */
static int
json_str(struct pc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	int r = pc_buf_add(b, "\"", 1);

	for (; r == 0 && *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };
			r = pc_buf_add(b, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4],
				hex[*p & 15] };
			r = pc_buf_add(b, esc, 6);
		} else {
			r = pc_buf_add(b, p, 1);
		}
	}
	return r == 0 ? pc_buf_add(b, "\"", 1) : r;
}

/* Replaces bytes that are not valid UTF-8 with '?', in place. */
static void
utf8_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		n = (*p >= 0xc2 && *p <= 0xdf) ? 2
		    : (*p >= 0xe0 && *p <= 0xef) ? 3
		    : (*p >= 0xf0 && *p <= 0xf4) ? 4
						 : 0;
		for (i = 1; n > 0 && i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (n == 0) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

/* Appends "key":"value" (value cleaned to UTF-8) after a comma. */
static int
json_field(struct pc_buf *b, const char *key, const char *value)
{
	char *copy = strdup(value);
	int r;

	if (copy == NULL)
		return PC_ENOMEM;
	utf8_clean(copy);
	r = pc_buf_addf(b, ",\"%s\":", key);
	if (r == 0)
		r = json_str(b, copy);
	free(copy);
	return r;
}

/* Prints one finding as a JSON line. */
static int
on_finding(void *arg, const struct pc_match *m)
{
	struct inspect *in = arg;
	struct pc_buf *b = &in->line;
	int r;

	pc_buf_reset(b);
	r = pc_buf_addf(b, "{\"detector\":\"%s\",\"severity\":\"%s\"",
	    m->detector, pc_severity_name(m->severity));
	if (r == 0)
		r = json_field(b, "path", m->path);
	if (r == 0)
		r = pc_buf_addf(b,
		    ",\"line\":%llu,\"column\":%llu,\"offset\":%llu,"
		    "\"length\":%llu,\"exact\":%s",
		    (unsigned long long)m->line, (unsigned long long)m->column,
		    (unsigned long long)m->offset,
		    (unsigned long long)m->length, m->exact ? "true" : "false");
	if (r == 0)
		r = json_field(b, "preview", m->preview);
	if (r == 0)
		r = json_field(b, "hmac", m->hmac);
	if (r == 0 && m->message_id != NULL)
		r = json_field(b, "message_id", m->message_id);
	if (r == 0 && m->member != NULL)
		r = json_field(b, "member", m->member);
	if (r == 0 && m->contains[0] != '\0')
		r = json_field(b, "contains", m->contains);
	if (r == 0)
		r = pc_buf_add(b, "}\n", 2);
	if (r != 0)
		return pc_error_set(PC_ENOMEM, "Out of memory formatting a "
					       "finding.");
	if (fwrite(b->data, 1, b->len, stdout) != b->len)
		return pc_error_set(PC_EIO, "Cannot write to standard output.");
	in->findings++;
	if (m->severity >= in->fail_on)
		in->at_or_above++;
	return 0;
}

/* Walker callback: extracts one file into the matcher. */
static int
on_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct inspect *in = arg;
	struct pc_extract_result res;
	int r;

	memset(&res, 0, sizeof(res));
	r = pc_extract_fd(fd, path, (uint64_t)st->st_size, PC_DOC_AUTO,
	    &in->sink, &res);
	if (r != 0 && res.sink_stopped)
		return r > 0 ? r : 1; /* output failed: stop the walk */
	if (r != 0) {
		in->skipped++;
		if (!in->quiet)
			fprintf(stderr, "portcullis: skipped %s: %s\n", path,
			    pc_error_get());
		return 0;
	}
	if (res.parts_skipped > 0 && !in->quiet)
		fprintf(stderr, "portcullis: %s: %zu part(s) not read: %s\n",
		    path, res.parts_skipped, res.note);
	return 0;
}

/* Walker callback: a file skipped, unreadable or changed. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path,
    const char *reason)
{
	struct inspect *in = arg;

	if (ev == PC_WALK_UNREADABLE)
		in->io_errors++;
	else
		in->skipped++;
	if (ev == PC_WALK_UNREADABLE || !in->quiet)
		fprintf(stderr, "portcullis: %s %s: %s\n",
		    ev == PC_WALK_UNREADABLE ? "cannot read"
		    : ev == PC_WALK_CHANGED  ? "changed while read,"
					     : "skipped",
		    path, reason);
}

/* Runs inspect. */
int
pc_cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "detectors", required_argument, NULL, 'd' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ "detectors-dir", required_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct inspect in;
	struct pc_detectors *set = NULL;
	struct pc_walk_opts wopts;
	struct pc_walk_cb cb;
	struct pc_walk_stats ws;
	const char *list = NULL, *dir = NULL;
	unsigned char key[32];
	int c, sev, r, status = 2, i;

	memset(&in, 0, sizeof(in));
	in.fail_on = PC_SEV_MEDIUM;
	pc_buf_init(&in.line, 64 << 10);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			list = optarg;
			break;
		case 'f':
			if ((sev = pc_severity_parse(optarg)) < 0) {
				pc_cli_error("--fail-on needs one of critical, "
					     "high, medium, low, info.");
				goto out;
			}
			in.fail_on = (enum pc_severity)sev;
			break;
		case 'D':
			dir = optarg;
			break;
		case 'q':
			in.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			status = 0;
			goto out;
		default:
			usage(stderr);
			goto out;
		}
	}
	if (optind >= argc) {
		pc_cli_error("inspect needs at least one PATH; run portcullis "
			     "inspect --help.");
		goto out;
	}
	if ((r = pc_detectors_load_dir(&set, dir ? dir : pc_detectors_default_dir())) != 0 ||
	    (list != NULL && (r = pc_detectors_select(set, list)) != 0)) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	/* inspect output is for the user: a key for this run only */
	if (RAND_bytes(key, sizeof(key)) != 1) {
		pc_cli_error("Cannot make a random HMAC key (OpenSSL RAND).");
		goto out;
	}
	r = pc_matcher_new(&in.matcher, set, key, sizeof(key), on_finding,
	    &in);
	OPENSSL_cleanse(key, sizeof(key));
	if (r != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	pc_matcher_sink(in.matcher, &in.sink);
	/* the files are untrusted (zip, MIME, HTML, JSON) */
	if (pc_cli_confine("inspect", (const char *const *)argv + optind,
		(size_t)(argc - optind)) != 0)
		goto out;
	memset(&wopts, 0, sizeof(wopts));
	cb.file = on_file;
	cb.event = on_event;
	cb.arg = &in;
	for (i = optind; i < argc; i++) {
		memset(&ws, 0, sizeof(ws));
		r = pc_walk(argv[i], &wopts, &cb, &ws);
		if (r < 0) {
			pc_cli_error(pc_error_get());
			in.io_errors++;
		} else if (r > 0) {
			pc_cli_error(pc_error_get());
			goto out;
		}
	}
	if (fflush(stdout) != 0) {
		pc_cli_error("Cannot write to standard output.");
		goto out;
	}
	if (in.io_errors > 0)
		status = 2;
	else
		status = in.at_or_above > 0 ? 1 : 0;
out:
	pc_matcher_free(in.matcher);
	pc_detectors_free(set);
	pc_buf_free(&in.line);
	return status;
}
