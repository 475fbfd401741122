#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif
import JourneyModel

/// What a run was asked to do: the command line's options, before the config file is merged in.
///
/// Every optional override here wins over the config file, which wins over the preset (SPEC §1).
public struct RunSettings: Sendable {
  public var inputs: [String] = []
  public var configPath: String?
  public var preset: String?
  public var format: String?
  public var from: Microseconds?
  public var to: Microseconds?
  public var timeout: Microseconds?
  public var scope: String?
  public var order: String?
  public var threads: Int = RunSettings.defaultThreads
  public var memoryLimit: Int?
  public var maxBadRatio: Double = 0.01
  public var rejectsPath: String?
  public var strict = false
  public var maxRecordLength = 16 << 20
  public var temporaryDirectory: String?
  /// Bytes of records per block handed to a parallel ingest worker (`JOURNEY_BLOCK_BYTES` overrides it:
  /// small blocks exercise the in-order commit in tests).
  public var ingestBlockBytes = RunSettings.defaultBlockBytes
  /// Called with compressed bytes read, for the progress bar.
  public var progress: (@Sendable (Int) -> Void)?
  /// Called with every warning meant for stderr (`file:line: warning: …`).
  public var warn: @Sendable (String) -> Void = { _ in }

  public init() {}

  public static var defaultBlockBytes: Int {
    guard let text = getenv("JOURNEY_BLOCK_BYTES"), let value = Int(String(cString: text)), value > 0 else { return 4 << 20 }
    return value
  }

  public static var defaultThreads: Int {
    max(1, ProcessorCount.active)
  }
}
