/* The fleet view as a table for a person, CSV or JSON (HTML: aggregate_html.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "aggregate.h"
#include "out.h"

#define FLEET_OUT_CAP (256u << 20)

/*
 * Copies s with invalid UTF-8 replaced by '?' and, unless keep_controls,
 * control characters (C0, DEL and C1 such as U+009B CSI) replaced by
 * '?': folder names and report text must not move a terminal's cursor or
 * split a CSV row. Caller frees.
 */
char *
pc_fleet_clean(const char *s, bool keep_controls)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, o = 0, len, k;
	unsigned int cp;
	char *out;

	if ((out = malloc(n + 1)) == NULL)
		abort();
	while (i < n) {
		unsigned char c = p[i];

		len = c < 0x80           ? 1
		    : (c & 0xe0) == 0xc0 ? 2
		    : (c & 0xf0) == 0xe0 ? 3
		    : (c & 0xf8) == 0xf0 ? 4
					 : 0;
		cp = len == 1  ? c
		    : len == 2 ? c & 0x1f
		    : len == 3 ? c & 0x0f
			       : c & 0x07;
		for (k = 1; len > 0 && k < len; k++) {
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80) {
				len = 0;
				break;
			}
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (len == 0 || (len == 2 && cp < 0x80) ||
		    (len == 3 &&
			(cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (!keep_controls &&
		    (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))) {
			out[o++] =
			    cp == '\t' || cp == '\n' || cp == '\r' ? ' ' : '?';
			i += len;
			continue;
		}
		memcpy(out + o, p + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return out;
}

/* The status word of both parts: the more urgent one's. */
const char *
pc_fleet_status_word(const struct pc_fleet_office *o)
{
	if (o->tenant && pc_fleet_part_rank(o->tenant) < pc_fleet_part_rank(o))
		return pc_fleet_part_word(o->tenant);
	return pc_fleet_part_word(o);
}

/* The one status word a person sorts by (the urgency rank's name). */
const char *
pc_fleet_part_word(const struct pc_fleet_office *o)
{
	if (o->state != PC_FLEET_VERIFIED)
		return pc_fleet_state_name(o->state);
	if (o->policy_approved == 0)
		return "POLICY MODIFIED";
	if (o->overdue)
		return "OVERDUE";
	if (pc_fleet_open_critical(o) > 0)
		return "CRITICAL";
	if (!o->complete)
		return "INCOMPLETE";
	/* Never "ok": the office decided to live with these for now. */
	if (o->accepted > 0)
		return "accepted";
	return "ok";
}

/* Appends untrusted text for a terminal. */
static void
put_clean(struct pc_out *o, const char *s)
{
	char *c = pc_fleet_clean(s, false);

	pc_out_put(o, c);
	free(c);
}

/* The header lines: where, when, totals and what the trust rests on. */
static void
text_header(struct pc_out *o, const struct pc_fleet *f)
{
	pc_out_put(o, "portcullis fleet view of ");
	put_clean(o, f->dir);
	pc_out_putf(o, " at %s (a report older than %d days is overdue)\n",
	    f->now, f->overdue_days);
	pc_out_putf(o,
	    "%zu office%s: %zu verified, %zu UNVERIFIED, %zu unreadable, %zu missing; %zu overdue, %zu with critical findings, %zu incomplete, %zu with only accepted risks\n",
	    f->n, f->n == 1 ? "" : "s", f->nverified, f->nunverified,
	    f->nunreadable, f->nmissing, f->noverdue, f->ncritical,
	    f->nincomplete, f->naccepted);
	if (f->keyring_path) {
		pc_out_put(o, "Signers checked against the keyring ");
		put_clean(o, f->keyring_path);
		pc_out_put(o, ".\n");
	} else {
		pc_out_put(o,
		    "No --keyring: signatures prove integrity only, not which office signed, and offices with no report cannot be listed.\n");
	}
	if (f->approved_path) {
		pc_out_putf(o, "Policies checked against ");
		put_clean(o, f->approved_path);
		pc_out_putf(o,
		    ": %zu office%s scanned with a policy PDS did not approve (POLICY MODIFIED).\n",
		    f->npolicy_modified, f->npolicy_modified == 1 ? "" : "s");
	} else {
		pc_out_put(o,
		    "Policies not checked: no --approved-policies, and no approved-policies file beside the keyring.\n");
	}
}

/* The office column: its id, or for a parliament-tenant part shown
 * under the office's own, that scope. */
static const char *
office_label(const struct pc_fleet_office *of, bool part, char *buf, size_t len)
{
	if (part)
		return "  + " PC_SCOPE_TENANT;
	if (!of->scope_tenant)
		return of->office_id;
	snprintf(buf, len, "%s (%s)", of->office_id, PC_SCOPE_TENANT);
	return buf;
}

/* One office (or, part, its parliament-tenant part): a table row, then
 * indented detail lines; the tenant part follows the office's own. */
static void
text_office(struct pc_out *o, const struct pc_fleet_office *of, bool part)
{
	const size_t *s = of->by_severity;
	char buf[128];
	const char *label = office_label(of, part, buf, sizeof(buf));
	size_t k;

	pc_out_putf(o, "%-10s  ",
	    part ? pc_fleet_part_word(of) : pc_fleet_status_word(of));
	put_clean(o, label);
	pc_out_putf(
	    o, "%*s", (int)(strlen(label) < 28 ? 28 - strlen(label) : 1), "");
	if (of->state != PC_FLEET_VERIFIED) {
		pc_out_putf(o, "%-10s %5s  %-10s %4s %4s %4s %4s %4s %7s\n",
		    "-", "-", "-", "-", "-", "-", "-", "-", "-");
		pc_out_put(o, "    why: ");
		put_clean(o, of->reason);
		pc_out_put(o, "\n");
		if (of->tenant)
			text_office(o, of->tenant, true);
		return;
	}
	pc_out_putf(o, "%.10s %4lldd  %-10s %4zu %4zu %4zu %4zu %4zu %7zu\n",
	    of->generated_at, of->age_days,
	    of->complete ? "complete" : "INCOMPLETE", s[PC_SEV_CRITICAL],
	    s[PC_SEV_HIGH], s[PC_SEV_MEDIUM], s[PC_SEV_LOW], s[PC_SEV_INFO],
	    of->overdue_findings);
	pc_out_put(o, "    ");
	put_clean(o, of->office_name);
	if (!of->keyring_trusted)
		pc_out_put(o, " (signer not checked against a keyring)");
	pc_out_put(o, "\n");
	if (of->policy_approved == 0)
		pc_out_put(o,
		    "    policy modified: the scan ran a policy PDS did not approve, so its severities and findings cannot be trusted\n");
	if (of->accepted)
		pc_out_putf(o,
		    "    accepted: %zu finding%s the office accepted (the first to review by %s)\n",
		    of->accepted, of->accepted == 1 ? "" : "s",
		    of->accepted_until);
	for (k = 0; k < of->ngaps; k++) {
		pc_out_put(o, "    not checked: ");
		put_clean(o, of->gaps[k]);
		pc_out_put(o, "\n");
	}
	for (k = 0; k < of->nrouted; k++) {
		pc_out_putf(o, "    %s: %s %s ", of->routed[k].route,
		    pc_severity_name(of->routed[k].severity), of->routed[k].id);
		put_clean(o, of->routed[k].title);
		pc_out_put(o, "\n");
	}
	if (of->routed_more)
		pc_out_putf(o, "    and %zu more escalated findings\n",
		    of->routed_more);
	if (of->tenant)
		text_office(o, of->tenant, true);
}

/* The table for a person. */
static void
render_text(struct pc_out *o, const struct pc_fleet *f)
{
	size_t i;

	text_header(o, f);
	pc_out_putf(o,
	    "\n%-10s  %-28s%-10s %5s  %-10s %4s %4s %4s %4s %4s %7s\n",
	    "STATUS", "OFFICE", "GENERATED", "AGE", "SCAN", "CRIT", "HIGH",
	    "MED", "LOW", "INFO", "OVERDUE");
	for (i = 0; i < f->n; i++)
		text_office(o, &f->offices[i], false);
}

/* Appends one CSV field (pc_out_csv: quoted and formula-safe). */
static void
csv_field(struct pc_out *o, const char *s, bool last)
{
	pc_out_csv(o, s, last);
}

/* Appends a trusted number as a CSV field ("" when not known). */
static void
csv_num(struct pc_out *o, bool known, long long n)
{
	if (known)
		pc_out_putf(o, "%lld,", n);
	else
		pc_out_put(o, ",");
}

/* The findings of one route in a cell: "id severity title; ...". */
static void
csv_route(struct pc_out *o, const struct pc_fleet_office *of, const char *route)
{
	struct pc_buf b;
	size_t k;

	pc_buf_init(&b, 1u << 20);
	for (k = 0; k < of->nrouted; k++) {
		if (strcmp(of->routed[k].route, route) != 0)
			continue;
		if (b.len && pc_buf_adds(&b, "; ") != 0)
			break;
		if (pc_buf_addf(&b, "%s %s %s", of->routed[k].id,
			pc_severity_name(of->routed[k].severity),
			of->routed[k].title) != 0)
			break;
	}
	csv_field(o, b.data ? b.data : "", false);
	pc_buf_free(&b);
}

/* One CSV row per office, RFC 4180, a header row first. */
static void
render_csv(struct pc_out *o, const struct pc_fleet *f)
{
	struct pc_buf gaps;
	size_t i, k;
	int part;

	pc_out_put(o,
	    "status,office_id,office_name,state,reason,generated_at,age_days,overdue,complete,not_checked,critical,high,medium,low,info,open_findings,overdue_findings,police_now,parliament_security,pds,more_escalated,folder,accepted_findings,accepted_until,scope\r\n");
	for (i = 0; i < f->n; i++)
		for (part = 0; part < 2; part++) {
			const struct pc_fleet_office *of =
			    part ? f->offices[i].tenant : &f->offices[i];
			bool v;

			if (of == NULL)
				continue;
			v = of->state == PC_FLEET_VERIFIED;
			csv_field(o,
			    part ? pc_fleet_part_word(of)
				 : pc_fleet_status_word(of),
			    false);
			csv_field(o, of->office_id, false);
			csv_field(o, v ? of->office_name : "", false);
			csv_field(o, pc_fleet_state_name(of->state), false);
			csv_field(o, v ? "" : of->reason, false);
			csv_field(o, v ? of->generated_at : "", false);
			csv_num(o, v, of->age_days);
			csv_field(o,
			    !v                ? ""
				: of->overdue ? "yes"
					      : "no",
			    false);
			csv_field(o,
			    !v                 ? ""
				: of->complete ? "yes"
					       : "no",
			    false);
			pc_buf_init(&gaps, 1u << 20);
			for (k = 0; k < of->ngaps; k++)
				if ((k && pc_buf_adds(&gaps, "; ") != 0) ||
				    pc_buf_adds(&gaps, of->gaps[k]) != 0)
					break;
			csv_field(o, gaps.data ? gaps.data : "", false);
			pc_buf_free(&gaps);
			for (k = PC_SEV_CRITICAL + 1; k-- > 0;)
				csv_num(o, v, (long long)of->by_severity[k]);
			csv_num(o, v, (long long)of->open_findings);
			csv_num(o, v, (long long)of->overdue_findings);
			csv_route(o, of, "police_now");
			csv_route(o, of, "parliament_security");
			csv_route(o, of, "pds");
			csv_num(o, v, (long long)of->routed_more);
			csv_field(o, of->folder, false);
			csv_num(o, v, (long long)of->accepted);
			csv_field(o, v ? of->accepted_until : "", false);
			csv_field(o,
			    of->scope_tenant ? PC_SCOPE_TENANT
					     : PC_SCOPE_OFFICE,
			    true);
		}
}

/* Adds a string member, cleaned to valid UTF-8, or null. */
static void
json_str(cJSON *obj, const char *key, const char *s)
{
	char *c;

	if (s == NULL) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	c = pc_fleet_clean(s, true);
	cJSON_AddStringToObject(obj, key, c);
	free(c);
}

/* One office as a JSON object; every key is always present (null when
 * the report did not verify, so nothing untrusted is shown). */
static cJSON *
json_office(const struct pc_fleet_office *of)
{
	cJSON *j = cJSON_CreateObject(), *a, *x, *sev;
	bool v = of->state == PC_FLEET_VERIFIED;
	size_t k;

	json_str(j, "office_id", of->office_id);
	json_str(j, "office_name", v ? of->office_name : NULL);
	json_str(j, "status", pc_fleet_status_word(of));
	json_str(j, "state", pc_fleet_state_name(of->state));
	cJSON_AddBoolToObject(j, "attention", pc_fleet_office_attention(of));
	json_str(j, "reason", v ? NULL : of->reason);
	json_str(j, "folder", of->folder);
	json_str(j, "trust",
	    !v                        ? NULL
		: of->keyring_trusted ? "keyring"
				      : "signer_pub");
	json_str(j, "generated_at", v ? of->generated_at : NULL);
	if (v) {
		cJSON_AddNumberToObject(j, "age_days", (double)of->age_days);
		cJSON_AddBoolToObject(j, "overdue", of->overdue);
		cJSON_AddBoolToObject(j, "complete", of->complete);
		if (of->policy_approved < 0)
			cJSON_AddNullToObject(j, "policy_approved");
		else
			cJSON_AddBoolToObject(
			    j, "policy_approved", of->policy_approved == 1);
	} else {
		cJSON_AddNullToObject(j, "policy_approved");
		cJSON_AddNullToObject(j, "age_days");
		cJSON_AddNullToObject(j, "overdue");
		cJSON_AddNullToObject(j, "complete");
	}
	a = cJSON_AddArrayToObject(j, "not_checked");
	for (k = 0; v && k < of->ngaps; k++) {
		char *c = pc_fleet_clean(of->gaps[k], true);

		cJSON_AddItemToArray(a, cJSON_CreateString(c));
		free(c);
	}
	if (v) {
		sev = cJSON_AddObjectToObject(j, "findings");
		for (k = PC_SEV_CRITICAL + 1; k-- > 0;)
			cJSON_AddNumberToObject(sev,
			    pc_severity_name((enum pc_severity)k),
			    (double)of->by_severity[k]);
		cJSON_AddNumberToObject(
		    j, "open_findings", (double)of->open_findings);
		cJSON_AddNumberToObject(
		    j, "overdue_findings", (double)of->overdue_findings);
		cJSON_AddNumberToObject(
		    j, "accepted_findings", (double)of->accepted);
		json_str(j, "accepted_until",
		    of->accepted ? of->accepted_until : NULL);
	} else {
		cJSON_AddNullToObject(j, "findings");
		cJSON_AddNullToObject(j, "open_findings");
		cJSON_AddNullToObject(j, "overdue_findings");
		cJSON_AddNullToObject(j, "accepted_findings");
		cJSON_AddNullToObject(j, "accepted_until");
	}
	a = cJSON_AddArrayToObject(j, "escalated");
	for (k = 0; v && k < of->nrouted; k++) {
		x = cJSON_CreateObject();
		json_str(x, "route", of->routed[k].route);
		json_str(x, "id", of->routed[k].id);
		json_str(
		    x, "severity", pc_severity_name(of->routed[k].severity));
		json_str(x, "title", of->routed[k].title);
		cJSON_AddItemToArray(a, x);
	}
	cJSON_AddNumberToObject(j, "more_escalated", (double)of->routed_more);
	json_str(
	    j, "scope", of->scope_tenant ? PC_SCOPE_TENANT : PC_SCOPE_OFFICE);
	/* The office's parliament-tenant part beside its own (status and
	 * attention above join both). */
	if (of->tenant)
		cJSON_AddItemToObject(
		    j, PC_SCOPE_TENANT, json_office(of->tenant));
	else if (!of->scope_tenant)
		cJSON_AddNullToObject(j, PC_SCOPE_TENANT);
	return j;
}

/* The fleet as one JSON document (schema portcullis-fleet/1). */
static int
render_json(char **text_out, size_t *len_out, const struct pc_fleet *f)
{
	cJSON *root = cJSON_CreateObject(), *t, *a;
	bool attention = false;
	char *text;
	size_t i;

	if (root == NULL)
		abort();
	for (i = 0; i < f->n; i++)
		attention |= pc_fleet_office_attention(&f->offices[i]);
	json_str(root, "schema", "portcullis-fleet/1");
	json_str(root, "dir", f->dir);
	json_str(root, "now", f->now);
	cJSON_AddNumberToObject(root, "overdue_days", f->overdue_days);
	json_str(root, "keyring", f->keyring_path);
	json_str(root, "approved_policies", f->approved_path);
	cJSON_AddBoolToObject(root, "attention", attention);
	t = cJSON_AddObjectToObject(root, "totals");
	cJSON_AddNumberToObject(t, "offices", (double)f->n);
	cJSON_AddNumberToObject(t, "verified", (double)f->nverified);
	cJSON_AddNumberToObject(t, "unverified", (double)f->nunverified);
	cJSON_AddNumberToObject(t, "unreadable", (double)f->nunreadable);
	cJSON_AddNumberToObject(t, "missing", (double)f->nmissing);
	cJSON_AddNumberToObject(t, "overdue", (double)f->noverdue);
	cJSON_AddNumberToObject(t, "critical", (double)f->ncritical);
	cJSON_AddNumberToObject(t, "incomplete", (double)f->nincomplete);
	cJSON_AddNumberToObject(
	    t, "policy_modified", (double)f->npolicy_modified);
	cJSON_AddNumberToObject(t, "accepted", (double)f->naccepted);
	a = cJSON_AddArrayToObject(root, "offices");
	for (i = 0; i < f->n; i++)
		cJSON_AddItemToArray(a, json_office(&f->offices[i]));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return pc_error_set(
		    PC_ENOMEM, "cannot build the fleet view: out of memory");
	*len_out = strlen(text);
	/* cJSON's allocation: copy so the caller frees with free(). */
	if ((*text_out = malloc(*len_out + 2)) == NULL)
		abort();
	memcpy(*text_out, text, *len_out);
	(*text_out)[(*len_out)++] = '\n';
	(*text_out)[*len_out] = '\0';
	cJSON_free(text);
	return 0;
}

/* Renders the fleet view in the asked format. */
int
pc_fleet_render(char **text_out, size_t *len_out, const struct pc_fleet *f,
    enum pc_fleet_format fmt)
{
	struct pc_out o;

	*text_out = NULL;
	*len_out = 0;
	if (fmt == PC_FLEET_JSON)
		return render_json(text_out, len_out, f);
	if (fmt == PC_FLEET_HTML)
		return pc_fleet_html(text_out, len_out, f);
	pc_out_init(&o, FLEET_OUT_CAP);
	if (fmt == PC_FLEET_CSV)
		render_csv(&o, f);
	else
		render_text(&o, f);
	return pc_out_finish(&o, text_out, len_out, "the fleet view");
}
