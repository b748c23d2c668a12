#include "io/safetensors.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace causeway {

namespace {

struct DtypeInfo {
    StorageDtype dtype;
    const char* name;
    std::size_t size;
    at::ScalarType scalar;
};

constexpr DtypeInfo kDtypes[] = {
    {StorageDtype::F64, "F64", 8, at::kDouble},  {StorageDtype::F32, "F32", 4, at::kFloat},
    {StorageDtype::F16, "F16", 2, at::kHalf},    {StorageDtype::BF16, "BF16", 2, at::kBFloat16},
    {StorageDtype::I64, "I64", 8, at::kLong},    {StorageDtype::I32, "I32", 4, at::kInt},
    {StorageDtype::I16, "I16", 2, at::kShort},   {StorageDtype::I8, "I8", 1, at::kChar},
    {StorageDtype::U8, "U8", 1, at::kByte},      {StorageDtype::Bool, "BOOL", 1, at::kBool},
};

const DtypeInfo& info(StorageDtype dtype) {
    for (const auto& d : kDtypes)
        if (d.dtype == dtype) return d;
    throw Error("internal error: unknown storage dtype");
}

const DtypeInfo* infoByName(const std::string& name) {
    for (const auto& d : kDtypes)
        if (name == d.name) return &d;
    return nullptr;
}

const DtypeInfo* infoByScalar(at::ScalarType scalar) {
    for (const auto& d : kDtypes)
        if (scalar == d.scalar) return &d;
    return nullptr;
}

std::string fileError(const std::filesystem::path& path, const std::string& problem) {
    return "Cannot read safetensors file " + path.string() + ": " + problem;
}

} // namespace

const char* dtypeName(StorageDtype dtype) { return info(dtype).name; }
std::size_t dtypeSize(StorageDtype dtype) { return info(dtype).size; }

int64_t TensorEntry::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw Error(fileError(path, std::strerror(errno)) + ".");
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            int err = errno;
            ::close(fd);
            throw Error(fileError(path, std::strerror(err)) + ".");
        }
        size_ = static_cast<uint64_t>(st.st_size);
        if (size_ > 0) {
            // Private + writable: copy-on-write pages, so a stray in-place op can't corrupt the file
            // or fault on a read-only page.
            void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                int err = errno;
                ::close(fd);
                throw Error(fileError(path, std::string("memory mapping failed: ") + std::strerror(err)) + ".");
            }
            data_ = static_cast<uint8_t*>(p);
        }
        ::close(fd); // the mapping stays valid without the descriptor
    }
    ~MappedFile() {
        if (data_) ::munmap(data_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }

private:
    uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : path_(path) {
    file_ = std::make_shared<MappedFile>(path);
    const uint64_t fileSize = file_->size();
    if (fileSize < 8)
        throw Error(fileError(path, "the file is " + std::to_string(fileSize) +
                                        " bytes long, too short to hold a header; it is truncated or not a safetensors file. Download it again."));
    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | file_->data()[i];
    if (headerLength > fileSize - 8)
        throw Error(fileError(path, "the header claims " + std::to_string(headerLength) + " bytes but the file has only " +
                                        std::to_string(fileSize - 8) +
                                        " after the length field; the file is truncated or not a safetensors file. Download it again."));
    const char* headerBegin = reinterpret_cast<const char*>(file_->data() + 8);
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerBegin, headerBegin + headerLength);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fileError(path, std::string("the header is not valid JSON (") + e.what() +
                                        "); the file is corrupt. Download it again."));
    }
    if (!header.is_object())
        throw Error(fileError(path, "the header is not a JSON object; the file is corrupt."));

    data_ = file_->data() + 8 + headerLength;
    dataSize_ = fileSize - 8 - headerLength;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& value = it.value();
        if (name == "__metadata__") {
            if (value.is_object())
                for (auto m = value.begin(); m != value.end(); ++m)
                    if (m.value().is_string()) metadata_[m.key()] = m.value().get<std::string>();
            continue;
        }
        auto bad = [&](const std::string& what) {
            return Error(fileError(path, "tensor '" + name + "' " + what + "; the file is corrupt. Download it again."));
        };
        if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") || !value.contains("data_offsets"))
            throw bad("lacks dtype, shape or data_offsets in the header");
        if (!value["dtype"].is_string()) throw bad("has a dtype that is not a string");
        const DtypeInfo* dt = infoByName(value["dtype"].get<std::string>());
        if (!dt) throw bad("has the unsupported dtype " + value["dtype"].get<std::string>());
        TensorEntry entry;
        entry.name = name;
        entry.dtype = dt->dtype;
        if (!value["shape"].is_array()) throw bad("has a shape that is not a list");
        for (const auto& d : value["shape"]) {
            if (!d.is_number_integer() || d.get<int64_t>() < 0) throw bad("has a negative or non-integer dimension");
            entry.shape.push_back(d.get<int64_t>());
        }
        const auto& offsets = value["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            throw bad("has data_offsets that are not two non-negative integers");
        entry.begin = offsets[0].get<uint64_t>();
        entry.end = offsets[1].get<uint64_t>();
        if (entry.begin > entry.end) throw bad("has data_offsets that end before they begin");
        if (entry.end > dataSize_)
            throw Error(fileError(path, "tensor '" + name + "' ends at byte " + std::to_string(entry.end) +
                                            " of the data section, which has only " + std::to_string(dataSize_) +
                                            " bytes; the file is truncated. Download it again."));
        // Overflow-safe size check: numel * elemsize must equal the byte span. `extent` (the
        // product of the non-zero dims) stops a huge shape from wrapping around to a small size.
        unsigned __int128 bytes = dt->size, extent = dt->size;
        for (int64_t d : entry.shape) {
            bytes *= static_cast<uint64_t>(d);
            if (d != 0) extent *= static_cast<uint64_t>(d);
            if (extent > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                throw bad("has a shape too large for any file");
        }
        if (bytes != entry.end - entry.begin)
            throw bad("spans " + std::to_string(entry.end - entry.begin) + " bytes but its dtype and shape need " +
                      std::to_string(static_cast<uint64_t>(bytes)));
        entries_.emplace(name, std::move(entry));
    }

    std::vector<const TensorEntry*> byOffset;
    for (const auto& [name, e] : entries_) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            throw Error(fileError(path, "tensors '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name +
                                            "' overlap in the data section; the file is corrupt. Download it again."));
}

SafetensorsFile::~SafetensorsFile() = default;
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;

const TensorEntry& SafetensorsFile::entry(const std::string& name) const {
    auto it = entries_.find(name);
    if (it == entries_.end())
        throw Error("The safetensors file " + path_.string() + " has no tensor named '" + name + "'.");
    return it->second;
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const TensorEntry& e = entry(name);
    const DtypeInfo& dt = info(e.dtype);
    void* ptr = const_cast<uint8_t*>(data_ + e.begin);
    auto options = at::TensorOptions().dtype(dt.scalar);
    if (reinterpret_cast<uintptr_t>(ptr) % dt.size != 0 || e.numel() == 0) {
        at::Tensor copy = at::empty(e.shape, options);
        if (e.numel() > 0) std::memcpy(copy.data_ptr(), ptr, e.end - e.begin);
        return copy;
    }
    auto keepAlive = file_;
    return at::from_blob(ptr, e.shape, [keepAlive](void*) {}, options);
}

at::Tensor SafetensorsFile::floatTensor(const std::string& name) const {
    at::Tensor t = tensor(name);
    return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat);
}

void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<std::pair<std::string, at::Tensor>> sorted;
    for (const auto& [name, t] : tensors) sorted.emplace_back(name, t.to(at::kCPU).contiguous());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& [name, t] : sorted) {
        const DtypeInfo* dt = infoByScalar(t.scalar_type());
        if (!dt) throw Error("Cannot write tensor '" + name + "' to " + path.string() + ": its dtype is not supported by safetensors.");
        uint64_t bytes = static_cast<uint64_t>(t.numel()) * dt->size;
        header[name] = {{"dtype", dt->name}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string headerText = header.dump();
    while ((headerText.size() + 8) % 8 != 0) headerText.push_back(' ');

    AtomicFile out(path);
    uint64_t length = headerText.size();
    char lengthBytes[8];
    for (int i = 0; i < 8; ++i) lengthBytes[i] = static_cast<char>((length >> (8 * i)) & 0xff);
    out.write(lengthBytes, 8);
    out.write(headerText);
    for (const auto& [name, t] : sorted) out.write(t.data_ptr(), t.nbytes());
    out.commit();
}

} // namespace causeway
