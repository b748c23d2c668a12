// A tokenizer folder as loadTokenizer reads it. Built once per kind of folder (tests/fuzz/CMakeLists.txt):
// CAUSEWAY_FUZZ_FILES names the files the input's parts become, in order, e.g.
// "vocab.json merges.txt tokenizer_config.json". A tokenizer.model goes through libcauseway_spm.so,
// loaded as in the programs (in sanitizer builds into a namespace of its own; see
// core/tokenize/sentencepiece_tokenizer.cpp).
#include "fuzz_support.h"
#include "tokenizer_workout.h"

#include <sstream>

using namespace causeway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::vector<std::string> names = [] {
        std::istringstream words(CAUSEWAY_FUZZ_FILES);
        return std::vector<std::string>(std::istream_iterator<std::string>(words), {});
    }();
    const auto parts = fuzz::splitFiles(data, size, names.size());
    const fs::path dir = fuzz::emptyFolder("tokenizer");
    for (std::size_t i = 0; i < parts.size(); ++i) fuzz::writeFile(dir / names[i], parts[i]);
    fuzz::refusesCleanly([&] { fuzz::workOut(*loadTokenizer(dir)); });
    return 0;
}
