/* The mail part's reading: messages back from the MIME reader's units
 * (checks/email/mailread.c), the tally of staff personal addresses and
 * casework forwards (mailuse.c) over tests/data/email/, and whose an
 * address is (whose.c). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/email/mailread.h"
#include "checks/email/mailuse.h"
#include "checks/email/people.h"
#include "checks/email/whose.h"

static char *pdoms[] = { "parliament.uk" };
static char *odoms[] = { "exampleshire-north-mp.org.uk" };
static char *jane_alias[] = { "Janey Smith" };
static char *tom_alias[] = { "Tommy Okafor" };
static struct pc_staff staff[] = {
	{ .name = "Sam Example", .email = "sam.example@parliament.uk" },
	{ .name = "Chris Member MP", .email = "chris.member@parliament.uk" },
	{ .name = "Jane Smith", .email = "jane.smith@parliament.uk",
	    .aliases = jane_alias, .naliases = 1 },
	{ .name = "Tom Okafor", .email = "tom.okafor@parliament.uk",
	    .aliases = tom_alias, .naliases = 1 },
	{ .name = "Dana Volunteer", .email = "dana.v@gmail.com" },
};
static struct pc_config cfg;
static struct pc_personal *personal;

/* The config and the shipped personal-mail list. */
static void
setup(void)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.office.parliamentary_domains = pdoms;
	cfg.office.ndomains = 1;
	cfg.office.domains = odoms;
	cfg.office.nown_domains = 1;
	cfg.staff = staff;
	cfg.nstaff = sizeof(staff) / sizeof(staff[0]);
	cr_assert_eq(pc_personal_load(&personal,
	    "policies/personal_domains.yaml"), 0, "%s", pc_error_get());
}

static void
teardown(void)
{
	pc_personal_free(personal);
	personal = NULL;
}

/* Feeds a message callback into the tally. */
static int
to_tally(void *arg, const struct pc_mail_msg *m)
{
	return pc_mailuse_add(arg, m);
}

/* Reads path (kind) into the tally u. */
static void
read_file(struct pc_mailuse *u, const char *path, enum pc_doc_kind kind)
{
	struct pc_mailread *r = NULL;
	struct pc_text_sink sink;
	struct pc_extract_result res = { 0 };
	struct stat st;
	int fd = open(path, O_RDONLY);

	cr_assert(fd >= 0, "%s", path);
	cr_assert_eq(fstat(fd, &st), 0);
	cr_assert_eq(pc_mailread_new(&r, to_tally, u), 0);
	pc_mailread_sink(r, &sink);
	cr_assert_eq(pc_extract_fd(fd, path, (uint64_t)st.st_size, kind,
	    &sink, &res), 0, "%s: %s", path, pc_error_get());
	cr_assert_eq(pc_mailread_flush(r), 0, "%s", pc_error_get());
	pc_mailread_free(r);
	close(fd);
}

/* The pair for staff name and address, or NULL. */
static const struct pc_mail_use *
pair(const struct pc_mailuse *u, const char *name, const char *addr)
{
	size_t n, i;
	const struct pc_mail_use *v = pc_mailuse_list(u, &n);

	for (i = 0; i < n; i++)
		if (strcmp(v[i].staff->name, name) == 0 &&
		    strcmp(v[i].addr, addr) == 0)
			return &v[i];
	return NULL;
}

TestSuite(mailexport, .init = setup, .fini = teardown);

Test(mailexport, casework_mbox_pairs_counts_and_forwards)
{
	struct pc_mailuse *u = NULL;
	const struct pc_mail_use *e;
	size_t n;

	cr_assert_eq(pc_mailuse_new(&u, &cfg, personal), 0);
	read_file(u, "tests/data/email/casework.mbox", PC_DOC_MBOX);
	(void)pc_mailuse_list(u, &n);
	cr_assert_eq(n, 6, "pairs: %zu", n);
	cr_assert_not_null(e = pair(u, "Jane Smith", "jane.smith@gmail.com"));
	cr_assert_eq(e->msgs, 7, "jane gmail msgs %zu", e->msgs);
	cr_assert_eq(e->sent, 1);
	cr_assert_eq(e->fwd, 3, "jane gmail fwd %zu", e->fwd);
	cr_assert_str_eq(e->first, "2025-01-06");
	cr_assert_str_eq(e->last, "2025-01-15");
	cr_assert_str_eq(e->personal, "gmail.com");
	cr_assert_not_null(e = pair(u, "Jane Smith",
	    "jsmith1979@hotmail.co.uk"));
	cr_assert_eq(e->fwd, 1, "outlook FW: block");
	cr_assert_not_null(e = pair(u, "Jane Smith", "smithj@outlook.com"));
	cr_assert_eq(e->fwd, 1, "message/rfc822 attached");
	cr_assert_not_null(pair(u, "Jane Smith", "jane smith@gmail.com"),
	    "RFC 2047 name, quoted local part");
	cr_assert_not_null(pair(u, "Jane Smith", "janey.s@gmail.com"),
	    "alias as \"Smith, Janey\" in Cc");
	cr_assert_not_null(e = pair(u, "Tom Okafor",
	    "t.okafor.home@yahoo.co.uk"), "display name at yahoo.*");
	cr_assert_eq(e->fwd, 0);
	cr_assert_eq(pc_mailuse_stats(u)->duplicates, 1);
	pc_mailuse_free(u);
}

Test(mailexport, campaign_does_not_inflate)
{
	struct pc_mailuse *u = NULL;
	const struct pc_mail_use *e;
	size_t n;

	cr_assert_eq(pc_mailuse_new(&u, &cfg, personal), 0);
	read_file(u, "tests/data/email/campaign.mbox", PC_DOC_MBOX);
	(void)pc_mailuse_list(u, &n);
	cr_assert_eq(n, 1, "only Jane's own forward: %zu pairs", n);
	cr_assert_not_null(e = pair(u, "Jane Smith", "jane.smith@gmail.com"));
	cr_assert_eq(e->msgs, 1);
	cr_assert_eq(e->fwd, 1);
	cr_assert_eq(pc_mailuse_stats(u)->messages, 45);
	pc_mailuse_free(u);
}

Test(mailexport, eml_html_outlook_forward)
{
	struct pc_mailuse *u = NULL;
	const struct pc_mail_use *e;

	cr_assert_eq(pc_mailuse_new(&u, &cfg, personal), 0);
	read_file(u, "tests/data/email/eml/01.eml", PC_DOC_EML);
	read_file(u, "tests/data/email/eml/02.eml", PC_DOC_EML);
	cr_assert_not_null(e = pair(u, "Jane Smith", "jane.smith@gmail.com"));
	cr_assert_eq(e->fwd, 1, "HTML-only FW: with a <b>From:</b> block");
	cr_assert_not_null(e = pair(u, "Jane Smith", "janey.s@gmail.com"));
	cr_assert_eq(e->sent, 1);
	pc_mailuse_free(u);
}

Test(mailexport, whose_address)
{
	struct pc_whose w;

	pc_email_whose(&w, &cfg, personal, "jane.smith@parliament.uk", "");
	cr_assert(w.office && w.staff == &staff[2]);
	pc_email_whose(&w, &cfg, personal, "office@mail.exampleshire-north-"
	    "mp.org.uk", "");
	cr_assert(w.office && w.staff == NULL);
	pc_email_whose(&w, &cfg, personal, "bob.jones@gmail.com", "Bob Jones");
	cr_assert(!w.office && !w.staff_personal && w.personal);
	pc_email_whose(&w, &cfg, personal, "janesmith1979@gmail.com", "");
	cr_assert(w.staff_personal && w.staff == &staff[2]);
	pc_email_whose(&w, &cfg, personal, "j.smith@smith-family.net", "");
	cr_assert(w.staff_personal && w.personal == NULL,
	    "name in the local part on any domain");
	pc_email_whose(&w, &cfg, personal, "x7@icloud.com", "Okafor, Tom");
	cr_assert(w.staff == &staff[3], "display name at a personal service");
	pc_email_whose(&w, &cfg, personal, "x7@council.example", "Tom Okafor");
	cr_assert(!w.staff_personal, "display name alone: personal domains");
	pc_email_whose(&w, &cfg, personal, "dana.v@gmail.com", "");
	cr_assert(w.staff == &staff[4], "the staff list's own address");
	pc_email_whose(&w, &cfg, personal, "jane.smithers@gmail.com",
	    "Jane Smithers");
	cr_assert(!w.staff_personal, "a longer surname is someone else");
}

Test(mailexport, names_equal)
{
	cr_assert(pc_email_names_equal("Smith, Jane", "Jane Smith"));
	cr_assert(pc_email_names_equal("Dr Jane A. Smith", "Jane Smith"));
	cr_assert(!pc_email_names_equal("Jane", "Jane Smith"));
	cr_assert(!pc_email_names_equal("Jane Smithers", "Jane Smith"));
	cr_assert(pc_email_names_equal("CHRIS MEMBER", "Chris Member MP"));
}

Test(mailexport, name_in_segments_of_the_local_part)
{
	static const char *const yes[] = { "jane.smith.home@gmail.com",
		"janesmith.exampleshire@gmail.com", "home.jane.smith@x.org",
		"tommyokafor.work@proton.me", "smithj.1979@hotmail.com", NULL };
	static const char *const no[] = { "jane.home@gmail.com",
		"smith.family@gmail.com", "janes.mithers@gmail.com",
		"j.s@gmail.com", NULL };
	struct pc_whose w;
	size_t i;

	for (i = 0; yes[i]; i++) {
		pc_email_whose(&w, &cfg, personal, yes[i], "");
		cr_assert(w.staff_personal && w.staff != NULL, "%s", yes[i]);
	}
	for (i = 0; no[i]; i++) {
		pc_email_whose(&w, &cfg, personal, no[i], "");
		cr_assert(!w.staff_personal, "%s", no[i]);
	}
}

/* Keeps the one message read from memory. */
static int
keep_msg(void *arg, const struct pc_mail_msg *m)
{
	struct pc_mail_msg *out = arg;

	out->to.n = m->to.n;
	out->cc.n = m->cc.n;
	snprintf(out->date, sizeof(out->date), "%s", m->date);
	out->attached_message = strstr(m->subject, "Cc: jane") != NULL;
	return 0;
}

Test(mailexport, encoded_newline_cannot_pose_as_a_header)
{
	static const char mail[] = "From: Bob <bob@example.org>\n"
	    "To: office@parliament.uk\n"
	    "Subject: =?utf-8?b?SGkKQ2M6IGphbmUuc21pdGhAZ21haWwuY29t?=\n"
	    "Date: Mon, 06 Jan 2025 23:30:00 -0500\n"
	    "Message-ID: <n1@test>\n\nbody\n";
	struct pc_text_loc loc = { .path = "mem.eml" };
	struct pc_extract_result res = { 0 };
	struct pc_mail_msg got;
	struct pc_mailread *r = NULL;
	struct pc_text_sink sink;

	memset(&got, 0, sizeof(got));
	cr_assert_eq(pc_mailread_new(&r, keep_msg, &got), 0);
	pc_mailread_sink(r, &sink);
	cr_assert_eq(pc_extract_mem(mail, sizeof(mail) - 1, &loc, PC_DOC_EML,
	    &sink, &res), 0, "%s", pc_error_get());
	cr_assert_eq(pc_mailread_flush(r), 0);
	pc_mailread_free(r);
	cr_assert_eq(got.to.n, 1);
	cr_assert_eq(got.cc.n, 0, "the decoded subject added no Cc address");
	cr_assert(got.attached_message, "the subject keeps its text, on one "
	    "line");
	cr_assert_str_eq(got.date, "2025-01-07", "the date in UTC");
}
