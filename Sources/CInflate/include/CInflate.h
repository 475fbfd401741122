#ifndef CINFLATE_H
#define CINFLATE_H

#include <stddef.h>
#include <stdint.h>

/// journey's own gzip inflater (RFC 1952 members of RFC 1951 deflate data), streaming: input and
/// output in pieces of any size, one member at a time. It decodes with a 64-bit bit buffer refilled
/// eight bytes at a time and lookup tables of 2^10 (literal/length) and 2^8 (distance) entries, which
/// makes it about twice as fast as zlib's inflate; it accepts and refuses exactly what zlib does
/// (the same checks of headers, code sets, codes, distances, CRC-32 and length).
///
/// Input that ends inside an item (a block header, a code) is kept inside (at most a few hundred
/// bytes) and counted as consumed; decoding resumes from there with the next input.
typedef struct CInflate CInflate;

enum {
  /// More input or more output room needed.
  CINFLATE_OK = 0,
  /// A member ended (trailer checked); the input after it is not consumed.
  CINFLATE_MEMBER_END = 1,
  CINFLATE_BAD_MAGIC = -1,
  CINFLATE_BAD_METHOD = -2,
  CINFLATE_BAD_FLAGS = -3,
  CINFLATE_BAD_HEADER_CRC = -4,
  CINFLATE_BAD_BLOCK_TYPE = -5,
  CINFLATE_BAD_STORED_LENGTHS = -6,
  CINFLATE_TOO_MANY_SYMBOLS = -7,
  CINFLATE_BAD_CODE_LENGTHS_SET = -8,
  CINFLATE_BAD_REPEAT = -9,
  CINFLATE_MISSING_END_OF_BLOCK = -10,
  CINFLATE_BAD_LITLEN_SET = -11,
  CINFLATE_BAD_DISTANCE_SET = -12,
  CINFLATE_BAD_LITLEN_CODE = -13,
  CINFLATE_BAD_DISTANCE_CODE = -14,
  CINFLATE_DISTANCE_TOO_FAR = -15,
  CINFLATE_BAD_DATA_CHECK = -16,
  CINFLATE_BAD_LENGTH_CHECK = -17,
  CINFLATE_OUT_OF_MEMORY = -18,
};

/// A new inflater at the start of a gzip member, or NULL without memory.
CInflate *CInflate_create(void);
void CInflate_destroy(CInflate *inflater);
/// Back to the start of a member (after CINFLATE_MEMBER_END or an error).
void CInflate_reset(CInflate *inflater);

/// Decodes from `*next_in` (`*avail_in` bytes) into `out` (`*avail_out` bytes of room), advancing both
/// past what it consumed and produced. Returns CINFLATE_OK when it needs more input or more room,
/// CINFLATE_MEMBER_END after a member's trailer, or an error (negative; the inflater stays stopped
/// until reset). Output written before an error is valid data.
int CInflate_inflate(CInflate *inflater, const uint8_t **next_in, size_t *avail_in, uint8_t *out, size_t *avail_out);

/// Consumed input bytes not decoded yet (held in the bit buffer or kept for an item cut by the input's
/// end): an error's position is this many bytes before the consumed count.
size_t CInflate_bufferedInput(const CInflate *inflater);

/// zlib's words for an error code.
const char *CInflate_message(int code);

#endif
