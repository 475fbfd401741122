// The validating scan of JSON values in C, by the grammar JourneyParsing's JSONScanner checks:
// whitespace, strings (valid UTF-8, no control bytes, escapes with surrogate pairs and no \u0000),
// numbers, literals, and the flat skip of a whole value. Private to this target: the skip
// (CJSONSkip.c) and the walk (CJSONWalk.c) are built from it.

#ifndef JSON_GRAMMAR_H
#define JSON_GRAMMAR_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { max_depth = 512 };

static inline int is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

__attribute__((always_inline)) static inline long skip_space(const unsigned char *p, long end, long pos) {
  while (pos < end && is_space(p[pos])) pos++;
  return pos;
}

// Length of the UTF-8 sequence at p[i] (a byte >= 0x80), or 0 when invalid: RecordBytes.sequenceLength.
static inline long utf8_length(const unsigned char *p, long i, long count) {
  long need;
  unsigned char low = 0x80, high = 0xBF;
  unsigned char b = p[i];
  if (b >= 0xC2 && b <= 0xDF) need = 1;
  else if (b == 0xE0) { need = 2; low = 0xA0; }
  else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) need = 2;
  else if (b == 0xED) { need = 2; high = 0x9F; }
  else if (b == 0xF0) { need = 3; low = 0x90; }
  else if (b >= 0xF1 && b <= 0xF3) need = 3;
  else if (b == 0xF4) { need = 3; high = 0x8F; }
  else return 0;
  if (!(i + need < count)) return 0;
  unsigned char c1 = p[i + 1];
  if (c1 < low || c1 > high) return 0;
  if (need >= 2 && (p[i + 2] & 0xC0) != 0x80) return 0;
  if (need == 3 && (p[i + 3] & 0xC0) != 0x80) return 0;
  return need + 1;
}

static inline long hex4(const unsigned char *p, long end, long index) {
  if (index + 4 > end) return -1;
  long value = 0;
  for (long i = index; i < index + 4; i++) {
    unsigned char b = p[i];
    long digit;
    if (b >= '0' && b <= '9') digit = b - '0';
    else if (b >= 'A' && b <= 'F') digit = b - 'A' + 10;
    else if (b >= 'a' && b <= 'f') digit = b - 'a' + 10;
    else return -1;
    value = value << 4 | digit;
  }
  return value;
}

// One escape at p[pos] (the backslash): the position after it, or -1. JSONScanner.scanEscape.
static inline long skip_escape(const unsigned char *p, long end, long pos) {
  if (!(pos + 1 < end)) return -1;
  switch (p[pos + 1]) {
  case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
    return pos + 2;
  case 'u': {
    long unit = hex4(p, end, pos + 2);
    if (unit <= 0) return -1;  // invalid, or \u0000
    pos += 6;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (!(pos + 1 < end) || p[pos] != '\\' || p[pos + 1] != 'u') return -1;
      long low = hex4(p, end, pos + 2);
      if (low < 0xDC00 || low > 0xDFFF) return -1;
      return pos + 6;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) return -1;
    return pos;
  }
  default:
    return -1;
  }
}

// The string at p[pos] (a quote): the position after its closing quote, or -1; `*escaped` is set
// when it has an escape.
__attribute__((always_inline)) static inline long scan_string(const unsigned char *p, long end, long pos, int *escaped) {
  pos++;
  for (;;) {
#if defined(__SSE2__)
    // Sixteen bytes a step while none is a quote, a backslash, below 0x20 or above 0x7F (a signed
    // compare with 0x20 takes both of the last two).
    while (pos + 16 <= end) {
      __m128i v = _mm_loadu_si128((const __m128i *)(p + pos));
      __m128i special = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
          _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
      int mask = _mm_movemask_epi8(special);
      if (mask == 0) { pos += 16; continue; }
      pos += __builtin_ctz((unsigned)mask);
      break;
    }
#endif
    if (pos >= end) return -1;
    unsigned char b = p[pos];
    if (b == '"') return pos + 1;
    if (b >= 0x80) {
      long length = utf8_length(p, pos, end);
      if (length == 0) return -1;
      pos += length;
      continue;
    }
    if (b == '\\') {
      *escaped = 1;
      pos = skip_escape(p, end, pos);
      if (pos < 0) return -1;
      continue;
    }
    if (b < 0x20) return -1;
    pos++;
  }
}

// The string at p[pos] (a quote): the position after its closing quote, or -1.
__attribute__((always_inline)) static inline long skip_string(const unsigned char *p, long end, long pos) {
  int escaped = 0;
  return scan_string(p, end, pos, &escaped);
}

// A number by the JSON grammar at p[pos]: the position after it, or -1. JSONScanner.scanNumber.
static inline long skip_number(const unsigned char *p, long end, long pos) {
  if (pos < end && p[pos] == '-') pos++;
  if (pos >= end) return -1;
  if (p[pos] == '0') pos++;
  else if (p[pos] >= '1' && p[pos] <= '9') { while (pos < end && p[pos] >= '0' && p[pos] <= '9') pos++; }
  else return -1;
  if (pos < end && p[pos] == '.') {
    pos++;
    if (!(pos < end && p[pos] >= '0' && p[pos] <= '9')) return -1;
    while (pos < end && p[pos] >= '0' && p[pos] <= '9') pos++;
  }
  if (pos < end && (p[pos] == 'e' || p[pos] == 'E')) {
    pos++;
    if (pos < end && (p[pos] == '+' || p[pos] == '-')) pos++;
    if (!(pos < end && p[pos] >= '0' && p[pos] <= '9')) return -1;
    while (pos < end && p[pos] >= '0' && p[pos] <= '9') pos++;
  }
  return pos;
}

static inline long skip_literal(const unsigned char *p, long end, long pos, const char *text, long n) {
  if (pos + n > end) return -1;
  for (long i = 0; i < n; i++) if (p[pos + i] != (unsigned char)text[i]) return -1;
  return pos + n;
}

__attribute__((always_inline)) static inline long json_skip_value(const unsigned char *p, long end, long pos, long depth,
                                                                long *last_key_start, long *last_key_end) {
  // The closing byte of each open container, innermost last.
  unsigned char closing[max_depth + 1];
  long top = 0;
  long key_start = *last_key_start, key_end = *last_key_end;
  unsigned char c;

value:
  if (pos >= end) return -1;
  c = p[pos];
  switch (c) {
  case '"':
    pos = skip_string(p, end, pos);
    if (pos < 0) return -1;
    goto after_value;
  case '{':
  case '[':
    if (depth + top + 1 > max_depth) return -1;
    closing[top++] = c == '{' ? '}' : ']';
    pos = skip_space(p, end, pos + 1);
    if (pos < end && p[pos] == closing[top - 1]) {
      pos++;
      top--;
      goto after_value;
    }
    if (c == '{') goto key;
    goto value;
  case 't':
    pos = skip_literal(p, end, pos, "true", 4);
    break;
  case 'f':
    pos = skip_literal(p, end, pos, "false", 5);
    break;
  case 'n':
    pos = skip_literal(p, end, pos, "null", 4);
    break;
  default:
    if (c == '-' || (c >= '0' && c <= '9')) {
      pos = skip_number(p, end, pos);
      break;
    }
    return -1;
  }
  if (pos < 0) return -1;

after_value:
  if (top == 0) {
    *last_key_start = key_start;
    *last_key_end = key_end;
    return pos;
  }
  pos = skip_space(p, end, pos);
  if (pos >= end) return -1;
  c = p[pos];
  if (c == ',') {
    pos = skip_space(p, end, pos + 1);
    if (closing[top - 1] == '}') goto key;
    goto value;
  }
  if (c == closing[top - 1]) {
    pos++;
    top--;
    goto after_value;
  }
  return -1;

key:
  if (pos >= end || p[pos] != '"') return -1;
  {
    long start = pos + 1;
    pos = skip_string(p, end, pos);
    if (pos < 0) return -1;
    key_start = start;
    key_end = pos - 1;
  }
  pos = skip_space(p, end, pos);
  if (pos >= end || p[pos] != ':') return -1;
  pos = skip_space(p, end, pos + 1);
  goto value;
}

#endif
