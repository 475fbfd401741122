import Foundation
import FuzzSupport
import JourneyConfig
import JourneyModel
import JourneyPipeline
import JourneyReports
import JourneyRender

/// A config for the run that takes one: exclusions, rules of every operator kind, midnight splits.
let ruleConfig = """
  input:
    format: auto
    fields:
      user: [userId, anonymousId, user_id, client]
      time: [timestamp, event_time, time]
      event: [event, event_type, method]
  exclude:
    - field: context.userAgent
      regex: "(?i)bot|crawler"
  sessions:
    timeout: 30m
    split_at_midnight: true
    timezone: Europe/Berlin
  stages: [view, cart, purchase]
  rules:
    - stage: purchase
      event: [Order Completed, purchase]
    - stage: cart
      any:
        - { event: cart }
        - { field: context.page.path, prefix: /cart }
    - stage: view
      not: { field: event, exists: false }
  funnel:
    scope: user
    order: ordered
    window: 1d
  breakdown:
    - field: context.campaign.source

  """

/// A folder of this process's for the input file, the config and the spill runs.
let folder: URL = {
  let template = FileManager.default.temporaryDirectory.appendingPathComponent("journey-fuzz-report-XXXXXX").path
  var bytes = Array(template.utf8CString)
  guard let made = mkdtemp(&bytes) else { fatalError("mkdtemp failed in \(template)") }
  let url = URL(fileURLWithPath: String(cString: made))
  try! Data(ruleConfig.utf8).write(to: url.appendingPathComponent("rules.yaml"))
  atexit { try? FileManager.default.removeItem(at: folder) }
  return url
}()

/// The input file, rewritten for every input (in ``folder``).
let inputPath = folder.appendingPathComponent("input").path

/// The rules config's path (in ``folder``).
let configPath = folder.appendingPathComponent("rules.yaml").path

/// The settings of the first run, made once: one thread, no memory limit, the input file, blocks of
/// 64 KiB (more than `-max_len`, so the input is one block as with the default 4 MiB, which ASan's
/// allocator would map and poison for every run).
let baseSettings: RunSettings = {
  var settings = RunSettings()
  settings.inputs = [inputPath]
  settings.temporaryDirectory = folder.path
  settings.threads = 1
  settings.ingestBlockBytes = 64 << 10
  return settings
}()

/// Writes the input file with plain system calls: `Data.write(to:)` syncs the file to disk every time
/// (a tenth of the run), which a scratch file read back at once does not need.
func writeInput(_ bytes: UnsafeRawBufferPointer) {
  let fd = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  fuzzCheck(fd >= 0, "cannot open \(inputPath): errno \(errno)")
  var done = 0
  while done < bytes.count {
    let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
    fuzzCheck(n > 0 || (n < 0 && errno == EINTR), "cannot write \(inputPath): errno \(errno)")
    if n > 0 { done += n }
  }
  close(fd)
}

/// How the first byte of the input sets up the run: a preset, auto-detection, or the rules config.
let setups: [(preset: String?, config: Bool)] = [
  (nil, false), ("segment", false), ("rees46", false), ("combined", false), ("ga4", false), (nil, true),
  ("otto", false), ("cdnow", false),
]

/// The whole `journey report` on the input as one file (the first byte picks the preset or config, the
/// rest is the file: plain or gzip) with one thread and no memory limit; when the first byte's high bit
/// is set, again with two threads and a tiny memory limit (sorted runs spill to the temporary folder).
/// The report goes to memory as JSON, never to a file or device.
///
/// Invariants:
/// - an error is a usage, input or config error with a location, never a crash;
/// - both runs give the same report (the order of work and spilling change nothing);
/// - the counts add up: rejects by reason sum to the rejected count; accepted events and rejected records
///   are at most the records read plus the too-long ones (a nested record may hold many events, so only
///   for flat formats); users ≤ events, sessions ≥ users, excluded ≤ events;
/// - the JSON renders, reads back as JSON, and names its schema `journey-report/3`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReport(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let input = UnsafeBufferPointer(start: start, count: count)
  let setup = setups[Int(input[0]) % setups.count]
  writeInput(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input.dropFirst())))
  var settings = baseSettings
  settings.preset = setup.preset
  if setup.config { settings.configPath = configPath }
  let first: ReportPipeline.Outcome
  do {
    first = try ReportPipeline.run(settings)
  } catch {
    // A usage error too: auto-detection may find no preset for the file ("pass -c CONFIG or --preset").
    fuzzCheck(error.kind != .tooManyRejects, "a run failed with a \(error.kind) error: \(error)")
    fuzzCheck(error.location != nil, "an error without a location: \(error)")
    return 0
  }
  // The second run (two threads, spilling) when the first byte's high bit is set: half the speed, so
  // only for those inputs.
  guard input[0] & 0x80 != 0 else { return check(first) }
  settings.threads = 2
  settings.memoryLimit = 1 << 12
  settings.ingestBlockBytes = 1 << 10
  let second: ReportPipeline.Outcome
  do {
    second = try ReportPipeline.run(settings)
  } catch {
    fuzzCheck(false, "the run failed with two threads and spilling, not with one: \(error)")
    return 0
  }
  fuzzCheck(first.report == second.report, "two threads and spilling changed the report")
  return check(first)
}

/// The invariants of one run's outcome; returns 0 for libFuzzer.
func check(_ outcome: ReportPipeline.Outcome) -> CInt {
  let report = outcome.report
  let summary = report.summary
  fuzzCheck(report.rejects.byReason.values.reduce(0, +) == summary.rejected, "rejects by reason do not add up to \(summary.rejected)")
  fuzzCheck(report.rejects.count == summary.rejected, "rejects.count \(report.rejects.count), summary \(summary.rejected)")
  if outcome.config.input.events == nil {
    let records = summary.inputs.reduce(0) { $0 + $1.records }
    let tooLong = report.rejects.byReason["line too long"] ?? 0
    fuzzCheck(
      summary.events + summary.rejected <= records + tooLong,
      "\(summary.events) events + \(summary.rejected) rejected > \(records) records + \(tooLong) too long")
  }
  fuzzCheck(summary.excluded <= summary.events, "\(summary.excluded) excluded of \(summary.events) events")
  fuzzCheck(summary.users <= summary.events, "\(summary.users) users, \(summary.events) events")
  fuzzCheck(summary.sessions >= summary.users, "\(summary.sessions) sessions, \(summary.users) users")
  guard let json = try? JSONReportRenderer.data(report) else {
    fuzzCheck(false, "the report does not render as JSON")
    return 0
  }
  let object = (try? JSONSerialization.jsonObject(with: json)) as? NSDictionary
  fuzzCheck(object?["schema"] as? String == "journey-report/3", "the JSON does not read back with its schema")
  return 0
}

/// The process entry (see ``runFuzzer(_:_:_:)``): libFuzzer's driver on ``fuzzReport(_:_:)``.
@_cdecl("FuzzReport_main")
public func fuzzReportMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzzReport)
}
