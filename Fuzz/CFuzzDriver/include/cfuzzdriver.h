#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM ≥ 11), linked in by `-sanitize=fuzzer`: runs the
/// fuzzing loop with libFuzzer's command-line flags, calling `callback` per
/// input. Declared here so a Swift `@main` can hand over to it.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
