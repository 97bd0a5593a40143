/* Page output with a sticky first error (report.html, the checklist). */
#ifndef PC_OUT_H
#define PC_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/buf.h"

/*
 * Rendering code appends without checking each call; the first error is
 * kept in err, later appends do nothing, and pc_out_finish() reports it
 * once. This keeps the page code a straight list of what it prints.
 */
struct pc_out {
	struct pc_buf b;
	int err; /* first error, 0 while every append succeeded */
};

/* Starts empty output that may grow to cap bytes. */
void pc_out_init(struct pc_out *o, size_t cap);

/* Appends a literal string. */
void pc_out_put(struct pc_out *o, const char *s);

/* Appends formatted text, cut at 1023 bytes (callers pass only trusted
 * values: numbers, severity names, fixed words). */
void pc_out_putf(struct pc_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appends one CSV field: always quoted, quotes doubled, control characters
 * and invalid UTF-8 made safe (pc_fleet_clean), and a leading = + - @ made
 * text with a ' so a spreadsheet does not run it as a formula (OWASP "CSV
 * injection"). last ends the row with CRLF, else a comma follows.
 */
void pc_out_csv(struct pc_out *o, const char *s, bool last);

/* Appends a value from the report HTML-escaped (pc_html_escape). */
void pc_out_html(struct pc_out *o, const char *s);

/*
 * Ends the output. On success hands the text to *text_out (caller frees)
 * and returns 0; after an error frees it and returns the error, set as
 * "cannot build <what>: <reason>".
 */
int pc_out_finish(
    struct pc_out *o, char **text_out, size_t *len_out, const char *what);

/* Appends s HTML-escaped (& < > " ' and control characters). */
int pc_html_escape(struct pc_buf *b, const char *s);

#endif
