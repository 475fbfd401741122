#ifndef CJSONWALK_H
#define CJSONWALK_H

#include <stdint.h>

/// One node of a field plan (JourneyParsing's `JSONPathPlan`), in the one layout both walks read:
/// its slots are `slots[slot_start ..< slot_start + slot_count]`, its members `members[member_start
/// ..< member_start + member_count]`; `has_children` when it has members or lookups, `has_lookups`
/// when it has lookups (only the Swift walk takes those), `is_events` when it is the events path.
typedef struct {
  int32_t slot_start;
  int32_t slot_count;
  int32_t member_start;
  int32_t member_count;
  uint8_t has_children;
  uint8_t has_lookups;
  uint8_t is_events;
  uint8_t unused;
} CJSONWalkNode;

/// A member key of a node: `key_bytes[key_start ..< key_start + key_count]`, its first eight bytes
/// zero-padded (little-endian) in `prefix`, the node it leads to, and the array index the key names
/// (-1 when it is not a number).
typedef struct {
  uint64_t prefix;
  int32_t key_start;
  int32_t key_count;
  int32_t node;
  int32_t index;
} CJSONWalkMember;

typedef struct {
  const CJSONWalkNode *nodes;
  const CJSONWalkMember *members;
  const int32_t *slots;
  const unsigned char *key_bytes;
  long slot_count;
} CJSONWalkPlan;

enum { CJSONWalkMissing = 0, CJSONWalkNull = 1, CJSONWalkString = 2, CJSONWalkNumber = 3, CJSONWalkBool = 4,
       CJSONWalkComposite = 5 };

/// The value a walk found for one slot: its kind (the CJSONWalk* constants, in the order of
/// JourneyModel's `FieldKind`), the range of its bytes in the line (a string's without its quotes)
/// and whether a string has escapes to decode.
typedef struct {
  int32_t start;
  int32_t end;
  uint8_t kind;
  uint8_t escaped;
  uint16_t unused;
} CJSONWalkValue;

/// Walks the object at `p[pos]` (a `{`) along `plan` from node 0 and checks that only whitespace
/// follows it up to `end`, as JSONFieldWalker does, filling `values[0 ..< plan->slot_count]`.
/// Returns 1 when done; 0 when the line is invalid or has anything this leaves to the Swift walk (an
/// escaped key, a key met twice for one slot, an array with members to walk, nesting beyond 64, a
/// line past 2 GiB): the caller then walks the line in Swift, which also says what is wrong. Never
/// looser than the Swift walk (tested against it: JSONWalkTests, the NDJSON fuzz target).
long CJSONWalk_line(const CJSONWalkPlan *plan, const unsigned char *p, long end, long pos, CJSONWalkValue *values);

#endif
