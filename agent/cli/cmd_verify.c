/* portcullis verify: is this report authentic, complete and unaltered? */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "reporter/verify.h"


/* Prints who signed, when, which policy, completeness and the summary. */
static void
print_valid(const struct pc_verify_result *v)
{
	const struct pc_report *r = v->report;
	const struct pc_report_summary *s = &v->summary;

	printf("valid: report of %s (%s)\n", r->office_name, r->office_id);
	printf("  signed by key %s (%s)\n", v->key_id,
	    v->trust == PC_TRUST_KEYRING ? v->keyring_where :
	    v->trust == PC_TRUST_PUBKEY ? "the --pubkey given" :
	    "signer.pub beside the report: integrity only, not who signed");
	printf("  scan %s to %s, agent %s on %s\n", r->started_at,
	    r->finished_at, r->agent_version, r->host);
	printf("  policy %s version %ld (sha256 %.16s...)\n", r->policy_id,
	    r->policy_version, r->policy_sha256);
	printf("  %s%s\n", s->complete ? "complete" : "INCOMPLETE",
	    r->no_sandbox ? " (run with --no-sandbox)" : "");
	printf("  checks: %zu pass, %zu fail, %zu error, %zu skipped, %zu not "
	       "applicable\n", s->by_status[PC_STATUS_PASS],
	    s->by_status[PC_STATUS_FAIL], s->by_status[PC_STATUS_ERROR],
	    s->by_status[PC_STATUS_SKIPPED],
	    s->by_status[PC_STATUS_NOT_APPLICABLE]);
	printf("  findings: %zu critical, %zu high, %zu medium, %zu low, %zu "
	       "info\n", s->by_severity[PC_SEV_CRITICAL],
	    s->by_severity[PC_SEV_HIGH], s->by_severity[PC_SEV_MEDIUM],
	    s->by_severity[PC_SEV_LOW], s->by_severity[PC_SEV_INFO]);
	printf("  chain: %s%s\n",
	    v->chain == PC_CHAIN_OK ? "follows the previous report " :
	    v->chain == PC_CHAIN_FIRST ? "first report of this office" :
	    "the previous report is not here to check",
	    v->chain == PC_CHAIN_OK ? v->previous : "");
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
	const char *paths[3];
	char real[PATH_MAX], *office;
	struct stat st;
	size_t n = 0;

	if (realpath(report, real) == NULL || stat(real, &st) != 0)
		return 0;
	office = dirname(real);		  /* REPORT is the folder: its office */
	if (!S_ISDIR(st.st_mode))
		office = dirname(office); /* REPORT is its report.json */
	paths[n++] = office;
	if (o->keyring_path && stat(o->keyring_path, &st) == 0)
		paths[n++] = o->keyring_path;
	if (o->pubkey_path && stat(o->pubkey_path, &st) == 0)
		paths[n++] = o->pubkey_path;
	return pc_cli_confine("verify", paths, n);
}

/* Entry point for portcullis verify. */
int
pc_cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pubkey", required_argument, NULL, 'p' },
		{ "keyring", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pc_verify_opts o = { 0 };
	struct pc_verify_result v;
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.pubkey_path = optarg; break;
		case 'k': o.keyring_path = optarg; break;
		case 'h': pc_help_print(stdout, "verify"); return 0;
		default:
			fprintf(stderr, "portcullis: verify: unknown option "
					"\"%s\"; run portcullis verify --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc || (o.pubkey_path && o.keyring_path)) {
		fprintf(stderr, "portcullis: verify: give one REPORT, and at "
				"most one of --pubkey and --keyring; run "
				"portcullis verify --help\n");
		return 2;
	}
	if (confine(argv[optind], &o) != 0)
		return 2;
	memset(&v, 0, sizeof(v));
	r = pc_verify_report(&v, argv[optind], &o);
	if (r == 0)
		print_valid(&v);
	else if (r == PC_EINVALID)
		printf("INVALID: %s\n", pc_error_get());
	else
		pc_cli_error(pc_error_get());
	pc_verify_result_free(&v);
	return r == 0 ? 0 : r == PC_EINVALID ? 1 : 2;
}
