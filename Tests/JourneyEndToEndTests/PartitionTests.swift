import Foundation
import JourneyTestSupport
import Testing

/// `--partition K/N` (SPEC §12): every user in exactly one partition, by Spark's
/// `pmod(xxhash64(user), N)`; records without a user in the empty key's partition only.
@Suite struct PartitionTests {
  static func summary(_ arguments: [String]) throws -> [String: Any] {
    let result = try JourneyCLI.run(["report", "-f", "json", "-q", "--max-bad-ratio", "1", "-c", E2E.tinyConfig] + arguments)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    return report["summary"] as? [String: Any] ?? [:]
  }

  @Test(arguments: [1, 2, 3, 5])
  func partitionsAddUpToTheWhole(count: Int) throws {
    let folder = TestPaths.temporaryDirectory("journey-e2e-partition")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("events.ndjson")
    // 2,000 events of 200 users, every 10th line without a user.
    try Data((E2E.tinyEvents(2000, users: 200, badEvery: 10)).utf8).write(to: input)
    let whole = try Self.summary([input.path])
    var sums: [String: Int] = [:]
    for index in 0..<count {
      for threads in ["1", "2"] {
        let part = try Self.summary(["--partition", "\(index)/\(count)", "--threads", threads, input.path])
        #expect(part["partition"] as? String == "\(index)/\(count)")
        guard threads == "1" else { continue }
        for key in ["events", "users", "sessions", "units", "rejected"] { sums[key, default: 0] += part[key] as? Int ?? 0 }
      }
    }
    for key in ["events", "users", "sessions", "units", "rejected"] {
      #expect(sums[key] == whole[key] as? Int, "\(key) over \(count) partitions")
    }
    #expect((whole["rejected"] as? Int ?? 0) > 0)
  }

  /// A partition that no user hashes to says so: its zeros are the claim's, not the data's.
  @Test func anEmptyPartitionIsAWarning() throws {
    // tiny.ndjson's users all fall outside some partition of 64.
    var empty: String?
    for index in 0..<64 {
      let result = try JourneyCLI.run(
        ["report", "-f", "json", "--max-bad-ratio", "1", "-c", E2E.tinyConfig, "--partition", "\(index)/64", E2E.tiny])
      let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      guard (report["summary"] as? [String: Any])?["users"] as? Int == 0 else { continue }
      empty = "\(index)/64"
      let warnings = report["warnings"] as? [[String: Any]] ?? []
      #expect(warnings.contains { $0["kind"] as? String == "partition-empty" })
      #expect(result.stderr.contains("warning: no user of the inputs is in partition \(index)/64"))
      break
    }
    #expect(empty != nil)
  }

  @Test(arguments: ["4/4", "-1/3", "1", "a/b", "0/0"])
  func aBadClaimIsAUsageError(_ claim: String) throws {
    let result = try JourneyCLI.run(["report", "-c", E2E.tinyConfig, "--partition", claim, E2E.tiny])
    #expect(result.status == 1)
    #expect(result.stderr == "Error: --partition must be K/N with 0 ≤ K < N, such as 0/4 (got \(claim))\n")
  }
}
