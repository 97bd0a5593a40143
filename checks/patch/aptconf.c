/* A small reader for apt.conf syntax, enough to find the APT::Periodic
 * settings that turn automatic updates on, wherever a file puts them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "aptconf.h"

#define KEY_UU    "APT::Periodic::Unattended-Upgrade"
#define KEY_LISTS "APT::Periodic::Update-Package-Lists"

enum tok { T_EOF, T_WORD, T_SEMI, T_OPEN, T_CLOSE };

/* A cursor over one file's text. */
struct lexer {
	const char *p, *end;
	const char *name;
	int line;
};

/* Frees one value. */
static void
value_free(struct pc_aptconf_value *v)
{
	free(v->value);
	free(v->file);
	v->value = NULL;
	v->file = NULL;
	v->line = 0;
}

/* Frees the values. */
void
pc_aptconf_free(struct pc_aptconf *conf)
{
	value_free(&conf->unattended_upgrade);
	value_free(&conf->update_lists);
}

/* Whether a periodic value turns its job on. */
bool
pc_aptconf_enabled(const struct pc_aptconf_value *v)
{
	const char *s = v->value;

	if (s == NULL || *s == '\0')
		return false;
	return strcmp(s, "0") != 0 && strcasecmp(s, "false") != 0 &&
	    strcasecmp(s, "no") != 0 && strcasecmp(s, "off") != 0;
}

/* Sets a value, remembering where it came from. */
static int
set_value(
    struct pc_aptconf_value *v, const char *value, const char *file, int line)
{
	value_free(v);
	if (value == NULL)
		return 0;
	v->value = strdup(value);
	v->file = strdup(file);
	v->line = line;
	if (v->value == NULL || v->file == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Records an assignment of value to the full name key. */
static int
assign(struct pc_aptconf *conf, const char *key, const char *value,
    const struct lexer *lx)
{
	if (strcasecmp(key, KEY_UU) == 0)
		return set_value(
		    &conf->unattended_upgrade, value, lx->name, lx->line);
	if (strcasecmp(key, KEY_LISTS) == 0)
		return set_value(
		    &conf->update_lists, value, lx->name, lx->line);
	return 0;
}

/* Whether key is name or lies under it ("APT::Periodic" covers both). */
static bool
covers(const char *name, const char *key)
{
	size_t n = strlen(name);

	if (n == 0)
		return false;
	return strncasecmp(key, name, n) == 0 &&
	    (key[n] == '\0' || strncmp(key + n, "::", 2) == 0);
}

/* Handles a '#' line: "#clear NAME..." clears settings; others are notes. */
static int
hash_line(struct pc_aptconf *conf, struct lexer *lx)
{
	const char *eol = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
	const char *q, *e;
	char name[PC_APTCONF_MAX_WORD];
	size_t n;

	if (eol == NULL)
		eol = lx->end;
	if ((size_t)(eol - lx->p) > 6 && strncmp(lx->p, "#clear", 6) == 0 &&
	    (lx->p[6] == ' ' || lx->p[6] == '\t')) {
		for (q = lx->p + 6; q < eol;) {
			while (q < eol && strchr(" \t;\r", *q))
				q++;
			for (e = q; e < eol && !strchr(" \t;\r", *e); e++)
				;
			n = (size_t)(e - q);
			if (n > 0 && n < sizeof(name)) {
				memcpy(name, q, n);
				name[n] = '\0';
				if (covers(name, KEY_UU))
					value_free(&conf->unattended_upgrade);
				if (covers(name, KEY_LISTS))
					value_free(&conf->update_lists);
			}
			q = e;
		}
	}
	lx->p = eol;
	return 0;
}

/* Reads the next token; a word's text goes in word. */
static int
next_token(
    struct pc_aptconf *conf, struct lexer *lx, struct pc_buf *word, enum tok *t)
{
	const char *start;

	pc_buf_reset(word);
	for (;;) {
		while (lx->p < lx->end && strchr(" \t\r\n\f\v", *lx->p)) {
			if (*lx->p == '\n')
				lx->line++;
			lx->p++;
		}
		if (lx->p >= lx->end) {
			*t = T_EOF;
			return 0;
		}
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' &&
		    lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' &&
		    lx->p[1] == '*') {
			start = lx->p;
			for (lx->p += 2; lx->end - lx->p >= 2 &&
			     !(lx->p[0] == '*' && lx->p[1] == '/');
			     lx->p++)
				if (*lx->p == '\n')
					lx->line++;
			if (lx->end - lx->p < 2)
				return pc_error_set(PC_EPARSE,
				    "%s:%d: a /* comment is never closed.",
				    lx->name, lx->line);
			lx->p += 2;
			continue;
		}
		if (*lx->p == '#') {
			hash_line(conf, lx);
			continue;
		}
		break;
	}
	switch (*lx->p) {
	case ';':
		lx->p++;
		*t = T_SEMI;
		return 0;
	case '{':
		lx->p++;
		*t = T_OPEN;
		return 0;
	case '}':
		lx->p++;
		*t = T_CLOSE;
		return 0;
	}
	*t = T_WORD;
	if (*lx->p == '"') {
		start = ++lx->p;
		while (lx->p < lx->end && *lx->p != '"') {
			if (*lx->p == '\n')
				lx->line++;
			lx->p++;
		}
		if (lx->p >= lx->end)
			return pc_error_set(PC_EPARSE,
			    "%s:%d: a quoted value is never closed.", lx->name,
			    lx->line);
		lx->p++;
		if (pc_buf_add(word, start, (size_t)(lx->p - 1 - start)) != 0)
			goto too_long;
		return 0;
	}
	start = lx->p;
	while (lx->p < lx->end && !strchr(" \t\r\n\f\v;{}\"", *lx->p))
		lx->p++;
	if (pc_buf_add(word, start, (size_t)(lx->p - start)) != 0)
		goto too_long;
	return 0;
too_long:
	return pc_error_set(PC_ELIMIT,
	    "%s:%d: a name or value is longer than %d bytes.", lx->name,
	    lx->line, PC_APTCONF_MAX_WORD);
}

/* Builds the full name of tag inside the current scope. */
static int
full_name(struct pc_buf *out, const struct pc_buf *scope, const char *tag)
{
	pc_buf_reset(out);
	if (scope->len > 0 &&
	    (pc_buf_add(out, scope->data, scope->len) != 0 ||
		pc_buf_adds(out, "::") != 0))
		return PC_ELIMIT;
	return pc_buf_adds(out, tag);
}

/* Parses one apt.conf-syntax text and applies its settings. long: one
 * tokeniser loop whose scope stack and statement state are easier to
 * check together than split across helpers. */
int
pc_aptconf_parse(
    struct pc_aptconf *conf, const char *name, const char *text, size_t len)
{
	struct lexer lx = { text, text + len, name, 1 };
	size_t depth_len[PC_APTCONF_MAX_DEPTH];
	struct pc_buf words[2], scope, key, tok;
	size_t nwords = 0, depth = 0;
	enum tok t = T_EOF; /* set by next_token; the compiler cannot see it */
	int ret = 0;

	pc_buf_init(&words[0], PC_APTCONF_MAX_WORD);
	pc_buf_init(&words[1], PC_APTCONF_MAX_WORD);
	pc_buf_init(&scope, PC_APTCONF_MAX_WORD * 4);
	pc_buf_init(&key, PC_APTCONF_MAX_WORD * 5 + 8);
	pc_buf_init(&tok, PC_APTCONF_MAX_WORD);
	for (;;) {
		if ((ret = next_token(conf, &lx, &tok, &t)) != 0)
			goto out;
		if (t == T_WORD) {
			if (nwords == 2) {
				ret = pc_error_set(PC_EPARSE,
				    "%s:%d: expected ';' after \"%.60s\".",
				    name, lx.line, words[1].data);
				goto out;
			}
			pc_buf_reset(&words[nwords]);
			if ((ret = pc_buf_add(&words[nwords],
				 tok.data ? tok.data : "", tok.len)) != 0)
				goto out;
			nwords++;
			continue;
		}
		if (t == T_SEMI || t == T_CLOSE) {
			/* "Name value;" sets a value; a lone word is a list
			 * item, which no setting here uses. */
			if (nwords == 2) {
				if (full_name(&key, &scope, words[0].data) !=
				    0) {
					ret = pc_error_set(PC_ELIMIT,
					    "%s:%d: a setting name is too long.",
					    name, lx.line);
					goto out;
				}
				if ((ret = assign(conf, key.data,
					 words[1].data ? words[1].data : "",
					 &lx)) != 0)
					goto out;
			}
			nwords = 0;
			if (t == T_CLOSE) {
				if (depth == 0) {
					ret = pc_error_set(PC_EPARSE,
					    "%s:%d: '}' without a matching '{'.",
					    name, lx.line);
					goto out;
				}
				depth--;
				scope.len = depth_len[depth];
				if (scope.data)
					scope.data[scope.len] = '\0';
			}
			continue;
		}
		if (t == T_OPEN) {
			if (nwords == 2 || depth == PC_APTCONF_MAX_DEPTH) {
				ret = pc_error_set(PC_EPARSE,
				    "%s:%d: unexpected '{' (a value before it, or nested too deep).",
				    name, lx.line);
				goto out;
			}
			depth_len[depth++] = scope.len;
			if (nwords == 1) {
				if ((scope.len > 0 &&
					pc_buf_adds(&scope, "::") != 0) ||
				    pc_buf_add(&scope,
					words[0].data ? words[0].data : "",
					words[0].len) != 0) {
					ret = pc_error_set(PC_ELIMIT,
					    "%s:%d: a setting name is too long.",
					    name, lx.line);
					goto out;
				}
			}
			nwords = 0;
			continue;
		}
		/* T_EOF */
		if (depth > 0 || nwords > 0) {
			ret = pc_error_set(PC_EPARSE,
			    "%s:%d: the file ends inside a setting (a missing ';' or '}').",
			    name, lx.line);
			goto out;
		}
		break;
	}
out:
	pc_buf_free(&words[0]);
	pc_buf_free(&words[1]);
	pc_buf_free(&scope);
	pc_buf_free(&key);
	pc_buf_free(&tok);
	return ret;
}

/* Whether apt reads a file of this name from apt.conf.d. */
static int
apt_reads(const char *name)
{
	const char *dot;
	size_t i;

	if (name[0] == '.' || name[0] == '\0')
		return false;
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
			(name[i] >= 'A' && name[i] <= 'Z') ||
			(name[i] >= '0' && name[i] <= '9') ||
			strchr("_-.", name[i]) != NULL))
			return false;
	dot = strrchr(name, '.');
	return dot == NULL || strcmp(dot, ".conf") == 0;
}

/* Reads and applies one file; a missing one is skipped. */
static int
load_file(struct pc_aptconf *conf, const char *path, bool must_exist)
{
	struct pc_buf text;
	int ret;

	ret = pc_file_read(&text, path, PC_APTCONF_MAX_FILE);
	if (ret == PC_ENOTFOUND && !must_exist) {
		pc_error_clear();
		return 0;
	}
	if (ret != 0)
		return ret;
	conf->nfiles++;
	ret =
	    pc_aptconf_parse(conf, path, text.data ? text.data : "", text.len);
	pc_buf_free(&text);
	return ret;
}

/* Reads apt.conf.d in order, then apt.conf. */
int
pc_aptconf_load(struct pc_aptconf *conf, const char *etc_apt)
{
	char **names = NULL;
	size_t n = 0, i;
	struct pc_buf path;
	int ret = 0;

	pc_buf_init(&path, 8192);
	if ((ret = pc_buf_addf(&path, "%s/apt.conf.d", etc_apt)) != 0)
		goto out;
	/* apt reads the folder's files in plain byte order. */
	ret = pc_dir_names(
	    &names, &n, path.data, apt_reads, PC_APTCONF_MAX_FILES);
	if (ret == PC_ENOTFOUND)
		ret = 0;
	if (ret != 0)
		goto out;
	for (i = 0; i < n; i++) {
		pc_buf_reset(&path);
		if ((ret = pc_buf_addf(
			 &path, "%s/apt.conf.d/%s", etc_apt, names[i])) != 0 ||
		    (ret = load_file(conf, path.data, true)) != 0)
			goto out;
	}
	pc_buf_reset(&path);
	if ((ret = pc_buf_addf(&path, "%s/apt.conf", etc_apt)) != 0)
		goto out;
	ret = load_file(conf, path.data, false);
out:
	pc_dir_names_free(names, n);
	pc_buf_free(&path);
	return ret;
}
