/* Loads the `portcullis serve` YAML config, with the agent's precise errors. */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/serve/config.h"

#define F(k, m, t, req)                                                        \
	{                                                                      \
		.key = k, .type = t,                                           \
		.off = offsetof(struct pc_serve_config, m), .required = req,   \
		.present_off = PC_NO_OFFSET, .allow_zero = false               \
	}
#define FM(k, sub_)                                                            \
	{                                                                      \
		.key = k, .type = PC_F_MAP, .off = 0, .sub = sub_,             \
		.required = true, .present_off = PC_NO_OFFSET                  \
	}
#define SCHEMA(name, fields)                                                   \
	static const struct pc_schema name = { fields,                         \
		sizeof(fields) / sizeof(fields[0]),                            \
		sizeof(struct pc_serve_config), PC_NO_OFFSET }

static const struct pc_field tls_fields[] = {
	F("cert_file", tls.cert_file, PC_F_STRING, true),
	F("key_file", tls.key_file, PC_F_STRING, true),
};
SCHEMA(tls_schema, tls_fields);

static const struct pc_field limits_fields[] = {
	F("max_upload_bytes", limits.max_upload_bytes, PC_F_INT, false),
	F("per_ip_per_minute", limits.per_ip_per_minute, PC_F_INT, false),
	F("per_office_per_day", limits.per_office_per_day, PC_F_INT, false),
	F("conn_timeout_s", limits.conn_timeout_s, PC_F_INT, false),
};
SCHEMA(limits_schema, limits_fields);

static const struct pc_field auth_fields[] = {
	F("token_file", auth.token_file, PC_F_STRING, true),
};
SCHEMA(auth_schema, auth_fields);

static const struct pc_field serve_fields[] = {
	F("listen", listen, PC_F_STRING, true),
	FM("tls", &tls_schema),
	F("keyring", keyring, PC_F_STRING, true),
	F("store", store, PC_F_STRING, true),
	{ .key = "limits",
	    .type = PC_F_MAP,
	    .sub = &limits_schema,
	    .present_off = PC_NO_OFFSET },
	FM("auth", &auth_schema),
};
SCHEMA(serve_schema, serve_fields);

/* The line of key in the top-level map, or 1. */
static int
line_of(const struct pc_yaml_node *root, const char *key)
{
	const struct pc_yaml_node *n = pc_yaml_get(root, key);

	return n ? n->line : 1;
}

/* Splits listen ("127.0.0.1:8443", "[::1]:8443") into host and port. */
static int
parse_listen(struct pc_serve_config *c, int line)
{
	const char *s = c->listen, *colon, *host = s;
	size_t hlen;
	unsigned char addr[16];
	char *end;
	long port;

	if (s[0] == '[') {
		colon = strstr(s, "]:");
		host = s + 1;
		hlen = colon ? (size_t)(colon - host) : 0;
		colon = colon ? colon + 1 : NULL;
		c->ipv6 = true;
	} else {
		colon = strrchr(s, ':');
		hlen = colon ? (size_t)(colon - s) : 0;
	}
	if (colon == NULL || hlen == 0 || hlen >= sizeof(c->host))
		goto bad;
	memcpy(c->host, host, hlen);
	c->host[hlen] = '\0';
	if (inet_pton(c->ipv6 ? AF_INET6 : AF_INET, c->host, addr) != 1)
		goto bad;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end != '\0' || port < 0 ||
	    port > 65535)
		goto bad;
	c->port = (unsigned)port;
	return 0;
bad:
	return pc_error_set(PC_ECONFIG,
	    "%s:%d: listen: expected an IP address and port such as 127.0.0.1:8443 or [::1]:8443, got \"%.80s\"",
	    c->path, line, s);
}

/* Range-checks one limit, or sets its default when absent. */
static int
check_limit(const struct pc_serve_config *c, const struct pc_yaml_node *root,
    const char *key, long *v, long def, long max)
{
	const struct pc_yaml_node *l = pc_yaml_get(root, "limits");
	const struct pc_yaml_node *n = l ? pc_yaml_get(l, key) : NULL;

	if (*v == 0)
		*v = def;
	if (*v <= max)
		return 0;
	return pc_error_set(PC_ECONFIG,
	    "%s:%d: limits.%s: expected at most %ld, got %ld", c->path,
	    n ? n->line : 1, key, max, *v);
}

/* Defaults and checks beyond types. */
static int
validate(struct pc_serve_config *c, const struct pc_yaml_node *root)
{
	int r;

	if ((r = parse_listen(c, line_of(root, "listen"))) != 0 ||
	    (r = check_limit(c, root, "max_upload_bytes",
		 &c->limits.max_upload_bytes, PC_SERVE_DEFAULT_MAX_UPLOAD,
		 PC_SERVE_MAX_UPLOAD_CAP)) != 0 ||
	    (r = check_limit(c, root, "per_ip_per_minute",
		 &c->limits.per_ip_per_minute, 60, 1000000)) != 0 ||
	    (r = check_limit(c, root, "per_office_per_day",
		 &c->limits.per_office_per_day, 20, 1000000)) != 0 ||
	    (r = check_limit(c, root, "conn_timeout_s",
		 &c->limits.conn_timeout_s, 30, 3600)) != 0)
		return r;
	return 0;
}

/* Loads and validates a serve config. */
int
pc_serve_config_load(struct pc_serve_config **cfg_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	struct pc_serve_config *c;
	int r;

	*cfg_out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = strdup(path)) == NULL) {
		free(c);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_yaml_load(&root, path)) != 0) {
		if (r == PC_ENOTFOUND)
			pc_error_set(PC_ECONFIG,
			    "serve config file %s not found; see portcullis serve --help for its keys",
			    path);
		r = PC_ECONFIG;
		goto out;
	}
	if ((r = pc_schema_bind(&serve_schema, c, root, path, "")) != 0 ||
	    (r = validate(c, root)) != 0)
		goto out;
	*cfg_out = c;
	c = NULL;
out:
	pc_yaml_free(root);
	pc_serve_config_free(c);
	return r;
}

/* Frees a serve config. */
void
pc_serve_config_free(struct pc_serve_config *cfg)
{
	if (cfg == NULL)
		return;
	pc_schema_free(&serve_schema, cfg);
	free(cfg->path);
	free(cfg);
}
