/* What every provider session shares: its environment, secrets, client. */
#ifndef PC_PROVIDER_H
#define PC_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/http.h"

/*
 * Where a session runs: inside a check child (ctx set: secrets come from
 * what the check declared in needs()) or in a test (ctx NULL: secret
 * files are read directly). Borrowed for the session's life.
 */
struct pc_provider_env {
	struct pc_check_ctx *ctx;
	const char *ca_file; /* tls.ca_file, or NULL */
	int concurrency;     /* requests in flight per client; 0 = 16 */
};

/*
 * One identity provider: its config key, its label for people, whether
 * the config has it, and the URLs and secret files its session needs
 * (added to a check's needs()). Each file in this folder defines one,
 * pc_provider_<name>, declared in its own header.
 */
struct pc_provider {
	const char *id;    /* "microsoft365": config key and subject prefix */
	const char *label; /* "Microsoft 365" */
	bool (*present)(const struct pc_config *cfg);
	int (*needs)(const struct pc_config *cfg, struct pc_needs *n);
};

/* A string field of provider settings struct s, for the tables each
 * provider declares (struct pc_provider_settings, agent/config.h); ex is
 * the starter config's value (NULL: left out of it). */
#define PC_PROVIDER_FIELD(k, s, m, req, ex)                                    \
	{                                                                      \
		.key = k, .type = PC_F_STRING, .off = offsetof(s, m),          \
		.required = req, .present_off = PC_NO_OFFSET, .example = ex    \
	}

/* The schema of provider settings struct s from its fields array. */
#define PC_PROVIDER_SCHEMA(fields, s)                                          \
	{                                                                      \
		fields, sizeof(fields) / sizeof(fields[0]), sizeof(s),         \
		    PC_NO_OFFSET                                               \
	}

/* The environment of a check child: its context and tls.ca_file. */
struct pc_provider_env pc_provider_env_of(struct pc_check_ctx *ctx);

/*
 * The secret in path (declared in needs) as a trimmed NUL-terminated
 * copy; id names the provider in messages. Caller wipes and frees with
 * pc_provider_secret_free().
 */
int pc_provider_secret(char **secret_out, const struct pc_provider_env *env,
    const char *id, const char *path);
void pc_provider_secret_free(char *secret);

/*
 * The raw bytes of a declared secret file (the Google key file): borrowed
 * from the check context, or read into own (caller frees own; it is
 * initialised here).
 */
int pc_provider_secret_buf(const struct pc_buf **buf_out, struct pc_buf *own,
    const struct pc_provider_env *env, const char *path);

/* A client named what speaking dialect, trusting env's CA; caller frees
 * with pc_http_free(). */
int pc_provider_http(struct pc_http **http_out,
    const struct pc_provider_env *env, const char *what,
    const struct pc_http_dialect *dialect);

/* A copy of url without trailing slashes; caller frees. */
char *pc_provider_base(const char *url);

/*
 * The session of a provider that signs every request with one static
 * token (GitHub, Slack, Okta): its client, the token as the client's
 * Authorization (scheme "Bearer" or "SSWS") and the API's base URL.
 */
struct pc_token_session {
	struct pc_http *http;
	struct pc_http_auth auth;
	char *base; /* url without a trailing slash */
};

/* Reads token_file (declared in needs) and opens the client named what
 * (a literal: it is kept). Close with pc_token_session_close(), also on
 * failure. */
int pc_token_session_open(struct pc_token_session *s,
    const struct pc_provider_env *env, const char *id, const char *what,
    const char *scheme, const char *url, const char *token_file,
    const struct pc_http_dialect *dialect);

/* Frees the client and wipes the token. */
void pc_token_session_close(struct pc_token_session *s);

/* OAuth 2.0 token endpoint errors (RFC 6749 5.2): "error" is a string,
 * with error_description. For dialects whose client also signs in. */
bool pc_provider_oauth_error(
    const cJSON *body, const char **code, const char **msg);

/* Wipes the access_token string in a parsed token response. */
void pc_provider_wipe_token(cJSON *json);

#endif
