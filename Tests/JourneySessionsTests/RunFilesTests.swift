import Foundation
import JourneyModel
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import JourneySessions

/// A run written to a full disk fails with the path and the system's reason, never silently.
@Suite struct RunFilesTests {
  /// Writes to a private `full` device node (as /dev/full: every write fails with ENOSPC), made
  /// with mknod in a temporary folder, so nothing outside the folder is touched. Needs root.
  @Test(.enabled(if: getuid() == 0, "mknod needs root"))
  func aRunOnAFullDiskThrowsItsPathAndNoSpaceLeft() throws {
    let folder = TestPaths.temporaryDirectory("journey-runfiles")
    defer { try? FileManager.default.removeItem(at: folder) }
    let full = folder.appendingPathComponent("full").path
    // makedev(1, 7) (a macro Swift cannot import): major << 8 | minor for small numbers.
    #expect(mknod(full, S_IFCHR | 0o600, dev_t(1 << 8 | 7)) == 0)
    var writer = try RunWriter(path: full)
    // More than the writer's buffer, so writes fail before finish() and in it.
    for index in 0..<10_000 { writer.write(EventRecord(time: Int64(index), order: UInt64(index), user: 1)) }
    do {
      try writer.finish()
      Issue.record("a write to a full device succeeded")
    } catch {
      #expect(error.kind == .input)
      #expect(error.location == full)
      #expect(error.message == "cannot write spilled events: No space left on device")
    }
  }

  @Test func aRunThatCannotBeCreatedNamesItsPath() {
    let path = "/nonexistent-journey-folder/run-0-0.bin"
    do {
      _ = try RunWriter(path: path)
      Issue.record("created a run in a missing folder")
    } catch {
      #expect(error.location == path)
      #expect(error.message == "cannot write spilled events: No such file or directory")
    }
  }
}
