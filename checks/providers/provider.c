/* What every provider session shares: environment, secrets, client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "checks/providers/provider.h"

/* The environment of a check child. */
struct pc_provider_env
pc_provider_env_of(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = ctx ? pc_check_config(ctx) : NULL;
	struct pc_provider_env env = {
		.ctx = ctx,
		.ca_file = cfg ? cfg->tls.ca_file : NULL,
	};

	return env;
}

/* The bytes of a declared secret file. */
int
pc_provider_secret_buf(const struct pc_buf **buf_out, struct pc_buf *own,
    const struct pc_provider_env *env, const char *path)
{
	int r;

	*buf_out = NULL;
	pc_buf_init(own, 1 << 20);
	if (env->ctx != NULL) {
		if ((*buf_out = pc_check_secret(env->ctx, path)) == NULL)
			return PC_ECONFIG;
		return 0;
	}
	if ((r = pc_secret_read(own, path)) != 0)
		return r;
	*buf_out = own;
	return 0;
}

/* Trimmed copy of a declared secret. */
int
pc_provider_secret(char **secret_out, const struct pc_provider_env *env,
    const char *id, const char *path)
{
	const struct pc_buf *b = NULL;
	struct pc_buf own;
	size_t start = 0, end;
	char *s;
	int r;

	*secret_out = NULL;
	if ((r = pc_provider_secret_buf(&b, &own, env, path)) != 0) {
		pc_buf_free(&own);
		if (env->ctx != NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s: the secret file %s was not loaded", id, path);
		return r;
	}
	end = b->len;
	while (start < end && strchr(" \t\r\n", b->data[start]))
		start++;
	while (end > start && strchr(" \t\r\n", b->data[end - 1]))
		end--;
	if (end == start) {
		pc_buf_free(&own);
		return pc_error_set(
		    PC_ECONFIG, "%s: the secret file %s is empty", id, path);
	}
	if (memchr(b->data + start, '\0', end - start) != NULL) {
		pc_buf_free(&own);
		return pc_error_set(PC_ECONFIG,
		    "%s: the secret file %s contains a NUL byte", id, path);
	}
	s = strndup(b->data + start, end - start);
	pc_buf_free(&own);
	if (s == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*secret_out = s;
	return 0;
}

/* Wipes and frees a secret copy. */
void
pc_provider_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	OPENSSL_cleanse(secret, strlen(secret));
	free(secret);
}

/* A client for one provider, trusting tls.ca_file. */
int
pc_provider_http(struct pc_http **http_out, const struct pc_provider_env *env,
    const char *what, const struct pc_http_dialect *dialect)
{
	struct pc_http_opts o = {
		.what = what,
		.dialect = dialect,
		.ca_file = env->ca_file,
		.concurrency = env->concurrency ? env->concurrency : 16,
		.timeout_ms = 60000,
		.retry_budget = 200,
		.max_attempts = 6,
	};

	return pc_http_new(http_out, &o);
}

/* Opens a static-token session. */
int
pc_token_session_open(struct pc_token_session *s,
    const struct pc_provider_env *env, const char *id, const char *what,
    const char *scheme, const char *url, const char *token_file,
    const struct pc_http_dialect *dialect)
{
	int r;

	s->auth.scheme = scheme;
	if ((s->base = pc_provider_base(url)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_provider_secret(&s->auth.token, env, id, token_file)) ||
	    (r = pc_provider_http(&s->http, env, what, dialect)))
		return r;
	pc_http_set_auth(s->http, &s->auth);
	return 0;
}

/* Closes a static-token session, wiping its token. */
void
pc_token_session_close(struct pc_token_session *s)
{
	pc_http_free(s->http);
	pc_provider_secret_free(s->auth.token);
	free(s->base);
	memset(s, 0, sizeof(*s));
}

/* url without trailing slashes. */
char *
pc_provider_base(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return strndup(url, n);
}

/* A string member of o, or NULL. */
static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* OAuth token endpoint error: {"error": "...", "error_description"}. */
bool
pc_provider_oauth_error(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");

	if (!cJSON_IsString(e))
		return false;
	*code = e->valuestring;
	*msg = str_of(body, "error_description");
	return true;
}

/* Wipes the token inside a parsed token response. */
void
pc_provider_wipe_token(cJSON *json)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(json, "access_token");

	if (cJSON_IsString(t))
		OPENSSL_cleanse(t->valuestring, strlen(t->valuestring));
}
