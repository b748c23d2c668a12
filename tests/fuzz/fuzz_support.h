#pragma once
// What every fuzz target shares. A target feeds one input to a parser the way the programs do;
// the parser must either accept it or throw causeway::Error (a clear message for the user). Any
// other exception escaping, a crash, a sanitizer report, a hang or a blown memory limit is a
// finding. Targets register by name: fuzz_main.cpp makes one libFuzzer program of each, and
// tests/test_fuzz_regressions.cpp replays the seeds and every past finding through all of them.
#include "common/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem; // for the targets, each a few lines

namespace causeway::fuzz {

// Parsers that read paths get the input as files in one scratch folder per process, reused for
// every input: /dev/shm when there is one (no disk traffic), else the temporary folder. Removed at exit.
inline const fs::path& scratchFolder() {
    static const fs::path folder = [] {
        std::error_code ec;
        fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path dir = base / ("causeway-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        static struct Remover {
            fs::path dir;
            ~Remover() {
                std::error_code ignored;
                fs::remove_all(dir, ignored);
            }
        } remover{dir};
        return dir;
    }();
    return folder;
}

// A fresh empty subfolder of the scratch folder.
inline fs::path emptyFolder(const std::string& name) {
    const fs::path dir = scratchFolder() / name;
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    fs::create_directories(dir);
    return dir;
}

inline void writeFile(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) std::abort(); // the harness itself failed, not the parser
}

inline std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) std::abort();
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Targets that read several files take one input holding them in order, separated by this line.
// tests/fuzz/make_corpus.py writes seeds the same way.
constexpr std::string_view kFileSeparator = "\n#### next file ####\n";

inline std::vector<std::string_view> splitFiles(const uint8_t* data, std::size_t size, std::size_t maxParts) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const std::size_t at = rest.find(kFileSeparator);
        if (at == std::string_view::npos) break;
        parts.push_back(rest.substr(0, at));
        rest.remove_prefix(at + kFileSeparator.size());
    }
    parts.push_back(rest);
    return parts;
}

using Target = void (*)(const uint8_t* data, std::size_t size);

inline std::map<std::string, Target>& targets() {
    static std::map<std::string, Target> registered;
    return registered;
}

struct Registration {
    Registration(const char* name, Target target) { targets()[name] = target; }
};

// The test data (tests/data), for targets that need a model or a tokenizer to run their input against.
inline fs::path testData() { return CAUSEWAY_TEST_DATA; }

} // namespace causeway::fuzz

// Defines a target: CAUSEWAY_FUZZ_TARGET(fuzz_x) { ...feed data[0, size) to the parser... }
#define CAUSEWAY_FUZZ_TARGET(name)                                                                                     \
    static void name(const uint8_t* data, std::size_t size);                                                           \
    static const causeway::fuzz::Registration name##_registration(#name, name);                                        \
    static void name(const uint8_t* data, std::size_t size)
