/* The exposure check's parts run in-process on the demo office: the right
 * findings with redacted evidence, counts, and errors for what it could
 * not read. (The runner and sandbox are tested on their own.) */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/check_ctx.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/policy.h"
#include "checks/exposure/exposure.h"

/* One in-process run: config, policy, a context writing to a file. */
struct run {
	char dir[64];
	char cfgpath[128], keypath[128], outpath[128];
	struct pc_config *cfg;
	struct pc_policy *policy;
	struct pc_check_secret secret;
	struct pc_check_ctx ctx;
	char *out; /* the protocol lines written */
};

/* Extra keys inside office: {...} for the next run_setup (a test sets it). */
static const char *office_extra = "";

/* Writes a config with the given sources and loads everything. */
static void
run_setup(struct run *t, const char *sources, bool with_key)
{
	FILE *f;

	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/pc-exp-XXXXXX");
	cr_assert(mkdtemp(t->dir) != NULL);
	snprintf(t->cfgpath, sizeof(t->cfgpath), "%s/pc.yaml", t->dir);
	snprintf(t->keypath, sizeof(t->keypath), "%s/office.hmac", t->dir);
	snprintf(t->outpath, sizeof(t->outpath), "%s/out", t->dir);
	f = fopen(t->cfgpath, "w");
	fprintf(f, "office: {id: exampleshire-north, name: Office, "
	    "digital_lead: \"Sam <sam.example@parliament.uk>\", "
	    "parliamentary_domains: [parliament.uk]%s}\n"
	    "staff:\n  - {name: Sam Example, role: lead, email: "
	    "sam.example@parliament.uk}\n"
	    "report: {dir: %s/reports, signing_key: %s/office.key, "
	    "fail_on: high}\n"
	    "policy: %s/policies/baseline.yaml\n"
	    "sources:\n%s", office_extra, t->dir, t->dir, PC_SOURCE_DIR,
	    sources);
	fclose(f);
	cr_assert_eq(pc_config_load(&t->cfg, t->cfgpath, &pc_registry), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_policy_load(&t->policy, t->cfg->policy), 0, "%s",
	    pc_error_get());
	t->ctx.config = t->cfg;
	t->ctx.policy = t->policy;
	t->ctx.policy_check = pc_policy_find_check(t->policy, "exposure");
	cr_assert_not_null(t->ctx.policy_check);
	if (with_key) {
		t->secret.path = t->keypath;
		pc_buf_init(&t->secret.bytes, 64);
		pc_buf_add(&t->secret.bytes, "0123456789abcdef0123456789abcdef",
		    32);
		t->ctx.secrets = &t->secret;
		t->ctx.nsecrets = 1;
	}
	t->ctx.fd = open(t->outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(t->ctx.fd >= 0);
}

/* Reads what the run wrote. */
static void
run_collect(struct run *t)
{
	struct pc_buf b;

	close(t->ctx.fd);
	cr_assert_eq(pc_file_read(&b, t->outpath, 64 << 20), 0);
	t->out = pc_buf_take(&b, NULL);
	if (t->out == NULL)
		t->out = strdup("");
}

/* Frees the run. */
static void
run_free(struct run *t)
{
	char p[160];

	free(t->out);
	pc_buf_free(&t->secret.bytes);
	pc_config_free(t->cfg);
	pc_policy_free(t->policy);
	unlink(t->outpath);
	unlink(t->cfgpath);
	snprintf(p, sizeof(p), "%s", t->dir);
	rmdir(p);
}

/* Is there a finding line for rule whose subject contains where? */
static bool
has_finding(const char *out, const char *rule, const char *where)
{
	char needle[128];
	const char *p = out, *eol;

	snprintf(needle, sizeof(needle), "\"rule\":\"%s\"", rule);
	while ((p = strstr(p, needle)) != NULL) {
		const char *bol = p;

		while (bol > out && bol[-1] != '\n')
			bol--;
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		if (memmem(bol, (size_t)(eol - bol), where, strlen(where)))
			return true;
		p = eol;
	}
	return false;
}

Test(exposure, needs_split_by_part)
{
	struct run t;
	struct pc_needs n = { 0 };

	run_setup(&t, "  - {kind: files, path: " PC_SOURCE_DIR
	    "/tests/demo/office}\n  - {kind: website, url: "
	    "\"https://www.example.org:8443/\"}\n"
	    "  - {kind: mbox, path: /x.mbox, checks: [threats]}\n", false);
	cr_assert_eq(pc_exposure_needs_files(t.cfg, &n), 0);
	cr_assert_eq(n.nro_paths >= 1, true);
	cr_assert_str_eq(n.ro_paths[0], PC_SOURCE_DIR "/tests/demo/office");
	cr_assert(!n.network, "the files part has no network");
	for (size_t i = 0; i < n.nro_paths; i++)
		cr_assert(strcmp(n.ro_paths[i], "/x.mbox") != 0,
		    "a threats-only source is not read by exposure");
	pc_needs_free(&n);
	cr_assert_eq(pc_exposure_needs_website(t.cfg, &n), 0);
	cr_assert(n.network);
	cr_assert_eq(n.nro_paths, 0, "the website part reads no files");
	cr_assert_eq(n.ntcp_ports, 1);
	cr_assert_eq(n.tcp_ports[0], 8443);
	pc_needs_free(&n);
	cr_assert_eq(pc_exposure_needs_breaches(t.cfg, &n), 0);
	cr_assert(n.not_applicable, "no HIBP configured");
	pc_needs_free(&n);
	run_free(&t);
}

Test(exposure, demo_office_files, .timeout = 120)
{
	struct run t;

	run_setup(&t, "  - {kind: files, path: " PC_SOURCE_DIR
	    "/tests/demo/office}\n", true);
	cr_assert_eq(pc_exposure_run_files(&t.ctx), 0, "%s", pc_error_get());
	run_collect(&t);
	cr_assert(has_finding(t.out, "github_token", "it/deploy-notes.txt"),
	    "%s", t.out);
	cr_assert(has_finding(t.out, "personal_record",
	    "housing case note.txt") || has_finding(t.out, "uk_nino",
	    "housing case note.txt"), "%s", t.out);
	cr_assert(has_finding(t.out, "personal_record",
	    "cases-export-2025-02.csv") || has_finding(t.out, "uk_nino",
	    "cases-export-2025-02.csv"), "%s", t.out);
	cr_assert(strstr(t.out, "letter-to-dwp.docx [word/document.xml]") !=
	    NULL, "%s", t.out);
	cr_assert(strstr(t.out, "message <20250203.1@mail.example.com>") !=
	    NULL, "%s", t.out);
	cr_assert(strstr(t.out, "/public/") == NULL, "nothing on public "
	    "pages: %s", t.out);
	cr_assert(strstr(t.out, "JT 48 61 27 B") == NULL);
	cr_assert(strstr(t.out, "PortcullisDemoFakeToken") == NULL);
	cr_assert(strstr(t.out, "keyed hash ") != NULL);
	cr_assert(strstr(t.out, "files read") != NULL);
	cr_assert(strstr(t.out, "\"incomplete\"") == NULL, "%s", t.out);
	run_free(&t);
}

Test(exposure, missing_office_key_is_an_error)
{
	struct run t;

	run_setup(&t, "  - {kind: files, path: " PC_SOURCE_DIR
	    "/tests/demo/office}\n", false);
	cr_assert_eq(pc_exposure_run_files(&t.ctx), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "office.hmac") != NULL);
	run_collect(&t);
	run_free(&t);
}

Test(exposure, missing_mandatory_source_is_incomplete)
{
	struct run t;

	run_setup(&t, "  - {kind: files, path: /nonexistent/share}\n"
	    "  - {kind: mbox, path: /nonexistent/opt.mbox, optional: true}\n",
	    true);
	cr_assert_eq(pc_exposure_run_files(&t.ctx), 0);
	run_collect(&t);
	cr_assert(strstr(t.out, "\"t\":\"incomplete\"") != NULL, "%s", t.out);
	cr_assert(strstr(t.out, "/nonexistent/share") != NULL);
	cr_assert(strstr(t.out, "optional source") != NULL, "%s", t.out);
	run_free(&t);
}

/* Writes text to dir/rel, creating folders on the way. */
static void
put_file(const char *dir, const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	for (char *s = strchr(p + strlen(dir) + 1, '/'); s; s = strchr(s + 1,
		 '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs(text, f);
	fclose(f);
}

Test(exposure, maildir_cur_new_read_tmp_skipped, .timeout = 120)
{
	static const char msg[] = "From: a@example.net\nMessage-ID: <%s>\n"
				  "Subject: case\n\nDate of birth: 03/09/1957\n"
				  "NI number: JT 48 61 27 B\n";
	char md[64], text[256], src[256];
	struct run t;

	snprintf(md, sizeof(md), "/tmp/pc-md-XXXXXX");
	cr_assert(mkdtemp(md) != NULL);
	snprintf(text, sizeof(text), msg, "in-cur@example.net");
	put_file(md, "cur/1700000000.1.host:2,S", text);
	snprintf(text, sizeof(text), msg, "in-new@example.net");
	put_file(md, "new/1700000001.2.host", text);
	snprintf(text, sizeof(text), msg, "in-tmp@example.net");
	put_file(md, "tmp/1700000002.3.host", text);
	snprintf(src, sizeof(src), "  - {kind: maildir, path: %s}\n", md);
	run_setup(&t, src, true);
	cr_assert_eq(pc_exposure_run_files(&t.ctx), 0, "%s", pc_error_get());
	run_collect(&t);
	cr_assert(strstr(t.out, "message <in-cur@example.net>"), "%s", t.out);
	cr_assert(strstr(t.out, "message <in-new@example.net>"), "%s", t.out);
	cr_assert(strstr(t.out, "in-tmp@example.net") == NULL, "%s", t.out);
	cr_assert(strstr(t.out, "Maildir tmp/"), "%s", t.out);
	run_free(&t);
}

/* Runs the files part on one folder holding notes.txt; returns the output. */
static char *
run_notes(const char *extra, const char *text)
{
	char dir[64], src[256], p[128];
	struct run t;
	char *out;

	snprintf(dir, sizeof(dir), "/tmp/pc-pub-XXXXXX");
	cr_assert(mkdtemp(dir) != NULL);
	put_file(dir, "notes.txt", text);
	snprintf(src, sizeof(src), "  - {kind: files, path: %s}\n", dir);
	office_extra = extra;
	run_setup(&t, src, true);
	office_extra = "";
	cr_assert_eq(pc_exposure_run_files(&t.ctx), 0, "%s", pc_error_get());
	run_collect(&t);
	out = t.out;
	t.out = NULL;
	run_free(&t);
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	unlink(p);
	rmdir(dir);
	return out;
}

Test(exposure, office_public_contacts_are_not_findings, .timeout = 120)
{
	static const char text[] =
	    "Contact the office: 01392 481736, EX4 3LS, "
	    "office@exampleshire-mp.org.uk\n"
	    "Follow-up call requested on 01752 318904\n"
	    "Constituent: 01752 318904, PL4 8AA, jo.bloggs@btinternet.com\n"
	    "Call us on +44 (0)1392 481736.\n"
	    "NI number: JT 48 61 27 B\n";
	/* as an office would type them: spaces, case and +44 differ from
	 * the text; a NI number in the list must change nothing */
	static const char extra[] = ", public_contacts: [\"+44 1392 481736\", "
				    "ex43ls, Office@Exampleshire-MP.org.uk, "
				    "\"JT 48 61 27 B\"]";
	char *out;

	/* without the list the office's own details are reported */
	out = run_notes("", text);
	cr_assert(has_finding(out, "personal_record", "notes.txt:1"), "%s",
	    out);
	cr_assert(has_finding(out, "uk_phone", "notes.txt:4"), "%s", out);
	free(out);

	out = run_notes(extra, text);
	cr_assert_not(has_finding(out, "personal_record", "notes.txt:1") ||
	    has_finding(out, "uk_phone", "notes.txt:1"), "own details: %s",
	    out);
	cr_assert_not(has_finding(out, "uk_phone", "notes.txt:4"),
	    "own phone in +44 form: %s", out);
	cr_assert(has_finding(out, "uk_phone", "notes.txt:2"),
	    "another phone is still reported: %s", out);
	cr_assert(has_finding(out, "personal_record", "notes.txt:3"),
	    "a constituent's details are still a record: %s", out);
	cr_assert(has_finding(out, "uk_nino", "notes.txt:5") ||
	    has_finding(out, "personal_record", "notes.txt:5"),
	    "a NI number is never allow-listed by office config: %s", out);
	cr_assert(strstr(out, "1 of office.public_contacts not used") != NULL,
	    "%s", out);
	free(out);
}
