/* GitHub: the token session, Link paging and GitHub's errors. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "checks/providers/github.h"

static const char *const gh_headers[] = {
	"Accept: application/vnd.github+json",
	"X-GitHub-Api-Version: 2022-11-28",
	NULL,
};

struct pc_github_session {
	struct pc_token_session t;
	char *org_url; /* api_url/orgs/<org> */
};

/* GitHub {"message", "documentation_url"}. */
static void
github_error_parts(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(body, "message");

	(void)code;
	*msg = cJSON_IsString(m) ? m->valuestring : NULL;
}

const struct pc_http_dialect pc_github_dialect = {
	.error_parts = github_error_parts,
};

static const struct pc_page_style github_paging = {
	.kind = PC_PAGE_LINK,
	.json_what = "github",
};

/* providers.github: the table the config loader binds. */
static const struct pc_field github_fields[] = {
	PC_PROVIDER_FIELD("org", struct pc_github, org, true, "FILL-IN"),
	PC_PROVIDER_FIELD("token_file", struct pc_github, token_file, true,
	    "/etc/portcullis/secrets/github"),
	PC_PROVIDER_FIELD("api_url", struct pc_github, api_url, false, NULL),
};
static const struct pc_schema github_schema =
    PC_PROVIDER_SCHEMA(github_fields, struct pc_github);

/* Defaults, and https:// only. */
static int
github_check(void *data, const char *config_path)
{
	struct pc_github *s = data;
	int r;

	if ((r = pc_config_default(&s->api_url, "https://api.github.com")) != 0)
		return r;
	return pc_config_check_url(
	    config_path, "providers.github.api_url", s->api_url);
}

static const struct pc_provider_secret github_secrets[] = {
	{ "token_file", "the GitHub token" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_github_settings = {
	.name = "github",
	.schema = &github_schema,
	.present_off = offsetof(struct pc_github, present),
	.check = github_check,
	.secrets = github_secrets,
	.starter = false,
};

/* cfg's providers.github, or a zeroed one when not registered. */
const struct pc_github *
pc_github_cfg(const struct pc_config *cfg)
{
	static const struct pc_github none;
	const struct pc_github *s =
	    pc_config_provider(cfg, &pc_github_settings);

	return s ? s : &none;
}

/* Is github configured? */
static bool
github_present(const struct pc_config *cfg)
{
	return pc_github_cfg(cfg)->present;
}

/* The API URL and the token file. */
static int
github_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_github *gh = pc_github_cfg(cfg);
	int r;

	if ((r = pc_needs_add_url(n, gh->api_url)) != 0)
		return r;
	return pc_needs_add_secret(n, gh->token_file);
}

const struct pc_provider pc_provider_github = {
	.id = "github",
	.label = "GitHub",
	.present = github_present,
	.needs = github_needs,
};

/* Opens a session with the organisation's token. */
int
pc_github_open(struct pc_github_session **session_out,
    const struct pc_provider_env *env, const struct pc_github *cfg)
{
	struct pc_github_session *s;
	char *org = NULL;
	struct pc_buf url;
	int r;

	if ((*session_out = s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_token_session_open(&s->t, env, "github", "github api",
		 "Bearer", cfg->api_url, cfg->token_file,
		 &pc_github_dialect)) != 0)
		return r;
	pc_buf_init(&url, 4096);
	if ((org = curl_easy_escape(NULL, cfg->org, 0)) == NULL ||
	    pc_buf_addf(&url, "%s/orgs/%s", s->t.base, org) ||
	    (s->org_url = strdup(url.data)) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
	pc_buf_free(&url);
	curl_free(org);
	return r;
}

/* Closes a session, wiping its token. */
void
pc_github_close(struct pc_github_session *s)
{
	if (s == NULL)
		return;
	pc_token_session_close(&s->t);
	free(s->org_url);
	free(s);
}

/* The session's client. */
struct pc_http *
pc_github_http(const struct pc_github_session *s)
{
	return s ? s->t.http : NULL;
}

/* api_url/orgs/<org>. */
const char *
pc_github_org_url(const struct pc_github_session *s)
{
	return s->org_url;
}

/* GET as JSON with GitHub's headers; non-200 left to the caller. */
int
pc_github_get(struct pc_github_session *s, const char *url,
    struct pc_http_resp *resp, cJSON **json_out)
{
	struct pc_http_req req = { .url = url, .headers = gh_headers };
	int r;

	if ((r = pc_http_get_json(json_out, s->t.http, &req, resp, "github")) !=
	    0)
		return pc_error_set(r, "github: %s", pc_error_get());
	return 0;
}

/* Explains a refused GitHub call. */
int
pc_github_refused(const struct pc_http_resp *resp, const char *what)
{
	pc_http_fail(resp, "GitHub");
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH,
		    "github: the token was refused while reading %s (%s); it is invalid or expired: create a new one and put it in token_file",
		    what, pc_error_get());
	if (resp->status == 403 || resp->status == 404)
		return pc_error_set(PC_EPERM,
		    "github: access denied while reading %s (%s); the token needs the read:org scope (or Members: read) from an organisation owner",
		    what, pc_error_get());
	return pc_error_set(pc_error_code(), "github: reading %s failed (%s)",
	    what, pc_error_get());
}

/* Every page from url, following Link rel="next". */
int
pc_github_pages(struct pc_github_session *s, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg)
{
	struct pc_pages pg = {
		.http = s->t.http,
		.what = "github",
		.url = url,
		.style = &github_paging,
		.headers = gh_headers,
		.max_pages = PC_GITHUB_MAX_PAGES,
		.page = page,
		.arg = arg,
	};

	return pc_pages_run(&pg);
}
