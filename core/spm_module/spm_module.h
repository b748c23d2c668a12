/* The C interface of libcauseway_spm.so, the module that wraps libsentencepiece.
 *
 * Debian's libsentencepiece carries its own protobuf (3.14), which clashes with LibTorch's
 * (3.21) when both sit in one symbol namespace. The core therefore never links sentencepiece: it
 * dlopen()s this module with RTLD_LOCAL | RTLD_DEEPBIND and talks to it only through these plain C
 * functions (see core/tokenize/sentencepiece_tokenizer.cpp). Strings the module returns are
 * released with causeway_spm_free_buffer, encodings with causeway_spm_free_encoding. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CAUSEWAY_SPM_EXPORT __attribute__((visibility("default")))

/* Bumped whenever a signature below changes; the core refuses a module with another version. */
#define CAUSEWAY_SPM_ABI_VERSION 1

typedef struct CausewaySpmProcessor CausewaySpmProcessor;

/* One piece of an encoding. [begin, end) is its byte range in the encoded text (empty for the
 * dummy-prefix "▁"); byte-fallback pieces get one byte each. The piece's own text (for an unknown
 * piece: the normalised text it covers, as python sentencepiece returns it) is
 * piece_text[text_begin, text_begin + text_size) of its CausewaySpmEncoding. */
typedef struct {
    int32_t id;
    uint32_t begin;
    uint32_t end;
    uint32_t text_begin;
    uint32_t text_size;
} CausewaySpmPiece;

typedef struct {
    CausewaySpmPiece* pieces;
    size_t count;
    char* piece_text;
} CausewaySpmEncoding;

typedef enum {
    CAUSEWAY_SPM_NORMAL = 0,
    CAUSEWAY_SPM_UNKNOWN = 1,
    CAUSEWAY_SPM_CONTROL = 2,
    CAUSEWAY_SPM_BYTE = 3,
    CAUSEWAY_SPM_UNUSED = 4,
} CausewaySpmPieceKind;

CAUSEWAY_SPM_EXPORT int causeway_spm_abi_version(void);

/* Loads a serialized ModelProto (the bytes of tokenizer.model). With without_dummy_prefix set,
 * the model's normalizer_spec.add_dummy_prefix is forced off, as HF's non-legacy LlamaTokenizer
 * does. Returns NULL on failure and sets *error to a message (free it with causeway_spm_free_buffer). */
CAUSEWAY_SPM_EXPORT CausewaySpmProcessor* causeway_spm_load(const char* model_bytes, size_t size, int without_dummy_prefix,
                                                            char** error);
CAUSEWAY_SPM_EXPORT void causeway_spm_free(CausewaySpmProcessor* processor);
CAUSEWAY_SPM_EXPORT void causeway_spm_free_buffer(void* buffer);

/* Encodes text into *encoding (release it with causeway_spm_free_encoding). Returns 0 on
 * success; on failure returns -1, leaves *encoding empty and sets *error. */
CAUSEWAY_SPM_EXPORT int causeway_spm_encode(const CausewaySpmProcessor* processor, const char* text, size_t size,
                                            CausewaySpmEncoding* encoding, char** error);
CAUSEWAY_SPM_EXPORT void causeway_spm_free_encoding(CausewaySpmEncoding* encoding);

/* Decodes pieces (given as strings, as python sentencepiece's decode(list of str) does) or ids.
 * Returns a buffer of *size bytes, or NULL with *error set. */
CAUSEWAY_SPM_EXPORT char* causeway_spm_decode_pieces(const CausewaySpmProcessor* processor, const char* const* pieces,
                                                     const size_t* piece_sizes, size_t count, size_t* size, char** error);
CAUSEWAY_SPM_EXPORT char* causeway_spm_decode_ids(const CausewaySpmProcessor* processor, const int32_t* ids, size_t count,
                                                  size_t* size, char** error);

CAUSEWAY_SPM_EXPORT int causeway_spm_piece_size(const CausewaySpmProcessor* processor);
/* The piece text of id (0 <= id < piece_size); the pointer lives as long as the processor. */
CAUSEWAY_SPM_EXPORT const char* causeway_spm_id_to_piece(const CausewaySpmProcessor* processor, int id, size_t* size);
/* The id of a piece, or the unk id when the vocabulary lacks it. */
CAUSEWAY_SPM_EXPORT int causeway_spm_piece_to_id(const CausewaySpmProcessor* processor, const char* piece, size_t size);
CAUSEWAY_SPM_EXPORT CausewaySpmPieceKind causeway_spm_piece_kind(const CausewaySpmProcessor* processor, int id);
/* -1 when the model has no such token. */
CAUSEWAY_SPM_EXPORT int causeway_spm_unk_id(const CausewaySpmProcessor* processor);
CAUSEWAY_SPM_EXPORT int causeway_spm_bos_id(const CausewaySpmProcessor* processor);
CAUSEWAY_SPM_EXPORT int causeway_spm_eos_id(const CausewaySpmProcessor* processor);
CAUSEWAY_SPM_EXPORT int causeway_spm_pad_id(const CausewaySpmProcessor* processor);

#ifdef __cplusplus
}
#endif
