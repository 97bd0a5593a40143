/* portcullis scan: run the checks under the policy and write the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/check.h"
#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/policy.h"
#include "reporter/output.h"
#include "agent/report.h"
#include "agent/runner.h"
#include "agent/cli/scan_report.h"
#include "agent/cli/scan_roster.h"
#include "agent/cli/scan_submit.h"

/* Splits a comma list of check ids, checking each is registered. */
static int
parse_only(const char *arg, char ***ids_out, size_t *n_out)
{
	char *copy, *p, *save = NULL, **ids;
	size_t n = 0;

	if ((copy = strdup(arg)) == NULL ||
	    (ids = calloc(strlen(arg) + 1, sizeof(char *))) == NULL) {
		free(copy);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	for (p = strtok_r(copy, ",", &save); p;
	     p = strtok_r(NULL, ",", &save)) {
		if (pc_check_find(p) == NULL) {
			pc_error_set(PC_EUSAGE,
			    "--only: unknown check \"%s\"; known checks are listed by portcullis scan --help",
			    p);
			while (n > 0)
				free(ids[--n]);
			free(ids);
			free(copy);
			return PC_EUSAGE;
		}
		ids[n++] = strdup(p);
	}
	free(copy);
	*ids_out = ids;
	*n_out = n;
	return 0;
}

/* Appends the ids of r's checks that match to a ", " list in out. */
static void
list_checks(char *out, size_t len, const struct pc_report *r,
    bool (*match)(const struct pc_report_check *))
{
	size_t i, used;

	for (i = 0; i < r->nchecks; i++) {
		if (!match(&r->checks[i]))
			continue;
		used = strlen(out);
		snprintf(out + used, len - used, "%s%s", used ? ", " : "",
		    r->checks[i].id);
	}
}

/* A mandatory check left out with --only. */
static bool
only_skipped(const struct pc_report_check *c)
{
	return c->status == PC_STATUS_SKIPPED && c->mandatory && c->reason &&
	    strcmp(c->reason, "not selected with --only") == 0;
}

/* A mandatory check skipped for another reason. */
static bool
other_skipped(const struct pc_report_check *c)
{
	return c->status == PC_STATUS_SKIPPED && c->mandatory &&
	    !only_skipped(c);
}

/* A check that errored. */
static bool
errored(const struct pc_report_check *c)
{
	return c->status == PC_STATUS_ERROR;
}

/* Why the scan is incomplete, in words ("--only skipped mfa, exposure"). */
static void
incomplete_why(char *out, size_t len, const struct pc_report *r)
{
	char ids[512];
	size_t used;

	out[0] = '\0';
	ids[0] = '\0';
	list_checks(ids, sizeof(ids), r, only_skipped);
	if (ids[0])
		snprintf(out, len, "--only skipped %s", ids);
	ids[0] = '\0';
	list_checks(ids, sizeof(ids), r, errored);
	used = strlen(out);
	if (ids[0])
		snprintf(out + used, len - used,
		    "%s%s could not finish (see the reasons above)",
		    used ? "; " : "", ids);
	ids[0] = '\0';
	list_checks(ids, sizeof(ids), r, other_skipped);
	used = strlen(out);
	if (ids[0])
		snprintf(out + used, len - used, "%smandatory %s skipped",
		    used ? "; " : "", ids);
	used = strlen(out);
	if (r->no_sandbox)
		snprintf(out + used, len - used, "%s--no-sandbox was used",
		    used ? "; " : "");
}

/* Prints the summary for a person. */
static void
print_human(const struct pc_report *r, const struct pc_report_summary *s,
    const char *dir)
{
	char why[1024];
	size_t i;

	printf("portcullis scan of %s (%s)\n", r->office_name, r->office_id);
	for (i = 0; i < r->nchecks; i++)
		printf("  %-9s %-15s %zu finding%s%s%s\n", r->checks[i].id,
		    pc_status_name(r->checks[i].status), r->checks[i].nfindings,
		    r->checks[i].nfindings == 1 ? "" : "s",
		    r->checks[i].reason ? "  - " : "",
		    r->checks[i].reason ? r->checks[i].reason : "");
	printf(
	    "findings: %zu critical, %zu high, %zu medium, %zu low, %zu info\n",
	    s->by_severity[PC_SEV_CRITICAL], s->by_severity[PC_SEV_HIGH],
	    s->by_severity[PC_SEV_MEDIUM], s->by_severity[PC_SEV_LOW],
	    s->by_severity[PC_SEV_INFO]);
	if (s->accepted)
		printf(
		    "accepted risks: %zu finding%s the office accepted (listed in the report; not counted towards fail_on)\n",
		    s->accepted, s->accepted == 1 ? "" : "s");
	incomplete_why(why, sizeof(why), r);
	if (s->complete)
		printf("scan complete; report: %s\n", dir);
	else
		printf("scan INCOMPLETE because %s; report: %s\n", why, dir);
}

/* Prints the summary as JSON. */
static void
print_json(const struct pc_report *r, const struct pc_report_summary *s,
    const char *dir, int exit_code)
{
	cJSON *o = cJSON_CreateObject(), *sev, *a, *e;
	char *text, why[1024];
	size_t i;

	cJSON_AddStringToObject(o, "office", r->office_id);
	cJSON_AddStringToObject(o, "report_dir", dir);
	cJSON_AddBoolToObject(o, "complete", s->complete);
	if (!s->complete) {
		incomplete_why(why, sizeof(why), r);
		cJSON_AddStringToObject(o, "incomplete_because", why);
	}
	cJSON_AddNumberToObject(o, "exit_code", exit_code);
	cJSON_AddNumberToObject(o, "score", s->score);
	cJSON_AddNumberToObject(o, "accepted", (double)s->accepted);
	sev = cJSON_AddObjectToObject(o, "findings");
	for (i = PC_SEV_CRITICAL + 1; i-- > 0;)
		cJSON_AddNumberToObject(
		    sev, pc_severity_name(i), (double)s->by_severity[i]);
	a = cJSON_AddArrayToObject(o, "checks");
	for (i = 0; i < r->nchecks; i++) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "id", r->checks[i].id);
		cJSON_AddStringToObject(
		    e, "status", pc_status_name(r->checks[i].status));
		cJSON_AddNumberToObject(
		    e, "findings", (double)r->checks[i].nfindings);
		if (r->checks[i].reason)
			cJSON_AddStringToObject(
			    e, "reason", r->checks[i].reason);
		cJSON_AddItemToArray(a, e);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text) {
		printf("%s\n", text);
		free(text);
	}
}

/* What the command line asked for. */
struct scan_args {
	const char *config_path, *out_dir;
	bool json, quiet;
};

/* Parses scan's options into a and opts; 0 to go on, 1 after --help,
 * 2 on a usage error (said on stderr). */
static int
parse_scan_args(
    struct scan_args *a, struct pc_run_opts *opts, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "only", required_argument, NULL, 'O' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-sandbox", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': a->config_path = optarg; break;
		case 'o': a->out_dir = optarg; break;
		case 'O':
			if (parse_only(optarg, &opts->only, &opts->nonly) !=
			    0) {
				pc_cli_error(pc_error_get());
				return 2;
			}
			break;
		case 'j':
			opts->jobs = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || opts->jobs < 1 || opts->jobs > 64) {
				pc_cli_error(
				    "--jobs: expected a number from 1 to 64");
				return 2;
			}
			break;
		case 'J': a->json = true; break;
		case 'q': a->quiet = true; break;
		case 'N': opts->no_sandbox = true; break;
		case 'h': pc_help_print(stdout, "scan"); return 1;
		default:
			fprintf(stderr,
			    "portcullis: scan: unknown option \"%s\"; run portcullis scan --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
		    "portcullis: scan: unexpected argument \"%s\"; run portcullis scan --help\n",
		    argv[optind]);
		return 2;
	}
	return 0;
}

/* A roster config's scan (agent/cli/scan_roster.c): the tenant's checks
 * only, so --only does not apply. */
static int
scan_roster(const struct pc_config *cfg, const struct pc_policy *policy,
    struct pc_run_opts *opts, const struct scan_args *a)
{
	if (opts->nonly > 0) {
		pc_cli_error(
		    "scan: --only does not apply to a config with a roster (it runs the Parliament tenant's checks); leave --only out");
		return 2;
	}
	opts->now = (long long)time(NULL);
	opts->progress = a->quiet ? NULL : stderr;
	opts->progress_live = !a->quiet && isatty(STDERR_FILENO);
	return pc_scan_roster(cfg, policy, opts,
	    a->out_dir ? a->out_dir : cfg->report.dir, a->json, a->quiet);
}

/* Entry point for portcullis scan. */
int
pc_cmd_scan(int argc, char **argv)
{
	struct scan_args a = { PC_CONFIG_DEFAULT_PATH, NULL, false, false };
	struct pc_run_opts opts = { 0 };
	struct pc_config *cfg = NULL;
	struct pc_policy *policy = NULL;
	struct pc_report *report = NULL;
	struct pc_report_summary sum;
	char report_dir[4096] = "";
	const char *config_path, *out_dir;
	bool json, quiet;
	int r, rc = 2;
	size_t i;

	if ((r = parse_scan_args(&a, &opts, argc, argv)) != 0) {
		rc = r == 1 ? 0 : 2;
		goto out;
	}
	config_path = a.config_path;
	out_dir = a.out_dir;
	json = a.json;
	quiet = a.quiet;
	if ((r = pc_config_load(&cfg, config_path, &pc_registry)) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	if (pc_cli_placeholders(cfg) != 0)
		goto out;
	if ((r = pc_policy_load(&policy,
		 cfg->policy ? cfg->policy : pc_policy_default_path())) != 0) {
		pc_cli_policy_error(cfg);
		goto out;
	}
	if (pc_severity_parse(cfg->report.fail_on) < 0) {
		pc_cli_error("report.fail_on: unknown severity");
		goto out;
	}
	if (cfg->roster) {
		rc = scan_roster(cfg, policy, &opts, &a);
		goto out;
	}
	if ((report = pc_report_new()) == NULL) {
		pc_cli_error("out of memory");
		goto out;
	}
	opts.now = (long long)time(NULL);
	opts.progress = quiet ? NULL : stderr;
	opts.progress_live = !quiet && isatty(STDERR_FILENO);
	/* Refuse a bad output folder or key before spending time on checks. */
	if ((r = pc_scan_report_prepare(report, cfg, policy,
		 out_dir ? out_dir : cfg->report.dir, &opts.now,
		 opts.no_sandbox)) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	if ((r = pc_runner_run(report, pc_checks, cfg, policy, &opts)) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	pc_time_iso(report->finished_at, (long long)time(NULL));
	if ((r = pc_scan_report_write(report, cfg, policy,
		 out_dir ? out_dir : cfg->report.dir, report_dir,
		 sizeof(report_dir))) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	pc_report_summarize(report, &sum);
	rc = !sum.complete ? 3 : sum.at_threshold ? 1 : 0;
	if (json)
		print_json(report, &sum, report_dir, rc);
	else
		print_human(report, &sum, report_dir);
	pc_scan_submit(cfg, report_dir, quiet); /* never changes rc */
out:
	for (i = 0; i < opts.nonly; i++)
		free(opts.only[i]);
	free(opts.only);
	pc_report_free(report);
	pc_policy_free(policy);
	pc_config_free(cfg);
	return rc;
}
