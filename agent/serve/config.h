/* The `portcullis serve` config file: where to listen, TLS, keyring, store. */
#ifndef PC_SERVE_CONFIG_H
#define PC_SERVE_CONFIG_H

#include <stdbool.h>

#define PC_SERVE_DEFAULT_MAX_UPLOAD (8L << 20)
#define PC_SERVE_MAX_UPLOAD_CAP     (64L << 20) /* PC_REPORT_MAX_BYTES */

struct pc_serve_config {
	char *path;
	char *listen; /* "127.0.0.1:8443" or "[::1]:8443" */
	struct {
		char *cert_file, *key_file;
	} tls;
	char *keyring; /* the PDS keyring (reporter/keyring.h) */
	char *store;   /* folder of accepted reports and the index */
	struct {
		long max_upload_bytes, per_ip_per_minute, per_office_per_day;
		long conn_timeout_s;
	} limits;
	struct {
		char *token_file; /* bearer token for the fleet page */
	} auth;
	/* From listen, after loading. */
	char host[64];
	bool ipv6;
	unsigned port;
};

/*
 * Loads and validates a serve config with the agent's loader (yaml.c +
 * schema.c): errors name file:line and the key, unknown keys are errors.
 * Caller frees with pc_serve_config_free().
 */
int pc_serve_config_load(struct pc_serve_config **cfg_out, const char *path);

/* Frees a serve config; NULL-safe. */
void pc_serve_config_free(struct pc_serve_config *cfg);

#endif
