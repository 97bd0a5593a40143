/* Detector files: load rules, and every detector's own examples. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "matchrun.h"

/* The ids the exposure policy relies on (checks/content/README.md). */
static const char *const ids[] = { "uk_nino", "uk_nhs_number",
	"payment_card", "uk_bank_account", "iban_gb", "uk_passport",
	"passport_mrz",
	"uk_driving_licence", "date_of_birth", "uk_postcode", "uk_phone",
	"email_address", "private_key", "aws_access_key", "aws_secret_key",
	"github_token", "slack_token", "google_api_key", "azure_client_secret",
	"password_assignment", NULL };

Test(detectors, shipped_set_has_every_id_with_examples)
{
	struct pc_detectors *set = NULL;
	size_t i;

	cr_assert_eq(pc_detectors_load_dir(&set,
			 PC_SOURCE_DIR "/policies/detectors"),
	    0, "%s", pc_error_get());
	for (i = 0; ids[i] != NULL; i++) {
		const struct pc_detector *d = pc_detectors_find(set, ids[i]);
		cr_assert_not_null(d, "detector %s is defined", ids[i]);
		cr_assert_gt(d->nmatch, 0, "%s has true examples", ids[i]);
		cr_assert_gt(d->nno_match, 0, "%s has false examples", ids[i]);
	}
	cr_assert_eq(set->n, i, "no detector without a README entry");
	pc_detectors_free(set);
}

/* True when a finding of id (or a record containing it) was made. */
static bool
found(const struct mr *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->det[i], id) == 0 ||
		    (strcmp(r->det[i], "personal_record") == 0 &&
			strstr(r->contains[i], id) != NULL))
			return true;
	return false;
}

Test(detectors, every_example_in_the_yaml_behaves)
{
	struct mr *r = mr_new();
	size_t i, j;

	for (i = 0; i < r->set->n; i++) {
		const struct pc_detector *d = &r->set->items[i];
		for (j = 0; j < d->nmatch; j++) {
			mr_feed(r, d->match[j], strlen(d->match[j]), 0);
			cr_expect(found(r, d->id), "%s finds \"%s\"", d->id,
			    d->match[j]);
		}
		for (j = 0; j < d->nno_match; j++) {
			mr_feed(r, d->no_match[j], strlen(d->no_match[j]), 0);
			cr_expect(!found(r, d->id), "%s ignores \"%s\"", d->id,
			    d->no_match[j]);
		}
	}
	mr_free(r);
}

Test(detectors, select_list)
{
	struct pc_detectors *set = NULL;

	cr_assert_eq(pc_detectors_load_dir(&set,
			 PC_SOURCE_DIR "/policies/detectors"),
	    0);
	cr_assert_eq(pc_detectors_select(set, "uk_nino,email_address"), 0);
	cr_assert(pc_detectors_find(set, "uk_nino")->enabled);
	cr_assert_not(pc_detectors_find(set, "payment_card")->enabled);
	cr_assert_eq(pc_detectors_select(set, "uk_nino,nope"), PC_EUSAGE);
	cr_assert_not_null(strstr(pc_error_get(), "nope"));
	cr_assert_eq(pc_detectors_select(set, "uk_nino,,x"), PC_EUSAGE);
	pc_detectors_free(set);
}

/* Writes text to a temp file and tries to load it; returns the code. */
static int
load_text(const char *text)
{
	char path[] = "/tmp/pc_det_XXXXXX";
	struct pc_detectors *set = NULL;
	int fd = mkstemp(path), r;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	r = pc_detectors_load_file(&set, path);
	pc_detectors_free(set);
	unlink(path);
	return r;
}

Test(detectors, bad_files_are_refused_with_a_reason)
{
	cr_assert_eq(load_text("detectors: []\nother: 1\n"), PC_ECONFIG);
	cr_assert_eq(load_text("nothing: here\n"), PC_ECONFIG);
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: urgent\n    validator: nino\n"
			       "    patterns: ['a']\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "severity"));
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: magic\n"
			       "    patterns: ['a']\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "magic"));
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n    colour: red\n"),
	    PC_ECONFIG);
	cr_assert_eq(load_text("detectors:\n  - id: Bad-Id\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n"),
	    PC_ECONFIG);
	cr_assert_eq(load_text("detectors:\n  - id: personal_record\n"
			       "    title: X\n    severity: high\n"
			       "    validator: nino\n    patterns: ['a']\n"),
	    PC_ECONFIG);
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n  - id: x\n    title: Y\n"
			       "    severity: low\n    validator: nino\n"
			       "    patterns: ['b']\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "twice"));
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n    context: {required: "
			       "true}\n"),
	    PC_ECONFIG);
	cr_assert_neq(load_text("detectors:\n  - &a {id: x}\n  - *a\n"), 0,
	    "aliases are refused");
}

/* The schema binding names the line of the value at fault and the bound. */
Test(detectors, errors_name_the_line_of_the_value_and_the_bound)
{
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n    context:\n"
			       "      words: [nino]\n      window: 301\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), ":9:"), "%s", pc_error_get());
	cr_assert_not_null(strstr(pc_error_get(), "300"), "%s", pc_error_get());
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns:\n      - 'a'\n      - ''\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), ":8:"), "%s", pc_error_get());
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    kind: medium\n    patterns: ['a']\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "strong"), "%s",
	    pc_error_get());
	cr_assert_eq(load_text("detectors:\n  - id: x\n    title: X\n"
			       "    severity: high\n    validator: nino\n"
			       "    patterns: ['a']\n    context: {window: 5}\n"),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "word"), "%s", pc_error_get());
}

Test(detectors, a_pattern_that_does_not_compile_names_its_detector)
{
	char path[] = "/tmp/pc_det_XXXXXX";
	const char *text = "detectors:\n  - id: broken\n    title: X\n"
			   "    severity: high\n    validator: nino\n"
			   "    patterns: ['(?<=a)b']\n";
	struct pc_detectors *set = NULL;
	struct pc_matcher *m = NULL;
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cr_assert_eq(pc_detectors_load_file(&set, path), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_matcher_new(&m, set, (const unsigned char *)"k", 1,
			 mr_on, NULL),
	    PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "broken"));
	pc_detectors_free(set);
	unlink(path);
}

Test(detectors, office_public_contacts_only_on_weak_allow_lists)
{
	static char *values[] = { "+44 1392 481736", "ex43ls",
		"Office@Exampleshire-MP.org.uk", "JT 48 61 27 B",
		"AKIA4QZ7XK2MWV5RT3LN", "Exampleshire House" };
	static const unsigned char key[] = "test-office-hmac-key";
	const char *t = "Write to office@exampleshire-mp.org.uk or call "
			"01392 481736, EX4 3LS.\nNI JT 48 61 27 B\n"
			"Or Jo on 01752 318904.\n";
	struct mr *r = calloc(1, sizeof(*r));
	size_t unused = 99;

	cr_assert_not_null(r);
	cr_assert_eq(pc_detectors_load_dir(&r->set,
			 PC_SOURCE_DIR "/policies/detectors"),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_detectors_allow_public(r->set, values,
			 sizeof(values) / sizeof(values[0]), &unused),
	    0);
	cr_assert_eq(unused, 3, "NINO, AWS key id and an address line are "
	    "not phone/postcode/email (got %zu)", unused);
	/* normalised as the validators normalise a match */
	cr_assert(pc_detector_allowed(pc_detectors_find(r->set, "uk_phone"),
	    "01392481736"));
	cr_assert(pc_detector_allowed(pc_detectors_find(r->set,
	    "uk_postcode"), "EX4 3LS"));
	cr_assert(pc_detector_allowed(pc_detectors_find(r->set,
	    "email_address"), "office@exampleshire-mp.org.uk"));
	/* strong and secret detectors are never touched */
	cr_assert_not(pc_detector_allowed(pc_detectors_find(r->set, "uk_nino"),
	    "JT486127B"));
	cr_assert_not(pc_detector_allowed(pc_detectors_find(r->set,
	    "aws_access_key"), "AKIA4QZ7XK2MWV5RT3LN"));
	cr_assert_eq(pc_matcher_new(&r->m, r->set, key, sizeof(key) - 1,
			 mr_on, r),
	    0, "%s", pc_error_get());
	pc_matcher_sink(r->m, &r->sink);
	mr_feed(r, t, strlen(t), 0);
	/* not even the shorter "office@exampleshire-mp.org" inside it */
	cr_assert_eq(mr_find(r, "email_address"), -1);
	cr_assert_eq(mr_find(r, "personal_record"), -1, "office line");
	cr_assert(mr_find(r, "uk_nino") >= 0, "a NINO stays a finding");
	cr_assert(mr_find(r, "uk_phone") >= 0, "another phone is found");
	cr_assert_eq(r->line[mr_find(r, "uk_phone")], 3);
	mr_free(r);
}
