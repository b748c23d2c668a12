#pragma once
// What the workbench and the CLI do with a tokenizer once it loaded: encode prompts (plain,
// Unicode, special-token strings, invalid UTF-8), show each token, decode the ids back, and
// look up ids at the edges of the vocabulary.
#include "tokenize/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace causeway::fuzz {

inline void workOut(const Tokenizer& tokenizer) {
    using namespace std::literals;
    static const std::string texts[] = {
        "The Eiffel Tower is in Paris",
        " leading space,  double  spaces\tand\nnewlines\r\n",
        "Gr\xC3\xBC\xC3\x9F" "e \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80 \xE2\x96\x81",
        "<|endoftext|><s></s><unk><pad><bos><eos> <|im_start|>",
        std::string("bad \xC3( \xFF\xFE utf-8 \0 nul"sv),
        "",
    };
    for (const std::string& text : texts)
        for (bool special : {true, false}) {
            const std::vector<Token> tokens = tokenizer.encode(text, special);
            std::vector<int64_t> ids;
            for (const Token& t : tokens) {
                if (t.byteBegin > t.byteEnd || t.byteEnd > text.size()) std::abort(); // ranges index the text
                ids.push_back(t.id);
            }
            (void)tokenizer.decode(ids, false);
            (void)tokenizer.decode(ids, true);
        }
    const int64_t vocab = tokenizer.vocabSize();
    for (int64_t id : {int64_t{0}, vocab / 2, vocab - 1}) {
        if (id < 0 || id >= vocab) continue;
        (void)tokenizer.displayText(id);
        (void)tokenizer.rawToken(id);
        (void)tokenizer.decode({id});
    }
    (void)tokenizer.bosId();
    (void)tokenizer.eosId();
    (void)tokenizer.kind();
}

} // namespace causeway::fuzz
