/* The PDS roster file: CSV records of office_id, account and name. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/vocab.h"
#include "agent/roster.h"

#define NFIELDS 3

/* A CSV reader over text: position and the line it is on. */
struct csv_reader {
	const char *name, *text;
	size_t len, pos;
	int line;
};

/* One record's fields (NUL-terminated copies of at most the field cap). */
struct csv_record {
	char field[NFIELDS][PC_ROSTER_MAX_FIELD + 1];
	size_t nfields;
	int line; /* where the record starts */
};

/* Appends c to the current field, refusing a field over the cap. */
static int
field_put(struct csv_reader *rd, struct csv_record *rec, size_t *flen, char c)
{
	if (rec->nfields >= NFIELDS)
		return 0; /* counted, refused once the record ends */
	if (*flen >= PC_ROSTER_MAX_FIELD)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: field %zu is longer than %d bytes", rd->name,
		    rd->line, rec->nfields + 1, PC_ROSTER_MAX_FIELD);
	rec->field[rec->nfields][(*flen)++] = c;
	rec->field[rec->nfields][*flen] = '\0';
	return 0;
}

/* Reads a quoted field's body after its opening quote. */
static int
read_quoted(struct csv_reader *rd, struct csv_record *rec, size_t *flen)
{
	int r;

	for (;;) {
		if (rd->pos >= rd->len)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: a quoted field is not closed; end it with \"",
			    rd->name, rec->line);
		if (rd->text[rd->pos] == '"') {
			if (rd->pos + 1 < rd->len &&
			    rd->text[rd->pos + 1] == '"') {
				rd->pos += 2;
				if ((r = field_put(rd, rec, flen, '"')) != 0)
					return r;
				continue;
			}
			rd->pos++;
			return 0;
		}
		if (rd->text[rd->pos] == '\n')
			rd->line++;
		if ((r = field_put(rd, rec, flen, rd->text[rd->pos++])) != 0)
			return r;
	}
}

/* Removes leading and trailing blanks of an unquoted field. */
static void
trim(char *s)
{
	size_t n = strlen(s), k = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	memmove(s, s + k, n - k + 1);
}

/*
 * Reads the next record; 1 at the end of the text, 0 with a record, or
 * an error. Blank lines are skipped.
 */
static int
read_record(struct csv_reader *rd, struct csv_record *rec)
{
	size_t flen = 0;
	bool quoted = false, after_quote = false;
	char c;
	int r;

	memset(rec, 0, sizeof(*rec));
	while (rd->pos < rd->len &&
	    (rd->text[rd->pos] == '\n' ||
		(rd->text[rd->pos] == '\r' && rd->pos + 1 < rd->len &&
		    rd->text[rd->pos + 1] == '\n'))) {
		if (rd->text[rd->pos] == '\n')
			rd->line++;
		rd->pos++;
	}
	if (rd->pos >= rd->len)
		return 1;
	rec->line = rd->line;
	for (;;) {
		c = rd->pos < rd->len ? rd->text[rd->pos] : '\n';
		if (c == '\r' && rd->pos + 1 < rd->len &&
		    rd->text[rd->pos + 1] == '\n')
			c = '\n', rd->pos++;
		if (c == ',' || c == '\n') {
			if (!quoted && rec->nfields < NFIELDS)
				trim(rec->field[rec->nfields]);
			rec->nfields++;
			rd->pos++;
			if (c == '\n') {
				rd->line++;
				return 0;
			}
			flen = 0;
			quoted = after_quote = false;
			continue;
		}
		if (after_quote && c != ' ' && c != '\t')
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: text after the closing quote of field %zu; inside quotes, write a quote as \"\"",
			    rd->name, rd->line, rec->nfields + 1);
		if (c == '"') {
			if (flen > 0 && !quoted)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: a quote inside unquoted field %zu; put the whole field in quotes and write the quote as \"\"",
				    rd->name, rd->line, rec->nfields + 1);
			quoted = after_quote = true;
			rd->pos++;
			if ((r = read_quoted(rd, rec, &flen)) != 0)
				return r;
			continue;
		}
		if (!after_quote && (r = field_put(rd, rec, &flen, c)) != 0)
			return r;
		rd->pos++;
	}
}

/* True if s has a control character (C0 or DEL). */
static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Checks one record's values; errors name its line. */
static int
check_record(const struct csv_reader *rd, const struct csv_record *rec)
{
	const char *office = rec->field[0], *account = rec->field[1];

	if (rec->nfields != NFIELDS)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: expected 3 fields (office_id,account,name), got %zu",
		    rd->name, rec->line, rec->nfields);
	if (!pc_office_id_ok(office))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office_id \"%.64s\" is not an office id (1 to 64 lower-case letters, digits and dashes, as the office's office.id)",
		    rd->name, rec->line, office);
	if (strcmp(office, PC_OFFICE_UNASSIGNED) == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office_id %s is the report of accounts no office claims; leave the account out of the roster instead",
		    rd->name, rec->line, PC_OFFICE_UNASSIGNED);
	if (account[0] == '\0' || strpbrk(account, " \t") != NULL ||
	    has_control(account) || strchr(account, '@') == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: account \"%.64s\" is not an account name (its sign-in address, such as sam.example@parliament.uk)",
		    rd->name, rec->line, has_control(account) ? "?" : account);
	if (rec->field[2][0] == '\0' || has_control(rec->field[2]))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: name: expected the person's name on one line",
		    rd->name, rec->line);
	return 0;
}

/* Frees a roster. */
void
pc_roster_free(struct pc_roster *roster)
{
	size_t i;

	if (roster == NULL)
		return;
	for (i = 0; i < roster->n; i++) {
		free(roster->entries[i].office_id);
		free(roster->entries[i].account);
		free(roster->entries[i].name);
	}
	free(roster->entries);
	free(roster->by_account);
	free(roster->offices);
	free(roster->path);
	free(roster);
}

/* Appends rec as an entry. */
static int
add_entry(struct pc_roster *ro, size_t *alloc, const struct csv_record *rec)
{
	struct pc_roster_entry *p, *e;

	if (ro->n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		if ((p = realloc(ro->entries, *alloc * sizeof(*p))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		ro->entries = p;
	}
	e = &ro->entries[ro->n];
	e->line = rec->line;
	e->office_id = strdup(rec->field[0]);
	e->account = strdup(rec->field[1]);
	e->name = strdup(rec->field[2]);
	ro->n++;
	if (!e->office_id || !e->account || !e->name)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

static const struct pc_roster *sort_roster; /* qsort has no argument */

/* Orders entry indices by account, ignoring case. */
static int
cmp_account(const void *a, const void *b)
{
	const struct pc_roster_entry *e = sort_roster->entries;

	return strcasecmp(
	    e[*(const size_t *)a].account, e[*(const size_t *)b].account);
}

/* Orders office id strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Builds the account index (refusing an account listed twice) and the
 * sorted list of offices. */
static int
build_index(struct pc_roster *ro)
{
	size_t i, k;

	if (ro->n == 0)
		return 0;
	if ((ro->by_account = calloc(ro->n, sizeof(size_t))) == NULL ||
	    (ro->offices = calloc(ro->n, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < ro->n; i++) {
		ro->by_account[i] = i;
		ro->offices[i] = ro->entries[i].office_id;
	}
	sort_roster = ro;
	qsort(ro->by_account, ro->n, sizeof(size_t), cmp_account);
	for (i = 1; i < ro->n; i++) {
		const struct pc_roster_entry *a, *b;

		a = &ro->entries[ro->by_account[i - 1]];
		b = &ro->entries[ro->by_account[i]];
		if (strcasecmp(a->account, b->account) == 0)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: account %.64s is listed twice (also on line %d); an account belongs to one office",
			    ro->path, a->line > b->line ? a->line : b->line,
			    b->account, a->line > b->line ? b->line : a->line);
	}
	qsort(ro->offices, ro->n, sizeof(char *), cmp_str);
	for (i = 1, k = 1; i < ro->n; i++)
		if (strcmp(ro->offices[i], ro->offices[k - 1]) != 0)
			ro->offices[k++] = ro->offices[i];
	ro->noffices = k;
	return 0;
}

/* True if rec is the header record. */
static bool
is_header(const struct csv_record *rec)
{
	return rec->nfields == NFIELDS &&
	    strcasecmp(rec->field[0], "office_id") == 0 &&
	    strcasecmp(rec->field[1], "account") == 0 &&
	    strcasecmp(rec->field[2], "name") == 0;
}

/* Parses roster text. */
int
pc_roster_parse(struct pc_roster **roster_out, const char *name,
    const char *text, size_t len)
{
	struct csv_reader rd = { name, text, len, 0, 1 };
	struct csv_record rec;
	struct pc_roster *ro;
	size_t alloc = 0;
	bool first = true;
	int r;

	*roster_out = NULL;
	if ((ro = calloc(1, sizeof(*ro))) == NULL ||
	    (ro->path = strdup(name)) == NULL) {
		free(ro);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if (memchr(text, '\0', len) != NULL) {
		r = pc_error_set(PC_ECONFIG,
		    "%s: holds a NUL byte; the roster is a CSV text file",
		    name);
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		rd.pos = 3;
	while ((r = read_record(&rd, &rec)) == 0) {
		if (first && is_header(&rec)) {
			first = false;
			continue;
		}
		first = false;
		if ((r = check_record(&rd, &rec)) != 0)
			goto out;
		if (ro->n >= PC_ROSTER_MAX_ENTRIES) {
			r = pc_error_set(PC_ECONFIG,
			    "%s:%d: more than %d accounts", name, rec.line,
			    PC_ROSTER_MAX_ENTRIES);
			goto out;
		}
		if ((r = add_entry(ro, &alloc, &rec)) != 0)
			goto out;
	}
	if (r < 0)
		goto out;
	r = build_index(ro);
out:
	if (r < 0) {
		pc_roster_free(ro);
		return r;
	}
	*roster_out = ro;
	return 0;
}

/* Reads and parses the roster file. */
int
pc_roster_load(struct pc_roster **roster_out, const char *path)
{
	struct pc_buf b;
	int r;

	*roster_out = NULL;
	if ((r = pc_file_read(&b, path, PC_ROSTER_MAX_BYTES)) == 0)
		r = pc_roster_parse(roster_out, path, b.data, b.len);
	pc_buf_free(&b);
	return r;
}

/* The entry for account, or NULL. */
const struct pc_roster_entry *
pc_roster_find(const struct pc_roster *roster, const char *account)
{
	size_t lo = 0, hi, mid;
	int k;

	if (roster == NULL || account == NULL)
		return NULL;
	hi = roster->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = strcasecmp(
		    roster->entries[roster->by_account[mid]].account, account);
		if (k == 0)
			return &roster->entries[roster->by_account[mid]];
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
