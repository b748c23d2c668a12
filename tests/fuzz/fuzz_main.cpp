// The libFuzzer entry point of one target, named by CAUSEWAY_FUZZ_TARGET_NAME (tests/fuzz/CMakeLists.txt).
// causeway::Error is the clean way to refuse an input; anything else reaches libFuzzer as a crash.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const causeway::fuzz::Target target = causeway::fuzz::targets().at(CAUSEWAY_FUZZ_TARGET_NAME);
    try {
        target(data, size);
    } catch (const causeway::Error&) {
    }
    return 0;
}
