#include "CISAL.h"

#include <stdlib.h>

// -DCISAL_NO_ISAL (swift build -Xcc -DCISAL_NO_ISAL) builds the zlib-only shim even with the header present.
#if !defined(CISAL_NO_ISAL) && __has_include(<isa-l/igzip_lib.h>) && __has_include(<dlfcn.h>)
#define CISAL_HAVE_HEADER 1
#include <dlfcn.h>
#include <pthread.h>
#include <isa-l/igzip_lib.h>
#if __has_include(<isa-l.h>)
#include <isa-l.h>
#endif
#else
#define CISAL_HAVE_HEADER 0
#endif

#if CISAL_HAVE_HEADER

struct CISAL_Inflater {
  struct inflate_state state;
  // The member header being read, kept between calls: isal_inflate reads the header with a fresh
  // isal_gzip_header on every call, so a header cut by the input's chunks loses its flags and its
  // CRC-16 (ISA-L 2.30: FNAME/FCOMMENT after a cut FEXTRA were decoded as deflate data, and a cut
  // FHCRC was checked against 0). Reading it here with one struct per member keeps both.
  struct isal_gzip_header header;
};

static void (*p_isal_inflate_init)(struct inflate_state *);
static void (*p_isal_inflate_reset)(struct inflate_state *);
static int (*p_isal_inflate)(struct inflate_state *);
static void (*p_isal_gzip_header_init)(struct isal_gzip_header *);
static int (*p_isal_read_gzip_header)(struct inflate_state *, struct isal_gzip_header *);
static int loaded = 0;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
  // RTLD_LOCAL: nothing of ISA-L becomes visible to other libraries in the process.
  // JOURNEY_ISAL_LIBRARY names another file (a library outside the loader's path; tests of the fallback).
  const char *path = getenv("JOURNEY_ISAL_LIBRARY");
  void *handle = dlopen(path && *path ? path : "libisal.so.2", RTLD_NOW | RTLD_LOCAL);
#ifdef __APPLE__
  if (handle == NULL && !(path && *path)) handle = dlopen("libisal.2.dylib", RTLD_NOW | RTLD_LOCAL);
#endif
  if (handle == NULL) return;
  p_isal_inflate_init = (void (*)(struct inflate_state *))dlsym(handle, "isal_inflate_init");
  p_isal_inflate_reset = (void (*)(struct inflate_state *))dlsym(handle, "isal_inflate_reset");
  p_isal_inflate = (int (*)(struct inflate_state *))dlsym(handle, "isal_inflate");
  p_isal_gzip_header_init = (void (*)(struct isal_gzip_header *))dlsym(handle, "isal_gzip_header_init");
  p_isal_read_gzip_header =
      (int (*)(struct inflate_state *, struct isal_gzip_header *))dlsym(handle, "isal_read_gzip_header");
  if (p_isal_inflate_init && p_isal_inflate_reset && p_isal_inflate && p_isal_gzip_header_init &&
      p_isal_read_gzip_header) {
    loaded = 1;
  } else {
    dlclose(handle);
  }
}

int CISAL_isAvailable(void) {
  pthread_once(&load_once, load);
  return loaded;
}

#define CISAL_STRINGIFY2(x) #x
#define CISAL_STRINGIFY(x) CISAL_STRINGIFY2(x)

const char *CISAL_version(void) {
#ifdef ISAL_MAJOR_VERSION
  return CISAL_STRINGIFY(ISAL_MAJOR_VERSION) "." CISAL_STRINGIFY(ISAL_MINOR_VERSION);
#else
  return "2";
#endif
}

CISAL_Inflater *CISAL_create(void) {
  if (!CISAL_isAvailable()) return NULL;
  // inflate_state holds its 64 KiB history window inline: heap, never moved.
  CISAL_Inflater *inflater = malloc(sizeof(CISAL_Inflater));
  if (inflater == NULL) return NULL;
  p_isal_inflate_init(&inflater->state);
  inflater->state.crc_flag = ISAL_GZIP;
  p_isal_gzip_header_init(&inflater->header);
  return inflater;
}

void CISAL_destroy(CISAL_Inflater *inflater) { free(inflater); }

void CISAL_reset(CISAL_Inflater *inflater) {
  p_isal_inflate_reset(&inflater->state);
  inflater->state.crc_flag = ISAL_GZIP;
  p_isal_gzip_header_init(&inflater->header);
}

int CISAL_inflate(CISAL_Inflater *inflater, const uint8_t **next_in, uint32_t *avail_in,
                  uint8_t *next_out, uint32_t *avail_out) {
  struct inflate_state *state = &inflater->state;
  state->next_in = (uint8_t *)*next_in;
  state->avail_in = *avail_in;
  state->next_out = next_out;
  state->avail_out = *avail_out;
  int status;
  int headerChecksum = 0;
  if (!state->wrapper_flag) {
    // The header first, with the kept struct; isal_inflate skips it once wrapper_flag is set.
    status = p_isal_read_gzip_header(state, &inflater->header);
    if (status == ISAL_DECOMP_OK && state->wrapper_flag) {
      status = p_isal_inflate(state);
    } else if (status == ISAL_INCORRECT_CHECKSUM) {
      headerChecksum = 1;
    }
  } else {
    status = p_isal_inflate(state);
  }
  // On an error, avail_in can lag behind next_in (bytes already pulled into the bit buffer): the pointer
  // is the truth, and with CISAL_bufferedInput it pins the failing byte.
  uint32_t consumed = (uint32_t)(state->next_in - (uint8_t *)*next_in);
  if (consumed > *avail_in) consumed = *avail_in;
  *next_in += consumed;
  *avail_in -= consumed;
  *avail_out = state->avail_out;
  switch (status) {
  case ISAL_DECOMP_OK:
  case ISAL_END_INPUT:
  case ISAL_OUT_OVERFLOW:
  case ISAL_NAME_OVERFLOW:     // names, comments and extras are skipped, never stored
  case ISAL_COMMENT_OVERFLOW:
  case ISAL_EXTRA_OVERFLOW:
    return state->block_state == ISAL_BLOCK_FINISH ? CISAL_MEMBER_END : CISAL_OK;
  case ISAL_NEED_DICT: return CISAL_NEED_DICT;
  case ISAL_INVALID_BLOCK: return CISAL_INVALID_BLOCK;
  case ISAL_INVALID_SYMBOL: return CISAL_INVALID_SYMBOL;
  case ISAL_INVALID_LOOKBACK: return CISAL_INVALID_LOOKBACK;
  case ISAL_INVALID_WRAPPER: return CISAL_INVALID_WRAPPER;
  case ISAL_UNSUPPORTED_METHOD: return CISAL_UNSUPPORTED_METHOD;
  case ISAL_INCORRECT_CHECKSUM:
    // The header's CRC-16 (read above), or else the trailer's CRC-32.
    return headerChecksum ? CISAL_HEADER_CHECKSUM : CISAL_INCORRECT_CHECKSUM;
  default: return CISAL_OTHER_ERROR;
  }
}

uint32_t CISAL_bufferedInput(const CISAL_Inflater *inflater) {
  const struct inflate_state *state = &inflater->state;
  int32_t bits = state->read_in_length > 0 ? state->read_in_length : 0;
  return (uint32_t)(bits / 8) + (uint32_t)(state->tmp_in_size > 0 ? state->tmp_in_size : 0);
}

#else  // no ISA-L header at build time: zlib only

int CISAL_isAvailable(void) { return 0; }
const char *CISAL_version(void) { return ""; }
CISAL_Inflater *CISAL_create(void) { return NULL; }
void CISAL_destroy(CISAL_Inflater *inflater) { (void)inflater; }
void CISAL_reset(CISAL_Inflater *inflater) { (void)inflater; }
int CISAL_inflate(CISAL_Inflater *inflater, const uint8_t **next_in, uint32_t *avail_in,
                  uint8_t *next_out, uint32_t *avail_out) {
  (void)inflater; (void)next_in; (void)avail_in; (void)next_out; (void)avail_out;
  return CISAL_OTHER_ERROR;
}
uint32_t CISAL_bufferedInput(const CISAL_Inflater *inflater) { (void)inflater; return 0; }

#endif
