// The walk of one NDJSON line along a field plan, in C: JSONFieldWalker's common case (objects
// with plain keys, values of any kind) without its per-member overhead. Anything else returns 0
// and the Swift walk takes the line, so the two only ever differ in speed.

#include "CJSONWalk.h"
#include "JSONGrammar.h"

#include <string.h>

enum { max_walk_depth = 64 };

typedef struct {
  const CJSONWalkPlan *plan;
  const unsigned char *p;
  long end;
  CJSONWalkValue *values;
} walk;

// Sets the slots of `node` to a value; 0 when one is set already (a duplicate key: the Swift walk
// says so).
static inline int set_slots(const walk *w, const CJSONWalkNode *node, uint8_t kind, long start, long end, int escaped) {
  const int32_t *slots = w->plan->slots + node->slot_start;
  for (int32_t i = 0; i < node->slot_count; i++) {
    CJSONWalkValue *value = &w->values[slots[i]];
    if (value->kind != CJSONWalkMissing) return 0;
    value->start = (int32_t)start;
    value->end = (int32_t)end;
    value->kind = kind;
    value->escaped = (uint8_t)escaped;
  }
  return 1;
}

// The node member `key` (raw, unescaped, `count` bytes at p[start]) of `node` leads to, or -1.
static inline int32_t member_node(const walk *w, const CJSONWalkNode *node, long start, long count) {
  const CJSONWalkMember *members = w->plan->members + node->member_start;
  uint64_t word = 0;
  if (start + 8 <= w->end) {
    memcpy(&word, w->p + start, 8);
    if (count < 8) word &= ((uint64_t)1 << (8 * count)) - 1;
  } else {
    memcpy(&word, w->p + start, (size_t)(count < 8 ? count : 8));
  }
  for (int32_t i = 0; i < node->member_count; i++) {
    const CJSONWalkMember *m = &members[i];
    if (m->prefix == word && m->key_count == count &&
        (count <= 8 || memcmp(w->p + start + 8, w->plan->key_bytes + m->key_start + 8, (size_t)(count - 8)) == 0))
      return m->node;
  }
  return -1;
}

static long walk_value(const walk *w, long pos, int32_t index, long depth);

// The object at p[pos] of node `index`: the position after it, or -1.
static long walk_object(const walk *w, long pos, int32_t index, long depth) {
  if (depth > max_walk_depth) return -1;
  const CJSONWalkNode *node = &w->plan->nodes[index];
  const unsigned char *p = w->p;
  long end = w->end;
  pos = skip_space(p, end, pos + 1);
  if (pos < end && p[pos] == '}') return pos + 1;
  for (;;) {
    if (pos >= end || p[pos] != '"') return -1;
    int escaped = 0;
    long after = scan_string(p, end, pos, &escaped);
    if (after < 0 || escaped) return -1;
    int32_t child = member_node(w, node, pos + 1, after - pos - 2);
    pos = skip_space(p, end, after);
    if (pos >= end || p[pos] != ':') return -1;
    pos = skip_space(p, end, pos + 1);
    if (child >= 0) {
      pos = walk_value(w, pos, child, depth);
    } else {
      long key_start = 0, key_end = -1;
      pos = json_skip_value(p, end, pos, depth, &key_start, &key_end);
    }
    if (pos < 0) return -1;
    pos = skip_space(p, end, pos);
    if (pos >= end) return -1;
    if (p[pos] == ',') {
      pos = skip_space(p, end, pos + 1);
      continue;
    }
    if (p[pos] == '}') return pos + 1;
    return -1;
  }
}

// The value at p[pos] of node `index`, at `depth` as JSONFieldWalker.walkValue counts it.
static long walk_value(const walk *w, long pos, int32_t index, long depth) {
  const CJSONWalkNode *node = &w->plan->nodes[index];
  const unsigned char *p = w->p;
  long end = w->end;
  if (pos >= end) return -1;
  long start = pos;
  switch (p[pos]) {
  case '{': {
    long key_start = 0, key_end = -1;
    pos = node->has_children ? walk_object(w, pos, index, depth + 1) : json_skip_value(p, end, pos, depth, &key_start, &key_end);
    if (pos < 0 || !set_slots(w, node, CJSONWalkComposite, start, pos, 0)) return -1;
    return pos;
  }
  case '[': {
    if (node->has_children) return -1;
    long key_start = 0, key_end = -1;
    pos = json_skip_value(p, end, pos, depth, &key_start, &key_end);
    if (pos < 0 || !set_slots(w, node, CJSONWalkComposite, start, pos, 0)) return -1;
    return pos;
  }
  case '"': {
    int escaped = 0;
    pos = scan_string(p, end, pos, &escaped);
    if (pos < 0 || !set_slots(w, node, CJSONWalkString, start + 1, pos - 1, escaped)) return -1;
    return pos;
  }
  case 't':
    pos = skip_literal(p, end, pos, "true", 4);
    if (pos < 0 || !set_slots(w, node, CJSONWalkBool, start, pos, 0)) return -1;
    return pos;
  case 'f':
    pos = skip_literal(p, end, pos, "false", 5);
    if (pos < 0 || !set_slots(w, node, CJSONWalkBool, start, pos, 0)) return -1;
    return pos;
  case 'n':
    pos = skip_literal(p, end, pos, "null", 4);
    if (pos < 0 || !set_slots(w, node, CJSONWalkNull, start, start, 0)) return -1;
    return pos;
  default:
    if (p[pos] == '-' || (p[pos] >= '0' && p[pos] <= '9')) {
      pos = skip_number(p, end, pos);
      if (pos < 0 || !set_slots(w, node, CJSONWalkNumber, start, pos, 0)) return -1;
      return pos;
    }
    return -1;
  }
}

long CJSONWalk_line(const CJSONWalkPlan *plan, const unsigned char *p, long end, long pos, CJSONWalkValue *values) {
  if (end >= INT32_MAX) return 0;
  memset(values, 0, sizeof(CJSONWalkValue) * (size_t)plan->slot_count);
  walk w = {plan, p, end, values};
  pos = walk_value(&w, pos, 0, 0);
  if (pos < 0) return 0;
  return skip_space(p, end, pos) == end;
}
