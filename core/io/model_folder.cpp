#include "io/model_folder.h"

#include "common/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <fstream>
#include <cstdlib>
#include <map>
#include <set>

namespace causeway {

namespace fs = std::filesystem;

namespace {

// Judged on the name alone: a HuggingFace hub cache snapshot holds symlinks into ../../blobs, so
// resolving links would refuse every cached sharded model.
bool staysInside(const std::string& name) {
    const fs::path normal = fs::path(name).lexically_normal();
    return !normal.has_root_path() && (normal.empty() || *normal.begin() != "..");
}

std::vector<fs::path> filesWithExtension(const fs::path& folder, const std::string& extension) {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file() && e.path().extension() == extension) found.push_back(e.path());
    std::sort(found.begin(), found.end());
    return found;
}

std::vector<fs::path> weightFilesOf(const fs::path& folder) {
    if (!fs::is_directory(folder))
        throw Error("The model folder " + folder.string() + " does not exist or is not a folder.");
    const fs::path index = folder / "model.safetensors.index.json";
    if (fs::exists(index)) {
        nlohmann::json json;
        try {
            std::ifstream in(index);
            json = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw Error("The shard index " + index.string() + " is not valid JSON (" + e.what() + "). Download it again.");
        }
        if (!json.contains("weight_map") || !json["weight_map"].is_object())
            throw Error("The shard index " + index.string() + " has no 'weight_map' object. Download it again.");
        std::set<std::string> shardNames;
        for (auto it = json["weight_map"].begin(); it != json["weight_map"].end(); ++it) {
            if (!it.value().is_string())
                throw Error("The shard index " + index.string() + " maps '" + it.key() + "' to something that is not a file name.");
            shardNames.insert(it.value().get<std::string>());
        }
        std::vector<fs::path> shards;
        for (const std::string& name : shardNames) {
            const fs::path shard = folder / name;
            if (!staysInside(name))
                throw Error("The shard index " + index.string() + " names '" + name +
                            "', which lies outside the model folder; refusing to read it.");
            std::error_code lookup;
            const bool present = fs::exists(shard, lookup);
            if (lookup) // a name too long for the file system, say
                throw Error("The shard index " + index.string() + " names a file that cannot be looked up (" + lookup.message() +
                            "); the index is damaged. Download it again.");
            if (!present)
                throw Error("The shard index " + index.string() + " names '" + name +
                            "', which is missing from the folder. Download the missing shard.");
            shards.push_back(shard);
        }
        if (shards.empty()) throw Error("The shard index " + index.string() + " lists no weight files.");
        return shards;
    }
    if (fs::exists(folder / "model.safetensors")) return {folder / "model.safetensors"};
    std::vector<fs::path> safetensors = filesWithExtension(folder, ".safetensors");
    if (safetensors.size() == 1) return safetensors;
    if (safetensors.size() > 1)
        throw Error("The model folder " + folder.string() + " holds several .safetensors files but no model.safetensors.index.json that says which tensor is where. Download the index file too.");
    if (!filesWithExtension(folder, ".bin").empty() || !filesWithExtension(folder, ".pt").empty())
        throw Error("The model folder " + folder.string() +
                    " has only PyTorch pickle weights (.bin). Causeway does not open them, because unpickling a file can run arbitrary code. "
                    "Convert the folder once with Python: `from transformers import AutoModelForCausalLM; "
                    "AutoModelForCausalLM.from_pretrained('IN').save_pretrained('OUT', safe_serialization=True)`, "
                    "or download the model's .safetensors files.");
    throw Error("The model folder " + folder.string() + " has no weights: expected model.safetensors or model.safetensors.index.json with its shards.");
}

} // namespace

WeightStore::WeightStore(const fs::path& folder) : filePaths_(weightFilesOf(folder)) {
    for (const fs::path& p : filePaths_) {
        files_.push_back(std::make_unique<SafetensorsFile>(p));
        for (const auto& [name, e] : files_.back()->entries()) {
            auto [it, inserted] = owner_.emplace(name, files_.size() - 1);
            if (!inserted)
                throw Error("The tensor '" + name + "' appears in both " + filePaths_[it->second].string() + " and " +
                            p.string() + "; the shards are inconsistent. Download the model again.");
        }
    }
}

const TensorEntry& WeightStore::entry(const std::string& name) const { return fileOf(name).entry(name); }

const SafetensorsFile& WeightStore::fileOf(const std::string& name) const {
    auto it = owner_.find(name);
    if (it == owner_.end()) throw Error("No weight file of the model holds the tensor '" + name + "'.");
    return *files_[it->second];
}

at::Tensor WeightStore::tensor(const std::string& name) const { return fileOf(name).tensor(name); }

uint64_t WeightStore::dataBytes() const {
    uint64_t bytes = 0;
    for (const auto& [name, idx] : owner_) {
        const TensorEntry& e = files_[idx]->entry(name);
        bytes += e.end - e.begin;
    }
    return bytes;
}

std::vector<std::string> WeightStore::names() const {
    std::vector<std::string> list;
    for (const auto& [name, idx] : owner_) list.push_back(name);
    return list;
}

std::string WeightStore::weightDtype() const {
    std::set<std::string> seen;
    for (const auto& [name, idx] : owner_) {
        StorageDtype d = files_[idx]->entry(name).dtype;
        if (d == StorageDtype::F32 || d == StorageDtype::F16 || d == StorageDtype::BF16 || d == StorageDtype::F64)
            seen.insert(dtypeName(d));
    }
    if (seen.size() == 1) return *seen.begin();
    return seen.empty() ? "none" : "mixed";
}

nlohmann::json readConfigJson(const fs::path& folder) {
    if (!fs::is_directory(folder))
        throw Error("The model folder " + folder.string() + " does not exist or is not a folder.");
    const fs::path path = folder / "config.json";
    std::ifstream in(path);
    if (!in)
        throw Error("The model folder " + folder.string() + " has no config.json; it is not a HuggingFace model folder.");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + " is not valid JSON (" + e.what() + "). Download it again.");
    }
}

std::vector<fs::path> resourceDirectories() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("CAUSEWAY_RESOURCES"); env && *env) dirs.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back(exe.parent_path().parent_path() / "share" / "causeway");
    dirs.emplace_back(CAUSEWAY_INSTALL_RESOURCES);
    dirs.emplace_back(CAUSEWAY_SOURCE_RESOURCES);
    return dirs;
}

fs::path resolveModelFolder(const std::string& nameOrPath, const fs::path& relativeTo) {
    static const std::map<std::string, std::string> bundled = {{"demo", "models/causeway-demo"}};
    if (auto it = bundled.find(nameOrPath); it != bundled.end()) {
        for (const fs::path& dir : resourceDirectories())
            if (fs::exists(dir / it->second / "config.json")) return dir / it->second;
        throw Error("The bundled model '" + nameOrPath + "' is not installed (looked for " + it->second +
                    " in the resource folders); reinstall Causeway or set CAUSEWAY_RESOURCES.");
    }
    fs::path path(nameOrPath);
    if (path.is_relative() && !relativeTo.empty() && fs::exists(relativeTo / path)) return relativeTo / path;
    return path;
}

} // namespace causeway
