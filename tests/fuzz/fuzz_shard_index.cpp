// model.safetensors.index.json: which shard holds which tensor. The folder beside it holds two
// small valid shards (written once); the index may name them, missing files, paths leaving the
// folder, or nothing at all.
#include "fuzz_support.h"
#include "io/model_folder.h"

#include <ATen/ATen.h>

using namespace causeway;

namespace {

fs::path folderWithShards() {
    const fs::path dir = fuzz::emptyFolder("sharded");
    writeSafetensors(dir / "model-00001-of-00002.safetensors",
                     {{"transformer.wte.weight", at::ones({4, 2})}, {"transformer.ln_f.weight", at::ones({2})}});
    writeSafetensors(dir / "model-00002-of-00002.safetensors",
                     {{"transformer.h.0.ln_1.weight", at::ones({2}, at::kBFloat16)}, {"lm_head.weight", at::ones({4, 2})}});
    return dir;
}

} // namespace

CAUSEWAY_FUZZ_TARGET(fuzz_shard_index) {
    static const fs::path dir = folderWithShards();
    fuzz::writeFile(dir / "model.safetensors.index.json", {reinterpret_cast<const char*>(data), size});
    WeightStore store(dir);
    (void)store.dataBytes();
    (void)store.weightDtype();
    for (const std::string& name : store.names()) (void)store.tensor(name).numel();
}
