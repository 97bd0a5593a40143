/* portcullis protect add|list|remove: the office's protected private
 * details (doxxing), stored only as HMAC-SHA-256 under the office key. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "agent/cli/help.h"
#include "agent/lib/buf.h"
#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "checks/exposure/exposure.h"
#include "checks/threats/protect.h"
#include "checks/threats/settings.h"
#include "cli.h"

#define VALUE_MAX 512

/* The threats check's settings (always bound, possibly empty). */
static const struct pc_threats_settings *
threats_settings(const struct pc_config *cfg)
{
	static const struct pc_threats_settings none;
	const struct pc_threats_settings *s =
	    pc_config_check_settings(cfg, "threats");

	return s ? s : &none;
}

/* Reads one line from stdin without echo when it is a terminal. */
static int
read_value(char *out, size_t cap)
{
	struct termios old, quiet;
	int tty = isatty(0), r = 0;
	size_t n;

	if (tty) {
		fprintf(stderr, "Value (not shown): ");
		if (tcgetattr(0, &old) != 0)
			return pc_error_set(
			    PC_EIO, "Cannot read the terminal.");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	if (fgets(out, (int)cap, stdin) == NULL)
		r = pc_error_set(PC_EUSAGE,
		    "No value on standard input; type it, or pipe it in.");
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	n = r == 0 ? strcspn(out, "\r\n") : 0;
	out[n] = '\0';
	if (r == 0 && n == 0)
		r = pc_error_set(PC_EUSAGE, "The value is empty.");
	return r;
}

/* Whether name is on the staff list. */
static int
on_staff(const struct pc_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nstaff; i++)
		if (cfg->staff[i].name && strcmp(cfg->staff[i].name, name) == 0)
			return 1;
	return 0;
}

/* Opens the store: the existing file, or a new one for add. */
int
pc_cli_protect_open(struct pc_protect **out, const struct pc_config *cfg,
    const char *cfg_path, int create)
{
	const char *file = threats_settings(cfg)->protected_file;
	char *key_path = NULL;
	struct pc_buf key;
	int r;

	pc_buf_init(&key, 4096);
	if (file == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s: checks.threats.protected_file: missing; name a file such as /var/lib/portcullis/keys/protected",
		    cfg_path);
	if ((key_path = pc_config_hmac_path(cfg)) == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s: report.signing_key: missing; the office HMAC key lives beside it",
		    cfg_path);
	if ((r = pc_secret_read(&key, key_path)) != 0)
		goto out;
	if (create && access(file, F_OK) != 0)
		r = pc_protect_new(
		    out, (const unsigned char *)key.data, key.len);
	else
		r = pc_protect_load(
		    out, file, (const unsigned char *)key.data, key.len);
out:
	if (key.data)
		OPENSSL_cleanse(key.data, key.len);
	pc_buf_free(&key);
	free(key_path);
	return r;
}

/* Lists persons and kinds, one line per stored value. */
static void
list_store(const struct pc_protect *p)
{
	size_t i;
	long last = -1;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].entry == last)
			continue;
		last = p->v[i].entry;
		printf("%s\t%s\n", p->v[i].person,
		    pc_protect_kind_name(p->v[i].kind));
	}
}

/* Runs one subcommand on an open store. */
static int
run(const char *sub, struct pc_protect *p, const struct pc_config *cfg,
    const char *person, int kind)
{
	char value[VALUE_MAX];
	size_t n;
	int r;

	if (strcmp(sub, "list") == 0) {
		list_store(p);
		return 0;
	}
	if (person == NULL || !on_staff(cfg, person))
		return pc_error_set(PC_EUSAGE,
		    "--person must name someone on the config's staff list.");
	if (strcmp(sub, "remove") == 0) {
		n = pc_protect_remove(p, person, kind);
		if ((r = pc_protect_save(
			 p, threats_settings(cfg)->protected_file)))
			return r;
		printf("removed %zu detail(s) of %s\n", n, person);
		return 0;
	}
	if (kind < 0)
		return pc_error_set(PC_EUSAGE,
		    "--kind must be one of home_address, postcode, phone, school, name, car_reg.");
	r = read_value(value, sizeof(value));
	if (r == 0)
		r = pc_protect_add(
		    p, person, (enum pc_protect_kind)kind, value);
	OPENSSL_cleanse(value, sizeof(value));
	if (r == 0 &&
	    (r = pc_protect_save(p, threats_settings(cfg)->protected_file)) ==
		0)
		printf(
		    "added a %s of %s\n", pc_protect_kind_name(kind), person);
	return r;
}

/* Entry point for portcullis protect. */
int
pc_cmd_protect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "person", required_argument, NULL, 'p' },
		{ "kind", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cfg_path = PC_CONFIG_DEFAULT_PATH, *person = NULL, *sub;
	struct pc_config *cfg = NULL;
	struct pc_protect *p = NULL;
	int c, kind = -1, status = 2;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		pc_help_print(argc < 2 ? stderr : stdout, "protect");
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "list") &&
	    strcmp(sub, "remove")) {
		pc_cli_error(
		    "protect needs add, list or remove; run portcullis protect --help.");
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'c')
			cfg_path = optarg;
		else if (c == 'p')
			person = optarg;
		else if (c == 'k' &&
		    (kind = pc_protect_kind_parse(optarg)) < 0) {
			pc_cli_error(
			    "--kind must be one of home_address, postcode, phone, school, name, car_reg.");
			return 2;
		} else if (c == 'h') {
			pc_help_print(stdout, "protect");
			return 0;
		} else if (c != 'k') {
			pc_help_print(stderr, "protect");
			return 2;
		}
	}
	if (pc_config_load(&cfg, cfg_path, &pc_registry) != 0 ||
	    pc_cli_protect_open(&p, cfg, cfg_path, strcmp(sub, "add") == 0) !=
		0 ||
	    run(sub, p, cfg, person, kind) != 0)
		pc_cli_error(pc_error_get());
	else
		status = 0;
	pc_protect_free(p);
	pc_config_free(cfg);
	return status;
}
