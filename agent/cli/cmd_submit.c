/* portcullis submit: send a signed report (or the outbox) to PDS. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "agent/cli/help.h"
#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/outbox.h"
#include "agent/submit.h"
#include "cli.h"

#define DEFAULT_CONFIG "/etc/portcullis/portcullis.yaml"

/* Prints a usage error; returns 2. */
static int
usage_error(const char *what)
{
	fprintf(stderr,
	    "portcullis: submit: %s; run portcullis submit --help\n", what);
	return 2;
}

/* Sends the outbox named by the config. */
static int
send_queued(const char *config, const char *url, const char *ca_file)
{
	struct pc_config *cfg = NULL;
	struct pc_outbox_flush f;
	char office_dir[4200];
	int r;

	if ((r = pc_config_load(&cfg, config, &pc_registry)) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	url = url ? url : cfg->report.submit_url;
	ca_file = ca_file                ? ca_file
	    : cfg->report.submit_ca_file ? cfg->report.submit_ca_file
					 : cfg->tls.ca_file;
	if (url == NULL) {
		pc_config_free(cfg);
		return usage_error(
		    "give --to URL or set report.submit_url in the config");
	}
	snprintf(office_dir, sizeof(office_dir), "%s/%s", cfg->report.dir,
	    cfg->office.id);
	r = pc_outbox_send(
	    &f, office_dir, url, ca_file, 0, pc_outbox_remove, NULL);
	if (r == 0)
		printf("outbox: %zu sent, nothing left\n", f.sent);
	else
		printf("outbox: %zu sent, %zu refused, %zu left to send\n",
		    f.sent, f.refused, f.left);
	pc_config_free(cfg);
	return r == 0 ? 0 : r == PC_EINVALID && f.left == 0 ? 1 : 2;
}

/* Sends one report folder. */
static int
send_one(const char *dir, const char *url, const char *ca_file)
{
	struct pc_submit_result res;
	int r;

	r = pc_submit_report(&res, dir, url, ca_file);
	if (r == 0) {
		printf("%s: sha256 %s, chain %s\n",
		    res.status == 201 ? "stored" : "already stored", res.sha256,
		    res.chain);
		return 0;
	}
	pc_cli_error(pc_error_get());
	return r == PC_EINVALID ? 1 : 2;
}

/* Entry point for portcullis submit. */
int
pc_cmd_submit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "ca-file", required_argument, NULL, 'a' },
		{ "queued", no_argument, NULL, 'q' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *ca_file = NULL, *config = DEFAULT_CONFIG;
	int c, queued = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': url = optarg; break;
		case 'a': ca_file = optarg; break;
		case 'q': queued = 1; break;
		case 'c': config = optarg; break;
		case 'h': pc_help_print(stdout, "submit"); return 0;
		default:
			return usage_error(
			    optopt ? "option needs a value" : "unknown option");
		}
	}
	if (queued) {
		if (optind != argc)
			return usage_error("--queued takes no REPORT_DIR");
		return send_queued(config, url, ca_file);
	}
	if (optind + 1 != argc)
		return usage_error("give one REPORT_DIR");
	if (url == NULL)
		return usage_error("give --to URL (the PDS intake, https://)");
	return send_one(argv[optind], url, ca_file);
}
