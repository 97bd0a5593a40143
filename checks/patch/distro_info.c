/* Reads distro-info-data's CSV tables into end-of-life releases, so the
 * dates the system itself ships win over the policy's snapshot. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "distro_info.h"

#define MAX_COLUMNS 16
#define MAX_FIELD   64

/* The columns this reader uses (index into a row; -1 when absent). */
enum {
	C_VERSION,
	C_CODENAME,
	C_SERIES,
	C_EOL,
	C_EOL_LTS,
	C_EOL_SERVER,
	C_EOL_ESM,
	C_COUNT
};
static const char *const column_names[C_COUNT] = {
	"version",
	"codename",
	"series",
	"eol",
	"eol-lts",
	"eol-server",
	"eol-esm",
};

/* One CSV line split into fields (pointers into a private copy). */
struct row {
	char text[MAX_COLUMNS * (MAX_FIELD + 1)];
	const char *field[MAX_COLUMNS];
	size_t n;
};

/* Splits a line at commas; -1 when it has too many or too long fields. */
static int
split_row(struct row *r, const char *p, size_t len)
{
	size_t i, start = 0, o = 0;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	r->n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != ',')
			continue;
		if (r->n == MAX_COLUMNS || i - start > MAX_FIELD ||
		    memchr(p + start, '"', i - start) != NULL)
			return -1;
		memcpy(r->text + o, p + start, i - start);
		r->text[o + i - start] = '\0';
		r->field[r->n++] = r->text + o;
		o += i - start + 1;
		start = i + 1;
	}
	return 0;
}

/* Field c of a row, or NULL when the column is absent or empty. */
static const char *
field(const struct row *r, const int *col, int c)
{
	if (col[c] < 0 || (size_t)col[c] >= r->n || *r->field[col[c]] == '\0')
		return NULL;
	return r->field[col[c]];
}

/* Copies s (NULL stays NULL); returns -1 when out of memory. */
static int
dup_into(char **out, const char *s)
{
	*out = NULL;
	if (s != NULL && (*out = strdup(s)) == NULL)
		return -1;
	return 0;
}

/* Fills rel from a row; PC_ECONFIG-style errors name file:line. */
static int
fill_release(struct pc_eol_release *rel, const char *os, const char *name,
    int line, const struct row *r, const int *col)
{
	const char *version = field(r, col, C_VERSION);
	const char *sec = field(r, col, C_EOL_SERVER), *ext;
	bool debian = strcmp(os, "debian") == 0;
	char plain[MAX_FIELD + 1], title[3 * MAX_FIELD];
	size_t vlen = strlen(version);

	if (sec == NULL)
		sec = field(r, col, C_EOL);
	ext = field(r, col, debian ? C_EOL_LTS : C_EOL_ESM);
	/* "24.04 LTS": VERSION_ID is 24.04. */
	snprintf(plain, sizeof(plain), "%s", version);
	if (vlen > 4 && strcmp(version + vlen - 4, " LTS") == 0)
		plain[vlen - 4] = '\0';
	if (debian)
		snprintf(title, sizeof(title), "Debian %s (%s)", version,
		    field(r, col, C_SERIES) ? field(r, col, C_SERIES) : "?");
	else
		snprintf(title, sizeof(title), "Ubuntu %s (%s)", version,
		    field(r, col, C_CODENAME) ? field(r, col, C_CODENAME)
					      : "?");
	rel->line = line;
	if (pc_eol_date(&rel->security_end_t, sec) != 0 ||
	    (ext != NULL &&
		(pc_eol_date(&rel->extended_end_t, ext) != 0 ||
		    rel->extended_end_t < rel->security_end_t)))
		return pc_error_set(PC_EPARSE,
		    "%s:%d: expected end-of-life dates as YYYY-MM-DD (the extended one no earlier), got \"%s\" and \"%s\".",
		    name, line, sec, ext ? ext : "");
	if (dup_into(&rel->os, os) || dup_into(&rel->version, plain) ||
	    dup_into(&rel->codename, field(r, col, C_SERIES)) ||
	    dup_into(&rel->name, title) || dup_into(&rel->security_end, sec) ||
	    dup_into(&rel->extended_end, ext) ||
	    dup_into(&rel->extended_name,
		ext == NULL  ? NULL
		    : debian ? "Debian LTS"
			     : "Ubuntu Pro (ESM)"))
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Maps the header's column names; every required one must be there. */
static int
read_header(int *col, const struct row *r, const char *name)
{
	size_t i, k;

	for (k = 0; k < C_COUNT; k++)
		col[k] = -1;
	for (i = 0; i < r->n; i++)
		for (k = 0; k < C_COUNT; k++)
			if (strcmp(r->field[i], column_names[k]) == 0)
				col[k] = (int)i;
	if (col[C_VERSION] < 0 || col[C_SERIES] < 0 || col[C_EOL] < 0 ||
	    col[C_CODENAME] < 0)
		return pc_error_set(PC_EPARSE,
		    "%s:1: expected a header with version, codename, series and eol columns.",
		    name);
	return 0;
}

/* Parses a distro-info CSV. */
int
pc_distro_info_parse(struct pc_eol **eol_out, const char *os, const char *name,
    const char *text, size_t len, long warn_days)
{
	const char *p = text, *end = text + len, *nl;
	int col[C_COUNT], line = 0, ret = 0;
	struct pc_eol *eol = NULL;
	struct row *r = NULL;
	size_t cap = 0;
	void *grown;

	*eol_out = NULL;
	if (len > PC_DISTRO_INFO_MAX)
		return pc_error_set(PC_ELIMIT, "%s is larger than %u bytes.",
		    name, PC_DISTRO_INFO_MAX);
	if ((eol = calloc(1, sizeof(*eol))) == NULL ||
	    (r = malloc(sizeof(*r))) == NULL) {
		ret = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	eol->version = 1;
	eol->warn_days = warn_days;
	for (; p < end; p = nl < end ? nl + 1 : end) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (split_row(r, p, (size_t)(nl - p)) != 0) {
			ret = pc_error_set(PC_EPARSE,
			    "%s:%d: expected at most %d comma-separated fields of at most %d bytes, without quotes.",
			    name, line, MAX_COLUMNS, MAX_FIELD);
			goto out;
		}
		if (line == 1) {
			if ((ret = read_header(col, r, name)) != 0)
				goto out;
			continue;
		}
		if (r->n == 1 && *r->field[0] == '\0')
			continue;
		if (line > PC_DISTRO_INFO_MAX_ROWS) {
			ret =
			    pc_error_set(PC_ELIMIT, "%s:%d: more than %d rows.",
				name, line, PC_DISTRO_INFO_MAX_ROWS);
			goto out;
		}
		/* Testing, unstable and future releases have no dates. */
		if (field(r, col, C_VERSION) == NULL ||
		    field(r, col, C_EOL) == NULL)
			continue;
		if (eol->nreleases == cap) {
			cap = cap ? cap * 2 : 32;
			if ((grown = realloc(eol->releases,
				 cap * sizeof(*eol->releases))) == NULL) {
				ret = pc_error_set(PC_ENOMEM, "out of memory");
				goto out;
			}
			eol->releases = grown;
		}
		memset(
		    &eol->releases[eol->nreleases], 0, sizeof(*eol->releases));
		ret = fill_release(
		    &eol->releases[eol->nreleases++], os, name, line, r, col);
		if (ret != 0)
			goto out;
	}
	if (line == 0) {
		ret = pc_error_set(PC_EPARSE, "%s is empty.", name);
		goto out;
	}
	*eol_out = eol;
	eol = NULL;
out:
	free(r);
	pc_eol_free(eol);
	return ret;
}

/* Loads a distro-info CSV file. */
int
pc_distro_info_load(
    struct pc_eol **eol_out, const char *os, const char *path, long warn_days)
{
	struct pc_buf text;
	int ret;

	*eol_out = NULL;
	if ((ret = pc_file_read(&text, path, PC_DISTRO_INFO_MAX)) != 0)
		return ret;
	ret = pc_distro_info_parse(
	    eol_out, os, path, text.data ? text.data : "", text.len, warn_days);
	pc_buf_free(&text);
	return ret;
}
