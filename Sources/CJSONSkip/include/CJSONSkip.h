#ifndef CJSONSKIP_H
#define CJSONSKIP_H

#include <stddef.h>

#include "CJSONWalk.h"

/// Skips and validates the JSON value at `pos` of `p[0..<end]` (an object, array, string, number
/// or literal), by the grammar JourneyParsing's `JSONScanner` checks: strings of valid UTF-8 without
/// control bytes, escapes including surrogate pairs and no `\u0000`, JSON numbers, whitespace of
/// space, tab, CR and LF, containers nested at most `512 - depth` deep.
///
/// Returns the position right after the value, or -1 when the value is not valid there: the caller
/// scans it again with `JSONScanner` for the message (this never says why). On success,
/// `*last_key_start` and `*last_key_end` are the raw range of the last member key it scanned (left
/// as they were when it scanned none), as `JSONScanner.memberKey()` would have left them.
long CJSONSkip_value(const unsigned char *p, long end, long pos, long depth, long *last_key_start,
                     long *last_key_end);

#endif
