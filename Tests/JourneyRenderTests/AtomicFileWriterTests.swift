import Foundation
import JourneyRender
import JourneyTestSupport
import Testing

@Suite struct AtomicFileWriterTests {
  func leftovers(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
  }

  @Test func writesTheWholeFileAndNoTemporary() throws {
    let folder = TestPaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("report.json")
    let big = String(repeating: "0123456789abcdef", count: 200_000)
    try AtomicFileWriter.write(big, to: target.path)
    #expect(try String(contentsOf: target, encoding: .utf8) == big)
    try AtomicFileWriter.write(Data("second".utf8), to: target.path)
    #expect(try String(contentsOf: target, encoding: .utf8) == "second")
    try AtomicFileWriter.write([UInt8]("third".utf8), to: target.path)
    #expect(try String(contentsOf: target, encoding: .utf8) == "third")
    #expect(try leftovers(in: folder).isEmpty)
    #expect(AtomicFileWriter.pendingPaths.allSatisfy { !$0.hasPrefix(folder.path) })
  }

  @Test func failsCleanlyInAMissingFolder() throws {
    let folder = TestPaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("missing/report.html")
    #expect(throws: (any Error).self) { try AtomicFileWriter.write("x", to: target.path) }
    #expect(!FileManager.default.fileExists(atPath: target.path))
    #expect(try leftovers(in: folder).isEmpty)
  }

  @Test func failsCleanlyWhenTheTargetIsAFolder() throws {
    let folder = TestPaths.temporaryDirectory("atomic")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    #expect(throws: (any Error).self) { try AtomicFileWriter.write("x", to: target.path) }
    #expect(try leftovers(in: folder).isEmpty)
  }
}
