/// Spreads lines over K files in time order, shuffling within windows and moving a few
/// lines into later files, while holding only one window and the late lines in memory.
///
/// - Complexity: O(1) amortised per line; memory O(window + late lines).
struct OutputFiles {
  let directory: String
  let fileCount: Int
  let baseName: String
  let gzipLevel: Int
  let header: [UInt8]?
  let windowSize: Int
  let lateFraction: Double
  /// Caps the lines held for later files, so memory stays bounded on any run.
  let maxLateLines: Int

  private(set) var currentFile = -1
  private(set) var linesWritten = 0
  private(set) var lateLinesWritten = 0
  private(set) var paths: [String] = []

  private var sink: GzipSink?
  private var window = LineBuilder(capacity: 1 << 20)
  private var windowStarts: [Int] = []
  private var output = LineBuilder(capacity: 1 << 21)
  private var late: [LineBuilder]
  private var lateStarts: [[Int]]
  private var lateHeld = 0
  private var order: [Int] = []

  init(directory: String, fileCount: Int, extension fileExtension: String, gzipLevel: Int,
       header: [UInt8]?, windowSize: Int, lateFraction: Double, maxLateLines: Int = 200_000) {
    self.directory = directory
    self.fileCount = fileCount
    self.baseName = fileExtension
    self.gzipLevel = gzipLevel
    self.header = header
    self.windowSize = windowSize
    self.lateFraction = lateFraction
    self.maxLateLines = maxLateLines
    late = Array(repeating: LineBuilder(capacity: 0), count: fileCount)
    lateStarts = Array(repeating: [], count: fileCount)
  }

  /// Switches to file `index` (files are opened in order, each once).
  mutating func open(file index: Int, rng: inout Xoshiro256) throws {
    precondition(index > currentFile)
    try closeCurrent(rng: &rng)
    currentFile = index
    let number = String(index)
    let padding = String(repeating: "0", count: max(0, 3 - number.count))
    let suffix = gzipLevel > 0 ? ".gz" : ""
    let name = "events-\(padding)\(number).\(baseName)\(suffix)"
    let path = directory + "/" + name
    paths.append(path)
    sink = try GzipSink(path: path, level: gzipLevel)
    if let header { output.bytes.append(contentsOf: header) }
    // Lines that arrive late: they join the first windows of this file.
    let held = late[index]
    let starts = lateStarts[index]
    late[index] = LineBuilder(capacity: 0)
    lateStarts[index] = []
    lateHeld -= starts.count
    for (offset, start) in starts.enumerated() {
      let end = offset + 1 < starts.count ? starts[offset + 1] : held.bytes.count
      windowStarts.append(window.bytes.count)
      window.bytes.append(contentsOf: held.bytes[start..<end])
      lateLinesWritten += 1
      if windowStarts.count >= windowSize { try flushWindow(rng: &rng) }
    }
  }

  /// Whether the next line should be held back for a later file (decided before formatting it).
  mutating func lateTarget(rng: inout Xoshiro256) -> Int? {
    guard currentFile < fileCount - 1, lateHeld < maxLateLines, rng.unit() < lateFraction else { return nil }
    return min(fileCount - 1, currentFile + 1 + rng.below(2))
  }

  /// Appends one line (with its newline) built by `build`, to the window or to a later file.
  mutating func addLine(lateTo target: Int?, rng: inout Xoshiro256, _ build: (inout LineBuilder) -> Void) throws {
    if let target {
      lateStarts[target].append(late[target].bytes.count)
      build(&late[target])
      late[target].bytes.append(0x0A)
      lateHeld += 1
      return
    }
    windowStarts.append(window.bytes.count)
    build(&window)
    window.bytes.append(0x0A)
    if windowStarts.count >= windowSize { try flushWindow(rng: &rng) }
  }

  private mutating func flushWindow(rng: inout Xoshiro256) throws {
    let count = windowStarts.count
    guard count > 0 else { return }
    order.removeAll(keepingCapacity: true)
    order.append(contentsOf: 0..<count)
    for index in stride(from: count - 1, to: 0, by: -1) {  // Fisher–Yates
      order.swapAt(index, rng.below(index + 1))
    }
    for line in order {
      let start = windowStarts[line]
      let end = line + 1 < count ? windowStarts[line + 1] : window.bytes.count
      output.bytes.append(contentsOf: window.bytes[start..<end])
    }
    linesWritten += count
    windowStarts.removeAll(keepingCapacity: true)
    window.bytes.removeAll(keepingCapacity: true)
    if output.bytes.count >= 1 << 20 {
      try sink?.write(output.bytes)
      output.bytes.removeAll(keepingCapacity: true)
    }
  }

  private mutating func closeCurrent(rng: inout Xoshiro256) throws {
    guard let sink else { return }
    try flushWindow(rng: &rng)
    try sink.write(output.bytes)
    output.bytes.removeAll(keepingCapacity: true)
    try sink.finish()
    self.sink = nil
  }

  /// Flushes and closes the last file.
  mutating func finish(rng: inout Xoshiro256) throws {
    try closeCurrent(rng: &rng)
  }
}
