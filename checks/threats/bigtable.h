/* Large tables read at random (the word caches): on huge pages. */
#ifndef PC_THREATS_BIGTABLE_H
#define PC_THREATS_BIGTABLE_H

#include <stddef.h>

/* A zeroed table of bytes, on 2 MB pages where the kernel gives them, or
 * NULL when out of memory; caller frees with pc_threats_table_free() and
 * the same bytes. */
void *pc_threats_table_new(size_t bytes);
/* Frees a table of bytes; NULL-safe. */
void pc_threats_table_free(void *p, size_t bytes);

#endif
