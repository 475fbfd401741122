#ifndef CRE2_H
#define CRE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A regex compiled by RE2 (https://github.com/google/re2): matching takes time linear in the text.
typedef struct CRE2_regex CRE2_regex;

/// Compiles `pattern` (UTF-8, `length` bytes) once, for unanchored searches without captures.
///
/// Never NULL unless memory ran out; check `CRE2_errorCode` (0: ready to match) and free the result
/// with `CRE2_free` either way. RE2 logs nothing: its errors are read with the functions below.
CRE2_regex *CRE2_compile(const char *pattern, size_t length);

/// RE2's `RE2::ErrorCode` (0 `NoError`, 2 `ErrorBadEscape`, 11 `ErrorRepeatOp`, 12 `ErrorBadPerlOp`…).
int CRE2_errorCode(const CRE2_regex *regex);

/// RE2's error text ("invalid escape sequence: \1"); "" when the regex compiled. Lives as long as `regex`.
const char *CRE2_error(const CRE2_regex *regex);

/// The part of the pattern RE2 stopped at ("\1", "(?=", "++"); "" when none. Lives as long as `regex`.
const char *CRE2_errorArgument(const CRE2_regex *regex);

/// Whether the regex matches somewhere in the `length` bytes at `text` (RE2::PartialMatch): 1 or 0.
int CRE2_matches(const CRE2_regex *regex, const void *text, size_t length);

/// Frees what `CRE2_compile` returned (NULL is fine).
void CRE2_free(CRE2_regex *regex);

#ifdef __cplusplus
}
#endif

#endif
