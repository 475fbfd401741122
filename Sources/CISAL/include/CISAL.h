#ifndef CISAL_H
#define CISAL_H

// ISA-L's igzip inflate, loaded at run time (dlopen "libisal.so.2") so a machine without the
// library still runs (falling back to zlib), and a machine without the header still builds.
// Nothing of ISA-L's own headers leaks through here: the state is opaque.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An ISA-L `struct inflate_state` set up for one gzip member at a time (`crc_flag = ISAL_GZIP`).
typedef struct CISAL_Inflater CISAL_Inflater;

/// CISAL_inflate's results, in zlib's spirit.
enum {
  CISAL_OK = 0,               // progress; call again with more input or output room
  CISAL_MEMBER_END = 1,       // a member ended (trailer checked); unused input is left in place
  CISAL_INVALID_BLOCK = -1,
  CISAL_INVALID_SYMBOL = -2,
  CISAL_INVALID_LOOKBACK = -3,
  CISAL_INVALID_WRAPPER = -4,
  CISAL_UNSUPPORTED_METHOD = -5,
  CISAL_INCORRECT_CHECKSUM = -6,
  CISAL_NEED_DICT = -7,
  CISAL_OTHER_ERROR = -8,
  CISAL_HEADER_CHECKSUM = -9,  // the gzip header's CRC-16 (FHCRC) does not match
};

/// 1 when the header was there at build time and `libisal.so.2` (with its inflate symbols) loads now.
int CISAL_isAvailable(void);

/// "2.30": the ISA-L version whose header the shim was built against; "" without the header.
const char *CISAL_version(void);

/// A fresh inflater, or NULL when ISA-L is unavailable or memory ran out.
CISAL_Inflater *CISAL_create(void);
void CISAL_destroy(CISAL_Inflater *inflater);

/// Starts the next member (`isal_inflate_reset`, then gzip mode again).
void CISAL_reset(CISAL_Inflater *inflater);

/// One `isal_inflate` call: consumes from `*next_in`/`*avail_in`, writes at most `*avail_out` bytes at `next_out`;
/// updates the counts in place.
int CISAL_inflate(CISAL_Inflater *inflater, const uint8_t **next_in, uint32_t *avail_in,
                  uint8_t *next_out, uint32_t *avail_out);

/// Input bytes ISA-L has taken from the caller but not decoded yet (its bit buffer and header buffer).
uint32_t CISAL_bufferedInput(const CISAL_Inflater *inflater);

#ifdef __cplusplus
}
#endif

#endif
