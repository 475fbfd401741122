import JourneyInput

/// The version `journey --version` prints.
public enum JourneyVersion {
  public static let number = "0.1.0"
  /// The inflate implementation in use: `isa-l 2.30 (igzip)` or `zlib 1.2.13` (`JOURNEY_INFLATE=zlib` forces zlib).
  public static var inflater: String { InflaterBackend.best.versionDescription }
}
