import Foundation
import JourneyModel
import JourneyPipeline
import JourneyRender
import JourneyTestSupport
import Testing

/// Export sessions (`fields.session`, here the rees46 sample's `user_session`): the report and the
/// `journey sessions` rows are byte-identical whether each user is held whole or, as a user bigger
/// than a batch is, streamed and regrouped (in memory, or spilled under a memory limit).
@Suite struct ExportSessionStreamingTests {
  static let sample = "Fixtures/samples/rees46-2019-Oct-first2000rows.csv.gz"

  /// Whole users (no batch limit), batches of 3 events in memory, and spilled batches of 3.
  static let variants: [(batch: Int?, memory: Int?)] = [(nil, nil), (3, nil), (3, 4_096)]

  static func settings(scope: FunnelScope?, batch: Int?, memory: Int?, folder: URL) -> RunSettings {
    var settings = RunSettings()
    settings.inputs = [TestPaths.repository.appendingPathComponent(sample).path]
    settings.preset = "rees46"
    settings.scope = scope
    settings.threads = 2
    settings.userBatchLimit = batch
    settings.memoryLimit = memory
    settings.temporaryDirectory = folder.path
    return settings
  }

  @Test(arguments: [FunnelScope.session, .user])
  func reportsAreByteIdenticalWhenUsersStream(scope: FunnelScope) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-export-sessions")
    defer { try? FileManager.default.removeItem(at: folder) }
    let reports = try Self.variants.map { variant in
      let settings = Self.settings(scope: scope, batch: variant.batch, memory: variant.memory, folder: folder)
      return try JSONReportRenderer.data(try ReportPipeline.run(settings).report)
    }
    let summary = try JSONSerialization.jsonObject(with: reports[0]) as? [String: Any]
    let counts = summary?["summary"] as? [String: Any]
    #expect((counts?["sessions"] as? Int ?? 0) > (counts?["users"] as? Int ?? 0), "users with several sessions")
    for (index, report) in reports.enumerated().dropFirst() {
      #expect(report == reports[0], "variant \(Self.variants[index]) of scope \(scope)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no run is left behind")
  }

  @Test(arguments: [SessionsPipeline.RowFormat.ndjson, .csv])
  func sessionRowsAreByteIdenticalWhenUsersStream(format: SessionsPipeline.RowFormat) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-export-sessions")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputs = try Self.variants.map { variant in
      var bytes: [UInt8] = []
      let settings = Self.settings(scope: nil, batch: variant.batch, memory: variant.memory, folder: folder)
      _ = try SessionsPipeline.run(settings, format: format) { bytes.append(contentsOf: $0) }
      return bytes
    }
    #expect(outputs[0].count > 50_000)
    for (index, output) in outputs.enumerated().dropFirst() {
      #expect(output == outputs[0], "variant \(Self.variants[index])")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no run is left behind")
  }
}
