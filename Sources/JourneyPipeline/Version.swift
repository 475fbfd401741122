import JourneyInput

/// The version `journey --version` prints.
package enum JourneyVersion {
  package static let number = "0.1.0"
  /// The inflate implementation in use: `isa-l 2.30 (igzip)`, `journey's inflater` (without ISA-L) or
  /// `zlib 1.2.13` (`JOURNEY_INFLATE=zlib|builtin|isal` forces one).
  package static var inflater: String { InflaterBackend.best.versionDescription }
}
