// libcauseway_spm.so: libsentencepiece behind the C interface of spm_module.h. Nothing here may
// let a C++ exception cross into the caller.
#include "spm_module.h"

#include <sentencepiece_processor.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

struct CausewaySpmProcessor {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

char* copyToBuffer(const std::string& text) {
    char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
    if (buffer) {
        std::memcpy(buffer, text.data(), text.size());
        buffer[text.size()] = '\0';
    }
    return buffer;
}

void setError(char** error, const std::string& message) {
    if (error)
        *error = copyToBuffer(message);
}

// A serialized ModelProto followed by `normalizer_spec { add_dummy_prefix: false }`. Protobuf
// merges a repeated message field into the earlier one, so this is HF's
// model.normalizer_spec.MergeFrom(NormalizerSpec(add_dummy_prefix=False)) without needing the
// protobuf schema here.
std::string withoutDummyPrefix(const char* modelBytes, std::size_t size) {
    constexpr unsigned char kNormalizerSpecField = (3 << 3) | 2; // field 3, length-delimited
    constexpr unsigned char kAddDummyPrefixField = (3 << 3) | 0; // field 3, varint
    std::string bytes(modelBytes, size);
    bytes += static_cast<char>(kNormalizerSpecField);
    bytes += static_cast<char>(2);
    bytes += static_cast<char>(kAddDummyPrefixField);
    bytes += static_cast<char>(0);
    return bytes;
}

// sentencepiece gives a character's whole range to the last of its byte-fallback pieces and an
// empty range to the others; when the range has one byte per piece, give each piece its own byte.
void spreadByteFallbackRanges(const sentencepiece::SentencePieceProcessor& processor, CausewaySpmPiece* pieces,
                              size_t count) {
    size_t groupStart = 0;
    for (size_t i = 0; i < count; ++i) {
        if (!processor.IsByte(pieces[i].id)) {
            groupStart = i + 1;
            continue;
        }
        if (pieces[i].end == pieces[i].begin)
            continue;
        const uint32_t begin = pieces[i].begin;
        const size_t groupSize = i - groupStart + 1;
        bool spreadable = pieces[i].end - begin == groupSize;
        for (size_t k = groupStart; k < i && spreadable; ++k)
            spreadable = pieces[k].begin == begin && pieces[k].end == begin;
        if (spreadable) {
            for (size_t k = groupStart; k <= i; ++k) {
                pieces[k].begin = begin + static_cast<uint32_t>(k - groupStart);
                pieces[k].end = pieces[k].begin + 1;
            }
        }
        groupStart = i + 1;
    }
}

char* decodeResult(const sentencepiece::util::Status& status, const std::string& text, size_t* size, char** error) {
    if (!status.ok()) {
        setError(error, status.ToString());
        return nullptr;
    }
    *size = text.size();
    return copyToBuffer(text);
}

} // namespace

extern "C" {

int causeway_spm_abi_version(void) { return CAUSEWAY_SPM_ABI_VERSION; }

CausewaySpmProcessor* causeway_spm_load(const char* model_bytes, size_t size, int without_dummy_prefix, char** error) {
    try {
        auto handle = std::make_unique<CausewaySpmProcessor>();
        const std::string bytes = without_dummy_prefix ? withoutDummyPrefix(model_bytes, size) : std::string(model_bytes, size);
        const sentencepiece::util::Status status = handle->processor.LoadFromSerializedProto(bytes);
        if (!status.ok()) {
            setError(error, status.ToString());
            return nullptr;
        }
        return handle.release();
    } catch (const std::exception& exception) {
        setError(error, exception.what());
        return nullptr;
    }
}

void causeway_spm_free(CausewaySpmProcessor* processor) { delete processor; }

void causeway_spm_free_buffer(void* buffer) { std::free(buffer); }

int causeway_spm_encode(const CausewaySpmProcessor* processor, const char* text, size_t size, CausewaySpmEncoding* encoding,
                        char** error) {
    *encoding = CausewaySpmEncoding{nullptr, 0, nullptr};
    try {
        const sentencepiece::ImmutableSentencePieceText encoded =
            processor->processor.EncodeAsImmutableProto(std::string(text, size));
        const size_t count = encoded.pieces_size();
        std::string pieceText;
        std::vector<CausewaySpmPiece> pieces(count);
        for (size_t i = 0; i < count; ++i) {
            const auto piece = encoded.pieces(static_cast<int>(i));
            pieces[i] = {static_cast<int32_t>(piece.id()), piece.begin(), piece.end(),
                         static_cast<uint32_t>(pieceText.size()), static_cast<uint32_t>(piece.piece().size())};
            pieceText += piece.piece();
        }
        spreadByteFallbackRanges(processor->processor, pieces.data(), count);

        encoding->pieces = static_cast<CausewaySpmPiece*>(std::malloc(std::max<size_t>(count, 1) * sizeof(CausewaySpmPiece)));
        encoding->piece_text = copyToBuffer(pieceText);
        if (!encoding->pieces || !encoding->piece_text) {
            causeway_spm_free_encoding(encoding);
            setError(error, "out of memory");
            return -1;
        }
        std::copy(pieces.begin(), pieces.end(), encoding->pieces);
        encoding->count = count;
        return 0;
    } catch (const std::exception& exception) {
        causeway_spm_free_encoding(encoding);
        setError(error, exception.what());
        return -1;
    }
}

void causeway_spm_free_encoding(CausewaySpmEncoding* encoding) {
    std::free(encoding->pieces);
    std::free(encoding->piece_text);
    *encoding = CausewaySpmEncoding{nullptr, 0, nullptr};
}

char* causeway_spm_decode_pieces(const CausewaySpmProcessor* processor, const char* const* pieces, const size_t* piece_sizes,
                                 size_t count, size_t* size, char** error) {
    try {
        std::vector<std::string> pieceStrings;
        pieceStrings.reserve(count);
        for (size_t i = 0; i < count; ++i)
            pieceStrings.emplace_back(pieces[i], piece_sizes[i]);
        std::string text;
        const auto status = processor->processor.Decode(pieceStrings, &text);
        return decodeResult(status, text, size, error);
    } catch (const std::exception& exception) {
        setError(error, exception.what());
        return nullptr;
    }
}

char* causeway_spm_decode_ids(const CausewaySpmProcessor* processor, const int32_t* ids, size_t count, size_t* size,
                              char** error) {
    try {
        const std::vector<int> idList(ids, ids + count);
        std::string text;
        const auto status = processor->processor.Decode(idList, &text);
        return decodeResult(status, text, size, error);
    } catch (const std::exception& exception) {
        setError(error, exception.what());
        return nullptr;
    }
}

int causeway_spm_piece_size(const CausewaySpmProcessor* processor) { return processor->processor.GetPieceSize(); }

const char* causeway_spm_id_to_piece(const CausewaySpmProcessor* processor, int id, size_t* size) {
    const std::string& piece = processor->processor.IdToPiece(id);
    *size = piece.size();
    return piece.c_str();
}

int causeway_spm_piece_to_id(const CausewaySpmProcessor* processor, const char* piece, size_t size) {
    return processor->processor.PieceToId(std::string(piece, size));
}

CausewaySpmPieceKind causeway_spm_piece_kind(const CausewaySpmProcessor* processor, int id) {
    const auto& p = processor->processor;
    if (p.IsUnknown(id))
        return CAUSEWAY_SPM_UNKNOWN;
    if (p.IsControl(id))
        return CAUSEWAY_SPM_CONTROL;
    if (p.IsByte(id))
        return CAUSEWAY_SPM_BYTE;
    if (p.IsUnused(id))
        return CAUSEWAY_SPM_UNUSED;
    return CAUSEWAY_SPM_NORMAL;
}

int causeway_spm_unk_id(const CausewaySpmProcessor* processor) { return processor->processor.unk_id(); }
int causeway_spm_bos_id(const CausewaySpmProcessor* processor) { return processor->processor.bos_id(); }
int causeway_spm_eos_id(const CausewaySpmProcessor* processor) { return processor->processor.eos_id(); }
int causeway_spm_pad_id(const CausewaySpmProcessor* processor) { return processor->processor.pad_id(); }

} // extern "C"
