/* portcullis selftest: show that the sandbox holds on this kernel. */
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/lib/err.h"
#include "agent/selftest.h"

static const char selftest_help[] =
    "usage: portcullis selftest [--json]\n"
    "\n"
    "Forks sandboxed children that try what a compromised check might:\n"
    "run a program, fork, read /etc/shadow or a key file, write files,\n"
    "open a socket, send UDP, get a connection to a host or port it was\n"
    "not given, make memory executable. Prints one line per guarantee\n"
    "(--json: one JSON object). Exit 0 only if every guarantee holds, 2\n"
    "otherwise. PORTCULLIS_SANDBOX_DEBUG=1 makes a refused system call\n"
    "print its name instead of killing silently (recorded in reports).\n";

/* Entry point for portcullis selftest. */
int
pc_cmd_selftest(int argc, char **argv)
{
	bool held, json = false;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			    strcmp(argv[1], "-h") == 0)) {
		fputs(selftest_help, stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json = true;
		argc--;
		argv++;
	}
	if (argc > 1) {
		fprintf(stderr, "portcullis: selftest: unexpected argument "
				"\"%s\"; run portcullis selftest --help\n",
		    argv[1]);
		return 2;
	}
	if (pc_selftest_run(stdout, json, &held) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	return held ? 0 : 2;
}
