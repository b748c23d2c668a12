// A whole torch.save file (pyvene's intkey_*.bin): magic bytes, the zip archive (LibTorch's
// reader), its records, then the restricted unpickler (fuzz_torch_pickle goes deeper there).
#include "fuzz_support.h"
#include "io/torch_pickle.h"

#include <ATen/ATen.h>

using namespace causeway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const fs::path file = fuzz::scratchFolder() / "intkey.bin";
    fuzz::writeFile(file, {reinterpret_cast<const char*>(data), size});
    fuzz::refusesCleanly([&] {
        for (const auto& [key, tensor] : readTorchStateDict(file)) (void)tensor.sum();
    });
    return 0;
}
