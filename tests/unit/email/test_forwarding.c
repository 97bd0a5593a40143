/* The forwarding part (checks/email/forwarding.c, fwd_m365.c,
 * fwd_gmail.c): what is internal, what each finding says, and each fault
 * against the emulator, through a sink instead of a check child. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "checks/email/forwarding.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "tests/unit/content/emu.h"

static char *parl[] = { "parliament.uk" }, *own[] = { "office-mp.org.uk" };
static char *verified_list[] = { "tenant-verified.org.uk" };
static struct pc_account jordan_acc[] = { { "microsoft365",
    "jordan.manager@parliament.uk" } };
static struct pc_staff staff[] = {
	{ .name = "Jordan Manager", .email = "jordan.manager@parliament.uk",
	    .accounts = jordan_acc, .naccounts = 1 },
	{ .name = "Chris Member MP", .email = "chris.member@parliament.uk" },
	{ .name = "Sam Example", .email = "sam.example@parliament.uk" },
};
static struct pc_config cfg;
static struct pc_m365 m365;
static struct pc_google gws;
static struct pc_config_provider providers[2];

/* What the sink got. */
static char rules[16][64], subjects[16][320], owners[16][64];
static char evidence[16][2048], fixes[16][1024], titles[16][512];
static char reasons[8][1024];
static size_t nfound, nreasons;

/* Keeps a finding's strings. */
static int
sink_emit(void *arg, const struct pc_finding *f)
{
	(void)arg;
	cr_assert_lt(nfound, 16);
	snprintf(rules[nfound], sizeof(rules[0]), "%s", f->rule);
	snprintf(subjects[nfound], sizeof(subjects[0]), "%s", f->subject);
	snprintf(owners[nfound], sizeof(owners[0]), "%s", f->owner ?
	    f->owner : "");
	snprintf(evidence[nfound], sizeof(evidence[0]), "%s", f->evidence);
	snprintf(fixes[nfound], sizeof(fixes[0]), "%s", f->remediation ?
	    f->remediation : "");
	snprintf(titles[nfound], sizeof(titles[0]), "%s", f->title);
	nfound++;
	return 0;
}

/* Keeps an incomplete line. */
static int
sink_incomplete(void *arg, const char *reason)
{
	(void)arg;
	cr_assert_lt(nreasons, 8);
	snprintf(reasons[nreasons++], sizeof(reasons[0]), "%s", reason);
	return 0;
}

/* A run writing to the sink. */
static struct email_run
sink_run(void)
{
	struct email_run run = { .cfg = &cfg, .emit = sink_emit,
		.incomplete = sink_incomplete };

	nfound = nreasons = 0;
	cfg.office.parliamentary_domains = parl;
	cfg.office.ndomains = 1;
	cfg.office.domains = own;
	cfg.office.nown_domains = 1;
	cfg.staff = staff;
	cfg.nstaff = 3;
	cfg.office.digital_lead = "Sam Example <sam.example@parliament.uk>";
	return run;
}

/* A rule with the given targets. */
static struct pc_fwd_rule
rule_of(const char *name, bool all, enum pc_fwd_action a, const char *t1,
    const char *t2)
{
	struct pc_fwd_rule r = { .enabled = true, .all_mail = all };

	snprintf(r.id, sizeof(r.id), "id-%s", name);
	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.targets[0].address, PC_FWD_ADDRESS_MAX, "%s", t1);
	r.targets[0].action = a;
	r.ntargets = 1;
	if (t2) {
		snprintf(r.targets[1].address, PC_FWD_ADDRESS_MAX, "%s", t2);
		r.targets[1].action = a;
		r.ntargets = 2;
	}
	return r;
}

Test(forwarding, internal_is_office_parliament_and_verified)
{
	struct email_run run = sink_run();

	run.verified = verified_list;
	run.nverified = 1;
	cr_assert(pc_email_is_internal(&run, "a@parliament.uk"));
	cr_assert(pc_email_is_internal(&run, "a@Team.Office-MP.org.uk"));
	cr_assert(pc_email_is_internal(&run, "a@tenant-verified.org.uk"));
	cr_assert(pc_email_is_internal(&run, "a@TENANT-verified.org.uk."));
	cr_assert_not(pc_email_is_internal(&run, "a@sub.tenant-verified.org.uk"));
	cr_assert_not(pc_email_is_internal(&run, "a@gmail.com"));
	cr_assert_not(pc_email_is_internal(&run, "a@notparliament.uk"));
	cr_assert_not(pc_email_is_internal(&run, "no-domain"));
}

Test(forwarding, findings_say_who_what_and_the_step)
{
	struct email_run run = sink_run();
	struct pc_fwd_rule r;
	bool ext;

	r = rule_of("Home", true, PC_FWD_FORWARD, "jordan.home@gmail.com",
	    "jordan.manager@parliament.uk");
	cr_assert_eq(pc_email_forwarding_report(&run, "microsoft365",
	    "jordan.manager@parliament.uk", &r, &ext), 0);
	cr_assert(ext);
	cr_assert_eq(nfound, 1);
	cr_assert_str_eq(rules[0], "forwarding_all_external");
	cr_assert_str_eq(subjects[0], "microsoft365:jordan.manager@parliament.uk");
	cr_assert_str_eq(owners[0], "Jordan Manager");
	cr_assert_str_eq(titles[0], "All of Jordan Manager's mail is forwarded "
	    "outside the office");
	cr_assert_str_eq(evidence[0], "inbox rule 'Home' (on; no conditions, "
	    "so every message) forwards to j***@gmail.com");
	cr_assert(strstr(fixes[0], "Turn off the rule 'Home' in Outlook") ==
	    fixes[0], "%s", fixes[0]);

	r = rule_of("Casework", false, PC_FWD_REDIRECT, "x@outlook.com", NULL);
	r.has_error = true;
	cr_assert_eq(pc_email_forwarding_report(&run, "microsoft365",
	    "chris.member@parliament.uk", &r, NULL), 0);
	cr_assert_str_eq(rules[1], "forwarding_rule_external");
	cr_assert_str_eq(owners[1], "Chris Member MP"); /* by email */
	cr_assert(strstr(evidence[1], "redirects to x***@outlook.com; Outlook "
	    "marks this rule hasError") != NULL, "%s", evidence[1]);

	r = rule_of("", true, PC_FWD_AUTO, "sam.home@icloud.com", NULL);
	r.name[0] = '\0';
	cr_assert_eq(pc_email_forwarding_report(&run, "google",
	    "sam.example@parliament.uk", &r, NULL), 0);
	cr_assert_str_eq(subjects[2], "google:sam.example@parliament.uk");
	cr_assert(strstr(fixes[2], "Disable forwarding, then remove "
	    "s***@icloud.com") != NULL, "%s", fixes[2]);

	r = rule_of("", false, PC_FWD_FILTER, "a@proton.me", NULL);
	cr_assert_eq(pc_email_forwarding_report(&run, "google",
	    "someone@parliament.uk", &r, NULL), 0);
	cr_assert_str_eq(owners[3], "");
	cr_assert(strstr(titles[3], "someone@parliament.uk") != NULL);
	cr_assert(strstr(fixes[3], "Filters and Blocked Addresses") != NULL);
	for (size_t i = 0; i < nfound; i++)
		cr_assert(strstr(evidence[i], "home@") == NULL &&
		    strstr(evidence[i], "x@outlook") == NULL, "%s", evidence[i]);
}

Test(forwarding, disabled_and_internal_rules_are_not_findings)
{
	struct email_run run = sink_run();
	struct pc_fwd_rule r;
	bool ext = true;

	r = rule_of("Off", true, PC_FWD_FORWARD, "a@gmail.com", NULL);
	r.enabled = false;
	cr_assert_eq(pc_email_forwarding_report(&run, "microsoft365",
	    "a@parliament.uk", &r, &ext), 0);
	cr_assert_not(ext);
	r = rule_of("Team", true, PC_FWD_FORWARD, "team@office-mp.org.uk",
	    "b@parliament.uk");
	cr_assert_eq(pc_email_forwarding_report(&run, "microsoft365",
	    "a@parliament.uk", &r, &ext), 0);
	cr_assert_not(ext);
	cr_assert_eq(nfound, 0);
	cr_assert_eq(pc_email_forwarding_not_visible(&run,
	    "exampleshire.onmicrosoft.com"), 0);
	cr_assert_str_eq(rules[0], "forwarding_not_visible");
	cr_assert_str_eq(subjects[0],
	    "microsoft365:exampleshire.onmicrosoft.com");
	cr_assert_str_eq(owners[0], "Sam Example");
}

/* --- faults, against the emulator ------------------------------------ */

static struct emu emu;
static char login_url[256], graph_url[256], token_url[256], dir_url[256];
static char gmail_url[256], secret_path[256], sa_path[256];

/* Writes a 0600 file. */
static void
write_secret(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fwrite(data, 1, len, f);
	fclose(f);
	chmod(path, 0600);
}

static void
start(void)
{
	char src[256];
	struct pc_buf b;

	cr_assert_eq(emu_start(&emu), 0, "the emulator did not start");
	snprintf(secret_path, sizeof(secret_path), "%s/m365", emu.dir);
	write_secret(secret_path, "test-m365-client-secret", 23);
	snprintf(src, sizeof(src), "%s/certs/google-sa.json", emu.dir);
	snprintf(sa_path, sizeof(sa_path), "%s/sa.json", emu.dir);
	cr_assert_eq(pc_file_read(&b, src, 1 << 20), 0, "%s", pc_error_get());
	write_secret(sa_path, b.data, b.len);
	pc_buf_free(&b);
}

static void
stop(void)
{
	emu_stop(&emu);
}

/* Points the config's providers at scenario scen. */
static void
providers_at(const char *scen)
{
	snprintf(login_url, sizeof(login_url), "%s/%s/m365login", emu.base,
	    scen);
	snprintf(graph_url, sizeof(graph_url), "%s/%s/graph", emu.base, scen);
	snprintf(token_url, sizeof(token_url), "%s/%s/google/token", emu.base,
	    scen);
	snprintf(dir_url, sizeof(dir_url), "%s/%s/google/admin", emu.base,
	    scen);
	snprintf(gmail_url, sizeof(gmail_url), "%s/%s/google/gmail", emu.base,
	    scen);
	m365 = (struct pc_m365){ .present = true,
		.tenant = "exampleshire.onmicrosoft.com",
		.client_id = "11111111-2222-3333-4444-555555555555",
		.client_secret_file = secret_path, .login_url = login_url,
		.graph_url = graph_url };
	gws = (struct pc_google){ .present = true,
		.service_account_file = sa_path,
		.admin_subject = "sam.example@parliament.uk",
		.customer = "my_customer", .token_url = token_url,
		.directory_url = dir_url, .gmail_url = gmail_url };
	providers[0] = (struct pc_config_provider){ &pc_m365_settings, &m365 };
	providers[1] = (struct pc_config_provider){ &pc_google_settings, &gws };
	cfg.providers = providers;
	cfg.nproviders = 2;
}

/* Runs one provider's pass at scen; returns its counts. */
static struct pc_fwd_counts
pass(const char *scen, bool google)
{
	struct pc_provider_env env = { .ca_file = emu.ca };
	struct email_run run = sink_run();
	struct pc_fwd_counts c = { 0 };
	size_t i;

	providers_at(scen);
	if (google)
		cr_assert_eq(pc_email_fwd_google(&run, &env, &c), 0);
	else
		cr_assert_eq(pc_email_fwd_m365(&run, &env, &c), 0);
	for (i = 0; i < run.nverified; i++)
		free(run.verified[i]);
	free(run.verified);
	return c;
}

TestSuite(forwarding_faults, .init = start, .fini = stop, .timeout = 240);

Test(forwarding_faults, a_mailbox_without_exchange_is_counted_not_an_error)
{
	struct pc_fwd_counts c = pass("ok~ufwd", false);

	cr_assert_eq(nreasons, 0, "%s", reasons[0]);
	cr_assert_eq(c.no_mailbox, 1);
	cr_assert_eq(c.mailboxes, 6);
	cr_assert_eq(c.rules, 7);
	cr_assert_eq(nfound, 6); /* not_visible + 5 rules (team@office-mp
				    is not demo's office domain here) */
}

Test(forwarding_faults, every_mailbox_refused_names_the_permission)
{
	pass("rulesdenied~ufwd", false);
	cr_assert_eq(nreasons, 1);
	cr_assert(strstr(reasons[0], "refused the inbox rules of every "
	    "mailbox (7, 403 ErrorAccessDenied): the app registration lacks "
	    "the application permission MailboxSettings.Read") != NULL, "%s",
	    reasons[0]);
}

Test(forwarding_faults, some_mailboxes_refused_names_the_access_policy)
{
	pass("rulespartial~ufwd", false);
	cr_assert_eq(nreasons, 1);
	cr_assert(strstr(reasons[0], "1 of 6 mailboxes") != NULL &&
	    strstr(reasons[0], "Exchange application access policy") !=
	    NULL, "%s", reasons[0]);
	cr_assert_gt(nfound, 1);
}

Test(forwarding_faults, a_value_that_is_not_an_array_is_an_error)
{
	pass("rulesnotarray~ufwd", false);
	cr_assert_eq(nreasons, 1);
	cr_assert(strstr(reasons[0], "expected value to be an array") != NULL,
	    "%s", reasons[0]);
}

Test(forwarding_faults, gmail_delegation_and_missing_users)
{
	struct pc_fwd_counts c;

	c = pass("nogmail~ufwd", true);
	cr_assert_eq(nreasons, 1);
	cr_assert(strstr(reasons[0], "with the scope gmail.settings.basic") !=
	    NULL, "%s", reasons[0]);
	cr_assert_eq(nfound, 0);
	cr_assert_eq(c.mailboxes, 0);
	c = pass("gmailghost~ufwd", true);
	cr_assert_eq(nreasons, 1);
	cr_assert(strstr(reasons[0], "cannot act as ghost.user@parliament.uk") !=
	    NULL && strstr(reasons[0], "does not exist") != NULL, "%s",
	    reasons[0]);
	cr_assert_eq(c.failed, 1);
	cr_assert_eq(c.mailboxes, 6);
}
