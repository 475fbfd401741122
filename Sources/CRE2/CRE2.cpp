// The C face of RE2's C++ API, for Swift: no C++ type and no exception crosses this boundary.
#include "CRE2.h"

#include <new>
#include <re2/re2.h>

struct CRE2_regex {
  re2::RE2 re;
  CRE2_regex(const char *pattern, size_t length, const re2::RE2::Options &options)
      : re(re2::StringPiece(pattern, length), options) {}
};

extern "C" CRE2_regex *CRE2_compile(const char *pattern, size_t length) {
  re2::RE2::Options options;
  options.set_log_errors(false);   // errors are returned, never printed on stderr
  options.set_never_capture(true); // only "does it match": no submatch bookkeeping
  try {
    return new (std::nothrow) CRE2_regex(pattern, length, options);
  } catch (...) {
    return nullptr;
  }
}

extern "C" int CRE2_errorCode(const CRE2_regex *regex) { return static_cast<int>(regex->re.error_code()); }

extern "C" const char *CRE2_error(const CRE2_regex *regex) { return regex->re.error().c_str(); }

extern "C" const char *CRE2_errorArgument(const CRE2_regex *regex) { return regex->re.error_arg().c_str(); }

extern "C" int CRE2_matches(const CRE2_regex *regex, const void *text, size_t length) {
  re2::StringPiece piece(static_cast<const char *>(text), length);
  return regex->re.Match(piece, 0, length, re2::RE2::UNANCHORED, nullptr, 0) ? 1 : 0;
}

extern "C" void CRE2_free(CRE2_regex *regex) { delete regex; }
