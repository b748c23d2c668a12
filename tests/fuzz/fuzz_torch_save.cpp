// A whole torch.save file (pyvene's intkey_*.bin): magic bytes, the zip archive (LibTorch's
// reader), its records, then the restricted unpickler (fuzz_torch_pickle goes deeper there).
#include "fuzz_support.h"
#include "io/torch_pickle.h"

#include <ATen/ATen.h>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_torch_save) {
    const fs::path file = fuzz::scratchFolder() / "intkey.bin";
    fuzz::writeFile(file, {reinterpret_cast<const char*>(data), size});
    for (const auto& [key, tensor] : readTorchStateDict(file)) (void)tensor.sum();
}
