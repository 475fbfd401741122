import CFuzzDriver

/// The signature of `LLVMFuzzerTestOneInput`: one input, 0 to go on.
public typealias FuzzTestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer's driver (flags, corpus, replay of files given as arguments) on `body`.
///
/// Each target calls it from `@_cdecl("<Target>_main")`: SwiftPM links an executable with
/// `--defsym main=<Target>_main`, so libFuzzer's own `main` is never linked in.
public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: FuzzTestOneInput
) -> CInt {
  var argc = argc
  var argv = argv
  return LLVMFuzzerRunDriver(&argc, &argv, body)
}
