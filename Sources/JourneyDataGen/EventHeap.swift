/// A binary min-heap of (time, user), so users' events come out in global time order.
///
/// Ties go to the lower user index: the output depends on the seed only.
struct EventHeap {
  private var times: [Int64] = []
  private var users: [Int32] = []

  init(capacity: Int) {
    times.reserveCapacity(capacity)
    users.reserveCapacity(capacity)
  }

  var isEmpty: Bool { times.isEmpty }

  @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
    times[a] < times[b] || (times[a] == times[b] && users[a] < users[b])
  }

  private mutating func swapAt(_ a: Int, _ b: Int) {
    times.swapAt(a, b)
    users.swapAt(a, b)
  }

  mutating func push(time: Int64, user: Int32) {
    times.append(time)
    users.append(user)
    var child = times.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard less(child, parent) else { break }
      swapAt(child, parent)
      child = parent
    }
  }

  /// The user with the earliest next event, left in place: call ``replaceTop(time:)`` or ``popTop()``.
  var top: (time: Int64, user: Int32) { (times[0], users[0]) }

  /// Gives the top user a new time and restores the heap order.
  mutating func replaceTop(time: Int64) {
    times[0] = time
    siftDown(from: 0)
  }

  mutating func popTop() {
    let last = times.count - 1
    swapAt(0, last)
    times.removeLast()
    users.removeLast()
    if !times.isEmpty { siftDown(from: 0) }
  }

  private mutating func siftDown(from start: Int) {
    var parent = start
    let count = times.count
    while true {
      let left = 2 * parent + 1
      guard left < count else { return }
      var best = left
      if left + 1 < count && less(left + 1, left) { best = left + 1 }
      guard less(best, parent) else { return }
      swapAt(best, parent)
      parent = best
    }
  }
}
