/* portcullis policy lint: validate policy files with precise errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "policy.h"
#include "checks/threats/engine.h"
#include "reporter/checklist.h"


static const char policy_help[] =
    "usage: portcullis policy lint [FILE...]\n"
    "\n"
    "Checks each policy file (default " PC_POLICY_INSTALLED ")\n"
    "and prints \"FILE: ok\" or the first problem as FILE:LINE: what and\n"
    "where. Exit 0 when all are valid, 2 otherwise.\n";

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
	    lint_lexicons(p) != 0) {
		fprintf(stderr, "%s\n", pc_error_get());
		pc_policy_free(p);
		return 2;
	}
	for (i = 0; i < p->nchecks; i++)
		rules += p->checks[i].nrules;
	printf("%s: ok (policy %s version %ld, %zu checks, %zu rules, "
	       "sha256 %s)\n", path, p->id, p->version, p->nchecks, rules,
	    p->sha256);
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
