/* HTML to text: visible text and the attributes people read or click. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

#define URL_ATTRS 3 /* href, src, action */

struct html {
	struct pc_emit *e;
	long out_line;
	pc_extract_link_fn link;
	void *link_arg;
};

/* Is the element one whose content people never read? */
static bool
html_hidden(const xmlNode *n)
{
	/* <script> is read: an API key in a page's script is exposed */
	static const char *const names[] = { "style", "template", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

/* Does the element end a line of text (block-level)? */
static bool
html_block(const xmlNode *n)
{
	static const char *const names[] = { "p", "div", "br", "li", "tr", "h1",
		"h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section",
		"article", "header", "footer", "address", "pre", "blockquote",
		"dt", "dd", "hr", "title", "form", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

/* Emits newlines so the output's line number reaches the node's line. */
static int
html_sync_line(struct html *h, const xmlNode *n)
{
	long line = xmlGetLineNo(n);
	const char *p;
	int r = 0;

	/*
	 * libxml2 numbers a text node by the line where it ends: its own
	 * newlines are emitted with it, so it starts that many lines up
	 * (else every text after a newline came out a line late).
	 */
	if (n->type != XML_ELEMENT_NODE && n->content != NULL)
		for (p = (const char *)n->content; *p && line > 1; p++)
			if (*p == '\n')
				line--;

	while (r == 0 && line > 0 && h->out_line < line) {
		r = pc_emit_str(h->e, "\n");
		h->out_line++;
	}
	return r;
}

/* Emits text, counting the newlines in it. */
static int
html_text(struct html *h, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			h->out_line++;
	return pc_emit_str(h->e, s);
}

/* Emits the attributes a reader sees or clicks, URL-decoded. */
static int
html_attrs(struct html *h, const xmlNode *n)
{
	/* the first URL_ATTRS are URLs: decoded (a key in a script's src) */
	static const char *const names[] = { "href", "src", "action", "title",
		"alt", "content", "value", "placeholder", "aria-label", NULL };
	const xmlAttr *a;
	xmlChar *v;
	char *dec;
	size_t i;
	int r = 0;

	for (a = n->properties; a != NULL && r == 0; a = a->next) {
		for (i = 0; names[i] != NULL; i++)
			if (strcasecmp((const char *)a->name, names[i]) == 0)
				break;
		if (names[i] == NULL)
			continue;
		if ((v = xmlNodeGetContent((const xmlNode *)a)) == NULL)
			continue;
		if (i == 0 && h->link != NULL &&
		    (strcasecmp((const char *)n->name, "a") == 0 ||
			strcasecmp((const char *)n->name, "area") == 0))
			h->link(h->link_arg, (const char *)v);
		dec = i < URL_ATTRS
		    ? xmlURIUnescapeString((const char *)v, 0, NULL)
		    : NULL;
		if (dec != NULL && memchr(dec, '\n', strlen(dec)) != NULL)
			*strchr(dec, '\n') = ' ';
		r = pc_emit_str(h->e, " ");
		if (r == 0)
			r = pc_emit_str(h->e, dec ? dec : (const char *)v);
		if (r == 0)
			r = pc_emit_str(h->e, " ");
		xmlFree(dec);
		xmlFree(v);
	}
	return r;
}

/* Walks the tree without recursion, emitting text and attributes. */
static int
html_walk(struct html *h, xmlNode *root)
{
	xmlNode *n = root;
	int r = 0;

	while (n != NULL && r == 0) {
		bool descend = false;

		if (n->type == XML_ELEMENT_NODE) {
			if (!html_hidden(n)) {
				r = html_sync_line(h, n);
				if (r == 0)
					r = html_attrs(h, n);
				descend = n->children != NULL;
			}
		} else if ((n->type == XML_TEXT_NODE ||
			       n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL) {
			r = html_sync_line(h, n);
			if (r == 0)
				r = html_text(h, (const char *)n->content);
		}
		if (r != 0)
			break;
		if (descend) {
			n = n->children;
			continue;
		}
		/* Up until a next sibling exists, closing blocks. */
		while (n != NULL && n != root && n->next == NULL) {
			n = n->parent;
			if (n != NULL && n->type == XML_ELEMENT_NODE &&
			    html_block(n) && (r = pc_emit_str(h->e, " ")) != 0)
				return r;
		}
		if (n == NULL || n == root)
			break;
		if (n->type == XML_ELEMENT_NODE && html_block(n))
			r = pc_emit_str(h->e, " ");
		n = n->next;
	}
	return r;
}

/* HTML to text into the emitter as one unit. */
int
pc_extract_html_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at, pc_extract_link_fn link, void *link_arg)
{
	struct pc_text_loc loc = *at;
	struct html h = { e, 1, link, link_arg };
	htmlDocPtr doc;
	xmlNode *root;
	int r;

	if (len > PC_EXTRACT_MAX_DOC || len > INT32_MAX)
		return pc_error_set(PC_ELIMIT,
		    "%s: HTML larger than the %u-byte limit; not read",
		    at->path, PC_EXTRACT_MAX_DOC);
	doc = htmlReadMemory(data, (int)len, NULL, NULL,
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS |
		HTML_PARSE_COMPACT | XML_PARSE_BIG_LINES);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return len == 0 ? 0
				: pc_error_set(PC_EPARSE,
				      "%s: not readable as HTML", at->path);
	}
	loc.exact = false;
	/* newlines keep the source lines: the file's when it is a file */
	loc.lines_exact = at->exact || at->lines_exact;
	loc.base_line = loc.base_line ? loc.base_line : 1;
	if ((r = pc_emit_begin(e, &loc)) == 0 && (r = html_walk(&h, root)) == 0)
		r = pc_emit_end(e);
	xmlFreeDoc(doc);
	return r;
}
