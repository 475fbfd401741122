import Foundation
import JourneyInput
import JourneyModel
import JourneyTestSupport
import Testing

@Suite struct InputSourcesTests {
  @Test func readsStandardInputForDashOrNoArguments() throws {
    #expect(try InputSources.expand([]) == [.standardInput])
    #expect(try InputSources.expand(["-"]) == [.standardInput])
    #expect(InputSource.standardInput.displayName == "-")
    #expect(InputSource.file("a/b.gz").displayName == "a/b.gz")
  }

  @Test func expandsFoldersRecursivelyInSortedOrderSkippingHiddenFiles() throws {
    let root = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let files = ["b.gz", "a/z.ndjson", "a/b/c.csv", "a-c.log", ".hidden", "a/.secret/x.gz", "c/.dot"]
    for file in files {
      let url = root.appendingPathComponent(file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("x\n".utf8).write(to: url)
    }
    let sources = try InputSources.expand([root.path + "/"])
    let expected = ["a-c.log", "a/b/c.csv", "a/z.ndjson", "b.gz"].map { InputSource.file(root.path + "/" + $0) }
    #expect(sources == expected)
    // Files keep their place among the arguments.
    let single = root.appendingPathComponent("b.gz").path
    #expect(try InputSources.expand([single, "-", root.appendingPathComponent("a").path]) == [
      .file(single), .standardInput, .file(root.path + "/a/b/c.csv"), .file(root.path + "/a/z.ndjson"),
    ])
  }

  @Test func reportsAMissingFile() {
    let path = "/nonexistent/journey/events.gz"
    #expect(throws: JourneyError(kind: .input, location: path, message: "no such file or directory")) {
      try InputSources.expand([path])
    }
  }
}
