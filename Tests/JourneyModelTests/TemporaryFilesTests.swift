import Foundation
import JourneyModel
import JourneyTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The registry of everything temporary a run makes (SPEC §5, §13).
@Suite struct TemporaryFilesTests {
  @Test func aFolderIsRegisteredBeforeItExistsAndRemovedWithItsFiles() throws {
    let parent = TestPaths.temporaryDirectory("temporary-files")
    defer { try? FileManager.default.removeItem(at: parent) }
    let folder = TemporaryFiles.makeFolder(in: parent.path)
    #expect(!FileManager.default.fileExists(atPath: folder), "made on demand, not up front")
    #expect(TemporaryFiles.createFolder("\(folder)/spill/deeper"))
    for index in 0..<5 { _ = FileManager.default.createFile(atPath: "\(folder)/spill/run-\(index).bin", contents: Data([1])) }
    TemporaryFiles.removeFolder(folder)
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
  }

  /// Files appearing while the folder is removed (a spill on another thread) do not keep it.
  @Test func removingAFolderWinsOverAThreadStillCreatingFilesInIt() throws {
    let parent = TestPaths.temporaryDirectory("temporary-files")
    defer { try? FileManager.default.removeItem(at: parent) }
    let folder = TemporaryFiles.makeFolder(in: parent.path)
    #expect(TemporaryFiles.createFolder("\(folder)/spill"))
    for index in 0..<2000 { _ = FileManager.default.createFile(atPath: "\(folder)/spill/old-\(index)", contents: nil) }
    let writer = Thread {
      for index in 0..<2000 {
        let descriptor = open("\(folder)/spill/run-\(index)", O_WRONLY | O_CREAT, 0o600)
        if descriptor < 0 { return }  // the folder is gone
        close(descriptor)
      }
    }
    writer.start()
    TemporaryFiles.removeFolder(folder)
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  @Test func aCommittedFileIsRenamedAndForgottenADiscardedOneRemoved() throws {
    let parent = TestPaths.temporaryDirectory("temporary-files")
    defer { try? FileManager.default.removeItem(at: parent) }
    let temporary = parent.appendingPathComponent(".a.tmp").path
    let descriptor = TemporaryFiles.createFile(temporary)
    try #require(descriptor >= 0)
    close(descriptor)
    #expect(TemporaryFiles.pendingFiles.contains(temporary))
    #expect(TemporaryFiles.createFile(temporary) == -EEXIST, "O_EXCL: never an existing file")
    #expect(TemporaryFiles.commit(temporary, to: parent.appendingPathComponent("a").path) == 0)
    #expect(!TemporaryFiles.pendingFiles.contains(temporary))
    #expect(FileManager.default.fileExists(atPath: parent.appendingPathComponent("a").path))

    let other = parent.appendingPathComponent(".b.tmp").path
    let second = TemporaryFiles.createFile(other)
    try #require(second >= 0)
    close(second)
    TemporaryFiles.discard(other)
    #expect(!FileManager.default.fileExists(atPath: other))
    #expect(!TemporaryFiles.pendingFiles.contains(other))
  }
}
