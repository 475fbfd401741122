#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`): parses the flags in argv and fuzzes
/// `callback`. Called from each target's `<Target>_main`, because SwiftPM links every executable with
/// `--defsym main=<Target>_main`, which hides libFuzzer's own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
