#include "tokenize/sentencepiece_tokenizer.h"

#include "common/error.h"
#include "spm_module/spm_module.h"
#include "tokenize/utf8.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace causeway {

namespace {

constexpr std::string_view kWordBoundary = "\xE2\x96\x81"; // "▁", SentencePiece's space
constexpr const char* kModuleFileName = "libcauseway_spm.so";

// ---- the sentencepiece module --------------------------------------------------------------------

struct SpmModule {
    decltype(&causeway_spm_load) load;
    decltype(&causeway_spm_free) free;
    decltype(&causeway_spm_free_buffer) freeBuffer;
    decltype(&causeway_spm_encode) encode;
    decltype(&causeway_spm_free_encoding) freeEncoding;
    decltype(&causeway_spm_decode_pieces) decodePieces;
    decltype(&causeway_spm_decode_ids) decodeIds;
    decltype(&causeway_spm_piece_size) pieceSize;
    decltype(&causeway_spm_id_to_piece) idToPiece;
    decltype(&causeway_spm_piece_to_id) pieceToId;
    decltype(&causeway_spm_piece_kind) pieceKind;
    decltype(&causeway_spm_unk_id) unkId;
    decltype(&causeway_spm_bos_id) bosId;
    decltype(&causeway_spm_eos_id) eosId;
    decltype(&causeway_spm_pad_id) padId;
};

std::vector<std::filesystem::path> moduleCandidates() {
    std::vector<std::filesystem::path> candidates;
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        const std::filesystem::path dir = executable.parent_path();
        candidates.push_back(dir / kModuleFileName);
        candidates.push_back(dir / ".." / "lib" / kModuleFileName);
        candidates.push_back(dir / ".." / "lib" / "causeway" / kModuleFileName);
    }
#ifdef CAUSEWAY_SPM_BUILD_PATH
    candidates.emplace_back(CAUSEWAY_SPM_BUILD_PATH);
#endif
#ifdef CAUSEWAY_SPM_INSTALL_PATH
    candidates.emplace_back(CAUSEWAY_SPM_INSTALL_PATH);
#endif
    return candidates;
}

std::filesystem::path findModule() {
    if (const char* override = std::getenv("CAUSEWAY_SPM_MODULE"); override && *override) {
        if (!std::filesystem::exists(override)) {
            throw Error(std::string("CAUSEWAY_SPM_MODULE names ") + override +
                        ", which does not exist; point it at libcauseway_spm.so or unset it.");
        }
        return override;
    }
    std::string searched;
    for (const std::filesystem::path& candidate : moduleCandidates()) {
        std::error_code error;
        if (std::filesystem::is_regular_file(candidate, error))
            return candidate;
        searched += (searched.empty() ? "" : ", ") + candidate.lexically_normal().string();
    }
    throw Error(std::string("Cannot find ") + kModuleFileName + ", which SentencePiece tokenizers need (looked in " +
                searched + "); reinstall Causeway or set CAUSEWAY_SPM_MODULE to the file's path.");
}

// Sanitizer runtimes abort on RTLD_DEEPBIND (github.com/google/sanitizers/issues/611).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CAUSEWAY_SANITIZER_RUNTIME 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CAUSEWAY_SANITIZER_RUNTIME 1
#endif
#endif

void* loadModuleApart(const std::filesystem::path& path) {
#ifdef CAUSEWAY_SANITIZER_RUNTIME
    // A link-map namespace of its own keeps the module's protobuf (and everything else) apart
    // from LibTorch's without DEEPBIND; the module is built uninstrumented for this
    // (core/CMakeLists.txt), as the sanitizer runtime is out of its reach.
    return dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
    // RTLD_LOCAL | RTLD_DEEPBIND keep the module's protobuf apart from LibTorch's. glibc gives
    // the preferred own-symbols scope only to the object dlopen() names, not to the libraries it
    // pulls in, so libsentencepiece (which embeds protobuf 3.14) is opened by name first: its
    // start-up version check must bind to its own protobuf, not LibTorch's 3.21.
    dlopen("libsentencepiece.so.0", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    return dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
}

SpmModule openModule() {
    const std::filesystem::path path = findModule();
    void* handle = loadModuleApart(path);
    if (!handle) {
        throw Error("Cannot load " + path.string() + " (" + dlerror() +
                    "); check that libsentencepiece is installed, or reinstall Causeway.");
    }
    const auto symbol = [&](const char* name) {
        void* address = dlsym(handle, name);
        if (!address) {
            throw Error(path.string() + " lacks the function " + name +
                        "; it is from another Causeway version, reinstall Causeway.");
        }
        return address;
    };
    const auto abiVersion = reinterpret_cast<decltype(&causeway_spm_abi_version)>(symbol("causeway_spm_abi_version"));
    if (abiVersion() != CAUSEWAY_SPM_ABI_VERSION) {
        throw Error(path.string() + " speaks interface version " + std::to_string(abiVersion()) + ", not " +
                    std::to_string(CAUSEWAY_SPM_ABI_VERSION) + "; it is from another Causeway version, reinstall Causeway.");
    }
#define CAUSEWAY_SPM_SYMBOL(name) reinterpret_cast<decltype(&causeway_spm_##name)>(symbol("causeway_spm_" #name))
    return SpmModule{CAUSEWAY_SPM_SYMBOL(load),        CAUSEWAY_SPM_SYMBOL(free),          CAUSEWAY_SPM_SYMBOL(free_buffer),
                     CAUSEWAY_SPM_SYMBOL(encode),      CAUSEWAY_SPM_SYMBOL(free_encoding), CAUSEWAY_SPM_SYMBOL(decode_pieces),
                     CAUSEWAY_SPM_SYMBOL(decode_ids),  CAUSEWAY_SPM_SYMBOL(piece_size),    CAUSEWAY_SPM_SYMBOL(id_to_piece),
                     CAUSEWAY_SPM_SYMBOL(piece_to_id), CAUSEWAY_SPM_SYMBOL(piece_kind),    CAUSEWAY_SPM_SYMBOL(unk_id),
                     CAUSEWAY_SPM_SYMBOL(bos_id),      CAUSEWAY_SPM_SYMBOL(eos_id),        CAUSEWAY_SPM_SYMBOL(pad_id)};
#undef CAUSEWAY_SPM_SYMBOL
}

// Loaded once per process; the module stays loaded until exit. A failed load is retried next time.
const SpmModule& spmModule() {
    static const SpmModule module = openModule();
    return module;
}

std::string takeModuleError(char* error) {
    std::string message = error ? error : "unknown error";
    spmModule().freeBuffer(error);
    return message;
}

// ---- helpers -------------------------------------------------------------------------------------

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string replaceAll(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    for (std::size_t pos = 0;;) {
        const std::size_t found = text.find(from, pos);
        out.append(text.substr(pos, found - pos));
        if (found == std::string_view::npos)
            return out;
        out.append(to);
        pos = found + from.size();
    }
}

// Makes the pieces of one chunk tile [0, chunkSize): sentencepiece leaves out whitespace its
// normaliser dropped and gives empty ranges to pieces it made up; the user sees every byte in
// some token, attached to the token that follows it (or the last one).
template <typename PieceList>
void tileRanges(PieceList& pieces, std::size_t chunkSize) {
    std::size_t previousEnd = 0;
    for (auto& piece : pieces) {
        piece.begin = previousEnd;
        piece.end = std::clamp(piece.end, piece.begin, chunkSize);
        previousEnd = piece.end;
    }
    if (!pieces.empty())
        pieces.back().end = chunkSize;
}

// "<0x0A>" -> 0x0A.
std::optional<unsigned char> byteOfPiece(const std::string& piece) {
    const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (piece.size() != 6 || !startsWith(piece, "<0x") || piece.back() != '>' || !hex(piece[3]) || !hex(piece[4]))
        return std::nullopt; // libsentencepiece refuses such byte pieces on load; std::stoi must not throw regardless
    return static_cast<unsigned char>(std::stoi(piece.substr(3, 2), nullptr, 16));
}

} // namespace

// ---- SentencePieceTokenizer ----------------------------------------------------------------------

SentencePieceOptions sentencePieceOptionsFromConfig(const TokenizerConfig& config) {
    SentencePieceOptions options;
    if (config.isClass("GemmaTokenizer"))
        options.style = SentencePieceStyle::Gemma;
    else if (config.isClass("LlamaTokenizer") || config.isClass("CodeLlamaTokenizer") || config.legacy)
        options.style = config.legacy.value_or(true) ? SentencePieceStyle::LlamaLegacy : SentencePieceStyle::Llama;
    options.addBos = config.addBosToken.value_or(true);
    options.addEos = config.addEosToken.value_or(false);
    options.addPrefixSpace = config.addPrefixSpace.value_or(true);
    options.bosToken = config.bosToken;
    options.eosToken = config.eosToken;
    options.unkToken = config.unkToken;
    options.padToken = config.padToken;
    options.addedTokens = config.addedTokens;
    return options;
}

SentencePieceTokenizer::SentencePieceTokenizer(const std::filesystem::path& modelFile, SentencePieceOptions options)
    : modelFile_(modelFile), addBos_(options.addBos), addEos_(options.addEos), addPrefixSpace_(options.addPrefixSpace) {
    const SpmModule& module = spmModule();
    const std::string bytes = readFileBytes(modelFile);

    // The style decides how the processor is built, so a missing style is settled on a first load.
    const auto load = [&](bool withoutDummyPrefix) {
        char* error = nullptr;
        CausewaySpmProcessor* raw = module.load(bytes.data(), bytes.size(), withoutDummyPrefix ? 1 : 0, &error);
        if (!raw) {
            throw Error(modelFile.string() + " is not a valid SentencePiece model (" + takeModuleError(error) +
                        "); the file is damaged or incomplete, download it again.");
        }
        return std::shared_ptr<CausewaySpmProcessor>(raw, module.free);
    };
    processor_ = load(false);
    const auto pieceOf = [&](int id) {
        std::size_t size = 0;
        const char* text = module.idToPiece(processor_.get(), id, &size);
        return std::string(text, size);
    };
    style_ = options.style.value_or(module.bosId(processor_.get()) >= 0 && pieceOf(module.bosId(processor_.get())) == "<bos>"
                                        ? SentencePieceStyle::Gemma
                                        : SentencePieceStyle::LlamaLegacy);
    if (style_ == SentencePieceStyle::Llama)
        processor_ = load(true); // HF's non-legacy Llama switches the dummy prefix off

    const int pieceCount = module.pieceSize(processor_.get());
    pieces_.reserve(static_cast<std::size_t>(pieceCount));
    pieceKinds_.reserve(static_cast<std::size_t>(pieceCount));
    for (int id = 0; id < pieceCount; ++id) {
        pieces_.push_back(pieceOf(id));
        pieceKinds_.push_back(module.pieceKind(processor_.get(), id));
    }

    // HF cuts the special tokens and every added token out of the text; absent from the config,
    // the special tokens are the model's own pieces.
    const auto modelPiece = [&](int id) { return id >= 0 ? std::optional<std::string>(pieceOf(id)) : std::nullopt; };
    const std::optional<std::string> unk = options.unkToken.orDefault(modelPiece(module.unkId(processor_.get())));
    const std::optional<std::string> bos = options.bosToken.orDefault(modelPiece(module.bosId(processor_.get())));
    const std::optional<std::string> eos = options.eosToken.orDefault(modelPiece(module.eosId(processor_.get())));
    const std::optional<std::string> pad = options.padToken.orDefault(modelPiece(module.padId(processor_.get())));
    std::vector<AddedToken> added = std::move(options.addedTokens);
    const auto idOfSpecial = [&](const std::optional<std::string>& content) -> std::optional<int64_t> {
        if (!content)
            return std::nullopt;
        for (const AddedToken& token : added) {
            if (token.content == *content)
                return token.id;
        }
        const int id = module.pieceToId(processor_.get(), content->data(), content->size());
        if (id < 0 || id >= pieceCount || pieces_[static_cast<std::size_t>(id)] != *content)
            return std::nullopt; // not in the vocabulary (sentencepiece answered with <unk>)
        added.push_back({*content, id, true, false, false});
        return id;
    };
    const std::optional<int64_t> unkId = idOfSpecial(unk);
    bosId_ = idOfSpecial(bos);
    eosId_ = idOfSpecial(eos);
    const std::optional<int64_t> padId = idOfSpecial(pad);
    for (const std::optional<int64_t>& id : {unkId, bosId_, eosId_, padId}) {
        if (id)
            specialIds_.push_back(*id);
    }
    for (const AddedToken& token : added) {
        if (token.special)
            specialIds_.push_back(token.id);
    }
    addedTokens_ = AddedTokenMatcher(std::move(added));

    vocabSize_ = pieceCount;
    for (const AddedToken& token : addedTokens_.tokens())
        vocabSize_ = std::max(vocabSize_, token.id + 1);

    unkToken_ = unk.value_or("<unk>");
    unkTokenPieceCount_ = encodeWithSentencePiece(unkToken_).size();
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::string SentencePieceTokenizer::kind() const {
    switch (style_) {
    case SentencePieceStyle::LlamaLegacy: return "SentencePiece (Llama, legacy)";
    case SentencePieceStyle::Llama: return "SentencePiece (Llama)";
    case SentencePieceStyle::Gemma: return "SentencePiece (Gemma)";
    }
    return "SentencePiece";
}

std::vector<SentencePieceTokenizer::Piece> SentencePieceTokenizer::encodeWithSentencePiece(std::string_view text) const {
    const SpmModule& module = spmModule();
    CausewaySpmEncoding encoding{};
    char* error = nullptr;
    if (module.encode(processor_.get(), text.data(), text.size(), &encoding, &error) != 0) {
        throw Error("SentencePiece could not encode the text with " + modelFile_.string() + " (" +
                    takeModuleError(error) + "); try a shorter or simpler text.");
    }
    std::vector<Piece> pieces;
    pieces.reserve(encoding.count);
    for (std::size_t i = 0; i < encoding.count; ++i) {
        const CausewaySpmPiece& piece = encoding.pieces[i];
        pieces.push_back({piece.id, std::string(encoding.piece_text + piece.text_begin, piece.text_size), piece.begin, piece.end});
    }
    module.freeEncoding(&encoding);
    return pieces;
}

std::string SentencePieceTokenizer::decodePieces(const std::vector<std::string>& pieces) const {
    if (pieces.empty())
        return {};
    std::vector<const char*> data;
    std::vector<std::size_t> sizes;
    for (const std::string& piece : pieces) {
        data.push_back(piece.data());
        sizes.push_back(piece.size());
    }
    const SpmModule& module = spmModule();
    std::size_t size = 0;
    char* error = nullptr;
    char* text = module.decodePieces(processor_.get(), data.data(), sizes.data(), pieces.size(), &size, &error);
    if (!text)
        throw Error("SentencePiece could not decode with " + modelFile_.string() + " (" + takeModuleError(error) + ").");
    std::string result(text, size);
    module.freeBuffer(text);
    return result;
}

std::string SentencePieceTokenizer::decodeWithSentencePiece(const std::vector<int64_t>& ids) const {
    std::vector<std::string> pieces;
    for (int64_t id : ids) {
        checkId(id);
        pieces.push_back(pieces_[static_cast<std::size_t>(id)]);
    }
    return decodePieces(pieces);
}

// One ordinary chunk as HF's _tokenize sees it. Non-legacy Llama encodes a chunk that starts with
// a space as "<unk>" + chunk and drops the pieces of "<unk>": the processor, having no dummy
// prefix, would otherwise strip that leading space.
std::vector<SentencePieceTokenizer::Piece> SentencePieceTokenizer::encodeChunk(std::string_view chunk,
                                                                               bool hideDummyPrefix) const {
    std::vector<Piece> pieces;
    if (hideDummyPrefix && (startsWith(chunk, kWordBoundary) || startsWith(chunk, " "))) {
        pieces = encodeWithSentencePiece(unkToken_ + std::string(chunk));
        if (pieces.size() >= unkTokenPieceCount_)
            pieces.erase(pieces.begin(), pieces.begin() + static_cast<std::ptrdiff_t>(unkTokenPieceCount_));
        for (Piece& piece : pieces) {
            piece.begin = piece.begin > unkToken_.size() ? piece.begin - unkToken_.size() : 0;
            piece.end = piece.end > unkToken_.size() ? piece.end - unkToken_.size() : 0;
        }
    } else {
        pieces = encodeWithSentencePiece(chunk);
    }
    tileRanges(pieces, chunk.size());
    return pieces;
}

// HF's PreTrainedTokenizer.tokenize with LlamaTokenizer's / GemmaTokenizer's overrides.
std::vector<SentencePieceTokenizer::Encoded> SentencePieceTokenizer::tokenizeLikeHf(std::string_view text) const {
    const bool nonLegacy = style_ == SentencePieceStyle::Llama && !text.empty();

    // Non-legacy Llama tokenizes "▁" + text with "▁" turned into spaces; sourceOffset maps the
    // prepared text back to the user's.
    std::string prepared;
    std::vector<std::size_t> sourceOffset;
    if (nonLegacy) {
        if (addPrefixSpace_) {
            prepared = kWordBoundary;
            sourceOffset.assign(prepared.size(), 0);
        }
        for (std::size_t pos = 0; pos < text.size();) {
            if (startsWith(text.substr(pos), kWordBoundary)) {
                prepared += ' ';
                sourceOffset.push_back(pos);
                pos += kWordBoundary.size();
            } else {
                prepared += text[pos];
                sourceOffset.push_back(pos++);
            }
        }
    } else {
        prepared = std::string(text);
        for (std::size_t pos = 0; pos < text.size(); ++pos)
            sourceOffset.push_back(pos);
    }
    sourceOffset.push_back(text.size());

    std::vector<Encoded> tokens;
    for (const TextSegment& segment : addedTokens_.split(prepared)) {
        const std::size_t begin = sourceOffset[segment.begin];
        if (segment.addedToken) {
            tokens.push_back({segment.addedToken->id, segment.addedToken->content, begin, sourceOffset[segment.end],
                              segment.addedToken});
            continue;
        }
        const std::string_view chunk = std::string_view(prepared).substr(segment.begin, segment.end - segment.begin);
        for (Piece& piece : encodeChunk(chunk, nonLegacy)) {
            tokens.push_back({piece.id, std::move(piece.piece), sourceOffset[segment.begin + piece.begin],
                              sourceOffset[segment.begin + piece.end], nullptr});
        }
    }

    // The prefix "▁" in front of a leading special token is not kept.
    if (nonLegacy && tokens.size() > 1 && tokens[0].piece == kWordBoundary && tokens[1].addedToken &&
        tokens[1].addedToken->special) {
        tokens.erase(tokens.begin());
    }
    return tokens;
}

std::vector<Token> SentencePieceTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    std::vector<Token> tokens;
    if (addSpecialTokens && addBos_ && bosId_)
        tokens.push_back({*bosId_, displayText(*bosId_), 0, 0, true});
    for (const Encoded& encoded : tokenizeLikeHf(text)) {
        const bool special = encoded.addedToken && encoded.addedToken->special;
        tokens.push_back({encoded.id, displayText(encoded.id), encoded.begin, encoded.end, special});
    }
    if (addSpecialTokens && addEos_ && eosId_)
        tokens.push_back({*eosId_, displayText(*eosId_), text.size(), text.size(), true});
    return tokens;
}

bool SentencePieceTokenizer::isSpecialId(int64_t id) const {
    return std::find(specialIds_.begin(), specialIds_.end(), id) != specialIds_.end();
}

void SentencePieceTokenizer::checkId(int64_t id) const {
    if (id < 0 || id >= static_cast<int64_t>(pieces_.size())) {
        throw Error("Token id " + std::to_string(id) + " is not in the vocabulary of " + modelFile_.string() +
                    " (ids run from 0 to " + std::to_string(vocabSize_ - 1) + "); the ids were made by a different tokenizer.");
    }
}

std::string SentencePieceTokenizer::decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    return style_ == SentencePieceStyle::Gemma ? decodeGemma(ids, skipSpecialTokens) : decodeLlama(ids, skipSpecialTokens);
}

// LlamaTokenizer.convert_tokens_to_string: special tokens verbatim, runs of pieces through
// sentencepiece, the prefix "▁" of the first piece dropped, and a space before a special token
// in legacy mode.
std::string SentencePieceTokenizer::decodeLlama(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    std::vector<std::pair<std::string, bool>> tokens; // (token, is special)
    for (int64_t id : ids) {
        const bool special = isSpecialId(id) || addedTokens_.findById(id);
        if (skipSpecialTokens && isSpecialId(id))
            continue;
        tokens.emplace_back(rawToken(id), special);
    }
    if (tokens.empty())
        return {};
    if (addPrefixSpace_ && startsWith(tokens[0].first, kWordBoundary))
        tokens[0].first.erase(0, kWordBoundary.size());

    const bool legacy = style_ == SentencePieceStyle::LlamaLegacy;
    std::string out;
    std::vector<std::string> run;
    bool previousSpecial = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto& [token, special] = tokens[i];
        if (special) {
            if (!previousSpecial && i != 0 && legacy)
                out += ' ';
            out += decodePieces(run) + token;
            run.clear();
        } else {
            if (previousSpecial && i == 1 && addPrefixSpace_ && !startsWith(token, kWordBoundary))
                out += ' ';
            run.push_back(std::move(token));
        }
        previousSpecial = special;
    }
    return out + decodePieces(run);
}

// GemmaTokenizer._decode: added tokens verbatim, runs of ids through sentencepiece, "▁" -> " ".
std::string SentencePieceTokenizer::decodeGemma(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    std::string out;
    std::vector<int64_t> run;
    for (int64_t id : ids) {
        if (skipSpecialTokens && isSpecialId(id))
            continue;
        if (const AddedToken* added = addedTokens_.findById(id)) {
            out += decodeWithSentencePiece(run) + added->content;
            run.clear();
        } else {
            checkId(id);
            run.push_back(id);
        }
    }
    out += decodeWithSentencePiece(run);
    return replaceAll(out, kWordBoundary, " ");
}

std::string SentencePieceTokenizer::rawToken(int64_t id) const {
    if (const AddedToken* added = addedTokens_.findById(id))
        return added->content;
    checkId(id);
    return pieces_[static_cast<std::size_t>(id)];
}

std::string SentencePieceTokenizer::displayText(int64_t id) const {
    if (const AddedToken* added = addedTokens_.findById(id))
        return added->content;
    checkId(id);
    const std::string& piece = pieces_[static_cast<std::size_t>(id)];
    switch (pieceKinds_[static_cast<std::size_t>(id)]) {
    case CAUSEWAY_SPM_BYTE: {
        // A byte piece shows its character when it is one on its own (ASCII); a lone byte of a
        // multi-byte character shows as its hex piece.
        const std::optional<unsigned char> byte = byteOfPiece(piece);
        return byte && *byte < 0x80 ? std::string(1, static_cast<char>(*byte)) : piece;
    }
    case CAUSEWAY_SPM_NORMAL:
        return replaceAll(piece, kWordBoundary, " ");
    default:
        return piece; // <unk>, <s>, unused pieces
    }
}

std::unique_ptr<Tokenizer> loadSentencePiece(const std::filesystem::path& modelFile) {
    return std::make_unique<SentencePieceTokenizer>(modelFile,
                                                    sentencePieceOptionsFromConfig(readTokenizerConfig(modelFile.parent_path())));
}

} // namespace causeway
