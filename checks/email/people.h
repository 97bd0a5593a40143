/* Whose address is it: office domains, staff names in local parts, masking. */
#ifndef PC_EMAIL_PEOPLE_H
#define PC_EMAIL_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"

/*
 * True when local (the part before @) is made of the person's name:
 * first and last name in either order, or an initial and the other name
 * (jane.smith, janesmith, smith.jane, jsmith, j.smith, smithj), with
 * separators (. _ -), digits and a +tag ignored (janesmith1979). name is
 * "Jane Smith" as in the staff list; titles (Dr, Mr, Mrs, Ms, Miss, Sir,
 * Dame, Rt, Hon) and "MP" are dropped, and middle names are ignored. A
 * one-word name matches only a local part that is that word (4+ letters).
 */
bool pc_email_local_names(const char *local, const char *name);

/* The staff member whose name or one of whose aliases local names, or
 * NULL (the first on the list when several match). Borrowed from cfg. */
const struct pc_staff *pc_email_staff_named(
    const struct pc_config *cfg, const char *local);

/* True when the display name is the person's name: the same first and
 * last words in either order ("Smith, Jane"), titles dropped; a one-word
 * name never matches. */
bool pc_email_names_equal(const char *display, const char *name);

/* True when domain is one of office.parliamentary_domains or
 * office.domains, or a subdomain of one (case-insensitive). */
bool pc_email_domain_is_office(const struct pc_config *cfg, const char *domain);

/* The domain of address (after the last @), or NULL when it has none. */
const char *pc_email_domain_of(const char *address);

/* The address with its local part masked: "j***@gmail.com". */
void pc_email_mask(char *out, size_t n, const char *address);

#endif
