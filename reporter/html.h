/* report.html: one self-contained page a person can read and print. */
#ifndef PC_HTML_H
#define PC_HTML_H

#include <stddef.h>

#include "agent/lib/buf.h"
#include "agent/report.h"
#include "out.h"

struct pc_escalation;

/* Every page portcullis writes loads nothing and runs nothing: a stray tag
 * from a report could not fetch or execute anything even if escaping ever
 * failed (report.html, checklist.html, the fleet page). */
#define PC_HTML_CSP_META                                                       \
	"<meta http-equiv=\"Content-Security-Policy\" "                        \
	"content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"

/* Appends the page's shared <style> block (no external assets). */
int pc_html_style(struct pc_buf *b);

/* Formats an ISO time "2026-11-23T06:56:13Z" as "Monday 23 November
 * 2026"; copies s unchanged when it is not that shape. */
void pc_html_day(char out[64], const char *iso);

/*
 * Renders report.html for r: office, date, completeness, score, checks
 * table with reasons, findings by severity, changes since last month.
 * esc (route names) and key_id (the signing key) may be NULL. Every value
 * from the report is escaped. Caller frees *html_out.
 */
int pc_html_report(char **html_out, size_t *len_out, const struct pc_report *r,
    const struct pc_escalation *esc, const char *key_id);

#endif
