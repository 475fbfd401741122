import CJSONSkip
import JourneyModel

/// A parsed field path: `context.page.url`, `items.0.id`, `event_params[key=page_location].value.string_value`.
///
/// Segments are split at dots; a segment in double quotes may contain dots (`a."b.c"`). A segment of
/// digits matches an array index or an object key of those digits. `[name=value]` picks the
/// element of an array of objects whose `name` member equals `value`; `[N]` is an index.
/// A leading `$parent.` addresses the enclosing line object when events are nested.
struct JSONPath: Equatable, Sendable {
  enum Component: Equatable, Sendable {
    /// An object member, or (when `index` is not nil) also an array element.
    case member(key: [UInt8], index: Int?)
    /// An element of an array of objects whose member `name` equals `value`.
    case lookup(name: [UInt8], value: [UInt8])
  }

  var components: [Component]
  var isParent: Bool

  init(_ text: String) {
    var rest = Substring(text)
    isParent = false
    if rest.hasPrefix("$parent.") {
      isParent = true
      rest = rest.dropFirst("$parent.".count)
    }
    components = []
    var segment: [UInt8] = []
    var quoted = false
    var bytes = Array(rest.utf8)[...]
    func flush(_ segment: inout [UInt8], _ components: inout [Component]) {
      guard !segment.isEmpty else { return }
      components.append(.member(key: segment, index: JSONPath.index(of: segment)))
      segment.removeAll()
    }
    while let b = bytes.popFirst() {
      if quoted {
        if b == ASCII.quote { quoted = false } else { segment.append(b) }
        continue
      }
      switch b {
      case ASCII.quote where segment.isEmpty: quoted = true
      case ASCII.period: flush(&segment, &components)
      case ASCII.leftBracket:
        flush(&segment, &components)
        guard let close = bytes.firstIndex(of: ASCII.rightBracket) else { segment.append(b); continue }
        let inside = bytes[bytes.startIndex..<close]
        bytes = bytes[(close + 1)...]
        if let eq = inside.firstIndex(of: ASCII.equals) {
          var value = Array(inside[(eq + 1)...])
          if value.count >= 2, value.first == ASCII.quote, value.last == ASCII.quote {
            value = Array(value.dropFirst().dropLast())
          }
          components.append(.lookup(name: Array(inside[..<eq]), value: value))
        } else if let index = JSONPath.index(of: Array(inside)) {
          components.append(.member(key: Array(inside), index: index))
        } else {
          components.append(.member(key: Array(inside), index: nil))
        }
      default: segment.append(b)
      }
    }
    flush(&segment, &components)
  }

  static func index(of segment: [UInt8]) -> Int? {
    guard !segment.isEmpty, segment.count <= 9, segment.allSatisfy({ $0 >= ASCII.zero && $0 <= ASCII.nine }) else { return nil }
    return segment.reduce(0) { $0 * 10 + Int($1 - ASCII.zero) }
  }
}

/// All the paths of one run compiled into a trie, so one pass over a line fills every slot.
///
/// Node 0 is the line's root; node 1 the root of each nested event (used only with an events path).
final class JSONPathPlan: @unchecked Sendable {
  struct Member: Sendable {
    let key: [UInt8]
    let index: Int  // -1 when the key is not a number
    let node: Int
  }
  struct Lookup: Sendable {
    let name: [UInt8]
    let value: [UInt8]
    let node: Int
  }
  struct Node: Sendable {
    var slots: [Int] = []
    var members: [Member] = []
    var lookups: [Lookup] = []
    var isEvents = false
    var hasChildren: Bool { !members.isEmpty || !lookups.isEmpty }
  }

  let nodes: [Node]
  /// The same trie flattened into plain memory for the per-record walk, in the layout of
  /// `CJSONWalk.h`, which the Swift walk reads too (no reference counting there). Allocated once,
  /// freed in deinit; never mutated.
  let flatNodes: UnsafeMutablePointer<CJSONWalkNode>
  let flatSlots: UnsafeMutablePointer<Int32>
  let flatMembers: UnsafeMutablePointer<CJSONWalkMember>
  let keyBytes: UnsafeMutablePointer<UInt8>
  /// The plan as `CJSONWalk_line` reads it (its pointers live as long as this plan).
  private(set) var walkPlan = CJSONWalkPlan()
  /// Slots filled from the line root (with nested events: the `$parent.` fields).
  let parentSlots: [Int]
  let nested: Bool

  init(schema names: [String], eventsPath: String?) {
    var nodes = [Node(), Node()]
    var parentSlots: [Int] = []
    let nested = eventsPath != nil

    func insert(_ components: [JSONPath.Component], root: Int) -> Int {
      var current = root
      for component in components {
        switch component {
        case .member(let key, let index):
          if let existing = nodes[current].members.first(where: { $0.key == key }) {
            current = existing.node
          } else {
            nodes.append(Node())
            nodes[current].members.append(Member(key: key, index: index ?? -1, node: nodes.count - 1))
            current = nodes.count - 1
          }
        case .lookup(let name, let value):
          if let existing = nodes[current].lookups.first(where: { $0.name == name && $0.value == value }) {
            current = existing.node
          } else {
            nodes.append(Node())
            nodes[current].lookups.append(Lookup(name: name, value: value, node: nodes.count - 1))
            current = nodes.count - 1
          }
        }
      }
      return current
    }

    for (slot, name) in names.enumerated() {
      let path = JSONPath(name)
      let root = nested && !path.isParent ? 1 : 0
      let node = insert(path.components, root: root)
      nodes[node].slots.append(slot)
      if root == 0 { parentSlots.append(slot) }
    }
    if let eventsPath {
      let node = insert(JSONPath(eventsPath).components, root: 0)
      nodes[node].isEvents = true
    }
    self.nodes = nodes
    self.parentSlots = parentSlots
    self.nested = nested
    let slotTotal = nodes.reduce(0) { $0 + $1.slots.count }
    let memberTotal = nodes.reduce(0) { $0 + $1.members.count }
    let keyTotal = nodes.reduce(0) { $0 + $1.members.reduce(0) { $0 + $1.key.count } }
    flatNodes = .allocate(capacity: nodes.count)
    flatSlots = .allocate(capacity: max(1, slotTotal))
    flatMembers = .allocate(capacity: max(1, memberTotal))
    keyBytes = .allocate(capacity: max(1, keyTotal))
    var slotAt = 0, memberAt = 0, keyAt = 0
    for (i, node) in nodes.enumerated() {
      (flatNodes + i).initialize(to: CJSONWalkNode(
        slot_start: Int32(slotAt), slot_count: Int32(node.slots.count), member_start: Int32(memberAt),
        member_count: Int32(node.members.count), has_children: node.hasChildren ? 1 : 0,
        has_lookups: node.lookups.isEmpty ? 0 : 1, is_events: node.isEvents ? 1 : 0, unused: 0))
      for slot in node.slots {
        (flatSlots + slotAt).initialize(to: Int32(slot))
        slotAt += 1
      }
      for member in node.members {
        (flatMembers + memberAt).initialize(to: CJSONWalkMember(
          prefix: JSONPathPlan.prefixWord(member.key), key_start: Int32(keyAt), key_count: Int32(member.key.count),
          node: Int32(member.node), index: Int32(member.index)))
        memberAt += 1
        for b in member.key {
          (keyBytes + keyAt).initialize(to: b)
          keyAt += 1
        }
      }
    }
    walkPlan = CJSONWalkPlan(
      nodes: flatNodes, members: flatMembers, slots: flatSlots, key_bytes: keyBytes, slot_count: names.count)
  }

  /// The first eight bytes of `key`, zero-padded, as a little-endian word (a member's `prefix`).
  static func prefixWord(_ key: [UInt8]) -> UInt64 {
    var word: UInt64 = 0
    for (i, b) in key.prefix(8).enumerated() { word |= UInt64(b) << (8 * UInt64(i)) }
    return word
  }

  deinit {
    flatNodes.deallocate()
    flatSlots.deallocate()
    flatMembers.deallocate()
    keyBytes.deallocate()
  }
}
