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
#include "checks/content/scan.h"
#include "checks/content/walk.h"
#include "agent/cli/cli.h"
#include "agent/cli/help.h"

/* One inspect run: options, the matcher and what happened. */
struct inspect {
	struct pc_content_scan *scan;
	enum pc_severity fail_on;
	struct pc_buf line;
	size_t findings, at_or_above, io_errors, skipped;
	size_t not_read; /* content that should have been read and was not */
	int quiet;
	bool text; /* --format text: one readable line per finding */
};

/* Prints the command's help (agent/cli/help_text.c). */
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
		n = (*p >= 0xc2 && *p <= 0xdf)   ? 2
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

/* Appends one finding as a JSON object and a newline. */
static int
json_line(struct pc_buf *b, const struct pc_match *m)
{
	int r;

	r = pc_buf_addf(b, "{\"detector\":\"%s\",\"severity\":\"%s\"",
	    m->detector, pc_severity_name(m->severity));
	if (r == 0)
		r = json_field(b, "path", m->path);
	/* an offset is true or absent: a decoded unit's is named apart */
	if (r == 0)
		r = pc_buf_addf(b,
		    ",\"%s\":%llu,\"%s\":%llu,\"%s\":%llu,\"length\":%llu,\"exact\":%s",
		    m->line_exact ? "line" : "unit_line",
		    (unsigned long long)m->line,
		    m->exact ? "column" : "unit_column",
		    (unsigned long long)m->column,
		    m->exact ? "offset" : "unit_offset",
		    (unsigned long long)m->offset,
		    (unsigned long long)m->length, m->exact ? "true" : "false");
	if (r == 0 && m->locator[0] != '\0')
		r = json_field(b, "locator", m->locator);
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
	if (r == 0 && m->counts[0] != '\0')
		r = json_field(b, "counts", m->counts);
	if (r == 0 && m->record != 0)
		r = pc_buf_addf(
		    b, ",\"record\":%llu", (unsigned long long)m->record);
	if (r == 0)
		r = pc_buf_add(b, "}\n", 2);
	return r;
}

/* Appends s with bytes that are not printable UTF-8 text replaced. */
static int
text_str(struct pc_buf *b, const char *s)
{
	char *copy = strdup(s);
	unsigned char *p;
	int r;

	if (copy == NULL)
		return PC_ENOMEM;
	utf8_clean(copy);
	for (p = (unsigned char *)copy; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	r = pc_buf_add(b, copy, strlen(copy));
	free(copy);
	return r;
}

/*
 * Appends one finding as a line for a person checking a file:
 * "path:line:column: severity title: preview (where)"; a record's parts
 * follow it, indented.
 */
static int
text_line(struct pc_buf *b, const struct pc_match *m, bool part)
{
	int r = part ? pc_buf_add(b, "    ", 4) : 0;

	if (r == 0)
		r = text_str(b, m->path);
	/* only positions that are the file's own */
	if (r == 0 && m->exact)
		r = pc_buf_addf(b, ":%llu:%llu", (unsigned long long)m->line,
		    (unsigned long long)m->column);
	else if (r == 0 && m->line_exact)
		r = pc_buf_addf(b, ":%llu", (unsigned long long)m->line);
	if (r == 0)
		r = pc_buf_addf(b, ": %s %s: ", pc_severity_name(m->severity),
		    m->title ? m->title : m->detector);
	if (r == 0)
		r = text_str(b, m->counts[0] != '\0' ? m->counts : m->preview);
	if (r == 0 && m->locator[0] == '\0' && m->message_id == NULL &&
	    m->member == NULL && !m->exact && !m->line_exact)
		r = pc_buf_addf(b, " (line %llu of the extracted text)",
		    (unsigned long long)m->line);
	if (r == 0 &&
	    (m->locator[0] != '\0' || m->message_id != NULL ||
		m->member != NULL)) {
		r = pc_buf_add(b, " (", 2);
		if (r == 0 && m->message_id != NULL)
			r = pc_buf_addf(b, "message <%s>%s", m->message_id,
			    m->member || m->locator[0] ? ", " : "");
		if (r == 0 && m->member != NULL)
			r = text_str(b, m->member);
		if (r == 0 && m->member != NULL && m->locator[0] != '\0')
			r = pc_buf_add(b, ", ", 2);
		if (r == 0)
			r = text_str(b, m->locator);
		if (r == 0)
			r = pc_buf_add(b, ")", 1);
	}
	return r == 0 ? pc_buf_add(b, "\n", 1) : r;
}

/* Prints one finding (and a record's identifiers) in the chosen format. */
static int
on_finding(void *arg, const struct pc_match *m)
{
	struct inspect *in = arg;
	struct pc_buf *b = &in->line;
	size_t i;
	int r;

	pc_buf_reset(b);
	r = in->text ? text_line(b, m, false) : json_line(b, m);
	for (i = 0; r == 0 && i < m->nparts; i++)
		r = in->text ? text_line(b, &m->parts[i], true)
			     : json_line(b, &m->parts[i]);
	if (r != 0)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory formatting a finding.");
	if (fwrite(b->data, 1, b->len, stdout) != b->len)
		return pc_error_set(PC_EIO, "Cannot write to standard output.");
	in->findings++;
	if (m->severity >= in->fail_on)
		in->at_or_above++;
	return 0;
}

/* A file skipped, unreadable, changed or partly read: one line. */
static void
on_note(void *arg, const struct pc_content_note *n)
{
	struct inspect *in = arg;

	if (n->event == PC_CONTENT_UNREADABLE)
		in->io_errors++;
	else if (n->event != PC_CONTENT_PARTIAL)
		in->skipped++;
	if (n->event == PC_CONTENT_LIMIT || n->event == PC_CONTENT_PARTIAL)
		in->not_read++;
	if (n->event != PC_CONTENT_UNREADABLE && in->quiet)
		return;
	if (n->event == PC_CONTENT_PARTIAL)
		fprintf(stderr, "portcullis: %s: %zu part(s) not read: %s\n",
		    n->path, n->parts, n->reason);
	else
		fprintf(stderr, "portcullis: %s %s: %s\n",
		    n->event == PC_CONTENT_UNREADABLE    ? "cannot read"
			: n->event == PC_CONTENT_CHANGED ? "changed while read,"
			: n->event == PC_CONTENT_LIMIT   ? "not read:"
							 : "skipped",
		    n->path, n->reason);
}

/* Parses --jobs N (1 to 16). */
static int
parse_jobs(const char *s, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 16) {
		pc_cli_error(
		    "--jobs needs a number of files to read at once, 1 to 16.");
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

/* The command line, parsed. */
struct inspect_args {
	const char *list, *dir;
	const char *config; /* --detectors threats: the office's config */
	unsigned jobs;      /* files read at once; 0 = one per core */
	int first;          /* argv index of the first PATH */
};

/*
 * Parses the options into in and a; returns 0 to run, 1 when done
 * (--help printed), 2 on a usage error (message printed).
 */
static int
parse_args(struct inspect *in, struct inspect_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "detectors", required_argument, NULL, 'd' },
		{ "fail-on", required_argument, NULL, 'f' },
		{ "detectors-dir", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, sev;

	/* text for a person at a terminal, JSON Lines for a program */
	in->text = isatty(STDOUT_FILENO) == 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->list = optarg; break;
		case 'f':
			if ((sev = pc_severity_parse(optarg)) < 0) {
				pc_cli_error(
				    "--fail-on needs one of critical, high, medium, low, info.");
				return 2;
			}
			in->fail_on = (enum pc_severity)sev;
			break;
		case 'D': a->dir = optarg; break;
		case 'F':
			if (strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "jsonl") != 0) {
				pc_cli_error("--format needs text or jsonl.");
				return 2;
			}
			in->text = strcmp(optarg, "text") == 0;
			break;
		case 'j':
			if (parse_jobs(optarg, &a->jobs) != 0)
				return 2;
			break;
		case 'q': in->quiet = 1; break;
		case 'c': /* threats: protected details and the MP's name */
			a->config = optarg;
			break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		pc_cli_error(
		    "inspect needs at least one PATH; run portcullis inspect --help.");
		return 2;
	}
	a->first = optind;
	return 0;
}

/* Runs inspect. */
int
pc_cmd_inspect(int argc, char **argv)
{
	struct inspect in;
	struct inspect_args a = { NULL, NULL, NULL, 0, 0 };
	struct pc_detectors *set = NULL;
	struct pc_content_stats cs;
	const char *list, *dir;
	unsigned char key[32];
	int r, status = 2, i;

	memset(&in, 0, sizeof(in));
	in.fail_on = PC_SEV_MEDIUM;
	pc_buf_init(&in.line, 64 << 10);
	if ((r = parse_args(&in, &a, argc, argv)) != 0) {
		status = r == 1 ? 0 : 2;
		goto out;
	}
	list = a.list;
	dir = a.dir;
	optind = a.first;
	if (list != NULL && strcmp(list, "threats") == 0) {
		status = pc_cmd_inspect_threats(argv + optind, argc - optind,
		    (int)in.fail_on, in.quiet, a.config);
		goto out;
	}
	if ((r = pc_detectors_load_dir(
		 &set, dir ? dir : pc_detectors_default_dir())) != 0 ||
	    (list != NULL && (r = pc_detectors_select(set, list)) != 0)) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	/* inspect output is for the user: a key for this run only */
	if (RAND_bytes(key, sizeof(key)) != 1) {
		pc_cli_error("Cannot make a random HMAC key (OpenSSL RAND).");
		goto out;
	}
	r = pc_content_scan_new(&in.scan,
	    &(struct pc_content_opts){ .set = set,
		.key = key,
		.keylen = sizeof(key),
		.workers = a.jobs },
	    &(struct pc_content_report){ on_finding, on_note, &in });
	OPENSSL_cleanse(key, sizeof(key));
	if (r != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	/* the files are untrusted (zip, MIME, HTML, JSON) */
	if (pc_cli_confine("inspect", (const char *const *)argv + optind,
		(size_t)(argc - optind)) != 0)
		goto out;
	for (i = optind; i < argc; i++) {
		r = pc_content_scan(in.scan,
		    &(struct pc_content_source){
			.path = argv[i], .kind = PC_DOC_AUTO },
		    &cs);
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
	else if (in.at_or_above > 0)
		status = 1;
	else if (in.not_read > 0) {
		/* fail closed: "nothing found" in what was read is no clean
		 * bill for a file that was not read (encrypted, a bomb); each
		 * was named on its own line unless --quiet hid it */
		if (in.quiet)
			fprintf(stderr,
			    "portcullis: %zu file(s) or part(s) were not read in full (encrypted, damaged or over a limit; run without --quiet to list them), so nothing found is not a clean result\n",
			    in.not_read);
		status = 2;
	} else
		status = 0;
out:
	pc_content_scan_free(in.scan);
	pc_detectors_free(set);
	pc_buf_free(&in.line);
	return status;
}
