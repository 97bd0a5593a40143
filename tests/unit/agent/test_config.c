/* Config loading: the typed struct, and one precise error per bad input. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/config.h"
#include "agent/err.h"

#define DATA "tests/data/config/"

/* Loads a config expecting failure; returns the error line. */
static const char *
load_fail(const char *path)
{
	struct pc_config *c = NULL;

	cr_assert_neq(pc_config_load(&c, path), 0, "%s should fail", path);
	cr_assert_null(c);
	return pc_error_get();
}

Test(config, minimal_loads_with_defaults)
{
	struct pc_config *c = NULL;

	cr_assert_eq(pc_config_load(&c, DATA "minimal.yaml"), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(c->office.id, "test-office");
	cr_assert_eq(c->office.ndomains, 1);
	cr_assert_str_eq(c->office.parliamentary_domains[0], "parliament.uk");
	cr_assert_eq(c->nstaff, 1);
	cr_assert_str_eq(c->staff[0].accounts[0].provider, "github");
	cr_assert_str_eq(c->staff[0].accounts[0].name, "samgh");
	cr_assert_str_eq(c->report.fail_on, "high");
	cr_assert_str_eq(c->checks.patch.root, "/");
	cr_assert_eq(c->checks.patch.max_list_age_days, 7);
	cr_assert_eq(c->nsources, 2);
	cr_assert_str_eq(c->sources[0].include[0], "*.txt");
	cr_assert_eq(c->sources[1].max_pages, 10);
	cr_assert(!c->providers.github.present);
	cr_assert_eq(pc_config_find_staff(c, "github", "SAMGH"), &c->staff[0]);
	cr_assert_eq(pc_config_find_staff(c, "slack", "sam@parliament.uk"),
	    &c->staff[0]);
	cr_assert_null(pc_config_find_staff(c, "github", "someone"));
	pc_config_free(c);
}

Test(config, missing_file_says_how_to_create_one)
{
	const char *e = load_fail(DATA "does-not-exist.yaml");

	cr_assert(strstr(e, "not found") && strstr(e, "portcullis init"),
	    "%s", e);
}

Test(config, directory_is_refused)
{
	const char *e = load_fail(DATA);

	cr_assert(strstr(e, "not a regular file"), "%s", e);
}

Test(config, malformed_yaml_names_line)
{
	const char *e = load_fail(DATA "malformed.yaml");

	cr_assert(strstr(e, "malformed.yaml:") && strstr(e, "malformed YAML"),
	    "%s", e);
}

Test(config, wrong_type_names_key_and_value)
{
	const char *e = load_fail(DATA "wrong_type.yaml");

	cr_assert(strstr(e, "wrong_type.yaml:10: sources[0].max_pages: "
			    "expected a positive whole number, got \"thirty\""),
	    "%s", e);
}

Test(config, unknown_key_is_an_error)
{
	const char *e = load_fail(DATA "unknown_key.yaml");

	cr_assert(strstr(e, "unknown_key.yaml:9: report.fail_onn: unknown key"),
	    "%s", e);
}

Test(config, bad_choice_lists_the_choices)
{
	const char *e = load_fail(DATA "bad_severity.yaml");

	cr_assert(strstr(e, "report.fail_on: expected one of info, low, "
			    "medium, high, critical"), "%s", e);
}

Test(config, missing_required_key)
{
	const char *e = load_fail(DATA "missing_key.yaml");

	cr_assert(strstr(e, "office.digital_lead: missing"), "%s", e);
}

Test(config, plain_http_url_refused)
{
	const char *e = load_fail(DATA "http_url.yaml");

	cr_assert(strstr(e, "providers.github.api_url: expected an https://"),
	    "%s", e);
}

Test(config, billion_laughs_refused_not_expanded)
{
	const char *e = load_fail(DATA "billion_laughs.yaml");

	cr_assert(strstr(e, "anchors") || strstr(e, "aliases"), "%s", e);
}

Test(config, duplicate_key_refused)
{
	const char *e = load_fail(DATA "duplicate_key.yaml");

	cr_assert(strstr(e, "duplicate_key.yaml:3: id: key given twice"), "%s",
	    e);
}

Test(config, starter_config_parses_after_init)
{
	char path[] = "/tmp/pc-starter-XXXXXX";
	struct pc_config *c = NULL;
	int fd = mkstemp(path);

	/* As init writes it: @KEYS@ becomes the keys folder. */
	const char *p = pc_config_starter, *at;

	cr_assert_geq(fd, 0);
	while ((at = strstr(p, "@KEYS@")) != NULL) {
		cr_assert_eq(write(fd, p, (size_t)(at - p)), at - p);
		cr_assert_eq(write(fd, "/tmp/keys", 9), 9);
		p = at + 6;
	}
	cr_assert_eq(write(fd, p, strlen(p)), (ssize_t)strlen(p));
	close(fd);
	cr_assert_eq(pc_config_load(&c, path), 0, "%s", pc_error_get());
	cr_assert(c->providers.microsoft365.present);
	cr_assert_str_eq(c->providers.microsoft365.graph_url,
	    "https://graph.microsoft.com");
	cr_assert_str_eq(c->report.signing_key, "/tmp/keys/office.key");
	pc_config_free(c);
	unlink(path);
}

Test(config, patch_age_must_be_a_number)
{
	const char *e = load_fail(DATA "patch_thirty.yaml");

	cr_assert(strstr(e, "patch_thirty.yaml:12: checks.patch.max_list_age_"
			    "days: expected a positive whole number, got "
			    "\"thirty\""), "%s", e);
}
