/* portcullis keygen: create the office's Ed25519 signing key pair. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "reporter/keyring.h"
#include "reporter/sign.h"

/* Prints the keyring line for a public key file. */
static int
keyring_line(const char *pub_path, const char *office)
{
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	EVP_PKEY *key = NULL;

	if (!pc_keyring_office_id_ok(office)) {
		fprintf(stderr,
		    "portcullis: keygen: --office \"%s\": expected lower-case letters, digits and dashes\n",
		    office);
		return 2;
	}
	if (pc_sign_load_public(&key, pub_path) != 0 ||
	    pc_sign_key_id(key_id, key) != 0) {
		EVP_PKEY_free(key);
		pc_cli_error(pc_error_get());
		return 2;
	}
	EVP_PKEY_free(key);
	printf("%s %s\n", office, key_id);
	return 0;
}

/* Entry point for portcullis keygen. */
int
pc_cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "print-keyring-line", required_argument, NULL, 'k' },
		{ "office", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *pub = NULL, *office = NULL;
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'k': pub = optarg; break;
		case 'O': office = optarg; break;
		case 'h': pc_help_print(stdout, "keygen"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: keygen: unknown option \"%s\"; run portcullis keygen --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc || (out == NULL) == (pub == NULL) ||
	    (pub != NULL) != (office != NULL)) {
		fprintf(stderr,
		    "portcullis: keygen: give --out DIR, or --print-keyring-line PUBKEY --office ID; run portcullis keygen --help\n");
		return 2;
	}
	if (pub != NULL)
		return keyring_line(pub, office);
	if (pc_sign_keygen(out, key_id) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	printf(
	    "created %s/office.key (keep it private), %s/office.pub and %s/office.hmac\nkey id: %s\n",
	    out, out, out, key_id);
	return 0;
}
