/* portcullis verify: is this report authentic, complete and unaltered? */
#include <getopt.h>
#include <stdbool.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "reporter/verify.h"

/* The policy line: which policy, and whether PDS approved it. */
static void
print_policy(const struct pc_verify_result *v, const char *approved_path)
{
	const struct pc_report *r = v->report;

	printf("  policy %s version %ld (sha256 %.16s...", r->policy_id,
	    r->policy_version, r->policy_sha256);
	if (r->npolicy_files > 0)
		printf(", over %zu files it loaded", r->npolicy_files);
	printf(")%s%s\n",
	    v->policy_approved == 1 ? ": approved, "
		: v->policy_approved == 0
		? ": NOT APPROVED"
		: ": approval not checked (no --approved-policies, and no approved-policies file beside the keyring)",
	    v->policy_approved == 1 ? v->approved_where : "");
	if (v->policy_approved == 0)
		printf(
		    "POLICY MODIFIED: the policy this scan ran is not in %s; its severities, rules or data may differ from the approved ones, so its findings and its \"complete\" cannot be trusted\n",
		    approved_path);
}

/* Names the checks whose sandbox ran in seccomp debug mode. */
static void
print_weakened(const struct pc_report *r)
{
	size_t i, n = 0;

	printf(
	    "  SANDBOX WEAKENED: seccomp debug mode (PORTCULLIS_SANDBOX_DEBUG) in");
	for (i = 0; i < r->nchecks; i++)
		if (r->checks[i].sandbox.seccomp_debug)
			printf("%s %s", n++ ? "," : "", r->checks[i].id);
	printf(
	    "; a refused system call was logged instead of stopping the check\n");
}

/* Prints who signed, when, which policy, completeness and the summary. */
static void
print_valid(const struct pc_verify_result *v, const char *approved_path)
{
	const struct pc_report *r = v->report;
	const struct pc_report_summary *s = &v->summary;

	/* Without a keyring (or --pubkey) anyone's key verifies: say so
	 * before anything that reads like "valid" (issue 12). */
	if (v->trust == PC_TRUST_SIGNER_PUB)
		printf(
		    "signature matches the enclosed key; the signer is NOT checked (no --keyring): report of %s (%s)\n",
		    r->office_name, r->office_id);
	else
		printf(
		    "valid: report of %s (%s)\n", r->office_name, r->office_id);
	printf("  signed by key %s (%s)\n", v->key_id,
	    v->trust == PC_TRUST_KEYRING ? v->keyring_where
		: v->trust == PC_TRUST_PUBKEY
		? "the --pubkey given"
		: "signer.pub beside the report: integrity only, not who signed");
	if (PC_SCOPE_IS_TENANT(r->scope))
		printf(
		    "  scope: parliament-tenant (PDS's scan of the Parliament tenant's accounts of this office)\n");
	printf("  scan %s to %s, agent %s on %s\n", r->started_at,
	    r->finished_at, r->agent_version, r->host);
	printf("  %s%s\n", s->complete ? "complete" : "INCOMPLETE",
	    r->no_sandbox ? " (run with --no-sandbox)" : "");
	if (s->sandbox_weakened > 0)
		print_weakened(r);
	printf(
	    "  checks: %zu pass, %zu fail, %zu error, %zu skipped, %zu not applicable\n",
	    s->by_status[PC_STATUS_PASS], s->by_status[PC_STATUS_FAIL],
	    s->by_status[PC_STATUS_ERROR], s->by_status[PC_STATUS_SKIPPED],
	    s->by_status[PC_STATUS_NOT_APPLICABLE]);
	printf(
	    "  findings: %zu critical, %zu high, %zu medium, %zu low, %zu info\n",
	    s->by_severity[PC_SEV_CRITICAL], s->by_severity[PC_SEV_HIGH],
	    s->by_severity[PC_SEV_MEDIUM], s->by_severity[PC_SEV_LOW],
	    s->by_severity[PC_SEV_INFO]);
	if (r->nacceptances)
		printf(
		    "  accepted risks: %zu finding%s accepted by the office (not counted towards fail_on); %zu entr%s of its accepted file expired or stale\n",
		    s->accepted, s->accepted == 1 ? "" : "s",
		    r->nacceptances - s->accepted,
		    r->nacceptances - s->accepted == 1 ? "y" : "ies");
	printf("  chain: %s%s\n",
	    v->chain == PC_CHAIN_OK ? "follows the previous report "
		: v->chain == PC_CHAIN_FIRST
		? "first report of this office (no earlier report claimed, none beside it)"
		: "NOT CHECKED: the report names an earlier report that is not here, so nothing is proved about earlier reports (they may have been changed or removed); --require-chain refuses this",
	    v->chain == PC_CHAIN_OK ? v->previous : "");
	if (v->place == PC_PLACE_ALONE)
		printf(
		    "  warning: its place could not be checked: the folder is on its own, not in a folder named %s beside the office's other reports, so a report copied from another office's folder or renamed is not noticed here (aggregate checks the layout)\n",
		    r->office_id);
	print_policy(v, approved_path);
}

/* Adds a string member, or null. */
static void
json_str(cJSON *o, const char *k, const char *s)
{
	if (s == NULL)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, s);
}

/* Adds a tri-state member: true, false or null (not checked). */
static void
json_tri(cJSON *o, const char *k, int v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddBoolToObject(o, k, v);
}

/* The facts of a valid report, for --json. */
/* The office's accepted risks as the report records them: every entry
 * of its accepted file, accepted, expired or stale. */
static void
json_acceptances(cJSON *j, const struct pc_report *r)
{
	cJSON *a = cJSON_AddArrayToObject(j, "acceptances"), *e;
	size_t i;

	for (i = 0; i < r->nacceptances; i++) {
		const struct pc_report_acceptance *x = &r->acceptances[i];

		e = cJSON_CreateObject();
		json_str(e, "id", x->id);
		json_str(e, "status", pc_acceptance_state_name(x->state));
		json_str(e, "accepted_on", x->a.accepted_on);
		json_str(e, "expires", x->a.until);
		json_str(e, "reason", x->a.reason);
		json_str(e, "owner", x->a.owner);
		cJSON_AddItemToArray(a, e);
	}
}

static void
json_report(cJSON *j, const struct pc_verify_result *v)
{
	const struct pc_report *r = v->report;
	const struct pc_report_summary *s = &v->summary;
	cJSON *o;
	int i;

	json_str(j, "office_id", r->office_id);
	json_str(j, "office_name", r->office_name);
	o = cJSON_AddObjectToObject(j, "signer");
	json_str(o, "key_id", v->key_id);
	json_str(o, "checked_by",
	    v->trust == PC_TRUST_KEYRING      ? "keyring"
		: v->trust == PC_TRUST_PUBKEY ? "pubkey"
					      : NULL);
	json_str(o, "keyring_line",
	    v->trust == PC_TRUST_KEYRING ? v->keyring_where : NULL);
	json_str(j, "started_at", r->started_at);
	json_str(j, "finished_at", r->finished_at);
	json_str(j, "agent_version", r->agent_version);
	json_str(j, "scope", r->scope ? r->scope : "office");
	cJSON_AddNumberToObject(j, "schema_version", r->schema_version);
	o = cJSON_AddObjectToObject(j, "policy");
	json_str(o, "id", r->policy_id);
	cJSON_AddNumberToObject(o, "version", (double)r->policy_version);
	json_str(o, "sha256", r->policy_sha256);
	cJSON_AddNumberToObject(o, "files", (double)r->npolicy_files);
	json_str(o, "approved_by",
	    v->policy_approved == 1 ? v->approved_where : NULL);
	json_tri(j, "policy_approved", v->policy_approved);
	cJSON_AddBoolToObject(j, "complete", s->complete);
	cJSON_AddBoolToObject(j, "sandbox_disabled", r->no_sandbox);
	o = cJSON_AddArrayToObject(j, "sandbox_weakened");
	for (i = 0; (size_t)i < r->nchecks; i++)
		if (r->checks[i].sandbox.seccomp_debug)
			cJSON_AddItemToArray(
			    o, cJSON_CreateString(r->checks[i].id));
	o = cJSON_AddObjectToObject(j, "checks");
	for (i = 0; i <= PC_STATUS_NOT_APPLICABLE; i++)
		cJSON_AddNumberToObject(o, pc_status_name((enum pc_status)i),
		    (double)s->by_status[i]);
	o = cJSON_AddObjectToObject(j, "findings");
	for (i = PC_SEV_CRITICAL; i >= 0; i--)
		cJSON_AddNumberToObject(o,
		    pc_severity_name((enum pc_severity)i),
		    (double)s->by_severity[i]);
	cJSON_AddNumberToObject(j, "accepted_findings", (double)s->accepted);
	json_acceptances(j, r);
	json_str(j, "chain",
	    v->chain == PC_CHAIN_OK          ? "follows_previous"
		: v->chain == PC_CHAIN_FIRST ? "first_report"
					     : "previous_not_present");
	json_str(j, "previous", v->chain == PC_CHAIN_OK ? v->previous : NULL);
	json_str(j, "place",
	    v->place == PC_PLACE_CHECKED ? "checked" : "not_checked");
	cJSON_AddBoolToObject(
	    j, "signer_checked", v->trust != PC_TRUST_SIGNER_PUB);
}

/* Prints the --json object: valid or not, why, and the facts. */
static int
print_json(const struct pc_verify_result *v, int r, const char *path)
{
	cJSON *j = cJSON_CreateObject();
	char *text;

	json_str(j, "report", path);
	cJSON_AddBoolToObject(j, "valid", r == 0);
	json_str(j, "reason", r == 0 ? NULL : pc_error_get());
	if (r == 0)
		json_report(j, v);
	else
		cJSON_AddNullToObject(j, "policy_approved");
	if ((text = cJSON_Print(j)) == NULL)
		abort();
	cJSON_Delete(j);
	printf("%s\n", text);
	free(text);
	return 0;
}

/*
 * Confines this process to the report's office folder (the report and the
 * previous one the chain names) and the key files before it reads the
 * report: PDS verifies folders that come from offices. A path that does
 * not resolve is left to pc_verify_report, which fails before reading.
 */
static int
confine(const char *report, const struct pc_verify_opts *o)
{
	const char *paths[4];
	char real[PATH_MAX], *office;
	struct stat st;
	size_t n = 0;

	if (realpath(report, real) == NULL || stat(real, &st) != 0)
		return 0;
	office = dirname(real); /* REPORT is the folder: its office */
	if (!S_ISDIR(st.st_mode))
		office = dirname(office); /* REPORT is its report.json */
	paths[n++] = office;
	if (o->keyring_path && stat(o->keyring_path, &st) == 0)
		paths[n++] = o->keyring_path;
	if (o->pubkey_path && stat(o->pubkey_path, &st) == 0)
		paths[n++] = o->pubkey_path;
	if (o->approved_path && stat(o->approved_path, &st) == 0)
		paths[n++] = o->approved_path;
	return pc_cli_confine("verify", paths, n);
}

/* Entry point for portcullis verify. */
int
pc_cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "keyring", required_argument, NULL, 'k' },
		{ "approved-policies", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "require-chain", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result v;
	char *approved_default = NULL;
	bool json = false;
	int c, r, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.pubkey_path = optarg; break;
		case 'k': o.keyring_path = optarg; break;
		case 'a': o.approved_path = optarg; break;
		case 'j': json = true; break;
		case 'c': o.require_chain = true; break;
		case 'h': pc_help_print(stdout, "verify"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: verify: unknown option \"%s\"; run portcullis verify --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc || (o.pubkey_path && o.keyring_path)) {
		fprintf(stderr,
		    "portcullis: verify: give one REPORT, and at most one of --pubkey and --keyring; run portcullis verify --help\n");
		return 2;
	}
	if (o.approved_path == NULL)
		o.approved_path = approved_default =
		    pc_approved_default_path(o.keyring_path);
	if (confine(argv[optind], &o) != 0) {
		free(approved_default);
		return 2;
	}
	memset(&v, 0, sizeof(v));
	r = pc_verify_report(&v, argv[optind], &o);
	rc = r == 0            ? (v.policy_approved == 0 ? 1 : 0)
	    : r == PC_EINVALID ? 1
			       : 2;
	if (rc == 2)
		pc_cli_error(pc_error_get());
	else if (json)
		print_json(&v, r, argv[optind]);
	else if (r == 0)
		print_valid(&v, o.approved_path);
	else
		printf("INVALID: %s\n", pc_error_get());
	pc_verify_result_free(&v);
	free(approved_default);
	return rc;
}
