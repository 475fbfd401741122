// journey's own gzip inflater: see include/CInflate.h.
//
// Layout of the work:
// - The fast loop decodes one symbol (and a match's distance) per step from a 64-bit bit buffer
//   refilled eight bytes at a time without a branch, while at least 16 input bytes and 274 bytes of
//   output room are left; matches copy eight bytes at a time from the output itself, the first 48 bytes
//   without a test.
// - Near the end of the input or of the room, a careful step decodes one item (a symbol with its
//   extra bits and distance, or a whole block header) reading byte by byte. An item cut by the input's
//   end is rolled back to its start and its bytes are kept (`stage`), to be decoded when more input
//   comes: so no state machine inside items is needed, and every item is decoded in one piece.
// - Matches reaching before this call's output copy from `history`, the member's last 32 KiB.
// - The checks are zlib's (inflate.c, inftrees.c), with its rules for incomplete code sets: only a
//   set whose longest code has one bit may be incomplete, and never the code-length code.

#include "CInflate.h"

#include <CCRC32.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum {
  LITLEN_ROOT = 10,
  DIST_ROOT = 8,
  CODES_ROOT = 7,
  // Main table plus at most one subtable of at most 2^(15 - root) entries per code longer than root.
  LITLEN_TABLE = (1 << LITLEN_ROOT) + 288 * (1 << (15 - LITLEN_ROOT)),
  DIST_TABLE = (1 << DIST_ROOT) + 32 * (1 << (15 - DIST_ROOT)),
  HISTORY = 32768,
  // The longest item (a dynamic block header) is under 600 bytes.
  STAGE_CAPACITY = 4096,
  // The fast loop's margins: 16 bytes of input (eight for the load), a longest match plus sixteen
  // (a match writes at most 7 bytes past its end, or 45 when it is shorter than 48).
  FAST_INPUT = 16,
  FAST_ROOM = 258 + 16,
};

enum Mode { M_HEADER, M_BLOCK, M_STORED, M_CODES, M_TRAILER, M_DONE, M_ERROR };

// Table entries: bits 0-7 the bits to consume, 8-15 the kind, 16-31 the value.
// Kind: 0 literal; 1-15 link to a subtable of that many bits (value: its start); 0x10 | extra a
// length or distance base; 0x20 end of block; 0x40 invalid code.
enum { K_LINK_MAX = 15, K_BASE = 0x10, K_END = 0x20, K_INVALID = 0x40 };
#define ENTRY(bits, kind, value) ((uint32_t)(bits) | (uint32_t)(kind) << 8 | (uint32_t)(value) << 16)
#define E_BITS(e) ((e) & 0xFF)
#define E_KIND(e) (((e) >> 8) & 0xFF)
#define E_VALUE(e) ((e) >> 16)

struct CInflate {
  uint64_t bitbuf;
  unsigned bitcnt;
  enum Mode mode;
  int error;
  // Gzip header.
  unsigned header_step;
  unsigned header_flags;
  unsigned header_count;
  uint32_t header_crc;
  // Blocks.
  int last_block;
  uint32_t stored_left;
  uint32_t copy_len;
  uint32_t copy_dist;
  const uint32_t *litlen;
  const uint32_t *dist;
  // Trailer and checks.
  unsigned trailer_count;
  uint8_t trailer[8];
  uint32_t crc;
  uint32_t total_out;
  const uint8_t *crc_mark;
  // The member's output before this call (its last `history_count` bytes, at most 32 KiB).
  uint32_t history_count;
  size_t stage_count;
  uint8_t history[HISTORY];
  uint8_t stage[STAGE_CAPACITY];
  uint16_t lens[320];
  uint32_t codes_table[1 << CODES_ROOT];
  uint32_t litlen_table[LITLEN_TABLE];
  uint32_t dist_table[DIST_TABLE];
};

static const uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                         31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,    65,    97,    129,
                                       193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const uint8_t code_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

enum Kind { KIND_CODES, KIND_LITLEN, KIND_DIST };

static uint32_t symbol_entry(enum Kind kind, unsigned symbol, unsigned bits) {
  switch (kind) {
  case KIND_CODES:
    return ENTRY(bits, 0, symbol);
  case KIND_LITLEN:
    if (symbol < 256) return ENTRY(bits, 0, symbol);
    if (symbol == 256) return ENTRY(bits, K_END, 0);
    if (symbol < 286) return ENTRY(bits, K_BASE | length_extra[symbol - 257], length_base[symbol - 257]);
    return ENTRY(bits, K_INVALID, 0);
  case KIND_DIST:
    if (symbol < 30) return ENTRY(bits, K_BASE | dist_extra[symbol], dist_base[symbol]);
    return ENTRY(bits, K_INVALID, 0);
  }
  return ENTRY(bits, K_INVALID, 0);
}

static inline unsigned reverse_bits(unsigned code, unsigned length) {
#if defined(__has_builtin) && __has_builtin(__builtin_bitreverse16)
  return (unsigned)__builtin_bitreverse16((uint16_t)code) >> (16 - length);
#else
  unsigned reversed = 0;
  for (unsigned i = 0; i < length; i++) {
    reversed = reversed << 1 | (code & 1);
    code >>= 1;
  }
  return reversed;
#endif
}

// Builds the decoding table of `count` code lengths; 0, or -1 for a set zlib refuses: over-subscribed,
// or incomplete unless its longest code has one bit (never for the code-length code). A set without
// codes decodes every input as invalid (zlib's distance set of a block with literals only).
static int build_table(uint32_t *table, unsigned root, const uint16_t *lens, unsigned count, enum Kind kind) {
  unsigned counts[16] = {0};
  for (unsigned i = 0; i < count; i++) counts[lens[i]]++;
  unsigned max = 15;
  while (max >= 1 && counts[max] == 0) max--;
  int left = 1;
  for (unsigned len = 1; len <= 15; len++) {
    left <<= 1;
    left -= (int)counts[len];
    if (left < 0) return -1;
  }
  if (max == 0 && kind == KIND_CODES) return -1;
  if (left > 0 && max > 1) return -1;
  if (left > 0 && kind == KIND_CODES) return -1;
  // Incomplete (one code of one bit) or empty: the codes not there are invalid. A complete set
  // fills every entry below.
  if (left > 0) {
    for (unsigned i = 0; i < (1u << root); i++) table[i] = ENTRY(1, K_INVALID, 0);
  }
  if (max == 0) return 0;

  unsigned offsets[17];
  unsigned short sorted[320];
  offsets[1] = 0;
  for (unsigned len = 1; len < 16; len++) offsets[len + 1] = offsets[len] + counts[len];
  for (unsigned symbol = 0; symbol < count; symbol++) {
    if (lens[symbol] != 0) sorted[offsets[lens[symbol]]++] = (unsigned short)symbol;
  }
  unsigned next_code[16];
  unsigned code = 0;
  counts[0] = 0;
  for (unsigned len = 1; len <= 15; len++) {
    code = (code + counts[len - 1]) << 1;
    next_code[len] = code;
  }
  unsigned remaining[16];
  memcpy(remaining, counts, sizeof remaining);
  unsigned placed = offsets[16];
  unsigned next_free = 1u << root;
  unsigned current_prefix = ~0u;
  unsigned sub_start = 0, sub_bits = 0;
  // Codes up to `root` bits: each length's codes go into the first 2^length entries, which are then
  // doubled for the next length (libdeflate's way): every entry is written about twice in all.
  unsigned i = 0;
  unsigned filled = 1;
  for (unsigned len = 1; len <= root; len++) {
    memcpy(table + filled, table, filled * sizeof *table);
    filled <<= 1;
    for (; i < placed && lens[sorted[i]] == len; i++) {
      unsigned symbol = sorted[i];
      table[reverse_bits(next_code[len]++, len)] = symbol_entry(kind, symbol, len);
      remaining[len]--;
    }
  }
  for (; i < placed; i++) {
    unsigned symbol = sorted[i];
    unsigned len = lens[symbol];
    unsigned reversed = reverse_bits(next_code[len]++, len);
    unsigned prefix = reversed & ((1u << root) - 1);
    if (prefix != current_prefix) {
      // zlib's rule for the subtable's size: grow it until the codes left fill it.
      unsigned bits = len - root;
      int room = 1 << bits;
      while (bits + root < max) {
        room -= (int)remaining[bits + root];
        if (room <= 0) break;
        bits++;
        room <<= 1;
      }
      current_prefix = prefix;
      sub_start = next_free;
      sub_bits = bits;
      next_free += 1u << bits;
      table[prefix] = ENTRY(root, bits, sub_start);
      for (unsigned at = 0; at < (1u << bits); at++) table[sub_start + at] = ENTRY(1, K_INVALID, 0);
    }
    uint32_t entry = symbol_entry(kind, symbol, len - root);
    for (unsigned at = reversed >> root; at < (1u << sub_bits); at += 1u << (len - root)) table[sub_start + at] = entry;
    remaining[len]--;
  }
  return 0;
}

static uint32_t fixed_litlen[LITLEN_TABLE];
static uint32_t fixed_dist[DIST_TABLE];
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void build_fixed(void) {
  uint16_t lens[288];
  for (unsigned i = 0; i < 144; i++) lens[i] = 8;
  for (unsigned i = 144; i < 256; i++) lens[i] = 9;
  for (unsigned i = 256; i < 280; i++) lens[i] = 7;
  for (unsigned i = 280; i < 288; i++) lens[i] = 8;
  build_table(fixed_litlen, LITLEN_ROOT, lens, 288, KIND_LITLEN);
  for (unsigned i = 0; i < 32; i++) lens[i] = 5;
  build_table(fixed_dist, DIST_ROOT, lens, 32, KIND_DIST);
}

CInflate *CInflate_create(void) {
  pthread_once(&fixed_once, build_fixed);
  CInflate *s = malloc(sizeof(CInflate));
  if (s == NULL) return NULL;
  s->stage_count = 0;
  CInflate_reset(s);
  return s;
}

void CInflate_destroy(CInflate *s) { free(s); }

void CInflate_reset(CInflate *s) {
  s->bitbuf = 0;
  s->bitcnt = 0;
  s->mode = M_HEADER;
  s->error = 0;
  s->header_step = 0;
  s->header_flags = 0;
  s->header_count = 0;
  s->header_crc = 0;
  s->last_block = 0;
  s->stored_left = 0;
  s->copy_len = 0;
  s->copy_dist = 0;
  s->litlen = NULL;
  s->dist = NULL;
  s->trailer_count = 0;
  s->crc = 0;
  s->total_out = 0;
  s->history_count = 0;
  s->stage_count = 0;
}

size_t CInflate_bufferedInput(const CInflate *s) { return s->stage_count + s->bitcnt / 8; }

const char *CInflate_message(int code) {
  switch (code) {
  case CINFLATE_BAD_MAGIC: return "incorrect header check";
  case CINFLATE_BAD_METHOD: return "unknown compression method";
  case CINFLATE_BAD_FLAGS: return "unknown header flags set";
  case CINFLATE_BAD_HEADER_CRC: return "header crc mismatch";
  case CINFLATE_BAD_BLOCK_TYPE: return "invalid block type";
  case CINFLATE_BAD_STORED_LENGTHS: return "invalid stored block lengths";
  case CINFLATE_TOO_MANY_SYMBOLS: return "too many length or distance symbols";
  case CINFLATE_BAD_CODE_LENGTHS_SET: return "invalid code lengths set";
  case CINFLATE_BAD_REPEAT: return "invalid bit length repeat";
  case CINFLATE_MISSING_END_OF_BLOCK: return "invalid code -- missing end-of-block";
  case CINFLATE_BAD_LITLEN_SET: return "invalid literal/lengths set";
  case CINFLATE_BAD_DISTANCE_SET: return "invalid distances set";
  case CINFLATE_BAD_LITLEN_CODE: return "invalid literal/length code";
  case CINFLATE_BAD_DISTANCE_CODE: return "invalid distance code";
  case CINFLATE_DISTANCE_TOO_FAR: return "invalid distance too far back";
  case CINFLATE_BAD_DATA_CHECK: return "incorrect data check";
  case CINFLATE_BAD_LENGTH_CHECK: return "incorrect length check";
  case CINFLATE_OUT_OF_MEMORY: return "out of memory";
  default: return "invalid data";
  }
}

// What one pass over one input buffer ended with.
enum Result { R_NEED_INPUT, R_OUTPUT_FULL, R_STOP, R_MEMBER_END, R_ERROR };

static inline uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

// Copies a match of `len` bytes from `dist` back, byte by byte, from the history where it reaches
// before this call's output.
static inline uint8_t *copy_slow(const CInflate *s, uint8_t *out, const uint8_t *out_start, uint32_t dist, uint32_t len) {
  while (len > 0 && dist > (size_t)(out - out_start)) {
    size_t back = dist - (size_t)(out - out_start);
    *out++ = s->history[s->history_count - back];
    len--;
  }
  const uint8_t *from = out - dist;
  while (len-- > 0) *out++ = *from++;
  return out;
}

// Notes the output from `crc_mark` to `out` in the member's CRC-32 and length.
static inline void account(CInflate *s, const uint8_t *out) {
  size_t count = (size_t)(out - s->crc_mark);
  if (count > 0) {
    s->crc = CCRC32_update(s->crc, s->crc_mark, count);
    s->total_out += (uint32_t)count;
    s->crc_mark = out;
  }
}

static inline int fail(CInflate *s, int code) {
  s->mode = M_ERROR;
  s->error = code;
  return R_ERROR;
}

// Reads the next header or trailer byte: from the bit buffer first (whole bytes after a block's end),
// then from the input. 0 when none is left.
static inline int next_byte(CInflate *s, const uint8_t **pp, const uint8_t *end, uint8_t *byte) {
  if (s->bitcnt >= 8) {
    *byte = (uint8_t)s->bitbuf;
    s->bitbuf >>= 8;
    s->bitcnt -= 8;
    if (s->bitcnt == 0) s->bitbuf = 0;
    return 1;
  }
  if (*pp == end) return 0;
  *byte = *(*pp)++;
  return 1;
}


// The gzip header, a byte at a time (resumable anywhere); R_STOP when it is complete. Steps: 0-1 magic,
// 2 method, 3 flags, 4 time/XFL/OS (6 bytes), 5-6 FEXTRA's length, 7 its bytes, 8 FNAME, 9 FCOMMENT,
// 10-11 FHCRC, 12 done.
static int read_header(CInflate *s, const uint8_t **pp, const uint8_t *end) {
  uint8_t b;
  for (;;) {
    unsigned step = s->header_step;
    if (step == 12) return R_STOP;
    if (step >= 5 && step <= 7 && !(s->header_flags & 4)) { s->header_step = 8; continue; }
    if (step == 7 && s->header_count == 0) { s->header_step = 8; continue; }
    if (step == 8 && !(s->header_flags & 8)) { s->header_step = 9; continue; }
    if (step == 9 && !(s->header_flags & 16)) { s->header_step = 10; continue; }
    if (step >= 10 && !(s->header_flags & 2)) { s->header_step = 12; continue; }
    if (!next_byte(s, pp, end, &b)) return R_NEED_INPUT;
    if (step < 10) s->header_crc = CCRC32_update(s->header_crc, &b, 1);
    switch (step) {
    case 0: if (b != 0x1F) return fail(s, CINFLATE_BAD_MAGIC); s->header_step = 1; break;
    case 1: if (b != 0x8B) return fail(s, CINFLATE_BAD_MAGIC); s->header_step = 2; break;
    case 2: if (b != 8) return fail(s, CINFLATE_BAD_METHOD); s->header_step = 3; break;
    case 3:
      if (b & 0xE0) return fail(s, CINFLATE_BAD_FLAGS);
      s->header_flags = b;
      s->header_count = 0;
      s->header_step = 4;
      break;
    case 4: if (++s->header_count == 6) s->header_step = 5; break;
    case 5: s->header_count = b; s->header_step = 6; break;
    case 6: s->header_count |= (unsigned)b << 8; s->header_step = 7; break;
    case 7: s->header_count--; break;
    case 8: if (b == 0) s->header_step = 9; break;
    case 9: if (b == 0) s->header_step = 10; break;
    case 10: s->header_count = b; s->header_step = 11; break;
    case 11:
      if ((s->header_count | (unsigned)b << 8) != (s->header_crc & 0xFFFF)) return fail(s, CINFLATE_BAD_HEADER_CRC);
      s->header_step = 12;
      break;
    }
  }
}

// Copies a match from inside this call's output, eight bytes at a time where the distance allows
// (writing up to 45 bytes past its end: the fast loop keeps FAST_ROOM).
static inline uint8_t *copy_fast(uint8_t *out, uint32_t dist, uint32_t len) {
  const uint8_t *from = out - dist;
  uint8_t *end = out + len;
  if (dist >= 8) {
    // Six words without a test first: most matches are short (25 bytes on average in NDJSON
    // exports), and a loop's exit, mispredicted, costs more than the stores. 1M varied lines in
    // memory: two words 0.91 s, four 0.81, six 0.80, eight 0.79 (ratios to two words per round,
    // medians of ten: 0.90, 0.86, 0.85). Each word is read after the one before it is written (at
    // distances under 48 a word reads what the ones before it wrote).
    uint64_t v;
    memcpy(&v, from, 8);
    memcpy(out, &v, 8);
    memcpy(&v, from + 8, 8);
    memcpy(out + 8, &v, 8);
    memcpy(&v, from + 16, 8);
    memcpy(out + 16, &v, 8);
    memcpy(&v, from + 24, 8);
    memcpy(out + 24, &v, 8);
    memcpy(&v, from + 32, 8);
    memcpy(out + 32, &v, 8);
    memcpy(&v, from + 40, 8);
    memcpy(out + 40, &v, 8);
    if (len > 48) {
      from += 48;
      out += 48;
      do {
        memcpy(&v, from, 8);
        memcpy(out, &v, 8);
        out += 8;
        from += 8;
      } while (out < end);
    }
  } else if (dist == 1) {
    uint64_t v = 0x0101010101010101ull * *from;
    do {
      memcpy(out, &v, 8);
      out += 8;
    } while (out < end);
  } else {
    while (out < end) *out++ = *from++;
  }
  return end;
}

#define MASK(n) ((1ull << (n)) - 1)
#define BITS(n) ((uint32_t)(bitbuf & MASK(n)))
#define DROP(n) \
  do { \
    bitbuf >>= (n); \
    bitcnt -= (n); \
  } while (0)
// Eight bytes at once, no branch; leaves 56-63 bits (libdeflate's refill).
#define REFILL_FAST() \
  do { \
    bitbuf |= load64(p) << bitcnt; \
    p += (63 - bitcnt) >> 3; \
    bitcnt |= 56; \
  } while (0)
#define REFILL_CAREFUL() \
  do { \
    while (bitcnt < 56 && p < end) { \
      bitbuf |= (uint64_t)*p++ << bitcnt; \
      bitcnt += 8; \
    } \
  } while (0)
#define NEED(n) \
  do { \
    if (bitcnt < (unsigned)(n)) { \
      REFILL_CAREFUL(); \
      if (bitcnt < (unsigned)(n)) goto need_input; \
    } \
  } while (0)
#define BEGIN_ITEM() \
  do { \
    item_p = p; \
    item_buf = bitbuf; \
    item_cnt = bitcnt; \
  } while (0)
#define FAIL(code) \
  do { \
    result = fail(s, code); \
    goto done; \
  } while (0)
#define IS_LINK(e) (E_KIND(e) - 1u < (unsigned)K_LINK_MAX)

// Decodes from [*pp, end) into [*outp, out_end) until the input or the room runs out, a member ends,
// an error, or (with `stop`) the input position reaches `stop` at an item's start. An item cut by the
// input's end is rolled back: *pp is left at its start.
static int run(CInflate *s, const uint8_t **pp, const uint8_t *end, const uint8_t *stop, const uint8_t *out_start,
               uint8_t **outp, uint8_t *out_end) {
  const uint8_t *p = *pp;
  uint8_t *out = *outp;
  uint64_t bitbuf = s->bitbuf;
  unsigned bitcnt = s->bitcnt;
  const uint8_t *item_p = p;
  uint64_t item_buf = bitbuf;
  unsigned item_cnt = bitcnt;
  int result = R_NEED_INPUT;

  for (;;) {
    if (stop && p >= stop) {
      result = R_STOP;
      goto done;
    }
    switch (s->mode) {
    case M_ERROR:
      result = R_ERROR;
      goto done;
    case M_DONE:
      result = R_MEMBER_END;
      goto done;
    case M_HEADER: {
      s->bitbuf = bitbuf;
      s->bitcnt = bitcnt;
      int r = read_header(s, &p, end);
      bitbuf = s->bitbuf;
      bitcnt = s->bitcnt;
      if (r == R_STOP) {
        s->mode = M_BLOCK;
        continue;
      }
      result = r;
      goto done;
    }
    case M_BLOCK: {
      BEGIN_ITEM();
      NEED(3);
      s->last_block = (int)BITS(1);
      unsigned type = (unsigned)(bitbuf >> 1) & 3;
      DROP(3);
      if (type == 0) {
        DROP(bitcnt & 7);
        NEED(32);
        uint32_t len = BITS(16), nlen = (uint32_t)(bitbuf >> 16) & 0xFFFF;
        if (len != (~nlen & 0xFFFF)) FAIL(CINFLATE_BAD_STORED_LENGTHS);
        DROP(32);
        if (bitcnt == 0) bitbuf = 0;
        s->stored_left = len;
        s->mode = M_STORED;
      } else if (type == 1) {
        s->litlen = fixed_litlen;
        s->dist = fixed_dist;
        s->mode = M_CODES;
      } else if (type == 2) {
        NEED(14);
        unsigned nlen = BITS(5) + 257;
        DROP(5);
        unsigned ndist = BITS(5) + 1;
        DROP(5);
        unsigned ncode = BITS(4) + 4;
        DROP(4);
        if (nlen > 286 || ndist > 30) FAIL(CINFLATE_TOO_MANY_SYMBOLS);
        uint16_t code_lens[19] = {0};
        for (unsigned i = 0; i < ncode; i++) {
          NEED(3);
          code_lens[code_order[i]] = (uint16_t)BITS(3);
          DROP(3);
        }
        if (build_table(s->codes_table, CODES_ROOT, code_lens, 19, KIND_CODES) != 0) FAIL(CINFLATE_BAD_CODE_LENGTHS_SET);
        unsigned have = 0, total = nlen + ndist;
        while (have < total) {
          REFILL_CAREFUL();
          uint32_t e = s->codes_table[BITS(CODES_ROOT)];
          unsigned bits = E_BITS(e), symbol = E_VALUE(e);
          if (bits > bitcnt) goto need_input;
          if (symbol < 16) {
            DROP(bits);
            s->lens[have++] = (uint16_t)symbol;
            continue;
          }
          unsigned extra = symbol == 16 ? 2 : symbol == 17 ? 3 : 7;
          if (bits + extra > bitcnt) goto need_input;
          DROP(bits);
          unsigned value = 0, copy;
          if (symbol == 16) {
            if (have == 0) FAIL(CINFLATE_BAD_REPEAT);
            value = s->lens[have - 1];
            copy = 3 + BITS(2);
          } else if (symbol == 17) {
            copy = 3 + BITS(3);
          } else {
            copy = 11 + BITS(7);
          }
          DROP(extra);
          if (have + copy > total) FAIL(CINFLATE_BAD_REPEAT);
          while (copy-- > 0) s->lens[have++] = (uint16_t)value;
        }
        if (s->lens[256] == 0) FAIL(CINFLATE_MISSING_END_OF_BLOCK);
        if (build_table(s->litlen_table, LITLEN_ROOT, s->lens, nlen, KIND_LITLEN) != 0) FAIL(CINFLATE_BAD_LITLEN_SET);
        if (build_table(s->dist_table, DIST_ROOT, s->lens + nlen, ndist, KIND_DIST) != 0) FAIL(CINFLATE_BAD_DISTANCE_SET);
        s->litlen = s->litlen_table;
        s->dist = s->dist_table;
        s->mode = M_CODES;
      } else {
        FAIL(CINFLATE_BAD_BLOCK_TYPE);
      }
      continue;
    }
    case M_STORED: {
      while (s->stored_left > 0 && bitcnt >= 8) {
        if (out == out_end) {
          result = R_OUTPUT_FULL;
          goto done;
        }
        *out++ = (uint8_t)bitbuf;
        DROP(8);
        s->stored_left--;
      }
      if (bitcnt == 0) bitbuf = 0;  // the bytes are taken from the input directly now
      if (s->stored_left > 0) {
        size_t n = s->stored_left;
        if (n > (size_t)(end - p)) n = (size_t)(end - p);
        if (n > (size_t)(out_end - out)) n = (size_t)(out_end - out);
        memcpy(out, p, n);
        out += n;
        p += n;
        s->stored_left -= (uint32_t)n;
        if (s->stored_left > 0) {
          result = out == out_end ? R_OUTPUT_FULL : R_NEED_INPUT;
          goto done;
        }
      }
      s->mode = s->last_block ? M_TRAILER : M_BLOCK;
      continue;
    }
    case M_CODES: {
      const uint32_t *litlen = s->litlen, *dist = s->dist;
      if (s->copy_len > 0) {
        uint32_t n = s->copy_len;
        if (n > (size_t)(out_end - out)) n = (uint32_t)(out_end - out);
        out = copy_slow(s, out, out_start, s->copy_dist, n);
        s->copy_len -= n;
        if (s->copy_len > 0) {
          result = R_OUTPUT_FULL;
          goto done;
        }
      }
      // The next entry is looked up as soon as a symbol's bits are dropped, before its output is
      // written: after a refill the bit buffer holds 64 real bits (those above `bitcnt` are the next
      // byte's), so even after a length and a distance (48 bits at most) 16 are left for the lookup.
      if (end - p >= FAST_INPUT && out_end - out >= FAST_ROOM && (!stop || p < stop)) {
        // The loop's two bounds as pointers (fewer live values than the three tests).
        const uint8_t *in_last = end - FAST_INPUT;
        if (stop && stop - 1 < in_last) in_last = stop - 1;
        const uint8_t *const out_last = out_end - FAST_ROOM;
        REFILL_FAST();
        uint32_t e = litlen[BITS(LITLEN_ROOT)];
        for (;;) {
          if (IS_LINK(e)) {
            DROP(LITLEN_ROOT);
            e = litlen[E_VALUE(e) + BITS(E_KIND(e))];
          }
          unsigned kind = E_KIND(e);
          DROP(E_BITS(e));
          if (kind == 0) {
            uint8_t literal = (uint8_t)E_VALUE(e);
            e = litlen[BITS(LITLEN_ROOT)];
            *out++ = literal;
            if (E_KIND(e) == 0) {  // a second literal without a refill (at most 30 bits used)
              DROP(E_BITS(e));
              literal = (uint8_t)E_VALUE(e);
              e = litlen[BITS(LITLEN_ROOT)];
              *out++ = literal;
            }
          } else if (kind < K_END) {
            uint32_t len = E_VALUE(e) + BITS(kind & 15);
            DROP(kind & 15);
            uint32_t d = dist[BITS(DIST_ROOT)];
            if (IS_LINK(d)) {
              DROP(DIST_ROOT);
              d = dist[E_VALUE(d) + BITS(E_KIND(d))];
            }
            DROP(E_BITS(d));
            unsigned dkind = E_KIND(d);
            if (dkind & K_INVALID) FAIL(CINFLATE_BAD_DISTANCE_CODE);
            uint32_t distance = E_VALUE(d) + BITS(dkind & 15);
            DROP(dkind & 15);
            e = litlen[BITS(LITLEN_ROOT)];
            size_t produced = (size_t)(out - out_start);
            if (distance <= produced) {
              out = copy_fast(out, distance, len);
            } else {
              if (distance > produced + s->history_count) FAIL(CINFLATE_DISTANCE_TOO_FAR);
              out = copy_slow(s, out, out_start, distance, len);
            }
          } else if (kind == K_END) {
            goto block_end;
          } else {
            FAIL(CINFLATE_BAD_LITLEN_CODE);
          }
          if (p > in_last || out > out_last) break;
          REFILL_FAST();
        }
      }
      // One item with every bit and byte checked.
      if (stop && p >= stop) {
        result = R_STOP;
        goto done;
      }
      if (out == out_end) {
        result = R_OUTPUT_FULL;
        goto done;
      }
      BEGIN_ITEM();
      REFILL_CAREFUL();
      uint32_t e = litlen[BITS(LITLEN_ROOT)];
      if (IS_LINK(e)) {
        if (bitcnt < LITLEN_ROOT) goto need_input;
        DROP(LITLEN_ROOT);
        e = litlen[E_VALUE(e) + BITS(E_KIND(e))];
      }
      if (E_BITS(e) > bitcnt) goto need_input;
      DROP(E_BITS(e));
      unsigned kind = E_KIND(e);
      if (kind == 0) {
        *out++ = (uint8_t)E_VALUE(e);
        continue;
      }
      if (kind < K_END) {
        if ((kind & 15) > bitcnt) goto need_input;
        uint32_t len = E_VALUE(e) + BITS(kind & 15);
        DROP(kind & 15);
        uint32_t d = dist[BITS(DIST_ROOT)];
        if (IS_LINK(d)) {
          if (bitcnt < DIST_ROOT) goto need_input;
          DROP(DIST_ROOT);
          d = dist[E_VALUE(d) + BITS(E_KIND(d))];
        }
        if (E_BITS(d) > bitcnt) goto need_input;
        DROP(E_BITS(d));
        unsigned dkind = E_KIND(d);
        if (dkind & K_INVALID) FAIL(CINFLATE_BAD_DISTANCE_CODE);
        if ((dkind & 15) > bitcnt) goto need_input;
        uint32_t distance = E_VALUE(d) + BITS(dkind & 15);
        DROP(dkind & 15);
        if (distance > (size_t)(out - out_start) + s->history_count) FAIL(CINFLATE_DISTANCE_TOO_FAR);
        uint32_t n = len;
        if (n > (size_t)(out_end - out)) n = (uint32_t)(out_end - out);
        out = copy_slow(s, out, out_start, distance, n);
        if (n < len) {
          s->copy_len = len - n;
          s->copy_dist = distance;
        }
        continue;
      }
      if (kind == K_END) goto block_end;
      FAIL(CINFLATE_BAD_LITLEN_CODE);
    block_end:
      if (s->last_block) {
        DROP(bitcnt & 7);
        s->mode = M_TRAILER;
      } else {
        s->mode = M_BLOCK;
      }
      continue;
    }
    case M_TRAILER: {
      while (s->trailer_count < 8) {
        uint8_t b;
        if (bitcnt >= 8) {
          b = (uint8_t)bitbuf;
          DROP(8);
          if (bitcnt == 0) bitbuf = 0;
        } else if (p < end) {
          b = *p++;
        } else {
          result = R_NEED_INPUT;
          goto done;
        }
        s->trailer[s->trailer_count++] = b;
      }
      account(s, out);
      const uint8_t *t = s->trailer;
      uint32_t crc = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
      uint32_t size = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
      if (crc != s->crc) FAIL(CINFLATE_BAD_DATA_CHECK);
      if (size != s->total_out) FAIL(CINFLATE_BAD_LENGTH_CHECK);
      s->mode = M_DONE;
      result = R_MEMBER_END;
      goto done;
    }
    }
  }

need_input:
  p = item_p;
  bitbuf = item_buf;
  bitcnt = item_cnt;
  result = R_NEED_INPUT;
done:
  s->bitbuf = bitbuf;
  s->bitcnt = bitcnt;
  *pp = p;
  *outp = out;
  return result;
}

// Appends this call's output to the member's last 32 KiB.
static void remember(CInflate *s, const uint8_t *out, size_t count) {
  if (count >= HISTORY) {
    memcpy(s->history, out + count - HISTORY, HISTORY);
    s->history_count = HISTORY;
    return;
  }
  size_t keep = s->history_count;
  if (keep > HISTORY - count) keep = HISTORY - count;
  memmove(s->history, s->history + s->history_count - keep, keep);
  memcpy(s->history + keep, out, count);
  s->history_count = (uint32_t)(keep + count);
}

int CInflate_inflate(CInflate *s, const uint8_t **next_in, size_t *avail_in, uint8_t *out, size_t *avail_out) {
  const uint8_t *in = *next_in;
  size_t left = *avail_in;
  uint8_t *o = out, *out_end = out + *avail_out;
  s->crc_mark = out;
  int result;
  for (;;) {
    if (s->stage_count > 0) {
      // Input kept from before: top it up from this input and decode until it is used up.
      size_t old = s->stage_count;
      size_t append = STAGE_CAPACITY - old;
      if (append > left) append = left;
      if (append > 0) memcpy(s->stage + old, in, append);
      in += append;
      left -= append;
      size_t total = old + append;
      const uint8_t *p = s->stage;
      result = run(s, &p, s->stage + total, append > 0 ? s->stage + old : NULL, out, &o, out_end);
      size_t used = (size_t)(p - s->stage);
      if (used >= old) {
        // Past the kept bytes: the rest are still in the caller's input.
        size_t back = total - used;
        in -= back;
        left += back;
        s->stage_count = 0;
      } else {
        memmove(s->stage, p, total - used);
        s->stage_count = total - used;
      }
      if (result == R_STOP) continue;
      if (result == R_NEED_INPUT && left > 0) {
        if (s->stage_count == STAGE_CAPACITY) {
          result = fail(s, CINFLATE_OUT_OF_MEMORY);  // cannot happen: no item is that long
          break;
        }
        continue;
      }
      break;
    }
    // Even without input: the bit buffer may hold symbols (the last call ran out of room).
    const uint8_t *p = in;
    result = run(s, &p, in + left, NULL, out, &o, out_end);
    size_t used = (size_t)(p - in);
    in += used;
    left -= used;
    if (result == R_NEED_INPUT && left > 0) {
      // An item cut by the input's end: keep its bytes.
      if (left > STAGE_CAPACITY) {
        result = fail(s, CINFLATE_OUT_OF_MEMORY);  // cannot happen: no item is that long
        break;
      }
      memcpy(s->stage, in, left);
      s->stage_count = left;
      in += left;
      left = 0;
    }
    break;
  }
  account(s, o);
  remember(s, out, (size_t)(o - out));
  *next_in = in;
  *avail_in = left;
  *avail_out = (size_t)(out_end - o);
  switch (result) {
  case R_MEMBER_END: return CINFLATE_MEMBER_END;
  case R_ERROR: return s->error;
  default: return CINFLATE_OK;
  }
}
