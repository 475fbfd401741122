import JourneyModel

/// Decides which personas one user is in (SPEC §9), streaming the user's events once in time order
/// (then input order), with O(1) state per `first_touch` and, per `did`, the matching times inside
/// its `within` window: ``begin()``, ``observe(bits:time:)`` per event, ``finish()``.
///
/// The rules are flattened into leaves (each `first_touch` and `did` once, in order), so a leaf
/// shared by several personas is still evaluated per occurrence: configs have a handful.
/// - Complexity: O(leaves) per event, plus amortized O(1) per matching event of a windowed `did`.
package struct PersonaEvaluator {
  /// At most this many personas: membership is one bit each of a `UInt64`.
  package static let maximumPersonas = 64

  private enum Leaf {
    case firstTouch(present: UInt64, holds: UInt64)
    case did(matches: UInt64, atLeast: Int, atMost: Int?, within: Microseconds?)
  }

  /// A rule with its leaves replaced by indices into ``leaves``.
  private indirect enum Node {
    case leaf(Int)
    case all([Node])
    case any([Node])
    case not(Node)
  }

  private var leaves: [Leaf] = []
  private let personas: [Node]
  // Per user: each first_touch's decision (nil: no value yet); each did's count so far, most in a
  // window, and the matching times still inside the window.
  private var decided: [Bool?] = []
  private var counts: [Int] = []
  private var most: [Int] = []
  private var windows: [[Microseconds]] = []
  private var windowStarts: [Int] = []

  package init(rules: [PersonaRule]) {
    precondition(rules.count <= Self.maximumPersonas, "at most \(Self.maximumPersonas) personas")
    var leaves: [Leaf] = []
    func compile(_ rule: PersonaRule) -> Node {
      switch rule {
      case .firstTouch(let present, let holds):
        leaves.append(.firstTouch(present: 1 << UInt64(present), holds: 1 << UInt64(holds)))
        return .leaf(leaves.count - 1)
      case .did(let matches, let atLeast, let atMost, let within):
        leaves.append(.did(matches: 1 << UInt64(matches), atLeast: atLeast, atMost: atMost, within: within))
        return .leaf(leaves.count - 1)
      case .all(let parts): return .all(parts.map(compile))
      case .any(let parts): return .any(parts.map(compile))
      case .not(let inner): return .not(compile(inner))
      }
    }
    personas = rules.map(compile)
    self.leaves = leaves
    decided = Array(repeating: nil, count: leaves.count)
    counts = Array(repeating: 0, count: leaves.count)
    most = Array(repeating: 0, count: leaves.count)
    windows = Array(repeating: [], count: leaves.count)
    windowStarts = Array(repeating: 0, count: leaves.count)
  }

  /// Starts the next user.
  package mutating func begin() {
    for index in leaves.indices {
      decided[index] = nil
      counts[index] = 0
      most[index] = 0
      windows[index].removeAll(keepingCapacity: true)
      windowStarts[index] = 0
    }
  }

  /// One event of the user, in time order: `bits` are its predicate bits (``PersonaRule``).
  package mutating func observe(bits: UInt64, time: Microseconds) {
    for index in leaves.indices {
      switch leaves[index] {
      case .firstTouch(let present, let holds):
        if decided[index] == nil, bits & present != 0 { decided[index] = bits & holds != 0 }
      case .did(let matches, _, _, let within):
        guard bits & matches != 0 else { continue }
        counts[index] += 1
        guard let within else { continue }
        // Matches in [time − within, time]: the most any closed window of that length holds is
        // the most that one ending at a match holds.
        windows[index].append(time)
        while time - windows[index][windowStarts[index]] > within { windowStarts[index] += 1 }
        most[index] = max(most[index], windows[index].count - windowStarts[index])
        // Drop what left the window once it is half the storage.
        if windowStarts[index] > 64, windowStarts[index] * 2 > windows[index].count {
          windows[index].removeFirst(windowStarts[index])
          windowStarts[index] = 0
        }
      }
    }
  }

  /// The user's personas: bit *p* set when the user is in persona *p* (none set: `(no persona)`).
  package func finish() -> UInt64 {
    var membership: UInt64 = 0
    for (persona, node) in personas.enumerated() where holds(node) { membership |= 1 << UInt64(persona) }
    return membership
  }

  private func holds(_ node: Node) -> Bool {
    switch node {
    case .leaf(let index):
      switch leaves[index] {
      case .firstTouch: return decided[index] ?? false
      case .did(_, let atLeast, let atMost, let within):
        let count = within == nil ? counts[index] : most[index]
        return count >= atLeast && atMost.map { count <= $0 } ?? true
      }
    case .all(let parts): return parts.allSatisfy(holds)
    case .any(let parts): return parts.contains(where: holds)
    case .not(let inner): return !holds(inner)
    }
  }
}
