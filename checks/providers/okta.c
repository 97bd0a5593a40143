/* Okta: the API token session, Link paging and Okta's errors. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/providers/okta.h"

struct pc_okta_session {
	struct pc_token_session t;
};

/* Okta {"errorCode", "errorSummary"}. */
static void
okta_error_parts(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(body, "errorCode");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "errorSummary");

	if (!cJSON_IsString(c))
		return;
	*code = c->valuestring;
	*msg = cJSON_IsString(m) ? m->valuestring : NULL;
}

const struct pc_http_dialect pc_okta_dialect = {
	.error_parts = okta_error_parts,
};

static const struct pc_page_style okta_paging = {
	.kind = PC_PAGE_LINK,
	.json_what = "okta",
};

/* providers.okta: the table the config loader binds. */
static const struct pc_field okta_fields[] = {
	PC_PROVIDER_FIELD(
	    "url", struct pc_okta, url, true, "https://FILL-IN.okta.com"),
	PC_PROVIDER_FIELD("token_file", struct pc_okta, token_file, true,
	    "/etc/portcullis/secrets/okta"),
};
static const struct pc_schema okta_schema =
    PC_PROVIDER_SCHEMA(okta_fields, struct pc_okta);

/* Defaults, and https:// only. */
static int
okta_check(void *data, const char *config_path)
{
	struct pc_okta *s = data;
	int r;

	(void)r;
	return pc_config_check_url(config_path, "providers.okta.url", s->url);
}

static const struct pc_provider_secret okta_secrets[] = {
	{ "token_file", "the Okta token" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_okta_settings = {
	.name = "okta",
	.schema = &okta_schema,
	.present_off = offsetof(struct pc_okta, present),
	.check = okta_check,
	.secrets = okta_secrets,
	.starter = false,
};

/* cfg's providers.okta, or a zeroed one when not registered. */
const struct pc_okta *
pc_okta_cfg(const struct pc_config *cfg)
{
	static const struct pc_okta none;
	const struct pc_okta *s = pc_config_provider(cfg, &pc_okta_settings);

	return s ? s : &none;
}

/* Is okta configured? */
static bool
okta_present(const struct pc_config *cfg)
{
	return pc_okta_cfg(cfg)->present;
}

/* The org URL and the token file. */
static int
okta_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_okta *o = pc_okta_cfg(cfg);
	int r;

	if ((r = pc_needs_add_url(n, o->url)) != 0)
		return r;
	return pc_needs_add_secret(n, o->token_file);
}

const struct pc_provider pc_provider_okta = {
	.id = "okta",
	.label = "Okta",
	.present = okta_present,
	.needs = okta_needs,
};

/* Opens a session with the API token. */
int
pc_okta_open(struct pc_okta_session **session_out,
    const struct pc_provider_env *env, const struct pc_okta *cfg)
{
	struct pc_okta_session *s;

	if ((*session_out = s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return pc_token_session_open(&s->t, env, "okta", "okta api", "SSWS",
	    cfg->url, cfg->token_file, &pc_okta_dialect);
}

/* Closes a session, wiping its token. */
void
pc_okta_close(struct pc_okta_session *s)
{
	if (s == NULL)
		return;
	pc_token_session_close(&s->t);
	free(s);
}

/* The session's client. */
struct pc_http *
pc_okta_http(const struct pc_okta_session *s)
{
	return s ? s->t.http : NULL;
}

/* The org URL. */
const char *
pc_okta_base(const struct pc_okta_session *s)
{
	return s->t.base;
}

/* Explains a refused Okta call. */
int
pc_okta_refused(const struct pc_http_resp *resp, const char *what)
{
	pc_http_fail(resp, "Okta");
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH,
		    "okta: the API token was refused while reading %s (%s); it is invalid or expired: create a new one and put it in token_file",
		    what, pc_error_get());
	if (resp->status == 403)
		return pc_error_set(PC_EPERM,
		    "okta: permission missing while reading %s (%s); the token's admin needs read access to users, factors and roles (read-only administrator or super administrator)",
		    what, pc_error_get());
	return pc_error_set(pc_error_code(), "okta: reading %s failed (%s)",
	    what, pc_error_get());
}

/* The next page after resp. */
int
pc_okta_next(
    char **next_out, struct pc_pager *pager, const struct pc_http_resp *resp)
{
	return pc_page_next(next_out, pager, &okta_paging, NULL, resp, NULL);
}

/* Every page from url, following Link rel="next". */
int
pc_okta_pages(struct pc_okta_session *s, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg)
{
	struct pc_pages pg = {
		.http = s->t.http,
		.what = "okta",
		.url = url,
		.style = &okta_paging,
		.max_pages = PC_OKTA_MAX_PAGES,
		.page = page,
		.arg = arg,
	};

	return pc_pages_run(&pg);
}
