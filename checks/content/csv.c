/* CSV and TSV: one text unit per row (a record), headers as context. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

#define PC_CSV_LOCATOR (CSV_MAX_NAME + 48)

struct csv {
	struct pc_emit *e;
	struct pc_text_loc loc;
	char delim;
	bool in_quotes, quote_pending, row_open, field_open, cr;
	size_t col;
	uint64_t line, off, row_off, row_line;
	/* header names from the first row, if it looks like one */
	char names[CSV_MAX_COLS][CSV_MAX_NAME];
	size_t nnames;
	bool first_row, use_names, header_digits;
	bool verbatim_ok;  /* source bytes are the file's (not UTF-16) */
	uint64_t line_off; /* file offset where the current line starts */
	uint64_t row;      /* 1-based record number (a header is row 1) */
	char out[4096];
	size_t outlen;
};

/* Flushes the row's pending output. */
static int
csv_flush(struct csv *c)
{
	int r = pc_emit_data(c->e, c->out, c->outlen);

	c->outlen = 0;
	return r;
}

/* Appends one output byte of the current row. */
static int
csv_put(struct csv *c, char ch)
{
	if (c->outlen == sizeof(c->out) && csv_flush(c) != 0)
		return c->e->rc;
	c->out[c->outlen++] = ch;
	return 0;
}

/* Appends a string of the current row. */
static int
csv_puts(struct csv *c, const char *s)
{
	int r = 0;

	while (*s && r == 0)
		r = csv_put(c, *s++);
	return r;
}

/*
 * Marks where the field's next output byte is: its row and column for a
 * person, and the file offset it comes from (the output byte is the
 * file's own until the next mark).
 */
static int
csv_mark(struct csv *c, uint64_t off)
{
	char where[PC_CSV_LOCATOR];
	int r;

	if (c->use_names && c->col < c->nnames && c->names[c->col][0])
		snprintf(where, sizeof(where), "row %llu, column '%s'",
		    (unsigned long long)c->row, c->names[c->col]);
	else
		snprintf(where, sizeof(where), "row %llu, column %zu",
		    (unsigned long long)c->row, c->col + 1);
	if ((r = csv_flush(c)) != 0)
		return r;
	return pc_emit_mark(c->e,
	    &(struct pc_text_mark){ .locator = where,
		.verbatim = c->verbatim_ok,
		.offset = off,
		.line = c->line,
		.line_start = c->line_off });
}

/* Starts a field: opens the row's unit on its first field. */
static int
csv_field_start(struct csv *c)
{
	int r;

	if (!c->row_open) {
		c->loc.base_offset = c->row_off;
		c->loc.base_line = c->row_line;
		if ((r = pc_emit_begin(c->e, &c->loc)) != 0)
			return r;
		c->row_open = true;
		c->col = 0;
	} else if ((r = csv_puts(c, "; ")) != 0) {
		return r;
	}
	c->field_open = true;
	if (c->use_names && c->col < c->nnames && c->names[c->col][0]) {
		if ((r = csv_puts(c, c->names[c->col])) != 0 ||
		    (r = csv_puts(c, ": ")) != 0)
			return r;
	}
	/* a quoted field's text starts after its quote */
	return csv_mark(c, c->in_quotes ? c->off + 1 : c->off);
}

/* Adds one byte of field content. */
static int
csv_field_byte(struct csv *c, char ch)
{
	int r;
	size_t l;

	if (!c->field_open && (r = csv_field_start(c)) != 0)
		return r;
	if (ch == '\n' || ch == '\r')
		ch = ' '; /* a row stays on one line of text */
	if (c->first_row && c->col < CSV_MAX_COLS) {
		if (isdigit((unsigned char)ch))
			c->header_digits = true;
		l = strlen(c->names[c->col]);
		if (l + 1 < CSV_MAX_NAME) {
			c->names[c->col][l] = ch;
			c->names[c->col][l + 1] = '\0';
		}
	}
	return csv_put(c, ch);
}

/* Ends a field. */
static int
csv_field_end(struct csv *c)
{
	int r;

	if (!c->field_open && (r = csv_field_start(c)) != 0)
		return r;
	c->field_open = false;
	c->col++;
	return 0;
}

/* Ends a row: closes the unit, learns the header after the first row. */
static int
csv_row_end(struct csv *c)
{
	int r;

	if (!c->row_open)
		return 0;
	if ((r = csv_field_end(c)) != 0 || (r = csv_flush(c)) != 0 ||
	    (r = pc_emit_end(c->e)) != 0)
		return r;
	c->row++;
	if (c->first_row) {
		c->first_row = false;
		c->nnames = c->col < CSV_MAX_COLS ? c->col : CSV_MAX_COLS;
		c->use_names = !c->header_digits && c->nnames > 1;
	}
	c->row_open = false;
	return 0;
}

/* Picks the delimiter that occurs most in the first line. */
static char
csv_guess_delim(const char *p, size_t n, const char *path)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0 }, i, k, best = 0;
	bool q = false;

	if (pc_extract_ends_with(path, ".tsv"))
		return '\t';
	for (i = 0; i < n && (q || p[i] != '\n'); i++) {
		if (p[i] == '"')
			q = !q;
		for (k = 0; !q && k < 4; k++)
			if (p[i] == cand[k])
				count[k]++;
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] ? cand[best] : ',';
}

/* Feeds bytes through the CSV state machine. */
static int
csv_feed(struct csv *c, const char *p, size_t n)
{
	size_t i;
	int r = 0;
	char ch;

	for (i = 0; i < n && r == 0; i++, c->off++) {
		ch = p[i];
		if (!c->row_open && !c->field_open) {
			c->row_off = c->off;
			c->row_line = c->line;
		}
		if (c->quote_pending) {
			c->quote_pending = false;
			if (ch ==
			    '"') { /* "" inside quotes: two bytes, one out */
				if ((r = csv_field_byte(c, '"')) == 0)
					r = csv_mark(c, c->off + 1);
				continue;
			}
			c->in_quotes = false;
		}
		if (ch == '\n') {
			c->line++;
			c->line_off = c->off + 1;
		}
		if (c->in_quotes) {
			if (ch == '"')
				c->quote_pending = true;
			else if ((r = csv_field_byte(c, ch)) == 0 && ch == '\n')
				r = csv_mark(
				    c, c->off + 1); /* a new file line */
			continue;
		}
		if (ch == '"' && !c->field_open) {
			c->in_quotes = true;
			r = csv_field_start(c);
		} else if (ch == c->delim) {
			r = csv_field_end(c);
		} else if (ch == '\n') {
			r = csv_row_end(c);
		} else if (ch == '\r') {
			/* dropped from the output: the next byte is marked */
			if (c->field_open)
				r = csv_mark(c, c->off + 1);
			continue;
		} else {
			r = csv_field_byte(c, ch);
		}
	}
	return r;
}

/* Extracts CSV rows from the source. */
int
pc_extract_csv(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
{
	struct csv *c;
	char *buf = NULL;
	const char *p;
	ssize_t n;
	int r = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (pc_src_copies(s) && (buf = malloc(CHUNK)) == NULL)) {
		free(c);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	c->e = e;
	c->loc = *at;
	c->loc.exact = false;
	c->loc.lines_exact = pc_src_own(e, s); /* a row is a file line */
	c->line = 1;
	c->row = 1;
	c->off = s->utf16 ? 0 : s->off; /* past a UTF-8 BOM */
	c->verbatim_ok = pc_src_own(e, s) && !s->utf16;
	c->first_row = true;
	while (r == 0 && (n = pc_src_next(s, buf, CHUNK, &p)) > 0) {
		if (c->delim == 0)
			c->delim = csv_guess_delim(p, (size_t)n, at->path);
		r = csv_feed(c, p, (size_t)n);
	}
	if (r == 0 && n < 0)
		r = (int)n;
	if (r == 0)
		r = csv_row_end(c);
	free(buf);
	free(c);
	return r;
}
