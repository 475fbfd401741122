import Foundation
import JourneyConfig
import JourneyIngest
import JourneyInput
import JourneyModel
import JourneyReports

/// A partial report (SPEC §12), `journey-partial/1`: everything a run computed, kept as mergeable
/// state so that `journey merge` of the partials of user-disjoint partitions gives the bytes one run
/// over all the inputs gives. Written as gzipped JSON (``encoded()``), or as one line of base64 of
/// it for pipes that carry text (Spark's `RDD.pipe`); ``decode(_:name:)`` reads both.
///
/// Self-describing: the format and the build that wrote it, the config (how to make it again, and
/// the fingerprint of the effective config), the partition claim, the `--from/--to` range, the
/// inputs with their fingerprints, then the counts: the input side's (``IngestFacts``, rejects) and
/// the engine's (``EngineState``).
package struct PartialReport: Codable, Sendable, Equatable {
  package static let formatName = "journey-partial/1"

  package var format = PartialReport.formatName
  /// `journey --version` of the build that wrote it: merge takes only its own version's partials.
  package var journeyVersion: String
  /// ``ConfigFingerprint`` of the effective config, and how to make that config again.
  package var configFingerprint: String
  package var config: ConfigRecipe
  /// The report's title (SPEC §11).
  package var title: String
  /// `K/N` of `--partition`; nil: every user of the inputs.
  package var partition: String?
  /// `--from` and `--to` (µs), nil when not given.
  package var from: Microseconds?
  package var to: Microseconds?
  /// Every input as the report's `summary.inputs` has it, and its ``InputFingerprint`` (nil for
  /// standard input, which cannot be read twice).
  package var inputs: [InputSummary]
  package var inputFingerprints: [String?]
  /// Warnings about the inputs themselves (skipped config files in folders, standard input on a
  /// terminal): the same in every partial of the same inputs.
  package var inputWarnings: [ReportWarning]
  package var facts: IngestFacts
  package var rejects: Rejects
  package var engine: EngineState

  /// The rejects: counts, and the first samples in input order, each with its input's index (to
  /// put the samples of several partials back in input order).
  package struct Rejects: Codable, Sendable, Equatable {
    package struct Sample: Codable, Sendable, Equatable {
      package var input: Int
      package var file: String
      package var line: Int
      package var reason: String
    }

    package var count: Int
    package var byReason: [String: Int]
    package var samples: [Sample]
  }

  /// The partition claim, parsed.
  var claim: UserPartition? { partition.flatMap(UserPartition.init) }

  /// Gzipped JSON (keys sorted, so the same state gives the same bytes; keys as the types name
  /// them: a key strategy would rewrite the texts that are dictionary keys, such as event names).
  package func encoded() throws(JourneyError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      return GzipData.compress(Array(try encoder.encode(self)))
    } catch {
      throw JourneyError(kind: .input, message: "cannot encode the partial report: \(error)")
    }
  }

  /// One line of base64 of ``encoded()``, ending with a newline.
  package func base64Line() throws(JourneyError) -> String {
    Data(try encoded()).base64EncodedString() + "\n"
  }

  /// A partial from the bytes of a `.jpart` file (gzip) or a base64 line of one; `name` names it in
  /// errors.
  package static func decode(_ bytes: [UInt8], name: String) throws(JourneyError) -> PartialReport {
    var gzip = bytes
    if !(bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B) {
      let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard let data = Data(base64Encoded: text), data.count >= 2, data[0] == 0x1F, data[1] == 0x8B else {
        throw JourneyError(
          kind: .input, location: name,
          message: "is not a journey partial report (neither gzip nor base64 of it; write one with journey report -f partial)")
      }
      gzip = Array(data)
    }
    let json = try GzipData.decompress(gzip, name: name)
    struct Header: Decodable { var format: String?; var journeyVersion: String? }
    let decoder = JSONDecoder()
    guard let header = try? decoder.decode(Header.self, from: Data(json)), let format = header.format else {
      throw JourneyError(kind: .input, location: name, message: "is not a journey partial report (no format in its JSON)")
    }
    guard format == formatName else {
      throw JourneyError(
        kind: .usage, location: name, message: "is a \(format) partial; this journey reads \(formatName)")
    }
    do {
      return try decoder.decode(PartialReport.self, from: Data(json))
    } catch {
      throw JourneyError(kind: .input, location: name, message: "is a damaged partial report: \(error)")
    }
  }
}
