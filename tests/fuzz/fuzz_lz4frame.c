/* Fuzz target: the LZ4 frame reader never crashes, overruns or leaks on
 * any input, and never returns more than it was asked for. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "checks/patch/lz4frame.h"

/* One input, written to an in-memory file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_lz4 *z = NULL;
	char buf[4096];
	ssize_t n;
	int fd;

	if ((fd = memfd_create("fuzz.lz4", 0)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0 || pc_lz4_open(&z, fd, "fuzz") != 0) {
		close(fd);
		return 0;
	}
	while ((n = pc_lz4_read(z, buf, sizeof(buf))) > 0)
		if ((size_t)n > sizeof(buf))
			abort();
	pc_lz4_free(z);
	close(fd);
	return 0;
}
