/* portcullis aggregate: the PDS fleet view of many offices' reports. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "reporter/aggregate.h"
#include "reporter/approved.h"

/* Prints a usage error as one line; returns 2. */
static int
usage_error(const char *what, const char *arg)
{
	fprintf(stderr,
	    "portcullis: aggregate: %s%s%s%s; run portcullis aggregate --help\n",
	    what, arg ? " \"" : "", arg ? arg : "", arg ? "\"" : "");
	return 2;
}

/* Parses --overdue-days: a whole number of days, 1 to 3650. */
static int
parse_days(int *days_out, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 1 || v > 3650)
		return -1;
	*days_out = (int)v;
	return 0;
}

/*
 * Confines this process before it reads any report: report folders come
 * from ~650 offices. Reads only DIR and the keyring. A path that does not
 * exist is left to pc_aggregate_scan, which then fails before reading.
 */
static int
confine(const struct pc_aggregate_opts *o)
{
	const char *paths[3];
	struct stat st;
	size_t n = 0;

	if (stat(o->dir, &st) != 0)
		return 0;
	paths[n++] = o->dir;
	if (o->keyring_path != NULL) {
		if (stat(o->keyring_path, &st) != 0)
			return 0;
		paths[n++] = o->keyring_path;
	}
	if (o->approved_path != NULL) {
		if (stat(o->approved_path, &st) != 0)
			return 0;
		paths[n++] = o->approved_path;
	}
	return pc_cli_confine("aggregate", paths, n);
}

/* Entry point for portcullis aggregate. */
int
pc_cmd_aggregate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "keyring", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "overdue-days", required_argument, NULL, 'd' },
		{ "approved-policies", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pc_aggregate_opts o = { 0 };
	enum pc_fleet_format fmt = PC_FLEET_TEXT;
	struct pc_fleet *fleet = NULL;
	char *text = NULL, *approved_default = NULL;
	size_t len = 0, i;
	int c, r, rc = 2;
	bool attention = false;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': o.keyring_path = optarg; break;
		case 'a': o.approved_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = PC_FLEET_TEXT;
			else if (strcmp(optarg, "json") == 0)
				fmt = PC_FLEET_JSON;
			else if (strcmp(optarg, "csv") == 0)
				fmt = PC_FLEET_CSV;
			else if (strcmp(optarg, "html") == 0)
				fmt = PC_FLEET_HTML;
			else
				return usage_error(
				    "--format must be text, json, csv or html, not",
				    optarg);
			break;
		case 'd':
			if (parse_days(&o.overdue_days, optarg) != 0)
				return usage_error(
				    "--overdue-days must be a whole number of days from 1 to 3650, not",
				    optarg);
			break;
		case 'h': pc_help_print(stdout, "aggregate"); return 0;
		default:
			return usage_error(optopt && strchr("kfda", optopt)
				? "option needs a value:"
				: "unknown option",
			    argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return usage_error("give exactly one DIR", NULL);
	o.dir = argv[optind];
	o.now = (long long)time(NULL);
	if (o.approved_path == NULL)
		o.approved_path = approved_default =
		    pc_approved_default_path(o.keyring_path);
	if (confine(&o) != 0)
		goto out;
	if ((r = pc_aggregate_scan(&fleet, &o)) != 0 ||
	    (r = pc_fleet_render(&text, &len, fleet, fmt)) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	for (i = 0; i < fleet->n; i++)
		attention |= pc_fleet_office_attention(&fleet->offices[i]);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr,
		    "portcullis: aggregate: cannot write the fleet view to stdout: %s\n",
		    strerror(errno));
		goto out;
	}
	rc = attention ? 1 : 0;
out:
	free(text);
	free(approved_default);
	pc_fleet_free(fleet);
	return rc;
}
