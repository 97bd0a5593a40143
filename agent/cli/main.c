/* portcullis: the command-line entry point; dispatches to subcommands. */
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

/* The commands; each one's summary and help are in help_text.c. */
static const struct command commands[] = {
	{ "init", pc_cmd_init },
	{ "scan", pc_cmd_scan },
	{ "config", pc_cmd_config },
	{ "verify", pc_cmd_verify },
	{ "checklist", pc_cmd_checklist },
	{ "keygen", pc_cmd_keygen },
	{ "policy", pc_cmd_policy },
	{ "selftest", pc_cmd_selftest },
	{ "inspect", pc_cmd_inspect },
	{ "aggregate", pc_cmd_aggregate },
	{ "protect", pc_cmd_protect },
	{ "submit", pc_cmd_submit },
	{ "serve", pc_cmd_serve },
};

/* Prints the top-level usage. */
static void
usage(FILE *f)
{
	const struct pc_help_command *c;
	char word[32];

	fprintf(f,
	    "usage: portcullis COMMAND [OPTIONS]\n\n"
	    "A security health check for an MP's office: finds accounts without\ntwo-factor authentication, missing updates, exposed personal data and\nmore, and writes a signed report for PDS and a checklist for staff.\n\n"
	    "Commands:\n");
	for (c = pc_help_commands; c->name; c++) {
		snprintf(word, sizeof(word), "%.*s", (int)strcspn(c->name, " "),
		    c->name);
		fprintf(f, "  %-10s %s\n", word, c->summary);
	}
	fprintf(f,
	    "\nRun portcullis COMMAND --help for a command's options (portcullis help --man:\nthe manual page).\n"
	    "Exit codes: 0 ok, 1 findings at or above the threshold (or invalid signature),\n2 usage/config/I/O error, 3 scan incomplete.\n");
}

/* portcullis help [--man | COMMAND]: the usage, the man page (roff) or a
 * command's help. */
static int
help(int argc, char **argv)
{
	if (argc < 3) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[2], "--man") == 0) {
		pc_help_man(stdout);
		return 0;
	}
	if (pc_help_print(stdout, argv[2]) == 0)
		return 0;
	if (argc > 3) { /* "help policy lint" */
		char name[64];

		snprintf(name, sizeof(name), "%s %s", argv[2], argv[3]);
		if (pc_help_print(stdout, name) == 0)
			return 0;
	}
	fprintf(stderr,
	    "portcullis: help: unknown command \"%s\"; run portcullis --help for the list\n",
	    argv[2]);
	return 2;
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
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc, argv);
	if (strcmp(argv[1], "--version") == 0) {
		printf("portcullis %s\n", PC_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr,
	    "portcullis: unknown command \"%s\"; run portcullis --help for the list\n",
	    argv[1]);
	return 2;
}
