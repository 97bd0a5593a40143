/* The commented starter config that `portcullis init` writes. */
#include <stdbool.h>

#include "agent/check.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/config.h"
#include "agent/policy.h"

/* Kept in C (not a data file) so init works before anything is installed;
 * the comments are written for a digital lead, not an IT professional. */
static const char starter_head[] =
    "# portcullis configuration for one MP's office.\n"
    "#\n"
    "# Fill in the parts marked FILL IN, then run:  portcullis scan\n"
    "# Lines starting with # are comments. Keep the indentation (spaces, not\n"
    "# tabs). Secrets (passwords, tokens, keys) never go in this file: each\n"
    "# provider names a separate file that only you can read (chmod 600).\n"
    "\n"
    "office:\n"
    "  # A short stable name: lower-case letters, digits and dashes.\n"
    "  id: fill-in-constituency-name\n"
    "  name: \"Office of the Member for FILL IN\"\n"
    "  digital_lead: \"FILL IN Name <name@parliament.uk>\"\n"
    "  # Email domains that count as Parliamentary (office business).\n"
    "  parliamentary_domains: [parliament.uk]\n"
    "  # The office's own published contact details: its postcode, phone\n"
    "  # numbers and email addresses, for example\n"
    "  # [\"EX1 1AA\", \"01234 567890\", \"office@example-mp.org.uk\"].\n"
    "  # They are not reported when found in the office's files or website.\n"
    "  # Only phone numbers, postcodes and email addresses count: nothing\n"
    "  # here can hide an NI number, bank details or a password.\n"
    "  public_contacts: []\n"
    "  # The office's own domains besides Parliament's (its website's), for\n"
    "  # example [exampleshire-north-mp.org.uk]: their mail security (SPF,\n"
    "  # DMARC, DKIM) is checked so nobody can send mail in their name.\n"
    "  # domains: []\n"
    "\n"
    "# Everyone who works in the office, and their account name in each\n"
    "# service you use. An account that matches nobody here is reported (it\n"
    "# may belong to someone who has left).\n"
    "staff:\n"
    "  - name: \"FILL IN\"\n"
    "    role: digital lead\n"
    "    email: fill.in@parliament.uk\n"
    "    # joined: 2024-01-15            # optional, helps date breaches\n"
    "    accounts: {microsoft365: fill.in@parliament.uk}\n"
    "\n"
    "report:\n"
    "  dir: /var/lib/portcullis/reports          # where reports are kept\n"
    "  signing_key: @KEYS@/office.key   # made by portcullis init\n"
    "  fail_on: high     # exit code 1 when a finding is this severe or worse\n"
    "  # submit_url: https://intake.example.parliament.uk:8443   # PDS gives\n"
    "  #   # you this; scan then sends each signed report there\n"
    "  # submit_ca_file: /etc/portcullis/pds-ca.pem   # only if PDS gives one\n"
    "  # accepted_file: accepted.yaml   # risks the office decided to accept\n"
    "  #   # for now (beside this file): each finding id with a reason, an\n"
    "  #   # owner from staff:, accepted_on and expires (at most a year on).\n"
    "  #   # Listed in the report, not counted towards fail_on. See the\n"
    "  #   # README, \"Accepting a risk\"; police findings cannot be accepted.\n"
    "\n"
    "# The policy says which checks run and how serious each finding is.\n"
    "# Left out, portcullis uses the one installed with it\n"
    "# (" PC_POLICY_INSTALLED "), or, when it was\n"
    "# built from source and not installed, the source tree's\n"
    "# policies/baseline.yaml. The one this portcullis uses is:\n"
    "# policy: @POLICY@\n"
    "\n"
    "# tls:\n"
    "#   ca_file: /etc/portcullis/extra-ca.pem   # only if PDS gives you one\n"
    "\n"
    "# Services to check for two-factor authentication. Delete the ones the\n"
    "# office does not use; a service not listed here is not checked.\n"
    "providers:\n";

/* After the providers: section. */
static const char starter_tail[] =
    "\n"
    "# Office files, mail exports and the website to look through for\n"
    "# exposed personal data and threats.\n"
    "sources:\n"
    "  - {kind: files, path: /srv/office/shared}\n"
    "  # - {kind: mbox, path: /srv/office/mail/constituents.mbox}\n"
    "  # a social-media or web-form export for the threats check: the message\n"
    "  # column, and optionally the record id, author and date columns\n"
    "  # - {kind: csv, path: /srv/office/exports/social.csv, text_column: text, id_column: id, author_column: author, date_column: date, checks: [threats]}\n"
    "  # - {kind: website, url: \"https://www.FILL-IN-mp.org.uk/\", max_pages: 200}\n"
    "  # - {kind: gdrive}   # staff's Google Drive files shared by link (google)\n"
    "\n"
    "# For PDS only: the Parliament tenant's scan, split per office. With a\n"
    "# roster (CSV office_id,account,name), scan runs mfa once over\n"
    "# providers.microsoft365 and writes a parliament-tenant report per office\n"
    "# (see the README's PDS section); no other provider, no staff or sources.\n"
    "# roster: /etc/portcullis/roster.csv\n"
    "\n";

/*
 * Appends one check's settings keys under its heading: each with its
 * one-line help as a comment and its example value (a key without one
 * is shown commented out); all commented out when off.
 */
static int
starter_fields(struct pc_buf *b, const struct pc_schema *sc, bool off)
{
	size_t k;
	int r = 0;

	for (k = 0; r == 0 && k < sc->nfields; k++) {
		const struct pc_field *f = &sc->fields[k];

		if (f->help)
			r = pc_buf_addf(
			    b, "  %s  # %s\n", off ? "# " : "", f->help);
		if (r == 0)
			r = pc_buf_addf(b, "  %s  %s%s: %s\n", off ? "# " : "",
			    f->example ? "" : "# ", f->key,
			    f->example ? f->example : "FILE");
	}
	return r;
}

/*
 * The providers: section, learned from each provider's settings table
 * (the same table the loader binds): a provider marked starter is shown
 * filled in with its placeholders, the others commented out, each with
 * only the keys that have an example (the rest take their defaults).
 */
static int
starter_providers(
    struct pc_buf *b, const struct pc_provider_settings *const *providers)
{
	size_t i, k;
	int r = 0;

	for (i = 0; r == 0 && providers && providers[i] != NULL; i++) {
		const struct pc_provider_settings *p = providers[i];
		const char *off = p->starter ? "" : "# ";

		r = pc_buf_addf(b, "  %s%s:\n", off, p->name);
		for (k = 0; r == 0 && k < p->schema->nfields; k++) {
			const struct pc_field *f = &p->schema->fields[k];

			if (f->example == NULL)
				continue;
			if (f->help)
				r = pc_buf_addf(
				    b, "  %s  # %s\n", off, f->help);
			if (r == 0)
				r = pc_buf_addf(b, "  %s  %s: %s\n", off,
				    f->key, f->example);
		}
	}
	return r;
}

/*
 * The checks: section, learned from each check's settings table (the
 * same table the loader binds).
 */
static int
starter_checks(struct pc_buf *b, const struct check *const *checks)
{
	size_t i, k;
	bool any;
	int r = 0;

	r = pc_buf_adds(b,
	    "# Each check's own settings (the defaults are shown).\nchecks:\n");
	for (i = 0; r == 0 && checks && checks[i] != NULL; i++) {
		const struct pc_schema *sc;

		if (checks[i]->settings == NULL)
			continue;
		sc = checks[i]->settings->schema;
		/* A check none of whose keys has a default is shown
		 * commented out whole: an empty map is not valid. */
		for (k = 0, any = false; k < sc->nfields; k++)
			any |= sc->fields[k].example != NULL;
		r = pc_buf_addf(b, "  %s%s:\n", any ? "" : "# ", checks[i]->id);
		if (r == 0)
			r = starter_fields(b, sc, !any);
	}
	return r;
}

/* The whole starter config. */
int
pc_config_starter_text(struct pc_buf *b, const struct pc_config_tables *tables)
{
	if (pc_buf_adds(b, starter_head) != 0 ||
	    starter_providers(b, tables->providers) != 0 ||
	    pc_buf_adds(b, starter_tail) != 0 ||
	    starter_checks(b, tables->checks) != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}
