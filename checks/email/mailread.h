/* A text sink that turns the MIME reader's units back into messages:
 * their addresses, subject, date and what says they are forwards. */
#ifndef PC_EMAIL_MAILREAD_H
#define PC_EMAIL_MAILREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/content/text.h"
#include "addrlist.h"
#include "forward.h"

#define PC_MAIL_HEADERS_MAX (256u << 10) /* bytes of a headers unit */

/* One message as the email check reads it. Borrowed by the callback. */
struct pc_mail_msg {
	const char *path;
	const char *message_id; /* NULL when it has none */
	struct pc_addrs from, reply_to, to, cc;
	const char *subject;
	char date[11];         /* "2025-02-03" (UTC), or "" */
	bool attached_message; /* a message/rfc822 part or attached mail */
	char attached_from[PC_ADDR_MAX]; /* its sender, or "" */
	struct pc_fwd_body body;         /* forward marker and header block */
};

typedef int (*pc_mail_msg_fn)(void *arg, const struct pc_mail_msg *m);

struct pc_mailread;

/* A reader calling fn for each whole message. Caller frees with
 * pc_mailread_free(). */
int pc_mailread_new(struct pc_mailread **out, pc_mail_msg_fn fn, void *arg);

void pc_mailread_free(struct pc_mailread *r);

/* The sink to hand pc_extract_fd() (borrowed from r). */
void pc_mailread_sink(struct pc_mailread *r, struct pc_text_sink *sink);

/* Ends the message being read (after each file): calls fn for it. */
int pc_mailread_flush(struct pc_mailread *r);

/* Messages handed to fn so far. */
size_t pc_mailread_messages(const struct pc_mailread *r);

#endif
