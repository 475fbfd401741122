import Foundation
import Synchronization
import JourneyModel
import JourneyRender
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The one output writer: atomic replacement of regular files, write-through of everything else
/// (SPEC §5, §13). Device nodes are made with mknod(2) in a temporary folder, never /dev's own.
@Suite struct OutputFileTests {
  func leftovers(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
  }

  /// Linux's `makedev` for small numbers (the C macro is not visible to Swift).
  static func device(major: UInt64, minor: UInt64) -> dev_t { dev_t((major << 8) | minor) }

  func fileType(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
  }

  @Test func writesTheWholeFileAndNoTemporary() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("report.json")
    let big = String(repeating: "0123456789abcdef", count: 200_000)
    try OutputFile.write(big, to: target.path)
    #expect(try String(contentsOf: target, encoding: .utf8) == big)
    let file = try OutputFile(path: target.path)
    for piece in ["sec", "ond"] { try file.write(piece) }
    try file.write(Array(" bytes".utf8))
    try file.commit()
    #expect(try String(contentsOf: target, encoding: .utf8) == "second bytes")
    #expect(try leftovers(in: folder).isEmpty)
    #expect(TemporaryFiles.pendingFiles.allSatisfy { !$0.hasPrefix(folder.path) })
  }

  /// Rows and rejects stream to the temporary file as they come, in bounded memory.
  @Test func streamsToTheTemporaryFileAsItGoes() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("rows.ndjson")
    let file = try OutputFile(path: target.path)
    let line = Array(String(repeating: "x", count: 99).utf8) + [0x0A]
    for _ in 0..<10_000 { try file.write(line) }
    let temporary = try #require(TemporaryFiles.pendingFiles.first { $0.hasPrefix(folder.path) })
    let onDisk = (try FileManager.default.attributesOfItem(atPath: temporary)[.size] as? Int) ?? 0
    #expect(onDisk >= 1_000_000 - (1 << 16), "only the last 64 KiB may still be buffered (\(onDisk) bytes on disk)")
    #expect(!FileManager.default.fileExists(atPath: target.path), "nothing at the target before commit")
    try file.commit()
    #expect((try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) == 1_000_000)
  }

  @Test func discardLeavesTheTargetUntouched() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("report.json")
    try Data("previous".utf8).write(to: target)
    do {
      let file = try OutputFile(path: target.path)
      try file.write("half a report")
      // Dropped without commit: as on an error.
    }
    #expect(try String(contentsOf: target, encoding: .utf8) == "previous")
    #expect(try leftovers(in: folder).isEmpty)
  }

  @Test func failsCleanlyInAMissingFolder() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("missing/report.html")
    #expect(throws: JourneyError.self) { try OutputFile.write("x", to: target.path) }
    #expect(!FileManager.default.fileExists(atPath: target.path))
    #expect(try leftovers(in: folder).isEmpty)
  }

  @Test func refusesAFolder() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    #expect(throws: JourneyError.self) { try OutputFile.write("x", to: target.path) }
    #expect(try leftovers(in: folder).isEmpty)
  }

  /// A link's target is replaced atomically; the link stays a link (relative, and a chain of two).
  @Test func replacesASymbolicLinksTargetAndKeepsTheLink() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let real = folder.appendingPathComponent("sub")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    try Data("old".utf8).write(to: real.appendingPathComponent("report.json"))
    #expect(symlink("sub/report.json", folder.appendingPathComponent("link.json").path) == 0)
    #expect(symlink("link.json", folder.appendingPathComponent("chain.json").path) == 0)
    try OutputFile.write("new", to: folder.appendingPathComponent("chain.json").path)
    #expect(fileType(folder.appendingPathComponent("chain.json").path) == S_IFLNK)
    #expect(fileType(folder.appendingPathComponent("link.json").path) == S_IFLNK)
    #expect(try String(contentsOf: real.appendingPathComponent("report.json"), encoding: .utf8) == "new")
    #expect(try leftovers(in: folder).isEmpty && leftovers(in: real).isEmpty)
    // A dangling link: its target is created, the link kept.
    #expect(symlink("sub/fresh.json", folder.appendingPathComponent("dangling.json").path) == 0)
    try OutputFile.write("fresh", to: folder.appendingPathComponent("dangling.json").path)
    #expect(fileType(folder.appendingPathComponent("dangling.json").path) == S_IFLNK)
    #expect(try String(contentsOf: real.appendingPathComponent("fresh.json"), encoding: .utf8) == "fresh")
  }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func writesThroughANullLikeCharacterDevice() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let node = folder.appendingPathComponent("null").path
    try #require(mknod(node, S_IFCHR | 0o666, Self.device(major: 1, minor: 3)) == 0)
    try OutputFile.write(String(repeating: "report ", count: 50_000), to: node)
    #expect(fileType(node) == S_IFCHR, "the device must stay a device")
    #expect(try leftovers(in: folder).isEmpty)
  }

  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func aFullDeviceIsOneErrorNamingThePath() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let node = folder.appendingPathComponent("full").path
    try #require(mknod(node, S_IFCHR | 0o666, Self.device(major: 1, minor: 7)) == 0)
    let error = try #require(throws: JourneyError.self) { try OutputFile.write("report", to: node) }
    #expect(error.kind == .input)
    #expect(error.location == node)
    #expect(error.message == "cannot write: No space left on device")
    #expect(fileType(node) == S_IFCHR)
    #expect(try leftovers(in: folder).isEmpty)
  }

  @Test func writesThroughAFIFO() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("pipe").path
    try #require(mkfifo(fifo, 0o600) == 0)
    let received = Mutex<[UInt8]>([])
    let reader = Thread {
      let descriptor = open(fifo, O_RDONLY)
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        received.withLock { $0 += buffer[..<count] }
      }
      close(descriptor)
    }
    reader.start()
    let text = String(repeating: "0123456789", count: 30_000)
    try OutputFile.write(text, to: fifo)
    let deadline = Date().addingTimeInterval(10)
    while received.withLock({ $0.count }) < text.utf8.count, Date() < deadline { usleep(10_000) }
    #expect(received.withLock { String(decoding: $0, as: UTF8.self) } == text)
    #expect(fileType(fifo) == S_IFIFO)
    #expect(try leftovers(in: folder).isEmpty)
  }

  /// `/proc/self/fd/N` (like `/dev/fd/N`, `/dev/stdout`) writes to descriptor N itself, whatever it is, and closes only its own copy.
  @Test func writesThroughADescriptorPath() throws {
    let folder = TestPaths.temporaryDirectory("output-file")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("held.txt").path
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(descriptor >= 0)
    try OutputFile.write("through ", to: "/proc/self/fd/\(descriptor)")
    try OutputFile.write("twice", to: "/proc/self/fd/\(descriptor)")
    // A link to such a path (as /dev/stdout is one) means the descriptor too.
    let link = folder.appendingPathComponent("to-descriptor").path
    #expect(symlink("/proc/self/fd/\(descriptor)", link) == 0)
    try OutputFile.write(" linked", to: link)
    #expect(fileType(link) == S_IFLNK)
    #expect(fcntl(descriptor, F_GETFD) >= 0, "the caller's descriptor stays open")
    close(descriptor)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "through twice linked")
    #expect(try leftovers(in: folder).isEmpty)
  }
}
