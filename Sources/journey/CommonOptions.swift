import ArgumentParser
import Foundation
import JourneyConfig
import JourneyModel
import JourneyParsing
import JourneyPipeline

/// Options every command that reads events shares: inputs, config, format, limits, messages.
///
/// The options that only some commands act on are groups of their own (``TimeRangeOptions``,
/// ``WorkOptions``, ``SessionOptions``, ``RejectOptions``), so that `--help` lists only what does
/// something there (SPEC §11).
struct InputOptions: ParsableArguments {
  @Option(name: [.short, .customLong("config")], help: "The YAML config (see `journey init`).", completion: .file(extensions: ["yaml", "yml"]))
  var config: String?

  @Option(
    help: "A preset field mapping and default journey: \(Preset.all.map(\.name).joined(separator: ", ")).",
    completion: .list(Preset.all.map(\.name)))
  var preset: String?

  @Option(
    name: .customLong("input-format"), help: "Input format: auto, ndjson, csv, tsv, combined, common, whitespace.",
    completion: .list(["auto", "ndjson", "csv", "tsv", "combined", "common", "whitespace"]))
  var inputFormat: String?

  // Value options parse `.unconditional`ly: ArgumentParser would read `-1` or `-5m` as an option name
  // ("missing value"); taken as values, they get the messages of `runSettings()` ("must be positive").

  @Option(name: .customLong("max-line-length"), parsing: .unconditional, help: "Longest accepted record in bytes (16 MiB).")
  var maxLineLength: Int = 16 << 20

  @Flag(name: [.short, .long], help: "No warnings or progress on stderr; errors only.")
  var quiet = false

  @Option(help: "Progress on stderr: auto (only on a terminal), always, never.")
  var progress: ProgressMode = .auto

  @Argument(help: "Files, folders (all files below, sorted), or - for standard input (the default).", completion: .file())
  var inputs: [String] = []

  /// The run's settings from these options; a bad value is a usage error naming the option. The
  /// other groups add theirs (`apply(to:)`).
  ///
  /// `inspect` passes `unknownInputFormatIsAuto`: there `--input-format` only guides the detection,
  /// and a name it does not know has always meant `auto`.
  func runSettings(unknownInputFormatIsAuto: Bool = false) throws(JourneyError) -> RunSettings {
    var settings = RunSettings()
    settings.inputs = inputs
    settings.configPath = config
    settings.preset = preset
    guard maxLineLength > 0 else {
      throw JourneyError(kind: .usage, message: "--max-line-length must be positive (got \(maxLineLength))")
    }
    settings.maxRecordLength = maxLineLength
    if let inputFormat {
      settings.format = unknownInputFormatIsAuto
        ? try? ConfigResolver.inputFormat(named: inputFormat) : try ConfigResolver.inputFormat(named: inputFormat)
      settings.formatSpelling = settings.format.map { _ in inputFormat }
    }
    let quiet = self.quiet
    settings.warn = { message in if !quiet { Diagnostics.warning(message) } }
    for problem in RunSettings.environmentProblems { settings.warn("warning: \(problem)") }
    return settings
  }
  static func time(_ text: String, option: String) throws(JourneyError) -> Microseconds {
    guard let value = TimestampParser(format: .auto).parse(Array(text.utf8)) else {
      throw JourneyError(kind: .usage, message: "\(option) must be a time like 2026-11-01 or 2026-11-01T06:00:00Z (got \(text))")
    }
    return value
  }

  /// `512M`, `2G`, `100k`, `1.5GiB`, or plain bytes.
  static func byteCount(_ text: String) -> Int? {
    let lower = text.lowercased().replacingOccurrences(of: "ib", with: "").replacingOccurrences(of: "b", with: "")
    let units: [(String, Double)] = [("k", 1024), ("m", 1024 * 1024), ("g", 1024 * 1024 * 1024), ("t", 1024 * 1024 * 1024 * 1024)]
    for (suffix, scale) in units where lower.hasSuffix(suffix) {
      guard let number = Double(lower.dropLast()) else { return nil }
      return Int(number * scale)
    }
    return Int(lower)
  }
}

enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// `--from` / `--to`: `report`, `sessions`, `classify` (not `inspect`, which shows every record).
struct TimeRangeOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Only events at or after this time (ISO 8601, e.g. 2026-11-01 or 2026-11-01T06:00:00Z).")
  var from: String?

  @Option(parsing: .unconditional, help: "Only events before this time.")
  var to: String?

  func apply(to settings: inout RunSettings) throws(JourneyError) {
    settings.from = try from.map { text throws(JourneyError) in try InputOptions.time(text, option: "--from") }
    settings.to = try to.map { text throws(JourneyError) in try InputOptions.time(text, option: "--to") }
    if let from = settings.from, let to = settings.to, from >= to {
      throw JourneyError(
        kind: .usage, message: "--from \(self.from ?? "") is not before --to \(self.to ?? ""); expected an interval [from, to) with from < to")
    }
  }
}

/// `--threads` / `--memory`: the commands that keep events (`report`, `sessions`, and `classify`
/// with personas).
struct WorkOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Worker threads (default: all cores; at most 4 per core).")
  var threads: Int?

  @Option(parsing: .unconditional, help: "Memory limit for buffered events (e.g. 512M, 2G); above it sorted runs spill to a temporary folder.")
  var memory: String?

  func apply(to settings: inout RunSettings, quiet: Bool) throws(JourneyError) {
    if let threads {
      guard threads > 0 else { throw JourneyError(kind: .usage, message: "--threads must be positive (got \(threads))") }
      settings.threads = threads
      if threads > RunSettings.maxThreads && !quiet {
        Diagnostics.warning(
          "warning: --threads \(threads) is more than \(RunSettings.threadsPerCore) per core; using \(RunSettings.maxThreads) (\(RunSettings.defaultThreads) cores)")
      }
    }
    if let memory {
      guard let bytes = InputOptions.byteCount(memory), bytes > 0 else {
        let what = memory.hasPrefix("-") || InputOptions.byteCount(memory) == 0 ? "must be positive" : "must be a size like 512M or 2G"
        throw JourneyError(kind: .usage, message: "--memory \(what) (got \(memory))")
      }
      let floor = RunSettings.memoryFloor
      if bytes < floor, !quiet {
        Diagnostics.warning("note: --memory \(memory) raised to \(floor % (1 << 20) == 0 ? "\(floor >> 20)M" : "\(floor) bytes"), the least the event store works with")
      }
      settings.memoryLimit = max(bytes, floor)
    }
  }
}

/// `--timeout`: the commands that cut sessions (`report`, `sessions`).
struct SessionOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Session inactivity timeout (90s, 30m, 2h, 7d); overrides sessions.timeout.")
  var timeout: String?

  func apply(to settings: inout RunSettings) throws(JourneyError) {
    guard let timeout else { return }
    guard let value = ConfigLoader.durationMicroseconds(timeout), value > 0 else {
      if let suggestion = ConfigLoader.unitSuggestion(timeout) {
        throw JourneyError(kind: .usage, message: "--timeout \(timeout) has no unit; did you mean \(suggestion)?")
      }
      let what = timeout.hasPrefix("-") || ConfigLoader.durationMicroseconds(timeout) == 0 || Double(timeout) == 0 ? "must be positive" : "must be a duration like 30m"
      throw JourneyError(kind: .usage, message: "--timeout \(what) (got \(timeout))")
    }
    settings.timeout = value
  }
}

/// `--rejects` (`report`, `sessions`); `--max-bad-ratio` and `--strict` only where a report is
/// judged (`report`: `withVerdict`).
struct RejectFileOption: ParsableArguments {
  @Option(help: "Write every rejected record (file, line, reason, excerpt) as NDJSON to this file.", completion: .file())
  var rejects: String?

  func apply(to settings: inout RunSettings) { settings.rejectsPath = rejects }
}

/// `--max-bad-ratio` and `--strict`: what makes a `report` fail on bad input.
struct RejectLimitOptions: ParsableArguments {
  @Option(name: .customLong("max-bad-ratio"), parsing: .unconditional, help: "Exit 3 when more than this share of records is rejected.")
  var maxBadRatio: Double = 0.01

  @Flag(help: "Treat a truncated or corrupt gzip input as fatal (exit 2, no report).")
  var strict = false

  func apply(to settings: inout RunSettings) throws(JourneyError) {
    guard maxBadRatio >= 0 else {
      throw JourneyError(kind: .usage, message: "--max-bad-ratio must not be negative (got \(maxBadRatio))")
    }
    guard maxBadRatio <= 1 else {
      throw JourneyError(kind: .usage, message: "--max-bad-ratio must be between 0 and 1 (got \(maxBadRatio))")
    }
    settings.maxBadRatio = maxBadRatio
    settings.strict = strict
  }
}
