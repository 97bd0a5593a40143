/* Page output with a sticky first error (report.html, the checklist). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "aggregate.h"
#include "out.h"

/* Appends s HTML-escaped. */
int
pc_html_escape(struct pc_buf *b, const char *s)
{
	const char *p, *rep;
	char ctl[8];
	int r;

	if (s == NULL)
		return 0;
	for (p = s; *p; p++) {
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((unsigned char)*p < 0x20 && *p != '\n' &&
			    *p != '\t') {
				snprintf(ctl, sizeof(ctl), "&#xfffd;");
				rep = ctl;
				break;
			}
			if ((r = pc_buf_add(b, p, 1)) != 0)
				return r;
			continue;
		}
		if ((r = pc_buf_adds(b, rep)) != 0)
			return r;
	}
	return 0;
}

/* Starts empty output that may grow to cap bytes. */
void
pc_out_init(struct pc_out *o, size_t cap)
{
	pc_buf_init(&o->b, cap);
	o->err = 0;
}

/* Appends a literal string. */
void
pc_out_put(struct pc_out *o, const char *s)
{
	int r;

	if (o->err == 0 && (r = pc_buf_adds(&o->b, s)) != 0)
		o->err = r;
}

/* Appends formatted trusted text. */
void
pc_out_putf(struct pc_out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	pc_out_put(o, tmp);
}

/* Appends one formula-safe CSV field. */
void
pc_out_csv(struct pc_out *o, const char *s, bool last)
{
	char *c = pc_fleet_clean(s, false), *p;

	pc_out_put(o, "\"");
	if (c[0] != '\0' && strchr("=+-@", c[0]) != NULL)
		pc_out_put(o, "'");
	for (p = c; *p; p++)
		pc_out_put(o, *p == '"' ? "\"\"" : (char[2]){ *p, 0 });
	pc_out_put(o, last ? "\"\r\n" : "\",");
	free(c);
}

/* Appends a value from the report HTML-escaped. */
void
pc_out_html(struct pc_out *o, const char *s)
{
	int r;

	if (o->err == 0 && (r = pc_html_escape(&o->b, s)) != 0)
		o->err = r;
}

/* Hands over the text, or frees it and reports the first error. */
int
pc_out_finish(
    struct pc_out *o, char **text_out, size_t *len_out, const char *what)
{
	if (o->err) {
		pc_buf_free(&o->b);
		return pc_error_set(
		    o->err, "cannot build %s: %s", what, pc_strerror(o->err));
	}
	*text_out = pc_buf_take(&o->b, len_out);
	return 0;
}
