#ifndef CCRC32_H
#define CCRC32_H

#include <stddef.h>
#include <stdint.h>

/// Whether CCRC32_update folds with carry-less multiplication on this processor (PCLMULQDQ and
/// SSE4.1); without, it goes a byte at a time and zlib's crc32 is faster.
int CCRC32_isAccelerated(void);

/// The gzip CRC-32 of `count` bytes at `p` continuing from `crc` (0 to start), as zlib's
/// `crc32(crc, p, count)`: 10 to 20 times as fast with carry-less multiplication.
uint32_t CCRC32_update(uint32_t crc, const unsigned char *p, size_t count);

#endif
