/* The systemd drop-in a config needs under the packaged portcullis.service. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/accepted.h"
#include "agent/cli/dropin.h"
#include "checks/patch/settings.h"
#include "agent/lib/err.h"

/* The folder the packaged unit lets the scan write (StateDirectory=). */
#define STATE_DIR "/var/lib/portcullis"

/* A config key naming a secret file, and its value. */
/* At most this many secret files from the providers' tables. */
#define MAX_PROVIDER_SECRETS 12

struct secret_key {
	const char *key;
	const char *path;
};

/* True when path is dir or beneath it. */
static bool
is_beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/*
 * Checks that systemd can take path in a unit setting: absolute, no quote,
 * backslash or control character, and no colon where a colon separates
 * fields (bind paths). key names the setting in the error.
 */
static int
check_path(const char *path, const char *key, bool bind)
{
	const unsigned char *p;

	if (path[0] != '/')
		return pc_error_set(PC_ECONFIG,
		    "%s: \"%s\" is not an absolute path; the systemd drop-in needs one (start it with /)",
		    key, path);
	for (p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' ||
		    (bind && *p == ':'))
			return pc_error_set(PC_ECONFIG,
			    "%s: \"%s\" holds a character a systemd drop-in cannot take (quote, backslash, colon or control character); rename it",
			    key, path);
	return 0;
}

/* Appends text to a comment line, control characters shown as '?'. */
static int
add_comment(struct pc_buf *out, const char *text)
{
	const unsigned char *p;
	int r = 0;

	for (p = (const unsigned char *)text; *p && r == 0; p++)
		r = *p < 0x20 || *p == 0x7f ? pc_buf_adds(out, "?")
					    : pc_buf_add(out, p, 1);
	return r;
}

/* Appends path with systemd's specifier character % doubled. */
static int
add_escaped(struct pc_buf *out, const char *path)
{
	const char *p;
	int r = 0;

	for (p = path; *p && r == 0; p++)
		r = *p == '%' ? pc_buf_adds(out, "%%") : pc_buf_add(out, p, 1);
	return r;
}

/* Appends "Setting=-PATH" for a bind mount, quoted when it holds a space. */
static int
add_bind(
    struct pc_buf *out, const char *setting, const char *path, const char *key)
{
	bool quote = strchr(path, ' ') != NULL;
	int r;

	if ((r = check_path(path, key, true)) != 0)
		return r;
	/* "-": a missing source is the scan's to report, not a unit failure */
	if (pc_buf_adds(out, setting) != 0 ||
	    pc_buf_adds(out, quote ? "=\"-" : "=-") != 0 ||
	    add_escaped(out, path) != 0 ||
	    pc_buf_adds(out, quote ? "\"\n" : "\n") != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* The base name of path (after the last slash). */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Appends a LoadCredential= line for each secret, refusing clashes. */
static int
add_credentials(struct pc_buf *out, const struct secret_key *s, size_t n)
{
	const char *base;
	size_t i, j;
	int r;

	for (i = 0; i < n; i++) {
		if (s[i].path == NULL)
			continue;
		if ((r = check_path(s[i].path, s[i].key, false)) != 0)
			return r;
		base = base_name(s[i].path);
		if (base[0] == '\0' || strcmp(base, ".") == 0 ||
		    strcmp(base, "..") == 0)
			return pc_error_set(PC_ECONFIG,
			    "%s: \"%s\" does not name a file", s[i].key,
			    s[i].path);
		for (j = 0; j < i; j++)
			if (s[j].path &&
			    strcmp(base_name(s[j].path), base) == 0 &&
			    strcmp(s[j].path, s[i].path) != 0)
				return pc_error_set(PC_ECONFIG,
				    "%s and %s both end in \"%s\": systemd passes secrets by file name, so rename one",
				    s[j].key, s[i].key, base);
		/* systemd fails the whole unit on a missing credential file
		 * (243/CREDENTIALS, "Protocol error"): leave it out and say
		 * so; the scan then reports the missing secret itself. */
		if (access(s[i].path, F_OK) != 0) {
			if (pc_buf_adds(out,
				"# not found, so not passed (make this drop-in again once it exists): ") !=
				0 ||
			    add_comment(out, s[i].path) != 0 ||
			    pc_buf_adds(out, "\n") != 0)
				return pc_error_set(PC_ENOMEM, "out of memory");
			continue;
		}
		if (pc_buf_adds(out, "LoadCredential=") != 0 ||
		    add_escaped(out, base) != 0 || pc_buf_adds(out, ":") != 0 ||
		    add_escaped(out, s[i].path) != 0 ||
		    pc_buf_adds(out, "\n") != 0)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Appends BindReadOnlyPaths= for content sources and outside files. */
static int
add_read_only(struct pc_buf *out, const struct pc_config *cfg)
{
	const struct pc_patch_settings *patch =
	    pc_config_check_settings(cfg, "patch");
	char dir[4096];
	const char *slash;
	size_t i;
	int r;

	for (i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].path != NULL &&
		    (r = add_bind(out, "BindReadOnlyPaths",
			 cfg->sources[i].path, "sources.path")) != 0)
			return r;
	if (cfg->tls.ca_file && !is_beneath(cfg->tls.ca_file, "/etc") &&
	    !is_beneath(cfg->tls.ca_file, "/usr") &&
	    (r = add_bind(out, "BindReadOnlyPaths", cfg->tls.ca_file,
		 "tls.ca_file")) != 0)
		return r;
	/* The accepted risks file, as resolved (beside the config). */
	if (cfg->accepted && !is_beneath(cfg->accepted->path, "/etc") &&
	    !is_beneath(cfg->accepted->path, "/usr") &&
	    (r = add_bind(out, "BindReadOnlyPaths", cfg->accepted->path,
		 "report.accepted_file")) != 0)
		return r;
	/* The policy's folder: its detector and lexicon files sit beside it. */
	if (cfg->policy && !is_beneath(cfg->policy, "/usr") &&
	    !is_beneath(cfg->policy, "/etc") &&
	    (slash = strrchr(cfg->policy, '/')) != NULL &&
	    slash > cfg->policy &&
	    (size_t)(slash - cfg->policy) < sizeof(dir)) {
		memcpy(dir, cfg->policy, (size_t)(slash - cfg->policy));
		dir[slash - cfg->policy] = '\0';
		if ((r = add_bind(out, "BindReadOnlyPaths", dir, "policy")) !=
		    0)
			return r;
	}
	if (patch && patch->root && strcmp(patch->root, "/") != 0)
		return add_bind(
		    out, "BindReadOnlyPaths", patch->root, "checks.patch.root");
	return 0;
}

/* The office HMAC key beside the signing key (see the exposure check),
 * into path; NULL when there is no signing key folder. */
static const char *
hmac_path(char *path, size_t size, const struct pc_config *cfg)
{
	const char *key = cfg->report.signing_key, *slash;

	if (key == NULL || (slash = strrchr(key, '/')) == NULL ||
	    snprintf(path, size, "%.*s/office.hmac", (int)(slash - key), key) >=
		(int)size)
		return NULL;
	return path;
}

/* Builds the drop-in text for cfg. */
int
pc_dropin_text(struct pc_buf *out, const struct pc_config *cfg)
{
	char hmac[4096];
	struct pc_config_secret prov[MAX_PROVIDER_SECRETS];
	struct secret_key secrets[2 + MAX_PROVIDER_SECRETS] = {
		{ "report.signing_key", cfg->report.signing_key },
		{ "office.hmac beside report.signing_key",
		    hmac_path(hmac, sizeof(hmac), cfg) },
	};
	size_t nsecrets = 2, i, np;
	int r;

	if (pc_buf_adds(out,
		"# Drop-in for portcullis.service, made by portcullis init --print-dropin\n# from ") !=
		0 ||
	    add_comment(out, cfg->path) != 0 ||
	    pc_buf_adds(out,
		". Install it as\n# " PC_DROPIN_PATH
		",\n# then run systemctl daemon-reload. Make it again after editing the config.\n[Service]\n"
		"# Secrets, read by systemd and passed to the scan: on disk they may be\n# readable by root only.\n") !=
		0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	np = pc_config_provider_secrets(cfg, prov, MAX_PROVIDER_SECRETS);
	for (i = 0; i < np; i++)
		secrets[nsecrets++] =
		    (struct secret_key){ prov[i].key, prov[i].path };
	if ((r = add_credentials(out, secrets, nsecrets)) != 0)
		return r;
	if (pc_buf_adds(out, "# What the scan reads (read-only).\n") != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = add_read_only(out, cfg)) != 0)
		return r;
	if (cfg->report.dir && !is_beneath(cfg->report.dir, STATE_DIR)) {
		if (pc_buf_adds(out, "# Where the reports go.\n") != 0)
			return pc_error_set(PC_ENOMEM, "out of memory");
		return add_bind(
		    out, "BindPaths", cfg->report.dir, "report.dir");
	}
	return 0;
}
