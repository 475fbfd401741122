import Foundation
import JourneyTestSupport
import Testing

/// User ids over 1 KiB (256 KB user agents) are kept as a 512-byte prefix, `…sha256:` and the
/// digest of the whole id: bounded in memory and in every output, and distinct ids stay distinct.
@Suite struct LongUserIDTests {
  private static func sha256(_ text: String) throws -> String {
    let output = try Shell.run("sha256sum", [], stdin: Data(text.utf8))
    return String(String(decoding: output, as: UTF8.self).prefix(64))
  }

  @Test func longIDsAreKeptAsAPrefixAndTheirDigest() throws {
    // Two 256 KB ids that differ only in their last byte, a short one, and one posing as the kept
    // form of the first (it must not become the same user).
    let long = String(repeating: "Mozilla/5.0 (é) ", count: 15_000)
    let first = long + "A"
    let second = long + "B"
    let firstKept = String(decoding: Array(first.utf8.prefix(512)), as: UTF8.self) + "…sha256:" + (try Self.sha256(first))
    let impostor = firstKept
    var text = ""
    for (index, user) in [first, second, "short", impostor, first].enumerated() {
      text += "{\"userId\":\"\(user)\",\"event\":\"Product Viewed\",\"timestamp\":\(1_793_520_000 + index)}\n"
    }
    let result = try JourneyCLI.run(["sessions", "-c", E2E.tinyConfig, "--progress", "never", "-"], stdin: Data(text.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let users = result.stdoutText.split(separator: "\n").compactMap { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["user"] as? String
    }
    #expect(users.count == 5)
    #expect(Set(users).count == 4, "first twice; second, short and the impostor apart")
    #expect(users.allSatisfy { $0.utf8.count <= 586 })
    #expect(users.filter { $0 == firstKept }.count == 2, "the first id is kept as prefix + its digest")
    #expect(users.contains("short"))
    let secondKept = users.first { $0 != firstKept && $0 != "short" && $0.hasSuffix(try! Self.sha256(second)) }
    #expect(secondKept != nil)
    #expect(firstKept.utf8.count == 512 + 10 + 64)
  }
}
