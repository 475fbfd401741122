import ArgumentParser
import Foundation

/// Writes realistic, seeded clickstream exports for tests and benchmarks.
@main
struct JourneyDataGen: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journey-datagen",
    abstract: "Write realistic, seeded, gzipped clickstream exports (Segment-style NDJSON or CSV).",
    discussion: """
      The same arguments always give the same bytes. Files are split in time order, lines are \
      shuffled within windows of --window lines, and about --late percent of the events land in \
      a later file than their time. A journey.yaml matching the data is written next to them.
      """)

  @Option(help: "Number of events to write.") var events: Int = 100_000
  @Option(help: "Number of users (default: events / 10).") var users: Int?
  @Option(help: "Seed of the pseudo-random generator.") var seed: UInt64 = 1
  @Option(help: "ndjson or csv.") var format: String = "ndjson"
  @Option(
    help: """
      uniform: every line one Segment track call shape; varied (NDJSON only): track, page and identify \
      calls whose members, key order, escapes and numbers vary as in real exports, same journeys.
      """)
  var shape: String = "uniform"
  @Option(help: "Number of files.") var files: Int = 4
  @Option(help: "Output folder (created if needed).") var out: String
  @Option(help: "gzip level 1...9, or 0 for uncompressed files.") var gzipLevel: Int = 6
  @Option(help: "Time of the first events (ISO 8601, UTC).") var start: String = "2026-11-01T00:00:00Z"
  @Option(help: "Days over which users start their activity.") var days: Int = 7
  @Option(help: "Lines shuffled together (1: keep time order).") var window: Int = 1000
  @Option(help: "Percent of events written into a later file.") var late: Double = 2
  @Option(help: "Percent of users with only an anonymousId.") var anonymous: Double = 15

  func validate() throws {
    guard events > 0 else { throw ValidationError("--events must be positive (got \(events)).") }
    guard files > 0 else { throw ValidationError("--files must be positive (got \(files)).") }
    guard (0...9).contains(gzipLevel) else { throw ValidationError("--gzip-level must be 0...9 (got \(gzipLevel)).") }
    guard GeneratorSettings.Format(rawValue: format) != nil else {
      throw ValidationError("--format must be ndjson or csv (got '\(format)').")
    }
    guard let shape = GeneratorSettings.Shape(rawValue: shape) else {
      throw ValidationError("--shape must be uniform or varied (got '\(self.shape)').")
    }
    guard shape == .uniform || format == "ndjson" else {
      throw ValidationError(
        "--shape varied writes NDJSON only (Segment calls nest objects and arrays a CSV row cannot hold); drop --format csv.")
    }
    guard Self.parseStart(start) != nil else {
      throw ValidationError("--start must look like 2026-11-01T00:00:00Z (got '\(start)').")
    }
    guard window > 0, days > 0, (0...100).contains(late), (0...100).contains(anonymous) else {
      throw ValidationError("--window and --days must be positive, --late and --anonymous percentages.")
    }
  }

  func run() throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let settings = GeneratorSettings(
      events: events, users: users ?? max(1, events / 10), seed: seed,
      format: GeneratorSettings.Format(rawValue: format)!, shape: GeneratorSettings.Shape(rawValue: shape)!,
      files: files, directory: out,
      gzipLevel: gzipLevel, startMilliseconds: Self.parseStart(start)!, days: days,
      windowSize: window, lateFraction: late / 100, anonymousFraction: anonymous / 100)
    let began = Date()
    let summary = try Generator(settings: settings).run()
    let config = ConfigWriter.yaml(format: settings.format, shape: settings.shape)
    try config.write(toFile: out + "/journey.yaml", atomically: true, encoding: .utf8)
    let seconds = Date().timeIntervalSince(began)
    let rate = Double(summary.events) / max(seconds, 1e-9)
    // write(2), not FileHandle.write: a closed or full stderr must not crash the run (FileHandle traps).
    let line = """
      journey-datagen: \(summary.events) events, \(summary.users) users, \(summary.lateEvents) late, \
      \(summary.paths.count) files in \(out) (\(String(format: "%.2f", seconds)) s, \
      \(String(format: "%.0f", rate)) events/s)\n
      """
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
  }

  /// `YYYY-MM-DDTHH:MM:SS[.fff]Z` → milliseconds since the epoch.
  static func parseStart(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
    func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var millis = 0
    if bytes.count > 20 {
      guard bytes[19] == UInt8(ascii: "."), let fraction = number(20..<min(23, bytes.count - 1)) else { return nil }
      millis = fraction
    }
    let days = daysSinceEpoch(year: year, month: month, day: day)
    return ((days * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000) + Int64(millis)
  }
}
