/* Fuzz target: the decompressing reader of apt's lists never crashes,
 * overruns or leaks on any input, and never returns more than asked.
 * The first byte picks the format (gzip, xz, lzma, zstd, bzip2, lz4). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "checks/patch/zreader.h"

/* One input, written to an in-memory file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_zreader *z = NULL;
	enum pc_zformat fmt;
	char buf[4096];
	ssize_t n;
	int fd;

	if (size < 1)
		return 0;
	fmt = (enum pc_zformat)(1 + data[0] % (PC_Z_NFORMATS - 1));
	if ((fd = memfd_create("fuzz.z", 0)) < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1) ||
	    lseek(fd, 0, SEEK_SET) != 0 ||
	    pc_zreader_open(&z, fd, fmt, "fuzz") != 0) {
		close(fd);
		return 0;
	}
	while ((n = pc_zreader_read(z, buf, sizeof(buf))) > 0)
		if ((size_t)n > sizeof(buf))
			abort();
	pc_zreader_free(z);
	close(fd);
	return 0;
}
