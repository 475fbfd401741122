/// Cuts a buffer into chunks whose sizes come from a seed, so a target can check that chunked input
/// gives the same result as one chunk (the framer's and inflater's carry paths).
///
/// Sizes cycle through 1…`maxChunk` by a small linear congruential sequence: deterministic for a seed,
/// so a crash replays exactly.
public struct ChunkPlan: Sequence {
  public let count: Int
  public let seed: UInt8
  public let maxChunk: Int

  public init(count: Int, seed: UInt8, maxChunk: Int = 64) {
    self.count = count
    self.seed = seed
    self.maxChunk = Swift.max(1, maxChunk)
  }

  public func makeIterator() -> AnyIterator<Range<Int>> {
    var state = UInt32(seed) &* 2_654_435_761 &+ 1
    var offset = 0
    let count = self.count
    let maxChunk = self.maxChunk
    return AnyIterator {
      guard offset < count else { return nil }
      state = state &* 1_103_515_245 &+ 12_345
      let size = 1 + Int((state >> 16) % UInt32(maxChunk))
      let end = Swift.min(count, offset + size)
      defer { offset = end }
      return offset..<end
    }
  }
}
