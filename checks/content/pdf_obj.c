/* PDF objects: the arena they live in and the bounded lexer/parser. */
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "pdf_int.h"

struct pdf_block {
	struct pdf_block *next;
	size_t size, used;
	max_align_t data[];
};

#define BLOCK (64u << 10)

/* Allocates n zeroed bytes in the arena (NULL past the cap or OOM). */
void *
pdf_alloc(struct pdf_arena *a, size_t n)
{
	struct pdf_block *b = a->head;
	size_t sz;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (n > PC_PDF_MAX_ARENA || a->used + n > PC_PDF_MAX_ARENA)
		return NULL;
	if (b == NULL || b->size - b->used < n) {
		sz = n > BLOCK ? n : BLOCK;
		if ((b = malloc(sizeof(*b) + sz)) == NULL)
			return NULL;
		b->size = sz;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

/* Frees every block. */
void
pdf_arena_free(struct pdf_arena *a)
{
	struct pdf_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = 0;
}

/* Is c PDF whitespace? */
bool
pdf_is_ws(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	    c == ' ';
}

/* Is c a PDF delimiter? */
bool
pdf_is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

/* Skips whitespace and comments; true when bytes are left. */
bool
pdf_skip_ws(struct pdf_lex *l)
{
	while (l->pos < l->len) {
		if (pdf_is_ws(l->p[l->pos])) {
			l->pos++;
		} else if (l->p[l->pos] == '%') {
			while (l->pos < l->len && l->p[l->pos] != '\n' &&
			    l->p[l->pos] != '\r')
				l->pos++;
		} else {
			return true;
		}
	}
	return false;
}

/* Is the keyword kw at the position (followed by a delimiter)? */
bool
pdf_at_keyword(const struct pdf_lex *l, const char *kw)
{
	size_t n = strlen(kw);

	if (l->len - l->pos < n || memcmp(l->p + l->pos, kw, n) != 0)
		return false;
	return l->pos + n == l->len || pdf_is_ws(l->p[l->pos + n]) ||
	    pdf_is_delim(l->p[l->pos + n]);
}

/* Reads an unsigned integer token at the position. */
bool
pdf_read_uint(struct pdf_lex *l, uint64_t *out)
{
	size_t i = l->pos;
	uint64_t v = 0;

	while (
	    i < l->len && l->p[i] >= '0' && l->p[i] <= '9' && i - l->pos < 19)
		v = v * 10 + (uint64_t)(l->p[i++] - '0');
	if (i == l->pos ||
	    (i < l->len && !pdf_is_ws(l->p[i]) && !pdf_is_delim(l->p[i])))
		return false;
	l->pos = i;
	*out = v;
	return true;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A literal string "(...)": escapes and octal undone, parens balanced. */
static int
lit_string(struct pdf_lex *l, struct pdf_obj *o)
{
	size_t start = ++l->pos, i, n = 0;
	int depth = 1, k, v;
	char *s;
	unsigned char c;

	/* the decoded string is never longer than the source bytes */
	for (i = start; i < l->len && depth > 0; i++) {
		if (l->p[i] == '\\')
			i++;
		else if (l->p[i] == '(')
			depth++;
		else if (l->p[i] == ')')
			depth--;
	}
	if (depth > 0)
		return PC_EPARSE;
	if ((s = pdf_alloc(l->a, i - start + 1)) == NULL)
		return PC_ENOMEM;
	depth = 1;
	while (l->pos < l->len) {
		c = l->p[l->pos++];
		if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			break;
		} else if (c == '\\' && l->pos < l->len) {
			c = l->p[l->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (l->pos < l->len && l->p[l->pos] == '\n')
					l->pos++;
				continue; /* a line continuation */
			case '\n': continue;
			default:
				if (c >= '0' && c <= '7') {
					v = c - '0';
					for (k = 0; k < 2 && l->pos < l->len &&
					     l->p[l->pos] >= '0' &&
					     l->p[l->pos] <= '7';
					     k++)
						v = v * 8 +
						    (l->p[l->pos++] - '0');
					c = (unsigned char)(v & 0xff);
				}
			}
		}
		s[n++] = (char)c;
	}
	o->t = PDF_STR;
	o->str = s;
	o->len = n;
	return 0;
}

/* A hex string "<...>" (an odd last digit is followed by 0). */
static int
hex_string(struct pdf_lex *l, struct pdf_obj *o)
{
	const unsigned char *end;
	size_t n = 0;
	int hi = -1, v;
	char *s;

	l->pos++;
	end = memchr(l->p + l->pos, '>', l->len - l->pos);
	if (end == NULL)
		return PC_EPARSE;
	if ((s = pdf_alloc(l->a, (size_t)(end - (l->p + l->pos)) / 2 + 2)) ==
	    NULL)
		return PC_ENOMEM;
	for (; l->p + l->pos < end; l->pos++) {
		if ((v = hexval(l->p[l->pos])) < 0)
			continue; /* whitespace (or junk) */
		if (hi < 0) {
			hi = v;
		} else {
			s[n++] = (char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		s[n++] = (char)(hi << 4);
	l->pos++;
	o->t = PDF_STR;
	o->str = s;
	o->len = n;
	return 0;
}

/* A token of regular characters: a name (after '/') or keyword. */
static int
word(struct pdf_lex *l, struct pdf_obj *o, enum pdf_type t)
{
	size_t start = l->pos, n = 0;
	char *s;
	int h1, h2;

	while (l->pos < l->len && !pdf_is_ws(l->p[l->pos]) &&
	    !pdf_is_delim(l->p[l->pos]))
		l->pos++;
	if ((s = pdf_alloc(l->a, l->pos - start + 1)) == NULL)
		return PC_ENOMEM;
	for (size_t i = start; i < l->pos; i++) {
		if (t == PDF_NAME && l->p[i] == '#' && i + 2 < l->pos &&
		    (h1 = hexval(l->p[i + 1])) >= 0 &&
		    (h2 = hexval(l->p[i + 2])) >= 0) {
			s[n++] = (char)(h1 << 4 | h2);
			i += 2;
		} else {
			s[n++] = (char)l->p[i];
		}
	}
	o->t = t;
	o->str = s;
	o->len = n;
	return 0;
}

/* A number: [+-]digits[.digits]. */
static bool
number(struct pdf_lex *l, struct pdf_obj *o)
{
	size_t i = l->pos;
	double v = 0, scale = 0;
	bool neg = false, digits = false;

	if (i < l->len && (l->p[i] == '+' || l->p[i] == '-'))
		neg = l->p[i++] == '-';
	for (; i < l->len; i++) {
		unsigned char c = l->p[i];
		if (c >= '0' && c <= '9') {
			digits = true;
			if (v >= 1e15)
				continue; /* kept finite: casts stay defined */
			if (scale == 0)
				v = v * 10 + (c - '0');
			else
				v += (c - '0') * (scale /= 10);
		} else if (c == '.' && scale == 0) {
			scale = 1;
		} else {
			break;
		}
	}
	if (!digits)
		return false;
	l->pos = i;
	o->t = PDF_NUM;
	o->num = neg ? -v : v;
	return true;
}

/* After an integer: "G R" makes it a reference (outside content). */
static void
maybe_ref(struct pdf_lex *l, struct pdf_obj *o)
{
	struct pdf_lex k = *l;
	uint64_t gen;

	if (l->content || o->num < 0 || o->num > 4294967295.0 ||
	    o->num != (double)(uint64_t)o->num)
		return;
	if (!pdf_skip_ws(&k) || !pdf_read_uint(&k, &gen) || gen > 65535 ||
	    !pdf_skip_ws(&k) || !pdf_at_keyword(&k, "R"))
		return;
	o->t = PDF_REF;
	o->ref = (uint32_t)o->num;
	o->gen = (uint32_t)gen;
	l->pos = k.pos + 1;
}

static int parse_at(struct pdf_lex *l, struct pdf_obj *o, int depth);

/* An array or a dict: items until the closing delimiter. */
static int
container(struct pdf_lex *l, struct pdf_obj *o, int depth, bool dict)
{
	struct pdf_obj local[16], *items = local, *grown;
	size_t n = 0, alloc = 16;
	int r = 0;

	if (depth >= PC_PDF_MAX_DEPTH)
		return PC_ELIMIT;
	l->pos += dict ? 2 : 1;
	for (;;) {
		if (!pdf_skip_ws(l)) {
			r = PC_EPARSE;
			break;
		}
		if (dict ? (l->len - l->pos >= 2 && l->p[l->pos] == '>' &&
			       l->p[l->pos + 1] == '>')
			 : l->p[l->pos] == ']') {
			l->pos += dict ? 2 : 1;
			break;
		}
		if (n == alloc) {
			if (n >= PC_PDF_MAX_ITEMS) {
				r = PC_ELIMIT;
				break;
			}
			/* small containers (most) stay on the stack */
			alloc *= 2;
			grown = realloc(items == local ? NULL : items,
			    alloc * sizeof(*items));
			if (grown == NULL) {
				r = PC_ENOMEM;
				break;
			}
			if (items == local)
				memcpy(grown, local, sizeof(local));
			items = grown;
		}
		memset(&items[n], 0, sizeof(items[n]));
		if ((r = parse_at(l, &items[n], depth + 1)) != 0)
			break;
		if (items[n].t == PDF_OP && !l->content) {
			r = PC_EPARSE; /* "endobj" inside: damaged */
			break;
		}
		n++;
	}
	if (r == 0 && dict && n % 2 != 0)
		n--; /* a key without a value: dropped */
	if (r == 0 && n > 0) {
		if ((o->items = pdf_alloc(l->a, n * sizeof(*items))) == NULL)
			r = PC_ENOMEM;
		else
			memcpy(o->items, items, n * sizeof(*items));
	}
	if (items != local)
		free(items);
	o->t = dict ? PDF_DICT : PDF_ARRAY;
	o->n = dict ? n / 2 : n;
	return r;
}

/* Parses one object at the position into o. */
static int
parse_at(struct pdf_lex *l, struct pdf_obj *o, int depth)
{
	unsigned char c;

	if (!pdf_skip_ws(l))
		return PC_EPARSE;
	c = l->p[l->pos];
	if (c == '(')
		return lit_string(l, o);
	if (c == '<')
		return l->pos + 1 < l->len && l->p[l->pos + 1] == '<'
		    ? container(l, o, depth, true)
		    : hex_string(l, o);
	if (c == '[')
		return container(l, o, depth, false);
	if (c == '/') {
		l->pos++;
		return word(l, o, PDF_NAME);
	}
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
		if (number(l, o)) {
			maybe_ref(l, o);
			return 0;
		}
	}
	if (c == ')' || c == '>' || c == ']' || c == '{' || c == '}') {
		l->pos++;
		o->t = PDF_OP; /* stray delimiter: an unknown operator */
		o->str = "";
		return 0;
	}
	if (word(l, o, PDF_OP) != 0)
		return PC_ENOMEM;
	if (o->len == 0) {
		l->pos++;
		return PC_EPARSE;
	}
	if (strcmp(o->str, "true") == 0 || strcmp(o->str, "false") == 0) {
		o->t = PDF_BOOL;
		o->b = o->str[0] == 't';
	} else if (strcmp(o->str, "null") == 0) {
		o->t = PDF_NULL;
	}
	return 0;
}

/* Parses the next object. */
int
pdf_parse(struct pdf_lex *l, struct pdf_obj **out)
{
	struct pdf_obj *o = pdf_alloc(l->a, sizeof(*o));
	int r;

	if (o == NULL)
		return PC_ENOMEM;
	if ((r = parse_at(l, o, 0)) != 0)
		return r;
	*out = o;
	return 0;
}

/* Value of key in a dict or stream. */
const struct pdf_obj *
pdf_dict_get(const struct pdf_obj *d, const char *key)
{
	size_t i;

	if (d == NULL || (d->t != PDF_DICT && d->t != PDF_STREAM))
		return NULL;
	for (i = 0; i < d->n; i++)
		if (d->items[2 * i].t == PDF_NAME &&
		    strcmp(d->items[2 * i].str, key) == 0)
			return &d->items[2 * i + 1];
	return NULL;
}

/* Is o the name s? */
bool
pdf_is_name(const struct pdf_obj *o, const char *s)
{
	return o != NULL && o->t == PDF_NAME && strcmp(o->str, s) == 0;
}

/* Appends cp as UTF-8. */
size_t
pdf_utf8(uint32_t cp, char *out)
{
	if (cp >= 0xd800 && cp < 0xe000)
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return pdf_utf8(0xfffd, out);
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}
