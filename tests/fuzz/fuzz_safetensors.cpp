// A safetensors file: header length, JSON header, data. Every tensor the header accepts is then
// read in its stored dtype and widened to float32, as a model load does.
#include "fuzz_support.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_safetensors) {
    const fs::path file = fuzz::scratchFolder() / "model.safetensors";
    fuzz::writeFile(file, {reinterpret_cast<const char*>(data), size});
    SafetensorsFile st(file);
    for (const auto& [name, entry] : st.entries()) {
        at::Tensor t = st.floatTensor(name);
        if (t.numel() != entry.numel()) std::abort();
        if (t.numel() > 0) (void)t.sum().item<double>(); // touches every byte of the range
    }
}
