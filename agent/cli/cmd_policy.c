/* portcullis policy lint: validate policy files with precise errors. */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "checks/content/detectors.h"
#include "checks/patch/device_eol.h"
#include "checks/threats/engine.h"
#include "reporter/checklist.h"

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
				!pc_escalation_find(
				    esc, rule->overdue_escalate_to)))
				r = pc_error_set(PC_ECONFIG,
				    "%s:%d: checks.%s.rules.%s: names a route that %s does not define",
				    p->path, rule->line, p->checks[i].id,
				    rule->id, path);
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
			fprintf(stderr,
			    "%s: warning: the device end-of-life snapshot is dated %s, %ld days ago (more than %d); refresh it with policies/eol-devices-convert.py so newly unsupported devices are found.\n",
			    path, d->snapshot_date, age,
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

/* Checks every detector in the policy's detectors/ folder has a rule
 * under checks.exposure: the exposure check drops a match whose rule is
 * not in the policy, so a detector without one finds nothing. */
static int
lint_detectors(const struct pc_policy *p)
{
	const struct pc_policy_check *exposure;
	struct pc_detectors *set = NULL;
	char *dir = pc_policy_path_of(p, "detectors");
	size_t i;
	int r = 0;

	if (dir == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	exposure = pc_policy_find_check(p, "exposure");
	if (exposure == NULL || access(dir, F_OK) != 0)
		goto out; /* no exposure check, or no detectors beside it */
	if ((r = pc_detectors_load_dir(&set, dir)) != 0)
		goto out;
	for (i = 0; i < set->n && r == 0; i++)
		if (pc_policy_find_rule(exposure, set->items[i].id) == NULL)
			r = pc_error_set(PC_ECONFIG,
			    "%s:%d: detector %s has no rule under checks.exposure.rules in %s, so its matches would be dropped; add a rule with id %s (title, severity, escalate_to, remediation)",
			    set->items[i].file, set->items[i].line,
			    set->items[i].id, p->path, set->items[i].id);
out:
	pc_detectors_free(set);
	free(dir);
	return r;
}

/* Lints one file, printing its line (or adding its JSON object to files);
 * returns 0 when valid. */
static int
lint_one(const char *path, cJSON *files)
{
	struct pc_policy *p = NULL;
	size_t i, rules = 0;
	cJSON *o = NULL;

	if (files &&
	    ((o = cJSON_CreateObject()) == NULL ||
		!cJSON_AddStringToObject(o, "file", path) ||
		!cJSON_AddItemToArray(files, o)))
		return 2;
	if (pc_policy_load(&p, path) != 0 || lint_routes(p) != 0 ||
	    lint_device_eol(p) != 0 || lint_detectors(p) != 0 ||
	    lint_lexicons(p) != 0) {
		if (o) {
			cJSON_AddBoolToObject(o, "ok", false);
			cJSON_AddStringToObject(o, "error", pc_error_get());
		} else
			fprintf(stderr, "%s\n", pc_error_get());
		pc_policy_free(p);
		return 2;
	}
	for (i = 0; i < p->nchecks; i++)
		rules += p->checks[i].nrules;
	if (o) {
		cJSON_AddBoolToObject(o, "ok", true);
		cJSON_AddStringToObject(o, "policy", p->id);
		cJSON_AddNumberToObject(o, "version", (double)p->version);
		cJSON_AddNumberToObject(o, "checks", (double)p->nchecks);
		cJSON_AddNumberToObject(o, "rules", (double)rules);
		cJSON_AddStringToObject(o, "sha256", p->sha256);
		cJSON_AddNumberToObject(o, "files", (double)p->nfiles);
	} else {
		printf(
		    "%s: ok (policy %s version %ld, %zu checks, %zu rules, sha256 %s over the %zu files it loads)\n",
		    path, p->id, p->version, p->nchecks, rules, p->sha256,
		    p->nfiles);
		printf("approved-policies line: %s %s %ld\n", p->sha256, p->id,
		    p->version);
	}
	pc_policy_free(p);
	return 0;
}

/* Prints the --json object for files; rc passes through. */
static int
print_json(cJSON *files, int rc)
{
	cJSON *top = cJSON_CreateObject();
	char *text = NULL;

	if (top == NULL || !cJSON_AddBoolToObject(top, "ok", rc == 0) ||
	    !cJSON_AddItemReferenceToObject(top, "files", files) ||
	    (text = cJSON_PrintUnformatted(top)) == NULL)
		rc = 2;
	else
		puts(text);
	cJSON_free(text);
	cJSON_Delete(top);
	return rc;
}

/* Entry point for portcullis policy. */
int
pc_cmd_policy(int argc, char **argv)
{
	cJSON *files = NULL;
	bool json = false;
	int i, rc = 0, nfiles = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		pc_help_print(argc < 2 ? stderr : stdout, "policy lint");
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "lint") != 0) {
		fprintf(stderr,
		    "portcullis: policy: unknown subcommand \"%s\"; run portcullis policy --help\n",
		    argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			pc_help_print(stdout, "policy lint");
			return 0;
		}
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr,
			    "portcullis: policy lint: unknown option \"%s\"; run portcullis policy --help\n",
			    argv[i]);
			return 2;
		}
		nfiles++;
	}
	if (json && (files = cJSON_CreateArray()) == NULL)
		return 2;
	if (nfiles == 0)
		rc = lint_one(pc_policy_default_path(), files);
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], "--json") != 0 &&
		    lint_one(argv[i], files) != 0)
			rc = 2;
	if (json)
		rc = print_json(files, rc);
	cJSON_Delete(files);
	return rc;
}
