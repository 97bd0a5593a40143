/* Hosts one part learns for another: the parent's checks, the child's
 * two calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "check_ctx.h"
#include "learned_hosts.h"

/* Is name[0..len) a DNS name: labels of 1-63 of [a-z0-9-], no label
 * starting or ending with '-', 253 characters at most? */
static bool
dns_name(const char *name, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-') ||
		    (c == '-' && label == 0) || ++label > 63)
			return false;
	}
	return label > 0 && name[len - 1] != '-';
}

/* Is port one of the ports own may already use? */
static bool
own_port(const struct pc_needs *own, long port)
{
	size_t i;

	for (i = 0; i < own->ntcp_ports; i++)
		if (own->tcp_ports[i] == port)
			return true;
	return false;
}

/* Checks one "name[:port]". */
static int
check_host(const char *h, const struct pc_needs *own)
{
	const char *colon = strchr(h, ':');
	size_t len = colon ? (size_t)(colon - h) : strlen(h);
	long port = 443;
	char *end;

	if (!dns_name(h, len))
		return pc_error_set(PC_EPARSE,
		    "the check sent a learned host that is not a lower-case DNS name: \"%.80s\"",
		    h);
	if (colon != NULL) {
		port = strtol(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || port < 1 ||
		    port > 65535)
			port = -1;
	}
	if (!own_port(own, port))
		return pc_error_set(PC_EPARSE,
		    "the check sent a learned host \"%.80s\" on a port it may not use itself",
		    h);
	return 0;
}

/* Takes the hosts a learning child sent. */
int
pc_learned_hosts_take(char ***hosts_out, size_t *n_out, const cJSON *arr,
    const struct pc_needs *own)
{
	const cJSON *v;
	char **hosts;
	size_t n = 0;
	int r;

	*hosts_out = NULL;
	*n_out = 0;
	if (!cJSON_IsArray(arr) ||
	    cJSON_GetArraySize(arr) > PC_LEARNED_HOSTS_MAX)
		return pc_error_set(PC_EPARSE,
		    "the check sent learned hosts that are not a list of at most %d names",
		    PC_LEARNED_HOSTS_MAX);
	if ((hosts = calloc(PC_LEARNED_HOSTS_MAX, sizeof(*hosts))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	cJSON_ArrayForEach(v, arr)
	{
		if (!cJSON_IsString(v) || strlen(v->valuestring) > 260) {
			r = pc_error_set(PC_EPARSE,
			    "the check sent a learned host that is not a name");
			goto fail;
		}
		if ((r = check_host(v->valuestring, own)) != 0)
			goto fail;
		if ((hosts[n++] = strdup(v->valuestring)) == NULL) {
			r = pc_error_set(PC_ENOMEM, "out of memory");
			goto fail;
		}
	}
	*hosts_out = hosts;
	*n_out = n;
	return 0;
fail:
	pc_learned_hosts_free(hosts, n);
	return r;
}

/* Adds each learned host to the allowlist. */
int
pc_learned_hosts_allow(struct pc_needs *n, char *const *hosts, size_t nhosts)
{
	char url[300];
	size_t i;
	int r;

	for (i = 0; i < nhosts; i++) {
		snprintf(url, sizeof(url), "https://%s/", hosts[i]);
		if ((r = pc_needs_add_url(n, url)) != 0)
			return r;
	}
	return 0;
}

void
pc_learned_hosts_free(char **hosts, size_t n)
{
	size_t i;

	for (i = 0; hosts != NULL && i < n; i++)
		free(hosts[i]);
	free(hosts);
}

/* Child: sends the hosts learned for the hosts_for part. */
int
pc_check_learned_hosts_send(
    struct pc_check_ctx *ctx, const char *const *hosts, size_t n)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	size_t i;

	if (o == NULL || a == NULL) {
		cJSON_Delete(o);
		cJSON_Delete(a);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	cJSON_AddStringToObject(o, "t", "hosts");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(hosts[i]));
	cJSON_AddItemToObject(o, "hosts", a);
	return pc_check_ctx_send(ctx, o);
}

/* Child: the hosts another part learned for this one. */
const char *const *
pc_check_learned_hosts(
    struct pc_check_ctx *ctx, size_t *n_out, bool *learned_out)
{
	*n_out = ctx->nlearned_hosts;
	*learned_out = ctx->hosts_learned;
	return ctx->learned_hosts;
}
