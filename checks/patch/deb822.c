/* Bounded streaming reader for deb822 stanzas ("Field: value" lines,
 * continuation lines, blank-line separators), as used by the dpkg status
 * database and apt's Packages and Release files. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "deb822.h"
#include "zreader.h"

#define INBUF_SIZE 65536

enum { OWNED_NONE, OWNED_FD, OWNED_Z };

/* Reads from a plain file descriptor. */
static ssize_t
read_fd(void *src, void *buf, size_t n)
{
	struct pc_deb822 *r = src;
	int fd = (int)(long)r->owned;
	ssize_t got;

	do
		got = read(fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", r->name, strerror(errno));
	return got;
}

/* Prepares a reader over any byte source. */
int
pc_deb822_init(struct pc_deb822 *r, const char *name, pc_deb822_read_fn fn,
    void *src, const struct pc_deb822_limits *lim, const char *const *want,
    size_t nwant)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->name = name;
	r->lim = *lim;
	r->want = want;
	r->nwant = nwant < PC_DEB822_MAX_WANT ? nwant : PC_DEB822_MAX_WANT;
	r->read = fn;
	r->src = src;
	for (i = 0; i < PC_DEB822_MAX_WANT; i++)
		pc_buf_init(&r->values[i], lim->max_value);
	pc_buf_init(&r->lbuf, PC_DEB822_MAX_LINE);
	if ((r->in = malloc(INBUF_SIZE)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Opens a regular file (decompressed when its name ends in a compressed
 * format's extension) and prepares the reader. */
int
pc_deb822_open(struct pc_deb822 *r, const char *path,
    const struct pc_deb822_limits *lim, const char *const *want, size_t nwant)
{
	enum pc_zformat fmt = pc_zformat_of(path);
	struct pc_zreader *z = NULL;
	struct stat st;
	int fd, ret;

	memset(r, 0, sizeof(*r));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pc_error_set(PC_EIO, "%s is not a regular file.", path);
	}
	if (fmt != PC_Z_PLAIN) {
		if ((ret = pc_zreader_open(&z, fd, fmt, path)) != 0 ||
		    (ret = pc_deb822_init(
			 r, path, pc_zreader_read, z, lim, want, nwant)) != 0) {
			pc_zreader_free(z);
			close(fd);
			return ret;
		}
		r->owned = z;
		r->owned_fd = fd;
		r->owned_kind = OWNED_Z;
		return 0;
	}
	if ((ret = pc_deb822_init(r, path, read_fd, r, lim, want, nwant)) !=
	    0) {
		close(fd);
		return ret;
	}
	r->owned = (void *)(long)fd;
	r->owned_kind = OWNED_FD;
	return 0;
}

/* Releases buffers and the owned file. */
void
pc_deb822_close(struct pc_deb822 *r)
{
	size_t i;

	for (i = 0; i < PC_DEB822_MAX_WANT; i++)
		pc_buf_free(&r->values[i]);
	pc_buf_free(&r->lbuf);
	free(r->in);
	r->in = NULL;
	if (r->owned_kind == OWNED_FD)
		close((int)(long)r->owned);
	else if (r->owned_kind == OWNED_Z) {
		pc_zreader_free(r->owned);
		close(r->owned_fd);
	}
	r->owned_kind = OWNED_NONE;
}

/*
 * Reads one line into r->lbuf (without its newline). Returns 1 for a line,
 * 0 at the end of input, or an error. A last line without a newline means
 * the file was cut short, and is an error.
 */
static int
read_line(struct pc_deb822 *r)
{
	char *nl;
	size_t n;
	ssize_t got;

	pc_buf_reset(&r->lbuf);
	for (;;) {
		if (r->in_pos == r->in_len) {
			if (r->in_eof)
				break;
			got = r->read(r->src, r->in, INBUF_SIZE);
			if (got < 0)
				return (int)got;
			r->in_pos = 0;
			r->in_len = (size_t)got;
			if (got == 0) {
				r->in_eof = true;
				break;
			}
		}
		nl = memchr(r->in + r->in_pos, '\n', r->in_len - r->in_pos);
		n = nl ? (size_t)(nl - (r->in + r->in_pos))
		       : r->in_len - r->in_pos;
		if (pc_buf_add(&r->lbuf, r->in + r->in_pos, n) != 0)
			return pc_error_set(PC_ELIMIT,
			    "%s:%ld: line longer than %d bytes.", r->name,
			    r->line + 1, PC_DEB822_MAX_LINE);
		r->in_pos += n;
		if (nl != NULL) {
			r->in_pos++;
			r->line++;
			goto got_line;
		}
	}
	if (r->lbuf.len == 0)
		return 0;
	r->line++;
	return pc_error_set(PC_EPARSE,
	    "%s:%ld: the file ends in the middle of a line; it looks truncated.",
	    r->name, r->line);
got_line:
	if (r->lbuf.len > 0 && memchr(r->lbuf.data, '\0', r->lbuf.len))
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: line contains a NUL byte; this is not a text file.",
		    r->name, r->line);
	return 1;
}

/* Whether the line holds only spaces and tabs. */
static bool
is_blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Index of a wanted field name, or -1. */
static int
want_index(const struct pc_deb822 *r, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < r->nwant; i++)
		if (strlen(r->want[i]) == len &&
		    strncasecmp(r->want[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* Appends text to kept field i, enforcing the value cap. */
static int
keep(struct pc_deb822 *r, int i, const char *p, size_t n)
{
	if (pc_buf_add(&r->values[i], p, n) != 0)
		return pc_error_set(PC_ELIMIT,
		    "%s:%ld: the %s field is longer than %zu bytes.", r->name,
		    r->line, r->want[i], r->lim.max_value);
	return 0;
}

/* Trims spaces and tabs at both ends of [*p, *p + *n). */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 &&
	    ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
		(*p)[*n - 1] == '\r'))
		(*n)--;
}

/*
 * Handles the OpenPGP clearsign wrapper of InRelease files. Returns 1 to
 * skip the line, 2 at the end of the signed text, 0 to parse the line.
 */
static int
pgp_filter(struct pc_deb822 *r)
{
	const char *s = r->lbuf.data;
	size_t n = r->lbuf.len;

	if (r->pgp_state == 0 && !r->started && n > 0 &&
	    strncmp(s, "-----BEGIN PGP SIGNED MESSAGE-----", 34) == 0) {
		r->pgp_state = 1;
		return 1;
	}
	if (r->pgp_state == 1) {
		if (is_blank_line(s, n))
			r->pgp_state = 2;
		return 1;
	}
	if (r->pgp_state == 2) {
		if (strncmp(s, "-----BEGIN PGP SIGNATURE-----", 29) == 0) {
			r->pgp_state = 3;
			return 2;
		}
		if (n >= 2 && s[0] == '-' && s[1] == ' ') {
			memmove(r->lbuf.data, s + 2, n - 2);
			r->lbuf.len = n - 2;
			r->lbuf.data[r->lbuf.len] = '\0';
		}
	}
	return 0;
}

/* At the end of the input: an error when a signed block or (strict) a
 * record was cut off, else 0. */
static int
check_end(const struct pc_deb822 *r, bool in_stanza)
{
	if (r->pgp_state == 1 || (r->lim.pgp && r->pgp_state == 2))
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: the signed text ends without its signature; the file looks truncated.",
		    r->name, r->line);
	if (in_stanza && r->lim.strict_end)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: the file ends in the middle of the record that starts at line %ld; it looks truncated.",
		    r->name, r->line, r->stanza_line);
	return 0;
}

/* Takes one non-blank, non-comment line of a record: a continuation of
 * field *cur, or a "Field: value" line that sets *cur (-1 when the field
 * is not wanted). */
static int
take_line(struct pc_deb822 *r, int *cur)
{
	const char *line = r->lbuf.data, *colon, *v;
	size_t namelen, vlen;
	int ret;

	if (line[0] == ' ' || line[0] == '\t') {
		if (*cur == -2)
			return pc_error_set(PC_EPARSE,
			    "%s:%ld: a continuation line comes before any field.",
			    r->name, r->line);
		if (*cur >= 0 &&
		    ((ret = keep(r, *cur, "\n", 1)) != 0 ||
			(ret = keep(r, *cur, line + 1, r->lbuf.len - 1)) != 0))
			return ret;
		return 0;
	}
	colon = memchr(line, ':', r->lbuf.len);
	if (colon == NULL || colon == line)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: expected \"Field: value\", got a line without a field name.",
		    r->name, r->line);
	namelen = (size_t)(colon - line);
	if (memchr(line, ' ', namelen) || memchr(line, '\t', namelen))
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: a field name contains a space.", r->name, r->line);
	if ((*cur = want_index(r, line, namelen)) < 0)
		return 0;
	if (r->have[*cur])
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: the %s field appears twice in one record.",
		    r->name, r->line, r->want[*cur]);
	r->have[*cur] = true;
	v = colon + 1;
	vlen = r->lbuf.len - namelen - 1;
	trim(&v, &vlen);
	return keep(r, *cur, v, vlen);
}

/* Reads the next line through the PGP filter: 1 a line, 0 the end. */
static int
next_line(struct pc_deb822 *r)
{
	int ret, f;

	for (;;) {
		if (r->pgp_state == 3)
			return 0;
		if ((ret = read_line(r)) < 0)
			return ret;
		if (ret == 1 && r->lim.pgp) {
			f = pgp_filter(r);
			if (f == 1)
				continue;
			if (f == 2)
				return 0;
		}
		return ret;
	}
}

/* Reads the next stanza, keeping the wanted fields. */
int
pc_deb822_next(struct pc_deb822 *r, bool *got_out)
{
	size_t stanza_bytes = 0, i;
	int cur = -2; /* -2 no field yet, -1 unwanted field, else index */
	bool in_stanza = false;
	int ret;

	*got_out = false;
	for (i = 0; i < r->nwant; i++) {
		pc_buf_reset(&r->values[i]);
		r->have[i] = false;
	}
	for (;;) {
		if ((ret = next_line(r)) < 0)
			return ret;
		if (ret == 0) {
			if ((ret = check_end(r, in_stanza)) != 0)
				return ret;
			break;
		}
		if (is_blank_line(r->lbuf.data, r->lbuf.len)) {
			if (in_stanza)
				break;
			continue;
		}
		r->started = true;
		if (r->lbuf.data[0] == '#')
			continue;
		stanza_bytes += r->lbuf.len + 1;
		if (stanza_bytes > r->lim.max_stanza)
			return pc_error_set(PC_ELIMIT,
			    "%s:%ld: the record that starts at line %ld is larger than %zu bytes.",
			    r->name, r->line, r->stanza_line,
			    r->lim.max_stanza);
		if (!in_stanza) {
			if (r->nstanzas >= r->lim.max_stanzas)
				return pc_error_set(PC_ELIMIT,
				    "%s:%ld: more than %zu records.", r->name,
				    r->line, r->lim.max_stanzas);
			in_stanza = true;
			r->stanza_line = r->line;
		}
		if ((ret = take_line(r, &cur)) != 0)
			return ret;
	}
	if (!in_stanza)
		return 0;
	r->nstanzas++;
	*got_out = true;
	return 0;
}

/* The value of wanted field i, or NULL. */
const char *
pc_deb822_get(const struct pc_deb822 *r, size_t i)
{
	if (i >= r->nwant || !r->have[i])
		return NULL;
	return r->values[i].data ? r->values[i].data : "";
}
