import Foundation
import JourneyTestSupport
import Testing

/// `zcat export.gz | journey report -` with no config: the preset is detected from the first line of
/// standard input, and every record is still read (the peeked bytes are replayed).
@Suite struct StandardInputDetectionTests {
  static let samples: [(file: String, preset: String)] = [
    ("samples/otto-train-sample.jsonl.gz", "otto"),
    ("samples/rees46-2019-Oct-first2000rows.csv.gz", "rees46"),
    ("presets/ga4.ndjson", "ga4"),
  ]

  @Test(arguments: [1, 2], [0, 1, 2])
  func detectsThePresetFromStandardInput(threads: Int, sample: Int) throws {
    let (file, preset) = Self.samples[sample]
    let path = TestPaths.fixture(file).path
    let fromFile = try JourneyCLI.run(["report", "-q", "--threads", "\(threads)", "-f", "json", path])
    #expect(fromFile.status == 0, "\(fromFile.stderr)")
    let piped = try JourneyCLI.run(
      ["report", "-q", "--threads", "\(threads)", "-f", "json", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(piped.status == 0, "\(piped.stderr)")
    let a = try #require(JSONSerialization.jsonObject(with: fromFile.stdout) as? [String: Any])
    let b = try #require(JSONSerialization.jsonObject(with: piped.stdout) as? [String: Any])
    let configA = a["config"] as? [String: Any]
    let input = configA?["input"] as? [String: Any]
    #expect(input?["preset"] as? String == preset)
    // Same numbers; only the input's name differs (`-`).
    for key in ["funnel", "transitions", "paths", "breakdowns", "rejects", "config"] {
      #expect(
        try JSONSerialization.data(withJSONObject: a[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
          == JSONSerialization.data(withJSONObject: b[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]),
        "\(key) differs between the file and standard input")
    }
    let summaryA = a["summary"] as? [String: Any]
    let summaryB = b["summary"] as? [String: Any]
    #expect(summaryA?["events"] as? Int == summaryB?["events"] as? Int)
    #expect(summaryA?["sessions"] as? Int == summaryB?["sessions"] as? Int)
  }

  @Test func emptyStandardInputWithoutConfigIsAUsageError() throws {
    let result = try JourneyCLI.run(["report", "-"], stdin: Data())
    #expect(result.status == 1)
    #expect(result.stderr.contains("Error: -: is empty"))
  }
}
