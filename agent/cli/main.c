/* portcullis: the command-line entry point; dispatches to subcommands. */
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", pc_cmd_init, "write a commented starter config and keys" },
	{ "scan", pc_cmd_scan, "run the checks and write the signed report" },
	{ "verify", pc_cmd_verify, "check a report's signature, keyring, chain" },
	{ "checklist", pc_cmd_checklist, "print a report's checklist" },
	{ "keygen", pc_cmd_keygen, "create the office signing key pair" },
	{ "policy", pc_cmd_policy, "policy lint: validate policy files" },
	{ "selftest", pc_cmd_selftest, "show the sandbox holds on this kernel" },
	{ "inspect", pc_cmd_inspect,
	    "find personal data and secrets in files (JSON Lines)" },
	{ "aggregate", pc_cmd_aggregate,
	    "PDS fleet view: every office's latest report" },
	{ "config", pc_cmd_config,
	    "config check: validate a config without scanning" },
};

/* Prints the top-level usage. */
static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: portcullis COMMAND [OPTIONS]\n\n"
		   "A security health check for an MP's office: finds "
		   "accounts without\ntwo-factor authentication, missing "
		   "updates, exposed personal data and\nmore, and writes "
		   "a signed report for PDS and a checklist for staff.\n\n"
		   "Commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\nRun portcullis COMMAND --help for a command's options.\n"
		   "Exit codes: 0 ok, 1 findings at or above the threshold "
		   "(or invalid signature),\n2 usage/config/I/O error, 3 "
		   "scan incomplete.\n");
}

/* Prints one error line on stderr. */
void
pc_cli_error(const char *msg)
{
	fprintf(stderr, "portcullis: %s\n", msg);
}

/* Dispatches to the named command. */
int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("portcullis %s\n", PC_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "portcullis: unknown command \"%s\"; run portcullis "
			"--help for the list\n", argv[1]);
	return 2;
}
