// Tokenizer folders as loadTokenizer reads them, one target per kind of folder: the input's parts
// (fuzz_support.h's splitFiles) become the named files. A tokenizer.model goes through
// libcauseway_spm.so, loaded as in the programs (in sanitizer builds into a namespace of its own;
// see core/tokenize/sentencepiece_tokenizer.cpp).
#include "fuzz_support.h"
#include "tokenizer_workout.h"

using namespace causeway;

namespace {

void feedTokenizerFolder(const std::vector<std::string>& names, const uint8_t* data, std::size_t size) {
    const auto parts = fuzz::splitFiles(data, size, names.size());
    const fs::path dir = fuzz::emptyFolder("tokenizer");
    for (std::size_t i = 0; i < parts.size(); ++i) fuzz::writeFile(dir / names[i], parts[i]);
    fuzz::workOut(*loadTokenizer(dir));
}

} // namespace

CAUSEWAY_FUZZ_TARGET(fuzz_tokenizer_json) { feedTokenizerFolder({"tokenizer.json", "tokenizer_config.json"}, data, size); }

CAUSEWAY_FUZZ_TARGET(fuzz_vocab_merges) {
    feedTokenizerFolder({"vocab.json", "merges.txt", "tokenizer_config.json"}, data, size);
}

CAUSEWAY_FUZZ_TARGET(fuzz_sentencepiece) {
    feedTokenizerFolder({"tokenizer.model", "tokenizer_config.json"}, data, size);
}
