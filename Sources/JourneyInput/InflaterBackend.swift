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
  public static var best: InflaterBackend { selected }

  private static let selected: InflaterBackend = {
    if let forced = getenv("JOURNEY_INFLATE").map({ String(cString: $0).lowercased() }),
      let backend = allCases.first(where: { $0.description == forced && $0.isAvailable })
    {
      return backend
    }
    return InflaterBackend.isal.isAvailable ? .isal : .builtin
  }()

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
