/*
 * The PDS fleet view over report folders signed with the real code: who is
 * verified, unverified (and nothing of it counted), overdue, missing or
 * unreadable, most urgent first, and every format escapes what reports say.
 */
#include <cjson/cJSON.h>

#include "fixture.h"
#include "reporter/aggregate.h"

#define NOW (FX_NOV + 5 * 86400LL) /* 2026-11-07: October is 36 days old */
#define HOSTILE_NAME "=HYPERLINK(\"http://x\"),<script>alert(1)</script>" \
		     "\x1b[2J\nnext line"

static char *tmp;
static char out_dir[4096], ring_path[4096];
static struct pc_buf ring_text;
static const char *hostile_name; /* office name scan_office uses, if set */

/* Removes the temp tree. */
static void
teardown(void)
{
	fx_rmrf(tmp);
	free(tmp);
	pc_buf_free(&ring_text);
}

/* A temp tree with an empty keyring. */
static void
setup(void)
{
	tmp = fx_tmpdir();
	fx_path(out_dir, sizeof(out_dir), tmp, "reports");
	fx_path(ring_path, sizeof(ring_path), tmp, "keyring");
	pc_buf_init(&ring_text, 1 << 20);
	pc_buf_adds(&ring_text, "# PDS keyring\n");
	fx_write(ring_path, ring_text.data, ring_text.len);
	hostile_name = NULL;
}

TestSuite(aggregate, .init = setup, .fini = teardown);

/* Makes office's key in tmp/keys-<office> and registers it. */
static void
office_key(char key_path[4096], const char *office)
{
	char dir[4096], name[128], id[PC_SIGN_KEY_ID_LEN + 1];

	snprintf(name, sizeof(name), "keys-%s", office);
	fx_path(dir, sizeof(dir), tmp, name);
	fx_keygen(dir, id);
	fx_path(key_path, 4096, dir, "office.key");
	pc_buf_addf(&ring_text, "%s %s\n", office, id);
	fx_write(ring_path, ring_text.data, ring_text.len);
}

/* Writes a signed report of office as scan does (fx_scan, another id). */
static void
scan_office(char *dir_out, const char *office, const char *key_path,
    long long now, void (*fill)(struct pc_report *))
{
	struct pc_config cfg = fx_config(key_path);
	struct pc_policy *policy = NULL;
	struct pc_report *r;

	cfg.office.id = (char *)office;
	if (hostile_name)
		cfg.office.name = (char *)hostile_name;
	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0,
	    "%s", pc_error_get());
	r = pc_report_new();
	cr_assert_eq(pc_scan_report_prepare(r, &cfg, policy, out_dir, &now,
			 false),
	    0, "%s", pc_error_get());
	fill(r);
	pc_time_iso(r->finished_at, now + 60);
	cr_assert_eq(pc_scan_report_write(r, &cfg, policy, out_dir, dir_out,
			 4096),
	    0, "%s", pc_error_get());
	pc_report_free(r);
	pc_policy_free(policy);
}

/* A month with a threat to the police, an admin for PDS, and more. */
static void
fill_threat(struct pc_report *r)
{
	fx_fill_demo(r);
	fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:chief.of.staff",
	    PC_SEV_CRITICAL, "pds", NULL, "Admin without 2FA <b>now</b>");
	fx_finding(r, "exposure", "threat_to_life", "inbox:msg-42",
	    PC_SEV_CRITICAL, "police_now", NULL, "Threat to kill the MP");
}

/* Builds the fleet view of out_dir with the keyring, as of NOW. */
static struct pc_fleet *
fleet(int overdue_days)
{
	struct pc_aggregate_opts o = { .dir = out_dir,
		.keyring_path = ring_path, .overdue_days = overdue_days,
		.now = NOW };
	struct pc_fleet *f = NULL;

	cr_assert_eq(pc_aggregate_scan(&f, &o), 0, "%s", pc_error_get());
	return f;
}

/* The office with this id, asserted present. */
static const struct pc_fleet_office *
office(const struct pc_fleet *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->offices[i].office_id, id) == 0)
			return &f->offices[i];
	cr_assert_fail("office %s is not in the fleet view", id);
	return NULL;
}

/* Flips one byte in the middle of dir/report.json. */
static void
flip_byte(const char *dir)
{
	char path[4096];
	struct pc_buf b;

	fx_path(path, sizeof(path), dir, "report.json");
	b = fx_read(path);
	b.data[b.len / 2] ^= 0x01;
	fx_write(path, b.data, b.len);
	pc_buf_free(&b);
}

/* Renders f; caller frees. */
static char *
render(const struct pc_fleet *f, enum pc_fleet_format fmt)
{
	char *text = NULL;
	size_t len;

	cr_assert_eq(pc_fleet_render(&text, &len, f, fmt), 0, "%s",
	    pc_error_get());
	cr_assert_eq(strlen(text), len);
	return text;
}

/*
 * The fleet of the brief: two offices current and verified (one with
 * criticals), one tampered, one overdue, one in the keyring but missing.
 */
static void
make_fleet(void)
{
	char key[4096], dir[4096];

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_OCT, fill_threat);
	scan_office(dir, "alpha-office", key, FX_NOV, fill_threat);
	office_key(key, "bravo-office");
	scan_office(dir, "bravo-office", key, FX_NOV, fx_fill_demo);
	office_key(key, "charlie-office");
	scan_office(dir, "charlie-office", key, FX_NOV, fill_threat);
	flip_byte(dir);
	office_key(key, "delta-office");
	scan_office(dir, "delta-office", key, FX_OCT, fx_fill_demo);
	office_key(key, "echo-office");
}

Test(aggregate, fleet_states_counts_and_order)
{
	static const char *const order[] = { "charlie-office", "echo-office",
		"delta-office", "alpha-office", "bravo-office" };
	struct pc_fleet *f;
	const struct pc_fleet_office *o;
	size_t i;

	make_fleet();
	f = fleet(0);
	cr_assert_eq(f->n, 5);
	for (i = 0; i < 5; i++)
		cr_assert_str_eq(f->offices[i].office_id, order[i],
		    "position %zu is %s", i, f->offices[i].office_id);
	cr_assert_eq(f->nverified, 3);
	cr_assert_eq(f->nunverified, 1);
	cr_assert_eq(f->nmissing, 1);
	cr_assert_eq(f->noverdue, 1);
	cr_assert_eq(f->ncritical, 1);

	o = office(f, "alpha-office");
	cr_assert_eq(o->state, PC_FLEET_VERIFIED);
	cr_assert(o->keyring_trusted);
	cr_assert(!o->overdue);
	cr_assert(o->complete);
	cr_assert_str_eq(o->generated_at, "2026-11-02T09:01:00Z");
	cr_assert_eq(o->age_days, 4);
	cr_assert_eq(o->by_severity[PC_SEV_CRITICAL], 2);
	cr_assert_eq(o->by_severity[PC_SEV_HIGH], 3);
	cr_assert_eq(o->open_findings, 6);
	/* Carried from October past their one-day due date. */
	cr_assert_geq(o->overdue_findings, 2);
	/* Police first; then PDS: the critical admin, and the two overdue
	 * high findings the policy moves to PDS (overdue_escalate_to). */
	cr_assert_eq(o->nrouted, 4);
	cr_assert_str_eq(o->routed[0].route, "police_now");
	cr_assert_str_eq(o->routed[0].title, "Threat to kill the MP");
	cr_assert_str_eq(o->routed[1].route, "pds");
	cr_assert_eq(o->routed[1].severity, PC_SEV_CRITICAL);
	cr_assert_str_eq(o->routed[3].route, "pds");
	cr_assert_eq(o->routed[3].severity, PC_SEV_HIGH);
	cr_assert_str_eq(pc_fleet_status_word(o), "CRITICAL");

	o = office(f, "bravo-office");
	cr_assert_eq(o->state, PC_FLEET_VERIFIED);
	cr_assert(!pc_fleet_office_attention(o));
	cr_assert_str_eq(pc_fleet_status_word(o), "ok");
	cr_assert_eq(o->nrouted, 0);

	/* Tampered: shown as unverified with the reason, nothing counted. */
	o = office(f, "charlie-office");
	cr_assert_eq(o->state, PC_FLEET_UNVERIFIED);
	cr_assert(strstr(o->reason, "bad signature") != NULL, "%s",
	    o->reason);
	cr_assert_null(o->office_name);
	cr_assert_eq(o->open_findings, 0);
	cr_assert_eq(o->by_severity[PC_SEV_CRITICAL], 0);
	cr_assert_eq(o->nrouted, 0);
	cr_assert_eq(o->ngaps, 0);

	o = office(f, "delta-office");
	cr_assert_eq(o->state, PC_FLEET_VERIFIED);
	cr_assert(o->overdue);
	cr_assert_eq(o->age_days, 36); /* 36 days 23:59 */
	cr_assert_str_eq(pc_fleet_status_word(o), "OVERDUE");

	o = office(f, "echo-office");
	cr_assert_eq(o->state, PC_FLEET_MISSING);
	cr_assert(strstr(o->reason, "keyring") != NULL, "%s", o->reason);
	pc_fleet_free(f);

	/* --overdue-days 60: October is no longer overdue. */
	f = fleet(60);
	cr_assert(!office(f, "delta-office")->overdue);
	cr_assert_eq(f->noverdue, 0);
	pc_fleet_free(f);
}

Test(aggregate, json_is_stable_and_shows_nothing_of_an_unverified_report)
{
	struct pc_fleet *f;
	cJSON *j, *offices, *o;
	char *text;
	int i, n;

	make_fleet();
	f = fleet(0);
	text = render(f, PC_FLEET_JSON);
	j = cJSON_Parse(text);
	cr_assert_not_null(j, "not JSON: %s", text);
	cr_assert_str_eq(cJSON_GetObjectItem(j, "schema")->valuestring,
	    "portcullis-fleet/1");
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "attention")));
	cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "totals"),
			 "unverified")->valueint, 1);
	offices = cJSON_GetObjectItem(j, "offices");
	n = cJSON_GetArraySize(offices);
	cr_assert_eq(n, 5);
	for (i = 0; i < n; i++) {
		o = cJSON_GetArrayItem(offices, i);
		/* Same keys for every office, whatever its state (scope and
		 * its parliament-tenant part, null when it has none). */
		cr_assert_eq(cJSON_GetArraySize(o), 23, "office %d has %d keys",
		    i, cJSON_GetArraySize(o));
	}
	o = cJSON_GetArrayItem(offices, 0);
	cr_assert_str_eq(cJSON_GetObjectItem(o, "state")->valuestring,
	    "UNVERIFIED");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "findings")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "office_name")));
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o, "escalated")),
	    0);
	/* Ids and titles only: no subject or evidence reaches the view. */
	cr_assert_null(strstr(text, "inbox:msg-42"));
	cr_assert_null(strstr(text, "chief.of.staff"));
	cr_assert_null(strstr(text, "masked"));
	cr_assert(strstr(text, "Threat to kill the MP") != NULL);
	cJSON_Delete(j);
	free(text);
	pc_fleet_free(f);
}

Test(aggregate, malformed_report_json_is_unverified)
{
	char key[4096], dir[4096];
	const char *junk = "{\"schema\": \"portcullis-report/1\", \"office\": 7}\n";
	struct pc_fleet *f;
	const struct pc_fleet_office *o;

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fx_fill_demo);
	office_key(key, "bravo-office");
	scan_office(dir, "bravo-office", key, FX_NOV, fx_fill_demo);
	/* Signed by the office's own key, so only the schema is wrong. */
	fx_resign(dir, key, junk, strlen(junk));
	f = fleet(0);
	o = office(f, "bravo-office");
	cr_assert_eq(o->state, PC_FLEET_UNVERIFIED);
	cr_assert(strstr(o->reason, "schema invalid") != NULL, "%s",
	    o->reason);
	cr_assert_eq(office(f, "alpha-office")->state, PC_FLEET_VERIFIED);
	cr_assert_str_eq(f->offices[0].office_id, "bravo-office");
	pc_fleet_free(f);
}

Test(aggregate, unreadable_office_folder_is_listed_and_others_shown)
{
	char key[4096], dir[4096], loop[4096];
	struct pc_fleet *f;
	const struct pc_fleet_office *o;

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fx_fill_demo);
	/* A folder that cannot be opened even by root: a symlink loop. */
	fx_path(loop, sizeof(loop), out_dir, "foxtrot-office");
	cr_assert_eq(symlink("foxtrot-office", loop), 0);
	f = fleet(0);
	cr_assert_eq(f->n, 2);
	cr_assert_eq(f->nunreadable, 1);
	o = office(f, "foxtrot-office");
	cr_assert_eq(o->state, PC_FLEET_UNREADABLE);
	cr_assert(strstr(o->reason, "foxtrot-office") != NULL, "%s",
	    o->reason);
	cr_assert_str_eq(f->offices[0].office_id, "foxtrot-office");
	cr_assert_eq(office(f, "alpha-office")->state, PC_FLEET_VERIFIED);
	pc_fleet_free(f);
	if (geteuid() != 0) {
		/* Without root, a folder of mode 000 is unreadable too. */
		fx_path(loop, sizeof(loop), out_dir, "alpha-office");
		cr_assert_eq(chmod(loop, 0), 0);
		f = fleet(0);
		cr_assert_eq(office(f, "alpha-office")->state,
		    PC_FLEET_UNREADABLE);
		pc_fleet_free(f);
		chmod(loop, 0755);
	}
}

Test(aggregate, valid_report_in_another_offices_folder_is_unverified)
{
	char key[4096], dir[4096], from[4096], to[4096];
	struct pc_fleet *f;
	const struct pc_fleet_office *o;

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fx_fill_demo);
	/* golf-office has a key but sends alpha-office's report as its own. */
	office_key(key, "golf-office");
	fx_path(from, sizeof(from), out_dir, "alpha-office");
	fx_path(to, sizeof(to), out_dir, "golf-office");
	cr_assert_eq(rename(from, to), 0);
	f = fleet(0);
	o = office(f, "golf-office");
	cr_assert_eq(o->state, PC_FLEET_UNVERIFIED);
	cr_assert(strstr(o->reason, "wrong office") != NULL, "%s", o->reason);
	cr_assert_eq(office(f, "alpha-office")->state, PC_FLEET_MISSING);
	pc_fleet_free(f);
}

Test(aggregate, a_report_dated_in_the_future_is_unverified)
{
	char key[4096], dir[4096];
	struct pc_fleet *f;
	const struct pc_fleet_office *o;

	/* An office whose clock runs a year ahead: signed, chained, valid. */
	office_key(key, "hotel-office");
	scan_office(dir, "hotel-office", key, NOW + 365LL * 86400,
	    fx_fill_demo);
	f = fleet(0);
	o = office(f, "hotel-office");
	cr_assert_eq(o->state, PC_FLEET_UNVERIFIED);
	cr_assert(strstr(o->reason, "dated in the future") != NULL, "%s",
	    o->reason);
	cr_assert(pc_fleet_office_attention(o));
	pc_fleet_free(f);
}

Test(aggregate, report_folders_directly_in_dir_or_one_level_deeper)
{
	char key[4096], dir[4096], batch[4096], from[4096], to[4096];
	struct pc_aggregate_opts o = { .keyring_path = NULL, .now = NOW };
	struct pc_fleet *f;

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fx_fill_demo);
	/* DIR is one office's folder. */
	fx_path(from, sizeof(from), out_dir, "alpha-office");
	o.dir = from;
	cr_assert_eq(pc_aggregate_scan(&f, &o), 0, "%s", pc_error_get());
	cr_assert_eq(f->n, 1);
	cr_assert_str_eq(f->offices[0].office_id, "alpha-office");
	cr_assert_eq(f->offices[0].state, PC_FLEET_VERIFIED);
	cr_assert(!f->offices[0].keyring_trusted);
	pc_fleet_free(f);
	/* DIR/<batch>/<office-id>/<report>/. */
	fx_path(batch, sizeof(batch), out_dir, "2026-11");
	cr_assert_eq(mkdir(batch, 0755), 0);
	fx_path(to, sizeof(to), batch, "alpha-office");
	cr_assert_eq(rename(from, to), 0);
	f = fleet(0);
	cr_assert_eq(f->n, 1);
	cr_assert_str_eq(f->offices[0].office_id, "alpha-office");
	cr_assert_eq(f->offices[0].state, PC_FLEET_VERIFIED, "%s",
	    f->offices[0].reason);
	cr_assert(f->offices[0].keyring_trusted);
	pc_fleet_free(f);
}

Test(aggregate, unreadable_dir_and_malformed_keyring_are_errors)
{
	struct pc_aggregate_opts o = { .now = NOW };
	struct pc_fleet *f = NULL;
	char file[4096];

	o.dir = "/nonexistent/pds-reports";
	cr_assert_neq(pc_aggregate_scan(&f, &o), 0);
	cr_assert_null(f);
	cr_assert(strstr(pc_error_get(), "/nonexistent/pds-reports") != NULL);
	fx_path(file, sizeof(file), tmp, "a-file");
	fx_write(file, "x", 1);
	o.dir = file;
	cr_assert_neq(pc_aggregate_scan(&f, &o), 0);
	cr_assert(strstr(pc_error_get(), "not a folder") != NULL, "%s",
	    pc_error_get());
	fx_write(ring_path, "alpha-office not-a-key-id\n", 26);
	cr_assert_eq(mkdir(out_dir, 0755), 0);
	o.dir = out_dir;
	o.keyring_path = ring_path;
	cr_assert_neq(pc_aggregate_scan(&f, &o), 0);
	cr_assert_null(f);
	cr_assert(strstr(pc_error_get(), "keyring:1") != NULL, "%s",
	    pc_error_get());
}

Test(aggregate, hostile_office_name_is_escaped_in_every_format)
{
	char key[4096], dir[4096];
	struct pc_fleet *f;
	char *text;

	hostile_name = HOSTILE_NAME;
	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fill_threat);
	f = fleet(0);
	cr_assert_str_eq(f->offices[0].office_name, HOSTILE_NAME);

	text = render(f, PC_FLEET_HTML);
	cr_assert_null(strstr(text, "<script>"));
	cr_assert_null(strstr(text, "<b>now"));
	cr_assert(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	cr_assert(strstr(text, "Admin without 2FA &lt;b&gt;now&lt;/b&gt;"));
	cr_assert_null(strstr(text, "\x1b"));
	cr_assert(strstr(text, "Content-Security-Policy"));
	free(text);

	text = render(f, PC_FLEET_CSV);
	/* One header and one row: the newline in the name split nothing;
	 * the leading = is defused and the quotes doubled. */
	cr_assert(strstr(text, "\"'=HYPERLINK(\"\"http://x\"\"),<script>") !=
	    NULL, "%s", text);
	{
		size_t lines = 0;
		const char *p;

		for (p = text; *p; p++)
			lines += *p == '\n';
		cr_assert_eq(lines, 2, "%s", text);
	}
	cr_assert_null(strstr(text, "\x1b"));
	free(text);

	text = render(f, PC_FLEET_TEXT);
	cr_assert_null(strstr(text, "\x1b"), "escape reaches the terminal");
	cr_assert(strstr(text, "?[2J next line") != NULL, "%s", text);
	free(text);

	text = render(f, PC_FLEET_JSON);
	{
		cJSON *j = cJSON_Parse(text), *o;

		cr_assert_not_null(j);
		o = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "offices"), 0);
		cr_assert_str_eq(cJSON_GetObjectItem(o, "office_name")
				     ->valuestring, HOSTILE_NAME);
		cJSON_Delete(j);
	}
	cr_assert_null(strstr(text, "\x1b"), "raw escape in JSON");
	free(text);
	pc_fleet_free(f);
}

Test(aggregate, clean_replaces_invalid_utf8_and_c1_controls)
{
	char *c = pc_fleet_clean("ok \xc3\xa9 \xff \xc2\x9b[2J \xe2\x82", false);

	cr_assert_str_eq(c, "ok \xc3\xa9 ? ?[2J ??");
	free(c);
}

/* Issue 11, hole 6: a signed report whose office id is given twice (one
 * value for portcullis, another for Python) is unverified in the fleet. */
Test(aggregate, duplicate_key_in_a_signed_report_is_unverified)
{
	char key[4096], dir[4096], path[4096];
	struct pc_fleet *f;
	const struct pc_fleet_office *o;
	char *text;

	office_key(key, "alpha-office");
	scan_office(dir, "alpha-office", key, FX_NOV, fx_fill_demo);
	fx_path(path, sizeof(path), dir, "report.json");
	text = fx_slurp(path);
	text = fx_replace(text, "\"id\":\t\"alpha-office\",",
	    "\"id\":\t\"alpha-office\",\n\t\t\"id\":\t\"bravo-office\",");
	fx_resign(dir, key, text, strlen(text));
	free(text);
	f = fleet(0);
	o = office(f, "alpha-office");
	cr_assert_eq(o->state, PC_FLEET_UNVERIFIED);
	cr_assert(strstr(o->reason, "report.json: office.id: the key appears "
			  "twice") != NULL, "%s",
	    o->reason);
	pc_fleet_free(f);
}

/* The demo month with a critical finding, both it and the demo's first
 * finding accepted by the office (report.accepted_file). */
static void
fill_accepted(struct pc_report *r)
{
	struct pc_report_accepted a = { "Shared mailbox kept for the rota",
		"Sam Example", "2026-11-01", "2027-05-01" };

	fx_fill_demo(r);
	fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:chief.of.staff",
	    PC_SEV_CRITICAL, "pds", NULL, "Admin without 2FA");
	r->findings[0].accepted = pc_report_accepted_dup(&a);
	r->findings[r->nfindings - 1].accepted = pc_report_accepted_dup(&a);
}

Test(aggregate, an_office_with_only_accepted_risks_is_accepted_never_ok)
{
	char key[4096], dir[4096];
	const struct pc_fleet_office *o;
	struct pc_fleet *f;
	char *text;

	office_key(key, "accepting-office");
	scan_office(dir, "accepting-office", key, FX_NOV, fill_accepted);
	office_key(key, "plain-office");
	scan_office(dir, "plain-office", key, FX_NOV, fx_fill_demo);
	f = fleet(0);
	o = office(f, "accepting-office");
	cr_assert_eq(o->state, PC_FLEET_VERIFIED, "%s", o->reason);
	cr_assert_eq(o->accepted, 2);
	cr_assert_eq(o->accepted_critical, 1);
	cr_assert_str_eq(o->accepted_until, "2027-05-01");
	cr_assert_str_eq(pc_fleet_status_word(o), "accepted");
	cr_assert(!pc_fleet_office_attention(o));
	cr_assert_eq(o->by_severity[PC_SEV_CRITICAL], 1, "still counted");
	cr_assert_str_eq(pc_fleet_status_word(office(f, "plain-office")), "ok");
	cr_assert_eq(f->naccepted, 1);
	cr_assert_eq(f->ncritical, 0);
	text = render(f, PC_FLEET_TEXT);
	cr_assert(strstr(text, "accepted    accepting-office") &&
	    strstr(text, "accepted: 2 findings the office accepted (the first "
			 "to review by 2027-05-01)"), "%s", text);
	free(text);
	text = render(f, PC_FLEET_JSON);
	cr_assert(strstr(text, "\"accepted_findings\":\t2"), "%s", text);
	free(text);
	text = render(f, PC_FLEET_HTML);
	cr_assert(strstr(text, "<span class=\"tag persisting\">accepted</span>")
	    && strstr(text, "2 accepted risks, the first to review by "
			    "2027-05-01"), "%s", text);
	free(text);
	pc_fleet_free(f);
}
