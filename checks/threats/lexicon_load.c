/* Threats lexicons: reading the YAML files and resolving set references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"
#include "lexicon_int.h"

/* Reads `sets:` (name -> list of phrases). */
static int
load_sets(struct pc_threats_lexicon *lex, const struct pc_yaml_node *sets,
    const char *file)
{
	const struct pc_yaml_node *k, *v;
	size_t i, j;
	int si, r;

	if (sets->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sets: expected a map of set name to a list of phrases",
		    file, sets->line);
	for (i = 0; i + 1 < sets->nitems; i += 2) {
		k = sets->items[i];
		v = sets->items[i + 1];
		if (v->type != PC_YAML_SEQ)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: sets.%s: expected a list of phrases", file,
			    v->line, k->scalar);
		if ((r = pc_lex_set_of(lex, k->scalar, file, k->line, &si)))
			return r;
		for (j = 0; j < v->nitems; j++) {
			if (v->items[j]->type != PC_YAML_SCALAR)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: sets.%s: each entry is one phrase (a string)",
				    file, v->items[j]->line, k->scalar);
			if ((r = pc_lex_add_phrase(lex, si, v->items[j]->scalar,
				 file, v->items[j]->line)))
				return r;
		}
	}
	return 0;
}

/* Reads `patterns:` (list of {set, rule, part}). */
static int
load_patterns(struct pc_threats_lexicon *lex, const struct pc_yaml_node *pats,
    const char *file)
{
	const struct pc_yaml_node *m, *set, *rule, *part;
	struct pc_threats_pattern *nv, *p;
	size_t i;
	int r;

	if (pats->type != PC_YAML_SEQ)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: patterns: expected a list of {set, rule, part}",
		    file, pats->line);
	for (i = 0; i < pats->nitems; i++) {
		m = pats->items[i];
		set = m->type == PC_YAML_MAP ? pc_yaml_get(m, "set") : NULL;
		rule = m->type == PC_YAML_MAP ? pc_yaml_get(m, "rule") : NULL;
		part = m->type == PC_YAML_MAP ? pc_yaml_get(m, "part") : NULL;
		if (!set || !rule || set->type != PC_YAML_SCALAR ||
		    rule->type != PC_YAML_SCALAR ||
		    (part && part->type != PC_YAML_SCALAR) || m->nitems > 6)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: patterns: each entry is {set: NAME, rule: RULE, part: WORD}",
			    file, m->line);
		if ((nv = realloc(lex->pats, (lex->npats + 1) * sizeof(*nv))) ==
		    NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		lex->pats = nv;
		p = &nv[lex->npats++];
		memset(p, 0, sizeof(*p));
		if ((r = pc_lex_set_of(
			 lex, set->scalar, file, set->line, &p->set)) != 0)
			return r;
		if ((p->rule = strdup(rule->scalar)) == NULL ||
		    (p->part = strdup(part ? part->scalar : "pattern")) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Reads `windows:` (name -> words) and `emoji:` (emoji -> word). */
static int
load_pairs(struct pc_threats_lexicon *lex, const struct pc_yaml_node *m,
    const char *file, bool emoji)
{
	const struct pc_yaml_node *k, *v;
	utf8proc_int32_t cp;
	char *end;
	size_t i;
	long n;
	void *nv;

	if (m->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s: expected a map",
		    file, m->line, emoji ? "emoji" : "windows");
	for (i = 0; i + 1 < m->nitems; i += 2) {
		k = m->items[i];
		v = m->items[i + 1];
		if (v->type != PC_YAML_SCALAR)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: expected a single value", file, v->line);
		if (emoji) {
			if (utf8proc_iterate(
				(const utf8proc_uint8_t *)k->scalar, -1, &cp) !=
				(utf8proc_ssize_t)strlen(k->scalar) ||
			    strlen(v->scalar) >= 32)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: emoji: each key is one emoji code point and each value a short word",
				    file, k->line);
			if ((nv = realloc(lex->emoji,
				 (lex->nemoji + 1) * sizeof(*lex->emoji))) ==
			    NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			lex->emoji = nv;
			lex->emoji[lex->nemoji].cp = cp;
			snprintf(lex->emoji[lex->nemoji++].word, 32, "%s",
			    v->scalar);
			continue;
		}
		n = strtol(v->scalar, &end, 10);
		if (*end || n < 1 || n > 50)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: windows.%s: expected a number of words from 1 to 50",
			    file, v->line, k->scalar);
		if ((nv = realloc(lex->windows,
			 (lex->nwindows + 1) * sizeof(*lex->windows))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		lex->windows = nv;
		lex->windows[lex->nwindows].value = n;
		if ((lex->windows[lex->nwindows++].name = strdup(k->scalar)) ==
		    NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Reads one lexicon file. */
static int
load_file(struct pc_threats_lexicon *lex, const char *path)
{
	struct pc_yaml_node *root = NULL;
	const struct pc_yaml_node *k, *v;
	const char *file;
	char **nf;
	size_t i;
	int r;

	if ((nf = realloc(lex->files, (lex->nfiles + 1) * sizeof(*nf))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->files = nf;
	if ((nf[lex->nfiles] = strdup(path)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	file = nf[lex->nfiles++];
	if ((r = pc_yaml_load_capped(&root, path, PC_YAML_LEXICON_MAX_BYTES,
		 PC_YAML_LEXICON_MAX_NODES)) != 0)
		return r;
	if (root->type != PC_YAML_MAP) {
		r = pc_error_set(PC_ECONFIG,
		    "%s:%d: expected a map with lexicon, version and sets",
		    file, root->line);
		goto out;
	}
	for (i = 0; i + 1 < root->nitems && r == 0; i += 2) {
		k = root->items[i];
		v = root->items[i + 1];
		if (strcmp(k->scalar, "sets") == 0)
			r = load_sets(lex, v, file);
		else if (strcmp(k->scalar, "patterns") == 0)
			r = load_patterns(lex, v, file);
		else if (strcmp(k->scalar, "windows") == 0)
			r = load_pairs(lex, v, file, false);
		else if (strcmp(k->scalar, "emoji") == 0)
			r = load_pairs(lex, v, file, true);
		else if (strcmp(k->scalar, "model") == 0)
			r = lex->model
			    ? pc_error_set(PC_ECONFIG,
				  "%s:%d: model: a second model; the lexicons may hold one",
				  file, k->line)
			    : pc_threats_model_load(&lex->model, v, file);
		else if (strcmp(k->scalar, "lexicon") != 0 &&
		    strcmp(k->scalar, "version") != 0)
			r = pc_error_set(PC_ECONFIG,
			    "%s:%d: %s: unknown key; expected lexicon, version, windows, sets, patterns, emoji or model",
			    file, k->line, k->scalar);
	}
	if (r == 0 && pc_yaml_get(root, "sets") == NULL &&
	    pc_yaml_get(root, "model") == NULL)
		r = pc_error_set(PC_ECONFIG, "%s: sets: missing", file);
out:
	pc_yaml_free(root);
	return r;
}

/* Adds a person's name to the target set: whole, and each word of three
 * letters or more. Characters of the phrase syntax become spaces. */
static int
add_name(struct pc_threats_lexicon *lex, int target, const char *name)
{
	char buf[256], word[256];
	size_t i, n = 0;
	int r;

	snprintf(buf, sizeof(buf), "%s", name);
	for (i = 0; buf[i]; i++)
		if (strchr("|*{}?,.\"()\t", buf[i]))
			buf[i] = ' ';
	for (i = 0; buf[i] == ' '; i++)
		;
	if (buf[i] == '\0')
		return 0; /* nothing usable */
	if ((r = pc_lex_add_phrase(lex, target, buf, "config", 0)) != 0)
		return r;
	for (i = 0;; i++) {
		if (buf[i] != ' ' && buf[i] != '\0') {
			word[n++] = buf[i];
			continue;
		}
		word[n] = '\0';
		if (n >= 3 &&
		    (r = pc_lex_add_phrase(lex, target, word, "config", 0)))
			return r;
		n = 0;
		if (buf[i] == '\0')
			return 0;
	}
}

/* Visits set si and the sets it refers to, appending to lex->order
 * after its dependencies; state: 0 new, 1 visiting, 2 done. */
static int
visit(struct pc_threats_lexicon *lex, int si, char *state, size_t *n)
{
	struct lex_set *s = &lex->sets[si];
	struct lex_phrase *ph;
	size_t i, j;
	int r;

	if (state[si] == 2)
		return 0;
	if (state[si] == 1)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sets.%s refers to itself through other sets; a set may only use sets that do not use it",
		    s->file, s->line, s->name);
	state[si] = 1;
	for (i = 0; i < s->nphrases; i++) {
		ph = &lex->phrases[s->phrases[i]];
		for (j = 0; j < ph->nels; j++)
			if (ph->els[j].kind == EL_SET &&
			    (r = visit(lex, ph->els[j].set, state, n)) != 0)
				return r;
	}
	state[si] = 2;
	lex->order[(*n)++] = si;
	return 0;
}

/* Appends phrase pi to a list. */
static int
list_add(int **list, size_t *n, int pi)
{
	int *nv;

	/* room for pi and the -1 after it */
	if ((nv = pc_lex_grow(*list, *n + 1, sizeof(*nv))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*list = nv;
	nv[(*n)++] = pi;
	nv[*n] = -1;
	return 0;
}

/* Orders "{ref} word" phrases by ref, then literal, then code. */
static int
sfl_cmp(const void *pa, const void *pb)
{
	const struct lex_sfl *a = pa, *b = pb;

	if (a->ref != b->ref)
		return a->ref < b->ref ? -1 : 1;
	if (a->gap != b->gap)
		return a->gap < b->gap ? -1 : 1;
	if (a->lit != b->lit)
		return a->lit < b->lit ? -1 : 1;
	return a->code < b->code ? -1 : a->code > b->code;
}

/* Adds phrase pi to set->byl when it is "{ref} word ..." or "{ref} *N
 * word ..."; false when it is neither. */
static bool
byl_add(const struct pc_threats_lexicon *lex, struct lex_set *set, int pi)
{
	const struct lex_phrase *ph = &lex->phrases[pi];
	struct lex_sfl *b = &set->byl[set->nbyl];
	size_t w;

	if (ph->nels < 2 || ph->els[0].kind != EL_SET)
		return false;
	w = ph->els[1].kind == EL_GAP ? 2 : 1; /* the word's element */
	if (w >= ph->nels || ph->els[w].kind != EL_LIT)
		return false;
	b->ref = ph->els[0].set;
	b->gap = w == 2 ? ph->els[1].gap : 0;
	b->lit = ph->els[w].lit;
	b->code = (int)(lex->code_off[pi] + w + 1);
	set->nbyl++;
	return true;
}

/* Groups set->byl (sorted) by ref and gap, each with its literals'
 * filter. */
static int
group_byl(struct lex_set *set)
{
	struct lex_sfg *g;
	size_t i;

	if (set->nbyl == 0)
		return 0;
	if ((set->groups = calloc(set->nbyl, sizeof(*set->groups))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < set->nbyl; i++) {
		if (i == 0 || set->byl[i].ref != set->byl[i - 1].ref ||
		    set->byl[i].gap != set->byl[i - 1].gap) {
			g = &set->groups[set->ngroups++];
			g->ref = set->byl[i].ref;
			g->gap = set->byl[i].gap;
			g->a = i;
		}
		g->b = i + 1;
		g->bloom[(set->byl[i].lit >> 6) & 3] |= (uint64_t)1
		    << (set->byl[i].lit & 63);
	}
	return 0;
}

/* The places in the dependency order of the sets with set-first
 * phrases: matching visits those and the sets of candidates only. */
static int
sets_with_starts(struct pc_threats_lexicon *lex)
{
	const struct lex_set *set;
	size_t k;

	if ((lex->sfpos = calloc(lex->nsets + 1, sizeof(*lex->sfpos))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (k = 0; k < lex->nsets; k++) {
		set = &lex->sets[lex->order[k]];
		if (set->nbyl > 0 || set->nrest > 0)
			lex->sfpos[lex->nsfpos++] = (int)k;
	}
	return 0;
}

/* Notes the set each set-first phrase of set starts with (-1: none), so
 * matching skips a phrase without reading it when that set matched
 * nowhere in the sentence; a phrase "{ref} word ..." is indexed by ref
 * and its word's literal instead (set->byl), so matching runs only the
 * phrases whose word follows a match of ref ("{target}" starts 94). */
static int
setfirst_refs(struct pc_threats_lexicon *lex, struct lex_set *set)
{
	const struct lex_phrase *ph;
	size_t f;

	if (set->nsetfirst == 0)
		return 0;
	if ((set->setfirst_ref = calloc(
		 set->nsetfirst, sizeof(*set->setfirst_ref))) == NULL ||
	    (set->setfirst_code = calloc(
		 set->nsetfirst, sizeof(*set->setfirst_code))) == NULL ||
	    (set->setfirst_next = calloc(
		 set->nsetfirst, sizeof(*set->setfirst_next))) == NULL ||
	    (set->byl = calloc(set->nsetfirst, sizeof(*set->byl))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (f = 0; f < set->nsetfirst; f++) {
		ph = &lex->phrases[set->setfirst[f]];
		if (byl_add(lex, set, set->setfirst[f]))
			continue;
		set->setfirst_ref[set->nrest] =
		    ph->els[0].kind == EL_SET ? ph->els[0].set : -1;
		/* only a set right after a set (no gap) must match */
		set->setfirst_next[set->nrest] = ph->els[0].kind == EL_SET &&
			ph->nels >= 2 && ph->els[1].kind == EL_SET
		    ? ph->els[1].set
		    : -1;
		set->setfirst_code[set->nrest++] =
		    (int)lex->code_off[set->setfirst[f]];
	}
	qsort(set->byl, set->nbyl, sizeof(*set->byl), sfl_cmp);
	return group_byl(set);
}

/* Compiles every phrase into lex->code (lexicon_int.h). */
static int
compile_phrases(struct pc_threats_lexicon *lex)
{
	const struct lex_el *el;
	size_t i, j, n = 0;
	uint32_t arg;

	for (i = 0; i < lex->nphrases; i++)
		n += lex->phrases[i].nels + 1;
	if ((lex->code = calloc(n + 1, sizeof(*lex->code))) == NULL ||
	    (lex->code_off = calloc(
		 lex->nphrases + 1, sizeof(*lex->code_off))) == NULL ||
	    (lex->inner = calloc((size_t)lex->nlits + 1, 1)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = n = 0; i < lex->nphrases; i++) {
		lex->code_off[i] = n;
		for (j = 0; j < lex->phrases[i].nels; j++) {
			el = &lex->phrases[i].els[j];
			/* a literal-first phrase's first literal is found
			 * through the word's candidates, never tested */
			if (el->kind == EL_LIT &&
			    (j > 0 || lex->phrases[i].els[0].kind != EL_LIT))
				lex->inner[el->lit] = 1;
			arg = el->kind == EL_LIT ? (uint32_t)el->lit
			    : el->kind == EL_SET ? (uint32_t)el->set
			    : el->kind == EL_GAP ? (uint32_t)el->gap
						 : 0;
			lex->code[n++] = LEX_OP(el->kind, arg);
		}
		lex->code[n++] = LEX_OP(LEX_OP_DONE, 0);
	}
	return 0;
}

/* Indexes the phrases starting with a literal by that literal, in
 * phrase order, each with its set's place in the dependency order (one
 * array: matching reads a word's starts without a pointer per literal
 * and per phrase). */
static int
index_starts(struct pc_threats_lexicon *lex)
{
	const struct lex_phrase *ph;
	size_t i, lit, total = 0;

	if ((lex->first_off = calloc(
		 (size_t)lex->nlits + 2, sizeof(*lex->first_off))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < lex->nphrases; i++)
		if (lex->phrases[i].els[0].kind == EL_LIT) {
			lex->first_off[(size_t)lex->phrases[i].els[0].lit +
			    2]++;
			total++;
		}
	/* first_off[lit + 1] counts up to lit's place: the fill below
	 * moves each to its end */
	for (lit = 2; lit <= (size_t)lex->nlits + 1; lit++)
		lex->first_off[lit] += lex->first_off[lit - 1];
	if ((lex->first = calloc(total + 1, sizeof(*lex->first))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < lex->nphrases; i++) {
		ph = &lex->phrases[i];
		if (ph->els[0].kind != EL_LIT)
			continue;
		lit = (size_t)ph->els[0].lit + 1;
		lex->first[lex->first_off[lit]].pos = lex->order_pos[ph->set];
		lex->first[lex->first_off[lit]++].code =
		    (int)lex->code_off[i] + 1;
	}
	return 0;
}

/* Resolves {set} references, orders sets, indexes phrase starts. */
static int
resolve(struct pc_threats_lexicon *lex)
{
	struct lex_phrase *ph;
	struct lex_el *el;
	size_t i, j, k, n = 0;
	char *state = NULL;
	int r = 0;

	for (i = 0; i < lex->nphrases; i++)
		for (j = 0, ph = &lex->phrases[i]; j < ph->nels; j++) {
			el = &ph->els[j];
			if (el->kind != EL_SET)
				continue;
			for (k = 0; k < lex->nsets &&
			     strcmp(lex->sets[k].name, el->ref) != 0;
			     k++)
				;
			if (k == lex->nsets || lex->sets[k].nphrases == 0)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: {%s}: no such set in the lexicon files",
				    ph->file, ph->line, el->ref);
			el->set = (int)k;
		}
	for (i = 0; i < lex->npats; i++)
		if (lex->sets[lex->pats[i].set].nphrases == 0)
			return pc_error_set(PC_ECONFIG,
			    "patterns: set %s has no phrases",
			    lex->sets[lex->pats[i].set].name);
	if ((r = pc_lex_classes(lex)) != 0)
		return r;
	if ((lex->order = calloc(lex->nsets + 1, sizeof(int))) == NULL ||
	    (state = calloc(lex->nsets + 1, 1)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < lex->nsets && r == 0; i++)
		r = visit(lex, (int)i, state, &n);
	if (r == 0 &&
	    (lex->order_pos = calloc(lex->nsets + 1, sizeof(int))) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n && r == 0; i++)
		lex->order_pos[lex->order[i]] = (int)i;
	if (r == 0 && (r = compile_phrases(lex)) == 0)
		r = index_starts(lex);
	for (i = 0; i < lex->nphrases && r == 0; i++) {
		ph = &lex->phrases[i];
		if (ph->els[0].kind != EL_LIT)
			r = list_add(&lex->sets[ph->set].setfirst,
			    &lex->sets[ph->set].nsetfirst, (int)i);
	}
	for (i = 0; i < lex->nsets && r == 0; i++)
		r = setfirst_refs(lex, &lex->sets[i]);
	if (r == 0)
		r = sets_with_starts(lex);
	if (r == 0 && lex->wcache == NULL)
		lex->wcache = pc_lex_wcache_new(); /* NULL: matched uncached */
	if (r == 0 && lex->scratch == NULL &&
	    (lex->scratch = pc_lex_scratch_new()) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	free(state);
	return r;
}

/* Loads lexicon files and the target names. */
int
pc_threats_lex_load(struct pc_threats_lexicon **out,
    struct pc_threats_norm *norm, const char *const *paths, size_t npaths,
    const char *const *names, size_t nnames)
{
	struct pc_threats_lexicon *lex;
	size_t i;
	int r = 0, target;

	*out = NULL;
	if ((lex = calloc(1, sizeof(*lex))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	lex->norm = norm;
	for (i = 0; i < npaths && r == 0; i++)
		r = load_file(lex, paths[i]);
	if (r == 0 &&
	    (r = pc_lex_set_of(lex, "target", "config", 0, &target)) == 0)
		for (i = 0; i < nnames && r == 0; i++)
			r = add_name(lex, target, names[i]);
	if (r == 0)
		r = resolve(lex);
	/* the word model's "@set" features, bound to the sets (a model
	 * trained on other lexicons is refused) */
	if (r == 0)
		r = pc_threats_model_check_sets(lex->model, lex);
	if (r != 0) {
		pc_threats_lex_free(lex);
		return r;
	}
	*out = lex;
	return 0;
}

/* Frees a lexicon. */
void
pc_threats_lex_free(struct pc_threats_lexicon *lex)
{
	size_t i, j;

	if (lex == NULL)
		return;
	for (i = 0; i < lex->nphrases; i++) {
		for (j = 0; j < lex->phrases[i].nels; j++)
			free(lex->phrases[i].els[j].ref);
		free(lex->phrases[i].els);
	}
	for (i = 0; i < lex->nsets; i++) {
		free(lex->sets[i].name);
		free(lex->sets[i].phrases);
		free(lex->sets[i].setfirst);
		free(lex->sets[i].setfirst_ref);
		free(lex->sets[i].setfirst_code);
		free(lex->sets[i].setfirst_next);
		free(lex->sets[i].byl);
		free(lex->sets[i].groups);
	}
	for (i = 0; i < lex->npats; i++) {
		free(lex->pats[i].rule);
		free(lex->pats[i].part);
	}
	for (i = 0; i < lex->nwindows; i++)
		free(lex->windows[i].name);
	pc_threats_model_free(lex->model);
	for (i = 0; i < lex->nfiles; i++)
		free(lex->files[i]);
	pc_lex_map_free(&lex->bykey);
	pc_lex_map_free(&lex->bycol);
	pc_lex_map_free(&lex->words);
	pc_lex_map_free(&lex->inflect);
	free(lex->first);
	free(lex->first_off);
	free(lex->code);
	free(lex->inner);
	free(lex->code_off);
	free(lex->phrases);
	free(lex->sets);
	free(lex->alts);
	free(lex->prefix_alts);
	pc_lex_wcache_free(lex->wcache);
	pc_lex_scratch_free(lex->scratch);
	free(lex->order);
	free(lex->sfpos);
	free(lex->order_pos);
	free(lex->pats);
	free(lex->windows);
	free(lex->emoji);
	free(lex->files);
	free(lex);
}
