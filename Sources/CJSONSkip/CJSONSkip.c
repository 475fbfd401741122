// A validating skip of one JSON value, as JSONScanner.skipValue does it, in a flat loop: no
// recursion, no error values, a small stack of open containers. Any doubt returns -1 and the Swift
// scanner takes the value again, so this may only ever be stricter than JSONScanner, never looser
// (tested against it: JSONSkipTests and the NDJSON fuzz target).

#include "CJSONSkip.h"
#include "JSONGrammar.h"

long CJSONSkip_value(const unsigned char *p, long end, long pos, long depth, long *last_key_start,
                     long *last_key_end) {
  return json_skip_value(p, end, pos, depth, last_key_start, last_key_end);
}
