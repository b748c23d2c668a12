#pragma once
// A HuggingFace model folder on disk: config.json, safetensors weights (one file or shards with
// model.safetensors.index.json) and the tokenizer files. Opening one validates what can be
// validated without knowing the architecture; the model then checks names, dtypes and shapes.
#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace causeway {

class WeightStore {
public:
    // Opens every weight file of the folder. Throws causeway::Error naming the file and problem.
    explicit WeightStore(const std::filesystem::path& folder);

    bool contains(const std::string& name) const { return owner_.count(name) != 0; }
    const TensorEntry& entry(const std::string& name) const;
    const SafetensorsFile& fileOf(const std::string& name) const;
    // The tensor in its stored dtype, a view of the memory map (see SafetensorsFile::tensor).
    at::Tensor tensor(const std::string& name) const;
    std::vector<std::string> names() const;
    const std::vector<std::filesystem::path>& files() const { return filePaths_; }
    // Bytes of tensor data over all files (headers excluded): what the weights occupy once mapped.
    uint64_t dataBytes() const;
    // Storage dtype shared by the floating weights ("F32", "BF16", or "mixed").
    std::string weightDtype() const;

private:
    std::vector<std::filesystem::path> filePaths_;
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::map<std::string, std::size_t> owner_; // tensor name -> index into files_
};

// Reads config.json. Throws with a message naming the file when absent or not JSON.
nlohmann::json readConfigJson(const std::filesystem::path& folder);

// Bundled models have names: "demo" is the model shipped under resources/models/causeway-demo.
// Looks in $CAUSEWAY_RESOURCES, the install's share/causeway, then the source tree. A relative
// path is taken relative to `relativeTo` when that exists, else to the working directory.
std::filesystem::path resolveModelFolder(const std::string& nameOrPath, const std::filesystem::path& relativeTo = {});
std::vector<std::filesystem::path> resourceDirectories();

} // namespace causeway
