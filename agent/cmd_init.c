/* portcullis init: write a commented starter config (never overwriting). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "err.h"
#include "fileio.h"

static const char init_help[] =
    "usage: portcullis init [--config FILE]\n"
    "\n"
    "Writes a commented starter config to FILE (default\n"
    PC_CONFIG_DEFAULT_PATH ") for you to fill in. An existing file is\n"
    "never overwritten.\n";

/* Entry point for portcullis init. */
int
pc_cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = PC_CONFIG_DEFAULT_PATH;
	char dir[PATH_MAX];
	int c, fd;
	size_t len;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'h': fputs(init_help, stdout); return 0;
		default:
			fprintf(stderr, "portcullis: init: unknown option "
					"\"%s\"; run portcullis init --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "portcullis: init: unexpected argument \"%s\"\n",
		    argv[optind]);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (pc_mkdir_p(dirname(dir), 0755) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	/* O_EXCL: an existing config is never replaced. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "portcullis: cannot create %s: %s%s\n", path,
		    strerror(errno), errno == EEXIST ?
			" (init never overwrites a config; edit it or choose "
			"another --config)" : "");
		return 2;
	}
	len = strlen(pc_config_starter);
	if (write(fd, pc_config_starter, len) != (ssize_t)len ||
	    fsync(fd) != 0) {
		fprintf(stderr, "portcullis: cannot write %s: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return 2;
	}
	close(fd);
	printf("wrote %s: fill in the parts marked FILL IN, then run "
	       "portcullis scan --config %s\n", path, path);
	return 0;
}
