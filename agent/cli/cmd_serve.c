/* portcullis serve: the PDS intake that accepts only authentic reports. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/serve/config.h"
#include "agent/serve/confine.h"
#include "agent/serve/http.h"
#include "agent/serve/intake.h"
#include "cli.h"

/* Reads the certificate, key and token files into the buffers. */
static int
read_secrets(struct pc_buf *cert, struct pc_buf *key, struct pc_buf *token,
    const struct pc_serve_config *cfg)
{
	int r;

	if ((r = pc_file_read(cert, cfg->tls.cert_file, 1u << 20)) != 0 ||
	    (r = pc_secret_read(key, cfg->tls.key_file)) != 0 ||
	    (r = pc_secret_read(token, cfg->auth.token_file)) != 0)
		return r;
	while (token->len > 0 &&
	    (token->data[token->len - 1] == '\n' ||
		token->data[token->len - 1] == '\r' ||
		token->data[token->len - 1] == ' '))
		token->data[--token->len] = '\0';
	if (token->len < 16)
		return pc_error_set(PC_ECONFIG,
		    "%s: the token is %zu bytes; use at least 16 random bytes (e.g. openssl rand -hex 32 > %s)",
		    cfg->auth.token_file, token->len, cfg->auth.token_file);
	return 0;
}

/* Rebuilds the index and says how many reports it holds. */
static int
reindex(const struct pc_serve_config *cfg)
{
	struct pc_intake in;
	size_t n = 0;
	int r;

	if ((r = pc_intake_open(&in, cfg)) != 0)
		return r;
	r = pc_index_rebuild(&n, in.index, in.store->reports);
	if (r == 0)
		printf("indexed %zu reports from %s\n", n, in.store->reports);
	pc_intake_close(&in);
	return r;
}

/* Serves until SIGTERM or SIGINT. */
static int
serve(const struct pc_serve_config *cfg)
{
	struct pc_buf cert, key, token;
	struct pc_serve_http *h = NULL;
	struct pc_intake in;
	sigset_t set;
	int r, sig = 0;

	pc_buf_init(&cert, 1);
	pc_buf_init(&key, 1);
	pc_buf_init(&token, 1);
	memset(&in, 0, sizeof(in));
	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((r = read_secrets(&cert, &key, &token, cfg)) != 0 ||
	    (r = pc_intake_open(&in, cfg)) != 0)
		goto out;
	/* Before the daemon's threads exist, so they inherit it. */
	if ((r = pc_serve_confine(cfg)) == 1)
		fprintf(stderr,
		    "portcullis: serve: this kernel has no Landlock: file access is not confined (the systemd unit's sandbox still applies)\n");
	if (r < 0 ||
	    (r = pc_serve_http_start(
		 &h, &in, cert.data, key.data, token.data, token.len)) != 0)
		goto out;
	pc_buf_free(&key); /* GnuTLS holds its own copy */
	pc_buf_free(&token);
	fprintf(stderr, "portcullis: serve: listening on https://%s%s%s:%u\n",
	    cfg->ipv6 ? "[" : "", cfg->host, cfg->ipv6 ? "]" : "",
	    pc_serve_http_port(h));
	while (sigwait(&set, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	fprintf(stderr, "portcullis: serve: stopping\n");
out:
	pc_serve_http_stop(h);
	pc_intake_close(&in);
	pc_buf_free(&cert);
	pc_buf_free(&key);
	pc_buf_free(&token);
	return r;
}

/* Entry point for portcullis serve. */
int
pc_cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "reindex", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pc_serve_config *cfg = NULL;
	const char *path = NULL;
	int c, r, do_reindex = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'r': do_reindex = 1; break;
		case 'h': pc_help_print(stdout, "serve"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: serve: unknown option \"%s\"; run portcullis serve --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (path == NULL || optind != argc) {
		fprintf(stderr,
		    "portcullis: serve: give --config FILE and no other argument; run portcullis serve --help\n");
		return 2;
	}
	if ((r = pc_serve_config_load(&cfg, path)) == 0)
		r = do_reindex ? reindex(cfg) : serve(cfg);
	if (r != 0)
		pc_cli_error(pc_error_get());
	pc_serve_config_free(cfg);
	return r == 0 ? 0 : 2;
}
