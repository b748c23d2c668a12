// The tokenizers against HF's own output (tests/data/tokenizers, tests/data/expected; see
// tests/data/FIXTURES.md section 1): ids, tokens and decoded strings must be identical.
#include "common/error.h"
#include "tokenize/bpe_tokenizer.h"
#include "tokenize/sentencepiece_tokenizer.h"
#include "tokenize/tokenizer.h"
#include "tokenize/tokenizer_config.h"
#include "tokenize/unicode_nfc.h"
#include "tokenize/utf8.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>

using causeway::SentencePieceOptions;
using causeway::SentencePieceStyle;
using causeway::SentencePieceTokenizer;
using causeway::Tokenizer;
namespace fs = std::filesystem;

namespace {

const fs::path kTestData = CAUSEWAY_TEST_DATA;
const fs::path kTokenizerData = kTestData / "tokenizers";

// Loaders a BPE folder is checked through.
const char* const kTokenizerJsonLoader = "tokenizer.json";
const char* const kVocabMergesLoader = "vocab.json+merges.txt";

QString idsText(const std::vector<int64_t>& ids) {
    QStringList parts;
    for (int64_t id : ids)
        parts << QString::number(id);
    return "[" + parts.join(", ") + "]";
}

std::vector<int64_t> idsOf(const nlohmann::json& list) { return list.get<std::vector<int64_t>>(); }

QString tokensText(const std::vector<std::string>& tokens) {
    QStringList parts;
    for (const std::string& token : tokens)
        parts << QString::fromStdString(token);
    return parts.join(" | ");
}

std::vector<std::string> rawTokens(const Tokenizer& tokenizer, const std::vector<int64_t>& ids) {
    std::vector<std::string> tokens;
    for (int64_t id : ids)
        tokens.push_back(tokenizer.rawToken(id));
    return tokens;
}

// A row name that shows the text, with control characters made visible.
QString rowName(const QString& prefix, std::size_t index, const std::string& text) {
    QString shown = QString::fromStdString(text);
    shown.replace('\n', "\\n").replace('\t', "\\t").replace('\r', "\\r");
    if (shown.size() > 40)
        shown = shown.left(40) + "...";
    return QString("%1 #%2 \"%3\"").arg(prefix).arg(index).arg(shown);
}

// The tokens that came from the text (not an added BOS/EOS) tile it: each starts where the
// previous one ended, the first at 0 and the last at the end.
void checkOffsetsTileText(const std::vector<causeway::Token>& tokens, const std::string& text) {
    std::string joined;
    std::size_t previousEnd = 0;
    for (const causeway::Token& token : tokens) {
        QVERIFY2(token.byteBegin <= token.byteEnd && token.byteEnd <= text.size(),
                 qPrintable(QString("bad range [%1, %2)").arg(token.byteBegin).arg(token.byteEnd)));
        QCOMPARE(token.byteBegin, previousEnd);
        previousEnd = token.byteEnd;
        joined += text.substr(token.byteBegin, token.byteEnd - token.byteBegin);
    }
    QCOMPARE(QString::fromStdString(joined), QString::fromStdString(text));
}

void writeFile(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string readFile(const fs::path& path) { return causeway::readFileBytes(path); }

bool containsSpecialTokenString(const std::string& text) {
    for (const char* special : {"<s>", "</s>", "<unk>", "<bos>", "<eos>", "<pad>"}) {
        if (text.find(special) != std::string::npos)
            return true;
    }
    return false;
}

} // namespace

class TokenizerTest : public QObject {
    Q_OBJECT

private:
    const Tokenizer& bpe(const QString& folder, const QString& loader);
    const SentencePieceTokenizer& sentencePiece(const QString& folder, const QString& variant);
    const nlohmann::json& cases(const QString& folder);
    const Tokenizer& modelTokenizer(const QString& model);

    std::map<QString, std::unique_ptr<Tokenizer>> tokenizers_;
    std::map<QString, nlohmann::json> cases_;
    QTemporaryDir scratch_;

private Q_SLOTS:
    void bpeCases_data();
    void bpeCases();
    void sentencePieceCases_data();
    void sentencePieceCases();
    void modelPrompts_data();
    void modelPrompts();
    void nfc_data();
    void nfc();
    void prefixSpace();
    void specialTokensAndVocabulary();
    void addedTokensInText();
    void displayText();
    void longInputs();
    void speed();
    void badInput_data();
    void badInput();
    void decodeRejectsUnknownIds();
    void hasTokenizerFiles();
};

const nlohmann::json& TokenizerTest::cases(const QString& folder) {
    auto& entry = cases_[folder];
    if (entry.is_null())
        entry = causeway::readJsonFile(kTokenizerData / folder.toStdString() / "cases.json");
    return entry;
}

// Each tokenizer is loaded once and shared by the rows that use it.
const Tokenizer& TokenizerTest::bpe(const QString& folder, const QString& loader) {
    auto& tokenizer = tokenizers_[folder + "/" + loader];
    if (!tokenizer) {
        const fs::path dir = kTokenizerData / folder.toStdString();
        if (loader == kTokenizerJsonLoader) {
            tokenizer = causeway::loadBpeFromTokenizerJson(dir / "tokenizer.json");
        } else if (folder == "tiny-bpe-qwen2") {
            // vocab.json + merges.txt become Qwen2 only through tokenizer_config.json's class.
            const fs::path qwen2Dir = fs::path(scratch_.path().toStdString()) / "qwen2-vocab-merges";
            fs::create_directories(qwen2Dir);
            fs::copy_file(dir / "vocab.json", qwen2Dir / "vocab.json", fs::copy_options::overwrite_existing);
            fs::copy_file(dir / "merges.txt", qwen2Dir / "merges.txt", fs::copy_options::overwrite_existing);
            writeFile(qwen2Dir / "tokenizer_config.json", R"({"tokenizer_class": "Qwen2Tokenizer", "bos_token": null})");
            tokenizer = causeway::loadBpeFromVocabMerges(qwen2Dir);
        } else {
            tokenizer = causeway::loadBpeFromVocabMerges(dir);
        }
    }
    return *tokenizer;
}

const SentencePieceTokenizer& TokenizerTest::sentencePiece(const QString& folder, const QString& variant) {
    auto& tokenizer = tokenizers_[folder + "/" + variant];
    if (!tokenizer) {
        SentencePieceOptions options;
        options.style = variant == "hf_gemma"           ? SentencePieceStyle::Gemma
                        : variant == "hf_llama_nonlegacy" ? SentencePieceStyle::Llama
                                                          : SentencePieceStyle::LlamaLegacy;
        tokenizer = std::make_unique<SentencePieceTokenizer>(kTokenizerData / folder.toStdString() / "tokenizer.model", options);
    }
    return static_cast<const SentencePieceTokenizer&>(*tokenizer);
}

const Tokenizer& TokenizerTest::modelTokenizer(const QString& model) {
    auto& tokenizer = tokenizers_["models/" + model];
    if (!tokenizer)
        tokenizer = causeway::loadTokenizer(kTestData / "models" / model.toStdString());
    return *tokenizer;
}

void TokenizerTest::bpeCases_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("loader");
    QTest::addColumn<int>("caseIndex");
    for (const QString folder : {"gpt2", "tiny-bpe", "tiny-bpe-qwen2"}) {
        const nlohmann::json& list = cases(folder)["cases"];
        for (const QString loader : {kTokenizerJsonLoader, kVocabMergesLoader}) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const QString name = rowName(folder + " " + loader, i, list[i]["text"].get<std::string>());
                QTest::newRow(qPrintable(name)) << folder << loader << static_cast<int>(i);
            }
        }
    }
}

void TokenizerTest::bpeCases() {
    QFETCH(QString, folder);
    QFETCH(QString, loader);
    QFETCH(int, caseIndex);
    const nlohmann::json& testCase = cases(folder)["cases"][static_cast<std::size_t>(caseIndex)];
    const std::string text = testCase["text"];
    const std::vector<int64_t> expectedIds = idsOf(testCase["ids"]);
    const Tokenizer& tokenizer = bpe(folder, loader);

    const std::vector<int64_t> ids = tokenizer.encodeIds(text, false);
    QCOMPARE(idsText(ids), idsText(expectedIds));
    QCOMPARE(idsText(tokenizer.encodeIds(text, true)), idsText(expectedIds)); // these configs add no BOS
    QCOMPARE(tokensText(rawTokens(tokenizer, ids)), tokensText(testCase["tokens"].get<std::vector<std::string>>()));
    QCOMPARE(QString::fromStdString(tokenizer.decode(ids)), QString::fromStdString(testCase["decoded"].get<std::string>()));

    const std::vector<causeway::Token> tokens = tokenizer.encode(text, false);
    checkOffsetsTileText(tokens, text);
    if (folder != "tiny-bpe-qwen2") { // no normaliser: a token's display is its own slice of the text
        for (const causeway::Token& token : tokens) {
            const std::string slice = text.substr(token.byteBegin, token.byteEnd - token.byteBegin);
            QCOMPARE(QString::fromStdString(token.display), QString::fromStdString(causeway::utf8::sanitize(slice)));
        }
    }
}

void TokenizerTest::sentencePieceCases_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("caseIndex");
    for (const QString folder : {"sp-unigram", "sp-bpe-bytefallback", "sp-gemma-bpe"}) {
        const nlohmann::json& file = cases(folder);
        const nlohmann::json& list = file["cases"];
        for (const auto& [variant, unused] : file["hf_tokenizers"].items()) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const QString name = rowName(folder + " " + QString::fromStdString(variant), i, list[i]["text"].get<std::string>());
                QTest::newRow(qPrintable(name)) << folder << QString::fromStdString(variant) << static_cast<int>(i);
            }
        }
    }
}

void TokenizerTest::sentencePieceCases() {
    QFETCH(QString, folder);
    QFETCH(QString, variant);
    QFETCH(int, caseIndex);
    const nlohmann::json& testCase = cases(folder)["cases"][static_cast<std::size_t>(caseIndex)];
    const std::string text = testCase["text"];
    const std::string prefix = variant.toStdString();
    const std::vector<int64_t> expectedIds = idsOf(testCase[prefix + "_ids"]);
    const std::vector<int64_t> spIds = idsOf(testCase["sp_ids"]);
    const SentencePieceTokenizer& tokenizer = sentencePiece(folder, variant);

    // HF: tokenizer(text)["input_ids"], BOS first; without special tokens, the same minus BOS.
    const std::vector<int64_t> ids = tokenizer.encodeIds(text, true);
    QCOMPARE(idsText(ids), idsText(expectedIds));
    QCOMPARE(tokensText(rawTokens(tokenizer, ids)), tokensText(testCase[prefix + "_tokens"].get<std::vector<std::string>>()));
    const std::vector<int64_t> withoutBos(expectedIds.begin() + 1, expectedIds.end());
    QCOMPARE(idsText(tokenizer.encodeIds(text, false)), idsText(withoutBos));
    if (!containsSpecialTokenString(text))
        QCOMPARE(idsText(tokenizer.encodeIds(text, false)), idsText(spIds));
    QCOMPARE(QString::fromStdString(tokenizer.decode(ids, true)),
             QString::fromStdString(testCase[prefix + "_decoded"].get<std::string>()));

    // python sentencepiece itself; non-legacy Llama runs a modified processor, so only the others.
    if (tokenizer.style() != SentencePieceStyle::Llama) {
        std::vector<int64_t> pieceIds;
        std::vector<std::string> pieces;
        for (const SentencePieceTokenizer::Piece& piece : tokenizer.encodeWithSentencePiece(text)) {
            pieceIds.push_back(piece.id);
            pieces.push_back(piece.piece);
        }
        QCOMPARE(idsText(pieceIds), idsText(spIds));
        QCOMPARE(tokensText(pieces), tokensText(testCase["sp_pieces"].get<std::vector<std::string>>()));
        QCOMPARE(QString::fromStdString(tokenizer.decodeWithSentencePiece(spIds)),
                 QString::fromStdString(testCase["sp_decoded"].get<std::string>()));
    }

    // Normalisation may drop all of a text that is only whitespace; otherwise the tokens tile it.
    const std::vector<causeway::Token> tokens = tokenizer.encode(text, false);
    if (!tokens.empty())
        checkOffsetsTileText(tokens, text);
    else
        QVERIFY(text.find_first_not_of(' ') == std::string::npos);
}

void TokenizerTest::modelPrompts_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("promptIndex");
    for (const auto& entry : fs::directory_iterator(kTestData / "models")) {
        const std::string model = entry.path().filename().string();
        if (!entry.is_directory() || model.size() < 5 || model.substr(model.size() - 5) != "-tiny")
            continue;
        const nlohmann::json manifest = causeway::readJsonFile(kTestData / "expected" / model / "manifest.json");
        for (std::size_t i = 0; i < manifest["prompts"].size(); ++i) {
            const QString name = rowName(QString::fromStdString(model), i, manifest["prompts"][i]["text"].get<std::string>());
            QTest::newRow(qPrintable(name)) << QString::fromStdString(model) << static_cast<int>(i);
        }
    }
}

void TokenizerTest::modelPrompts() {
    QFETCH(QString, model);
    QFETCH(int, promptIndex);
    const nlohmann::json manifest = causeway::readJsonFile(kTestData / "expected" / model.toStdString() / "manifest.json");
    const nlohmann::json& prompt = manifest["prompts"][static_cast<std::size_t>(promptIndex)];
    const std::string text = prompt["text"];
    const Tokenizer& tokenizer = modelTokenizer(model);

    const std::vector<int64_t> ids = tokenizer.encodeIds(text);
    QCOMPARE(idsText(ids), idsText(idsOf(prompt["input_ids"])));
    QCOMPARE(QString::fromStdString(tokenizer.decode(ids, true)), QString::fromStdString(text));

    const std::vector<causeway::Token> tokens = tokenizer.encode(text);
    const bool addsBos = tokenizer.bosId() && !tokens.empty() && tokens.front().id == *tokenizer.bosId() && tokens.front().special;
    if (addsBos)
        QCOMPARE(tokens.front().byteEnd, std::size_t(0));
    checkOffsetsTileText(std::vector<causeway::Token>(tokens.begin() + (addsBos ? 1 : 0), tokens.end()), text);
}

// Expected strings from Python's unicodedata.normalize("NFC", ...), the normaliser of the slow
// Qwen2Tokenizer.
void TokenizerTest::nfc_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("e + acute") << QByteArray("e\xCC\x81") << QByteArray("\xC3\xA9");
    QTest::newRow("e + acute + acute") << QByteArray("e\xCC\x81\xCC\x81") << QByteArray("\xC3\xA9\xCC\x81");
    QTest::newRow("Hangul jamo L V T") << QByteArray("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8") << QByteArray("\xEA\xB0\x81");
    QTest::newRow("marks out of order") << QByteArray("a\xCC\x82\xCC\xA3") << QByteArray("\xE1\xBA\xAD");
    QTest::newRow("singleton Angstrom sign") << QByteArray("\xE2\x84\xAB") << QByteArray("\xC3\x85");
    QTest::newRow("composition exclusion") << QByteArray("\xE0\xA4\x95\xE0\xA4\xBC") << QByteArray("\xE0\xA4\x95\xE0\xA4\xBC");
    QTest::newRow("mark before any letter") << QByteArray("\xCC\x81" "a") << QByteArray("\xCC\x81" "a");
    QTest::newRow("blocked mark reordered") << QByteArray("q\xCC\x87\xCC\xA3") << QByteArray("q\xCC\xA3\xCC\x87");
    QTest::newRow("invalid UTF-8 kept") << QByteArray("e\xFF\xCC\x81") << QByteArray("e\xFF\xCC\x81");
}

void TokenizerTest::nfc() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const std::string text = input.toStdString();
    const causeway::NormalizedText normalized = causeway::normalizeNfc(text);
    QCOMPARE(QByteArray::fromStdString(normalized.text), expected);
    QCOMPARE(normalized.sourceOffset.size(), normalized.text.size() + 1);
    QCOMPARE(normalized.sourceOffset.front(), std::size_t(0));
    QCOMPARE(normalized.sourceOffset.back(), text.size());
    QVERIFY(std::is_sorted(normalized.sourceOffset.begin(), normalized.sourceOffset.end()));
}

// add_prefix_space: tokenizer.json's ByteLevel puts a space before text that lacks one; the slow
// GPT2Tokenizer (vocab.json + merges.txt) puts one before the whole text, always.
void TokenizerTest::prefixSpace() {
    const fs::path tinyBpe = kTokenizerData / "tiny-bpe";
    const Tokenizer& plain = bpe("tiny-bpe", kTokenizerJsonLoader);
    const fs::path root = scratch_.path().toStdString();

    nlohmann::json json = causeway::readJsonFile(tinyBpe / "tokenizer.json");
    json["pre_tokenizer"]["add_prefix_space"] = true;
    fs::create_directories(root / "prefix-json");
    writeFile(root / "prefix-json" / "tokenizer.json", json.dump());
    const std::unique_ptr<Tokenizer> fromJson = causeway::loadBpeFromTokenizerJson(root / "prefix-json" / "tokenizer.json");
    QCOMPARE(idsText(fromJson->encodeIds("Hello world", false)), idsText(plain.encodeIds(" Hello world", false)));
    QCOMPARE(idsText(fromJson->encodeIds(" Hello", false)), idsText(plain.encodeIds(" Hello", false)));
    const std::vector<causeway::Token> tokens = fromJson->encode("Hello", false);
    checkOffsetsTileText(tokens, "Hello");

    fs::create_directories(root / "prefix-slow");
    fs::copy_file(tinyBpe / "vocab.json", root / "prefix-slow" / "vocab.json", fs::copy_options::overwrite_existing);
    fs::copy_file(tinyBpe / "merges.txt", root / "prefix-slow" / "merges.txt", fs::copy_options::overwrite_existing);
    writeFile(root / "prefix-slow" / "tokenizer_config.json", R"({"add_prefix_space": true})");
    const std::unique_ptr<Tokenizer> slow = causeway::loadBpeFromVocabMerges(root / "prefix-slow");
    QCOMPARE(idsText(slow->encodeIds("Hello world", false)), idsText(plain.encodeIds(" Hello world", false)));
    QCOMPARE(idsText(slow->encodeIds(" Hello", false)), idsText(plain.encodeIds("  Hello", false)));
    QCOMPARE(idsText(slow->encodeIds("<|endoftext|>x", false)), idsText(plain.encodeIds(" <|endoftext|>x", false)));
}

void TokenizerTest::specialTokensAndVocabulary() {
    const Tokenizer& gpt2 = bpe("gpt2", kVocabMergesLoader);
    QCOMPARE(gpt2.vocabSize(), int64_t(50257));
    QCOMPARE(gpt2.bosId(), std::optional<int64_t>(50256));
    QCOMPARE(gpt2.eosId(), std::optional<int64_t>(50256));
    QCOMPARE(QString::fromStdString(gpt2.kind()), QString("byte-level BPE (vocab.json + merges.txt)"));
    QCOMPARE(bpe("gpt2", kTokenizerJsonLoader).vocabSize(), int64_t(50257));
    QCOMPARE(QString::fromStdString(bpe("gpt2", kTokenizerJsonLoader).kind()), QString("byte-level BPE (tokenizer.json)"));

    const Tokenizer& qwen2 = modelTokenizer("qwen2-tiny");
    QCOMPARE(qwen2.bosId(), std::optional<int64_t>());
    QCOMPARE(qwen2.eosId(), std::optional<int64_t>(511));
    QCOMPARE(qwen2.vocabSize(), int64_t(512));

    const Tokenizer& llama = modelTokenizer("llama-tiny");
    QCOMPARE(llama.bosId(), std::optional<int64_t>(1));
    QCOMPARE(llama.eosId(), std::optional<int64_t>(2));
    QCOMPARE(llama.vocabSize(), int64_t(400));
    QCOMPARE(QString::fromStdString(llama.kind()), QString("SentencePiece (Llama)"));
    QCOMPARE(QString::fromStdString(modelTokenizer("mistral-tiny").kind()), QString("SentencePiece (Llama, legacy)"));

    const Tokenizer& gemma = modelTokenizer("gemma-tiny");
    QCOMPARE(gemma.bosId(), std::optional<int64_t>(2));
    QCOMPARE(gemma.eosId(), std::optional<int64_t>(1));
    QCOMPARE(QString::fromStdString(gemma.kind()), QString("SentencePiece (Gemma)"));
    QCOMPARE(QString::fromStdString(gemma.rawToken(0)), QString("<pad>"));
    QCOMPARE(QString::fromStdString(gemma.rawToken(3)), QString("<unk>"));

    // Without tokenizer_config.json the style comes from the model's own pieces.
    const SentencePieceTokenizer gemmaFromModel(kTokenizerData / "sp-gemma-bpe" / "tokenizer.model", {});
    QCOMPARE(int(gemmaFromModel.style()), int(SentencePieceStyle::Gemma));
    const SentencePieceTokenizer llamaFromModel(kTokenizerData / "sp-unigram" / "tokenizer.model", {});
    QCOMPARE(int(llamaFromModel.style()), int(SentencePieceStyle::LlamaLegacy));
}

void TokenizerTest::addedTokensInText() {
    const std::string text = "before <|endoftext|> after";
    const std::vector<causeway::Token> tokens = bpe("gpt2", kTokenizerJsonLoader).encode(text, false);
    const auto special = std::find_if(tokens.begin(), tokens.end(), [](const causeway::Token& t) { return t.special; });
    QVERIFY(special != tokens.end());
    QCOMPARE(special->id, int64_t(50256));
    QCOMPARE(special->byteBegin, text.find('<'));
    QCOMPARE(special->byteEnd, text.find('>') + 1);
    QCOMPARE(QString::fromStdString(special->display), QString("<|endoftext|>"));

    // BOS is added in front with an empty range; "</s>" in the text keeps its range.
    const std::string llamaText = "text </s> eos";
    const std::vector<causeway::Token> llamaTokens = modelTokenizer("llama-tiny").encode(llamaText);
    QVERIFY(llamaTokens.front().special && llamaTokens.front().id == 1);
    QCOMPARE(llamaTokens.front().byteEnd, std::size_t(0));
    const auto eos = std::find_if(llamaTokens.begin() + 1, llamaTokens.end(), [](const causeway::Token& t) { return t.special; });
    QVERIFY(eos != llamaTokens.end());
    QCOMPARE(eos->id, int64_t(2));
    QCOMPARE(QString::fromStdString(llamaText.substr(eos->byteBegin, eos->byteEnd - eos->byteBegin)), QString("</s>"));
    // HF legacy Llama decode: a space before a special token, the pieces' first "▁" dropped.
    const Tokenizer& mistral = modelTokenizer("mistral-tiny");
    QCOMPARE(QString::fromStdString(mistral.decode(mistral.encodeIds(llamaText))), QString("<s> text </s> eos"));
    QCOMPARE(QString::fromStdString(mistral.decode(mistral.encodeIds(llamaText), true)), QString("text   eos"));
}

void TokenizerTest::displayText() {
    const Tokenizer& gpt2 = bpe("gpt2", kTokenizerJsonLoader);
    const std::vector<int64_t> the = gpt2.encodeIds(" the", false);
    QCOMPARE(the.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(gpt2.rawToken(the[0])), QString("Ġthe"));
    QCOMPARE(QString::fromStdString(gpt2.displayText(the[0])), QString(" the"));
    QCOMPARE(QString::fromStdString(gpt2.displayText(gpt2.encodeIds("\n", false).at(0))), QString("\n"));

    // A byte-level token holding part of a character shows U+FFFD; the range still points at its bytes.
    const std::string japanese = "日本語";
    for (const causeway::Token& token : bpe("tiny-bpe", kTokenizerJsonLoader).encode(japanese, false)) {
        const std::string slice = japanese.substr(token.byteBegin, token.byteEnd - token.byteBegin);
        QVERIFY(!slice.empty());
        if (!causeway::utf8::isValid(slice))
            QVERIFY(token.display.find("\xEF\xBF\xBD") != std::string::npos);
    }

    const SentencePieceTokenizer& llama = sentencePiece("sp-bpe-bytefallback", "hf_llama_legacy");
    bool sawThe = false;
    for (const causeway::Token& token : llama.encode("The quick brown fox jumps over the lazy dog.")) {
        if (llama.rawToken(token.id) == "▁the") {
            QCOMPARE(QString::fromStdString(token.display), QString(" the"));
            sawThe = true;
        }
    }
    QVERIFY(sawThe);
    const std::vector<causeway::Token> newline = llama.encode("a\nb", false);
    const auto byteToken = std::find_if(newline.begin(), newline.end(), [&](const causeway::Token& t) { return llama.rawToken(t.id) == "<0x0A>"; });
    QVERIFY(byteToken != newline.end());
    QCOMPARE(QString::fromStdString(byteToken->display), QString("\n"));
    QCOMPARE(byteToken->byteEnd - byteToken->byteBegin, std::size_t(1));
    // A lone byte of a multi-byte character shows as its piece; each byte piece covers its own byte.
    const std::vector<causeway::Token> accent = llama.encode("é", false);
    const auto firstByte = std::find_if(accent.begin(), accent.end(), [&](const causeway::Token& t) { return llama.rawToken(t.id) == "<0xC3>"; });
    QVERIFY(firstByte != accent.end());
    QCOMPARE(QString::fromStdString(firstByte->display), QString("<0xC3>"));
    QCOMPARE(firstByte->byteEnd - firstByte->byteBegin, std::size_t(1));
    QCOMPARE(QString::fromStdString(llama.displayText(1)), QString("<s>"));
}

// Long runs stress the regex (backtracking in \s+(?!\S)) and the merge loop.
void TokenizerTest::longInputs() {
    const std::vector<std::string> texts = {std::string(20000, ' '), std::string(20000, 'a'), std::string(5000, '\n') + "x",
                                            [] { std::string s; for (int i = 0; i < 3000; ++i) s += "日本 "; return s; }()};
    for (const QString folder : {"gpt2", "tiny-bpe-qwen2"}) {
        const Tokenizer& tokenizer = bpe(folder, kTokenizerJsonLoader);
        for (const std::string& text : texts) {
            const std::vector<causeway::Token> tokens = tokenizer.encode(text, false);
            checkOffsetsTileText(tokens, text);
            std::vector<int64_t> ids;
            for (const causeway::Token& token : tokens)
                ids.push_back(token.id);
            QVERIFY(tokenizer.decode(ids) == text);
        }
    }
}

void TokenizerTest::speed() {
    QElapsedTimer timer;
    timer.start();
    const std::unique_ptr<Tokenizer> fromVocab = causeway::loadBpeFromVocabMerges(kTokenizerData / "gpt2");
    const qint64 vocabMs = timer.restart();
    const std::unique_ptr<Tokenizer> fromJson = causeway::loadBpeFromTokenizerJson(kTokenizerData / "gpt2" / "tokenizer.json");
    const qint64 jsonMs = timer.restart();

    // The fixture strings, then random words, so that the word cache cannot help much.
    std::string text;
    for (const nlohmann::json& testCase : cases("gpt2")["cases"])
        text += testCase["text"].get<std::string>() + " ";
    std::mt19937 random(7);
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;'!?-";
    while (text.size() < 10000) {
        for (std::size_t length = 1 + random() % 10; length > 0; --length)
            text += alphabet[random() % alphabet.size()];
        text += random() % 8 == 0 ? "\n" : " ";
    }
    timer.restart();
    const std::vector<causeway::Token> tokens = fromJson->encode(text, false);
    const double encodeMs = timer.nsecsElapsed() / 1e6;
    qInfo("GPT-2 vocab.json+merges.txt load %lld ms, tokenizer.json load %lld ms, encoding %zu bytes (%zu tokens) %.2f ms",
          vocabMs, jsonMs, text.size(), tokens.size(), encodeMs);
    // Loose bounds that catch a pathology, not a slow machine.
    QVERIFY2(vocabMs < 3000 && jsonMs < 3000, "loading the GPT-2 vocabulary is far too slow");
    QVERIFY2(encodeMs < 500, "encoding 10k characters is far too slow");
}

void TokenizerTest::badInput_data() {
    QTest::addColumn<QString>("scenario");
    for (const char* scenario : {"missing folder", "empty folder", "tokenizer.json not JSON", "tokenizer.json WordPiece",
                                 "tokenizer.json not a tokenizer", "vocab.json not JSON", "merges.txt unknown token", "merges.txt missing",
                                 "tokenizer_config.json not JSON", "tokenizer.model truncated"})
        QTest::newRow(scenario) << QString(scenario);
}

void TokenizerTest::badInput() {
    QFETCH(QString, scenario);
    QTemporaryDir temporary;
    QVERIFY(temporary.isValid());
    const fs::path dir = temporary.path().toStdString();
    const fs::path gpt2 = kTokenizerData / "gpt2";
    fs::path loadFrom = dir;
    std::string fileNamed; // what the message must name

    if (scenario == "missing folder") {
        loadFrom = dir / "does-not-exist";
        fileNamed = "does-not-exist";
    } else if (scenario == "empty folder") {
        fileNamed = dir.string();
    } else if (scenario == "tokenizer.json not JSON") {
        writeFile(dir / "tokenizer.json", "{ \"model\": { this is not json");
        fileNamed = "tokenizer.json";
    } else if (scenario == "tokenizer.json WordPiece") {
        writeFile(dir / "tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}})");
        fileNamed = "tokenizer.json";
    } else if (scenario == "vocab.json not JSON") {
        writeFile(dir / "vocab.json", "not json at all");
        fs::copy_file(gpt2 / "merges.txt", dir / "merges.txt");
        fileNamed = "vocab.json";
    } else if (scenario == "merges.txt unknown token") {
        writeFile(dir / "vocab.json", R"({"a": 0, "b": 1, "ab": 2})");
        writeFile(dir / "merges.txt", "#version: 0.2\na b\na zz\n");
        fileNamed = "merges.txt";
    } else if (scenario == "merges.txt missing") {
        fs::copy_file(gpt2 / "vocab.json", dir / "vocab.json");
        fileNamed = "merges.txt";
    } else if (scenario == "tokenizer.json not a tokenizer") {
        writeFile(dir / "tokenizer.json", "[1, 2, 3]");
        fileNamed = "tokenizer.json";
    } else if (scenario == "tokenizer_config.json not JSON") {
        fs::copy_file(kTokenizerData / "tiny-bpe" / "tokenizer.json", dir / "tokenizer.json");
        writeFile(dir / "tokenizer_config.json", "{\"add_bos_token\": tru");
        fileNamed = "tokenizer_config.json";
    } else if (scenario == "tokenizer.model truncated") {
        const std::string model = readFile(kTokenizerData / "sp-bpe-bytefallback" / "tokenizer.model");
        writeFile(dir / "tokenizer.model", model.substr(0, model.size() / 2));
        fileNamed = "tokenizer.model";
    }

    try {
        causeway::loadTokenizer(loadFrom);
        QFAIL("loadTokenizer accepted bad input");
    } catch (const causeway::Error& error) {
        const std::string message = error.what();
        QVERIFY2(message.find(fileNamed) != std::string::npos, message.c_str());
        QVERIFY2(message.back() == '.', message.c_str()); // one complete sentence
    }
}

void TokenizerTest::decodeRejectsUnknownIds() {
    for (const Tokenizer* tokenizer : {&bpe("tiny-bpe", kTokenizerJsonLoader), &modelTokenizer("llama-tiny")}) {
        for (int64_t badId : {int64_t(-1), tokenizer->vocabSize(), int64_t(1) << 40}) {
            try {
                tokenizer->decode({badId});
                QFAIL("decode accepted an unknown id");
            } catch (const causeway::Error& error) {
                const std::string message = error.what();
                QVERIFY2(message.find(std::to_string(badId)) != std::string::npos, message.c_str());
                QVERIFY2(message.find("tokenizer") != std::string::npos, message.c_str());
            }
        }
    }
}

void TokenizerTest::hasTokenizerFiles() {
    for (const char* model : {"gpt2-tiny", "gpt_neox-tiny", "llama-tiny", "mistral-tiny", "gemma-tiny", "qwen2-tiny", "opt-tiny", "phi-tiny"})
        QVERIFY2(causeway::hasTokenizerFiles(kTestData / "models" / model), model);
    QTemporaryDir empty;
    QVERIFY(!causeway::hasTokenizerFiles(empty.path().toStdString()));
    QVERIFY(!causeway::hasTokenizerFiles(fs::path(empty.path().toStdString()) / "missing"));
    writeFile(fs::path(empty.path().toStdString()) / "vocab.json", "{}");
    QVERIFY(!causeway::hasTokenizerFiles(empty.path().toStdString())); // merges.txt is missing
}

QTEST_GUILESS_MAIN(TokenizerTest)
#include "test_tokenizers.moc"
