/* portcullis checklist: the remediation and escalation steps of a report. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "reporter/checklist.h"
#include "reporter/steps.h"
#include "agent/report_parse.h"

/* Entry point for portcullis checklist. */
int
pc_cmd_checklist(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "staff", required_argument, NULL, 's' },
		{ "policy-dir", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum pc_checklist_format format = PC_CHECKLIST_MD;
	const char *staff = NULL, *policy_dir = NULL;
	char path[PATH_MAX], esc_path[PATH_MAX], dir[PATH_MAX];
	struct pc_escalation *esc = NULL;
	struct pc_report *r = NULL;
	struct stat st;
	char *text = NULL, *who = NULL;
	size_t len = 0;
	bool exact = false;
	int c, rc = 2;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "md") == 0)
				format = PC_CHECKLIST_MD;
			else if (strcmp(optarg, "html") == 0)
				format = PC_CHECKLIST_HTML;
			else if (strcmp(optarg, "csv") == 0)
				format = PC_CHECKLIST_CSV;
			else {
				fprintf(stderr,
				    "portcullis: checklist: --format: expected md, html or csv, got \"%s\"\n",
				    optarg);
				return 2;
			}
			break;
		case 's': staff = optarg; break;
		case 'p': policy_dir = optarg; break;
		case 'h': pc_help_print(stdout, "checklist"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: checklist: unknown option \"%s\"; run portcullis checklist --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr,
		    "portcullis: checklist: give one REPORT; run portcullis checklist --help\n");
		return 2;
	}
	if (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(path, sizeof(path), "%s/report.json", argv[optind]);
	else
		snprintf(path, sizeof(path), "%s", argv[optind]);
	if (policy_dir == NULL) {
		snprintf(dir, sizeof(dir), "%s", pc_policy_default_path());
		policy_dir = dirname(dir);
	}
	snprintf(esc_path, sizeof(esc_path), "%s/escalation.yaml", policy_dir);
	if (pc_report_load(&r, NULL, NULL, path) != 0 ||
	    pc_escalation_load(&esc, esc_path) != 0 ||
	    (staff && pc_steps_staff_match(&who, &exact, r, staff) != 0)) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	if (who && !exact)
		fprintf(stderr,
		    "portcullis: checklist: --staff \"%s\" matched %s\n", staff,
		    who);
	if (pc_checklist_render(&text, &len, r, esc, format, who) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	fwrite(text, 1, len, stdout);
	rc = 0;
out:
	free(who);
	free(text);
	pc_escalation_free(esc);
	pc_report_free(r);
	return rc;
}
