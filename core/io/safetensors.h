#pragma once
// safetensors files: memory-mapped, with every header field bounds-checked before use.
// https://github.com/huggingface/safetensors describes the format: an 8-byte little-endian header
// length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw data.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace causeway {

enum class StorageDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

const char* dtypeName(StorageDtype dtype);
std::size_t dtypeSize(StorageDtype dtype);

struct TensorEntry {
    std::string name;
    StorageDtype dtype = StorageDtype::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // offsets into the data section
    uint64_t end = 0;
    int64_t numel() const;
};

class MappedFile; // read-only view of a whole file, unmapped when the last user goes

class SafetensorsFile {
public:
    // Maps the file and validates the header: JSON syntax, known dtypes, non-negative shapes,
    // offsets inside the data section and consistent with dtype x shape, no two tensors overlapping.
    // Throws causeway::Error naming the file and the problem.
    explicit SafetensorsFile(const std::filesystem::path& path);
    ~SafetensorsFile();
    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;

    const std::filesystem::path& path() const { return path_; }
    const std::map<std::string, TensorEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return entries_.count(name) != 0; }
    const TensorEntry& entry(const std::string& name) const;

    // The tensor in its stored dtype. Zero-copy when the data is suitably aligned: the tensor keeps
    // the mapping alive. Pages are copy-on-write, so an accidental write never reaches the file.
    at::Tensor tensor(const std::string& name) const;
    // The tensor converted to float32 (F16/BF16 widened; F32 returned as stored, without copying).
    at::Tensor floatTensor(const std::string& name) const;

private:
    std::filesystem::path path_;
    std::shared_ptr<MappedFile> file_;
    const uint8_t* data_ = nullptr; // start of the data section
    uint64_t dataSize_ = 0;
    std::map<std::string, TensorEntry> entries_;
    std::map<std::string, std::string> metadata_;
};

// Writes named tensors (any of the dtypes above; made contiguous on CPU) as a safetensors file,
// in name order, with the header padded to 8 bytes as the reference implementation does.
void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace causeway
