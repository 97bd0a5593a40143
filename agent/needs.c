/* What a check declares before it runs: paths, URLs/ports, secret files. */
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "agent/lib/err.h"

/* Appends a copy of s to a fixed-size list. */
static int
add(char **list, size_t *n, const char *s, const char *what)
{
	if (*n >= PC_NEEDS_MAX)
		return pc_error_set(PC_ELIMIT,
		    "a check declared more than %d %s", PC_NEEDS_MAX, what);
	if ((list[*n] = strdup(s)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	(*n)++;
	return 0;
}

/* Adds a read-only path. */
int
pc_needs_add_path(struct pc_needs *n, const char *path)
{
	return add(n->ro_paths, &n->nro_paths, path, "paths");
}

/* Adds host:port to the broker's allowlist unless it is there. */
static int
add_endpoint(struct pc_needs *n, const char *host, size_t len, uint16_t port)
{
	struct pc_endpoint *ep;
	size_t i;

	if (len == 0 || len > 255)
		return pc_error_set(PC_ECONFIG,
		    "a URL has no host or a host longer than 255 characters");
	for (i = 0; i < n->nendpoints; i++)
		if (n->endpoints[i].port == port &&
		    strlen(n->endpoints[i].host) == len &&
		    strncasecmp(n->endpoints[i].host, host, len) == 0)
			return 0;
	if (n->nendpoints >= PC_NEEDS_MAX)
		return pc_error_set(PC_ELIMIT,
		    "a check declared more than %d hosts", PC_NEEDS_MAX);
	ep = &n->endpoints[n->nendpoints];
	if ((ep->host = strndup(host, len)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < len; i++)
		ep->host[i] = (char)tolower((unsigned char)ep->host[i]);
	ep->port = port;
	n->nendpoints++;
	return 0;
}

/* Adds an https URL: its port becomes allowed, its host:port brokered. */
int
pc_needs_add_url(struct pc_needs *n, const char *url)
{
	const char *host, *end, *colon, *hend;
	long port = 443;
	size_t i;
	char *e;
	int r;

	if (url == NULL || strncmp(url, "https://", 8) != 0)
		return pc_error_set(PC_ECONFIG,
		    "expected an https:// URL, got \"%.80s\"", url ? url : "");
	host = url + 8;
	end = host + strcspn(host, "/?#");
	/* A user:password@ part is not the host: it follows the last @. */
	for (hend = host; hend < end; hend++)
		if (*hend == '@')
			host = hend + 1;
	/* An IPv6 literal's port follows its closing bracket. */
	if (*host == '[' && (colon = memchr(host, ']', (size_t)(end - host))))
		colon = colon + 1 < end && colon[1] == ':' ? colon + 1 : NULL;
	else
		colon = memchr(host, ':', (size_t)(end - host));
	if (colon != NULL) {
		port = strtol(colon + 1, &e, 10);
		if (e != end || port < 1 || port > 65535)
			return pc_error_set(
			    PC_ECONFIG, "bad port in URL \"%.80s\"", url);
	}
	hend = colon ? colon : end;
	if ((r = add_endpoint(
		 n, host, (size_t)(hend - host), (uint16_t)port)) != 0)
		return r;
	n->network = true;
	for (i = 0; i < n->ntcp_ports; i++)
		if (n->tcp_ports[i] == (uint16_t)port)
			return 0;
	if (n->ntcp_ports >= PC_NEEDS_MAX)
		return pc_error_set(PC_ELIMIT, "too many ports");
	n->tcp_ports[n->ntcp_ports++] = (uint16_t)port;
	return 0;
}

/* Adds a secret file. */
int
pc_needs_add_secret(struct pc_needs *n, const char *path)
{
	size_t i;

	for (i = 0; i < n->nsecret_files; i++)
		if (strcmp(n->secret_files[i], path) == 0)
			return 0;
	return add(n->secret_files, &n->nsecret_files, path, "secret files");
}

/* Marks the check not applicable. */
int
pc_needs_not_applicable(struct pc_needs *n, const char *reason)
{
	n->not_applicable = true;
	free(n->not_applicable_reason);
	if ((n->not_applicable_reason = strdup(reason)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Frees what the add calls allocated. */
void
pc_needs_free(struct pc_needs *n)
{
	size_t i;

	for (i = 0; i < n->nro_paths; i++)
		free(n->ro_paths[i]);
	for (i = 0; i < n->nsecret_files; i++)
		free(n->secret_files[i]);
	for (i = 0; i < n->nendpoints; i++)
		free(n->endpoints[i].host);
	free(n->not_applicable_reason);
	memset(n, 0, sizeof(*n));
}

/* office.hmac as a secret when it exists. */
int
pc_needs_add_office_key(const struct pc_config *cfg, struct pc_needs *n)
{
	char *p = pc_config_hmac_path(cfg);
	int r = 0;

	if (p != NULL && access(p, F_OK) == 0)
		r = pc_needs_add_secret(n, p);
	free(p);
	return r;
}

/* Every source a check reads: a website's URL, another's path. */
int
pc_needs_add_sources(const struct pc_config *cfg, struct pc_needs *n,
    bool (*reads)(const struct pc_source *s), size_t *count_out)
{
	const struct pc_source *s;
	size_t i;
	int r;

	*count_out = 0;
	for (i = 0; i < cfg->nsources; i++) {
		s = &cfg->sources[i];
		if (!reads(s))
			continue;
		if ((r = strcmp(s->kind, "website") == 0
			    ? pc_needs_add_url(n, s->url)
			    : pc_needs_add_path(n, s->path)) != 0)
			return r;
		(*count_out)++;
	}
	return 0;
}

/* The first iconv module folder that exists (glibc's gconv). */
int
pc_needs_add_iconv(struct pc_needs *n)
{
	static const char *const dirs[] = { "/usr/lib/x86_64-linux-gnu/gconv",
		"/usr/lib/aarch64-linux-gnu/gconv", "/usr/lib64/gconv",
		"/usr/lib/gconv", NULL };
	size_t i;

	for (i = 0; dirs[i] != NULL; i++)
		if (access(dirs[i], R_OK) == 0)
			return pc_needs_add_path(n, dirs[i]);
	return 0;
}
