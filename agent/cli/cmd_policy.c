/* portcullis policy lint: validate policy files with precise errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/cli/cli.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "checks/patch/device_eol.h"
#include "checks/threats/engine.h"
#include "reporter/checklist.h"


static const char policy_help[] =
    "usage: portcullis policy lint [FILE...]\n"
    "\n"
    "Checks each policy file (default " PC_POLICY_INSTALLED ")\n"
    "and prints \"FILE: ok\" or the first problem as FILE:LINE: what and\n"
    "where. Exit 0 when all are valid, 2 otherwise. Also checks the files\n"
    "the policy names (escalation routes, device end-of-life snapshot) and\n"
    "warns on stderr when that snapshot is older than 180 days.\n"
    "For a valid policy it also prints its hash over every file it loads\n"
    "(baseline, routes, end-of-life data, detectors, lexicons, personal\n"
    "domains) as a line for PDS's approved-policies file:\n"
    "  approved-policies line: <sha256> <policy-id> <version>\n";

/* Checks every route a rule names is in the policy's escalation file. */
static int
lint_routes(const struct pc_policy *p)
{
	struct pc_escalation *esc = NULL;
	char *path = pc_policy_path_of(p, p->escalation_file);
	const struct pc_rule *rule;
	size_t i, k;
	int r;

	if ((r = pc_escalation_load(&esc, path)) != 0) {
		free(path);
		return r;
	}
	for (i = 0; i < p->nchecks && r == 0; i++)
		for (k = 0; k < p->checks[i].nrules && r == 0; k++) {
			rule = &p->checks[i].rules[k];
			if (!pc_escalation_find(esc, rule->escalate_to) ||
			    (rule->overdue_escalate_to &&
				!pc_escalation_find(esc,
				    rule->overdue_escalate_to)))
				r = pc_error_set(PC_ECONFIG,
				    "%s:%d: checks.%s.rules.%s: names a route "
				    "that %s does not define", p->path,
				    rule->line, p->checks[i].id, rule->id, path);
		}
	pc_escalation_free(esc);
	free(path);
	return r;
}

/* Checks the device end-of-life snapshot the policy names, if any, and
 * warns (without failing) when it is older than PC_DEVEOL_MAX_AGE_DAYS. */
static int
lint_device_eol(const struct pc_policy *p)
{
	struct pc_deveol *d = NULL;
	char *path;
	long age;
	int r;

	if (p->device_eol_file == NULL)
		return 0;
	if ((path = pc_policy_path_of(p, p->device_eol_file)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_deveol_load(&d, path)) == 0) {
		age = pc_deveol_age_days(d, (long long)time(NULL));
		if (age > PC_DEVEOL_MAX_AGE_DAYS)
			fprintf(stderr, "%s: warning: the device end-of-life "
			    "snapshot is dated %s, %ld days ago (more than "
			    "%d); refresh it with policies/eol-devices-"
			    "convert.py so newly unsupported devices are "
			    "found.\n", path, d->snapshot_date, age,
			    PC_DEVEOL_MAX_AGE_DAYS);
	}
	pc_deveol_free(d);
	free(path);
	return r;
}

/* Loads the threats lexicons the policy names (syntax, sets the rules
 * need, pattern rules). */
static int
lint_lexicons(const struct pc_policy *p)
{
	const struct pc_policy_check *pc = pc_policy_find_check(p, "threats");
	struct pc_threats_engine *e = NULL;
	int r;

	if (pc == NULL || pc->nlexicons == 0)
		return 0;
	r = pc_threats_engine_from_policy(&e, p, NULL, 0);
	pc_threats_engine_free(e);
	return r;
}

/* Lints one file; returns 0 when valid. */
static int
lint_one(const char *path)
{
	struct pc_policy *p = NULL;
	size_t i, rules = 0;

	if (pc_policy_load(&p, path) != 0 || lint_routes(p) != 0 ||
	    lint_device_eol(p) != 0 ||
	    lint_lexicons(p) != 0) {
		fprintf(stderr, "%s\n", pc_error_get());
		pc_policy_free(p);
		return 2;
	}
	for (i = 0; i < p->nchecks; i++)
		rules += p->checks[i].nrules;
	printf("%s: ok (policy %s version %ld, %zu checks, %zu rules, "
	       "sha256 %s over the %zu files it loads)\n", path, p->id,
	    p->version, p->nchecks, rules, p->sha256, p->nfiles);
	printf("approved-policies line: %s %s %ld\n", p->sha256, p->id,
	    p->version);
	pc_policy_free(p);
	return 0;
}

/* Entry point for portcullis policy. */
int
pc_cmd_policy(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(policy_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "lint") != 0) {
		fprintf(stderr, "portcullis: policy: unknown subcommand \"%s\"; "
				"run portcullis policy --help\n", argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(policy_help, stdout);
			return 0;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "portcullis: policy lint: unknown "
					"option \"%s\"\n", argv[i]);
			return 2;
		}
	}
	if (argc == 2)
		return lint_one(pc_policy_default_path());
	for (i = 2; i < argc; i++)
		if (lint_one(argv[i]) != 0)
			rc = 2;
	return rc;
}
