/* portcullis inspect --detectors threats: threats, abuse and doxxing in
 * messages and exports, one JSON line per flagged message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "checks/threats/protect.h"
#include "checks/threats/engine.h"
#include "checks/threats/read.h"
#include "checks/threats/sink.h"
#include "checks/threats/targets.h"
#include "cli.h"

struct tinspect {
	const struct pc_policy_check *policy;
	enum pc_severity fail_on;
	size_t flagged, at_or_above, io_errors;
	size_t not_read; /* over a limit, locked, damaged or read in part */
	int quiet;
};

/* Writes s as a JSON string: control characters escaped, invalid UTF-8
 * as '?'. */
static void
json_put(const char *s)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	putchar('"');
	while (*s) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			printf("\\%c", c);
			s++;
		} else if (c < 0x20) {
			printf("\\u%04x", c);
			s++;
		} else if (c < 0x80) {
			putchar(c);
			s++;
		} else if ((k = utf8proc_iterate(
				(const utf8proc_uint8_t *)s, -1, &cp)) > 0) {
			fwrite(s, 1, (size_t)k, stdout);
			s += k;
		} else {
			putchar('?');
			s++;
		}
	}
	putchar('"');
}

/* Prints one flagged message. */
static int
on_flag(void *arg, const struct pc_threats_flag *f)
{
	struct tinspect *in = arg;
	const struct pc_rule *rule = pc_policy_find_rule(in->policy, f->rule);
	enum pc_severity sev = rule ? rule->severity : PC_SEV_HIGH;

	printf("{\"detector\":\"%s\",\"severity\":\"%s\",\"path\":", f->rule,
	    pc_severity_name(sev));
	json_put(f->path);
	if (f->message_id) {
		printf(",\"message_id\":");
		json_put(f->message_id);
	}
	if (f->member) {
		printf(",\"member\":");
		json_put(f->member);
	}
	printf(",\"matched\":");
	json_put(f->why);
	printf("}\n");
	if (ferror(stdout))
		return pc_error_set(PC_EIO, "Cannot write to standard output.");
	in->flagged++;
	if (sev >= in->fail_on)
		in->at_or_above++;
	return 0;
}

/* Walker callback: a file skipped, unreadable or not (fully) read. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path, const char *reason)
{
	struct tinspect *in = arg;

	if (ev == PC_WALK_UNREADABLE)
		in->io_errors++;
	if (ev == PC_WALK_NOT_READ)
		in->not_read++;
	if (ev == PC_WALK_UNREADABLE || !in->quiet)
		fprintf(stderr, "portcullis: %s %s: %s\n",
		    ev == PC_WALK_UNREADABLE     ? "cannot read"
			: ev == PC_WALK_NOT_READ ? "not read:"
						 : "skipped",
		    path, reason);
}

/* Runs inspect with the threats rules over paths. */
int
pc_cmd_inspect_threats(
    char **paths, int npaths, int fail_on, int quiet, const char *config)
{
	struct pc_config *cfg = NULL;
	struct pc_protect *prot = NULL;
	const char *names[8];
	size_t nnames = 0;
	struct pc_policy *pol = NULL;
	struct pc_threats_engine *eng = NULL;
	struct pc_threats_sink *sink = NULL;
	struct pc_threats_read_stats ws;
	struct tinspect in;
	int status = 2, r, i;

	memset(&in, 0, sizeof(in));
	in.fail_on = (enum pc_severity)fail_on;
	in.quiet = quiet;
	if (config != NULL &&
	    ((r = pc_config_load(&cfg, config, &pc_registry)) != 0 ||
		(r = pc_cli_protect_open(&prot, cfg, config, 0)) != 0)) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	nnames = pc_threats_mp_names(cfg, names, 8);
	if ((r = pc_policy_load(&pol,
		 cfg && cfg->policy ? cfg->policy
				    : pc_policy_default_path())) != 0 ||
	    (in.policy = pc_policy_find_check(pol, "threats")) == NULL ||
	    (r = pc_threats_engine_from_policy(&eng, pol, names, nnames)) ||
	    (r = pc_threats_sink_new(&sink, eng, prot, on_flag, &in)) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	if (prot == NULL)
		fprintf(stderr,
		    "portcullis: doxxing not checked: the protected details and the office HMAC key come from a config (--config, checks.threats.protected_file).\n");
	if (pc_cli_confine(
		"inspect", (const char *const *)paths, (size_t)npaths) != 0)
		goto out;
	for (i = 0; i < npaths; i++) {
		if ((r = pc_threats_read(paths[i], NULL, PC_DOC_AUTO, sink,
			 on_event, &in, &ws)) < 0) {
			pc_cli_error(pc_error_get());
			in.io_errors++;
		} else if (r > 0) {
			pc_cli_error(pc_error_get());
			goto out;
		}
	}
	if (fflush(stdout) != 0) {
		pc_cli_error("Cannot write to standard output.");
		goto out;
	}
	/* fail closed, as plain inspect: nothing flagged in what was read
	 * is no clean result when a file was not read (each named on its
	 * own line unless --quiet hid it) */
	if (in.not_read > 0 && in.quiet && !in.io_errors && !in.at_or_above)
		fprintf(stderr,
		    "portcullis: %zu file(s) were not read in full (encrypted, damaged or over a limit; run without --quiet to list them), so nothing flagged is not a clean result\n",
		    in.not_read);
	status = in.io_errors ? 2
	    : in.at_or_above  ? 1
	    : in.not_read > 0 ? 2
			      : 0;
out:
	pc_threats_sink_free(sink);
	pc_threats_engine_free(eng);
	pc_policy_free(pol);
	pc_protect_free(prot);
	pc_config_free(cfg);
	return status;
}
