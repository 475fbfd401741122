import CISAL
import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
import Darwin
#endif

/// The library that decompresses gzip: ISA-L's igzip when it loads, journey's own inflater
/// (`CInflate`) always, zlib always.
///
/// ``best`` is decided once per process: ISA-L (`libisal.so.2`, loaded with `dlopen`) when the build saw its
/// header and the library loads now, journey's own inflater otherwise; `JOURNEY_INFLATE=zlib` (or
/// `builtin`, `isal`) in the environment forces one (benchmarks, comparisons). All give the same bytes
/// and the same ``InputIssue`` messages.
public enum InflaterBackend: Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// zlib's `inflate`: always there.
  case zlib
  /// ISA-L's `isal_inflate` (igzip): several times faster than zlib.
  case isal
  /// journey's own inflater (`CInflate`): about twice as fast as zlib, always there.
  case builtin

  /// The backend a ``GzipInflater`` uses unless told otherwise.
  public static var best: InflaterBackend { choice.backend }

  /// What is wrong with `JOURNEY_INFLATE`, if it is set and cannot be followed (a name that is no
  /// backend, or ISA-L where it does not load): the CLI says it as a warning instead of quietly
  /// timing another backend than the one asked for.
  package static var environmentProblem: String? { choice.problem }

  private static let choice = choose(forced: getenv("JOURNEY_INFLATE").map { String(cString: $0) }, isalLoads: InflaterBackend.isal.isAvailable)

  /// The backend for a `JOURNEY_INFLATE` value (`nil` when unset) and what is wrong with the value:
  /// a name (any case) of an available backend is followed; anything else falls back to the default
  /// (ISA-L when it loads, else journey's own inflater) and says why.
  package static func choose(forced: String?, isalLoads: Bool) -> (backend: InflaterBackend, problem: String?) {
    let fallback: InflaterBackend = isalLoads ? .isal : .builtin
    guard let forced else { return (fallback, nil) }
    let name = forced.lowercased()
    guard let backend = allCases.first(where: { $0.description == name }) else {
      let names = allCases.map(\.description).joined(separator: ", ")
      return (fallback, "JOURNEY_INFLATE=\(forced) is not one of \(names); inflating with \(fallback)")
    }
    if backend == .isal && !isalLoads {
      return (fallback, "JOURNEY_INFLATE=\(forced): ISA-L (libisal.so.2) does not load here; inflating with \(fallback)")
    }
    return (backend, nil)
  }

  /// Overrides ``best`` for the inflaters started in this task (tests run both backends side by side).
  @TaskLocal package static var preferred: InflaterBackend? = nil

  /// ``preferred`` when set, else ``best``: what ``RecordReader`` uses.
  public static var current: InflaterBackend { preferred ?? best }

  /// The backends that work in this process (zlib first).
  public static var available: [InflaterBackend] { allCases.filter(\.isAvailable) }

  /// Whether this backend can run here: always for zlib; for ISA-L, header at build time and library now.
  public var isAvailable: Bool {
    switch self {
    case .zlib, .builtin: true
    case .isal: CISAL_isAvailable() != 0
    }
  }

  /// `zlib 1.2.13` (the library loaded now) or `isa-l 2.30 (igzip)` (the header built against).
  package var versionDescription: String {
    switch self {
    case .zlib: "zlib \(String(cString: zlibVersion()))"
    case .isal: "isa-l \(String(cString: CISAL_version())) (igzip)"
    case .builtin: "journey's inflater"
    }
  }

  public var description: String {
    switch self {
    case .zlib: "zlib"
    case .isal: "isal"
    case .builtin: "builtin"
    }
  }
}
