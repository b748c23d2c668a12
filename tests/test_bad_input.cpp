// Bad input of every kind the core reads: broken safetensors files, shard indexes, config.json,
// weights that do not match their config, tokenizer files, prompts the model cannot take. Each must
// raise causeway::Error with one sentence that names the file (tensor, field) and the problem;
// nothing may crash or leak a file descriptor or a mapping. Every case copies a fixture model
// folder (tests/data/models) into a temporary directory and breaks one thing.
#include "common/error.h"
#include "io/safetensors.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;
const char* const kWeights = "model.safetensors";

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("test setup: cannot read " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("test setup: cannot write " + path.string());
}

std::string littleEndian64(uint64_t value) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    return bytes;
}

// A safetensors file taken apart: the JSON header and the data section, byte for byte.
struct RawSafetensors {
    json header;
    std::string data;
};

RawSafetensors readRaw(const fs::path& path) {
    const std::string bytes = readBytes(path);
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<uint8_t>(bytes[i]);
    return {json::parse(bytes.substr(8, length)), bytes.substr(8 + length)};
}

// Writes an 8-byte length, the header text and the data. `claimedLength` overrides the length field.
void writeRaw(const fs::path& path, const std::string& headerText, const std::string& data,
              std::optional<uint64_t> claimedLength = std::nullopt) {
    writeBytes(path, littleEndian64(claimedLength.value_or(headerText.size())) + headerText + data);
}

void writeRaw(const fs::path& path, const RawSafetensors& raw) { writeRaw(path, raw.header.dump(), raw.data); }

// Reads a safetensors header, lets `edit` change it, writes it back with the same data section.
void editHeader(const fs::path& path, const std::function<void(json&, const std::string& data)>& edit) {
    RawSafetensors raw = readRaw(path);
    edit(raw.header, raw.data);
    writeRaw(path, raw);
}

json readJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

void writeJson(const fs::path& path, const json& value) { writeBytes(path, value.dump(2)); }

void editConfig(const fs::path& folder, const std::function<void(json&)>& edit) {
    json config = readJson(folder / "config.json");
    edit(config);
    writeJson(folder / "config.json", config);
}

// A temporary directory holding copies of fixture model folders.
class Scratch {
public:
    Scratch() : root_(dir_.path().toStdString()) {
        if (!dir_.isValid()) throw std::runtime_error("test setup: cannot create a temporary directory");
    }
    const fs::path& root() const { return root_; }
    fs::path copy(const std::string& model, const std::string& as = {}) const {
        const fs::path target = root_ / (as.empty() ? model : as);
        fs::copy(kData / "models" / model, target, fs::copy_options::recursive);
        return target;
    }

private:
    QTemporaryDir dir_;
    fs::path root_;
};

// Runs `action` and describes what was wrong with how it failed; empty when it threw a
// causeway::Error whose message holds every needle (case-insensitively) and reads as one sentence.
QString problemWith(const std::function<void()>& action, const QStringList& needles) {
    try {
        action();
    } catch (const Error& e) {
        const QString message = QString::fromUtf8(e.what());
        qInfo("message: %s", e.what());
        for (const QString& needle : needles)
            if (!message.contains(needle, Qt::CaseInsensitive))
                return QStringLiteral("the message lacks \"%1\": %2").arg(needle, message);
        if (message.contains(QLatin1Char('\n')))
            return QStringLiteral("the message spans several lines: ") + message;
        if (!message.endsWith(QLatin1Char('.')) && !message.endsWith(QLatin1String(".)")))
            return QStringLiteral("the message is not a full sentence: ") + message;
        return {};
    } catch (const std::exception& e) {
        return QStringLiteral("threw something other than causeway::Error: ") + QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("threw something other than causeway::Error");
    }
    return QStringLiteral("no error was raised");
}

#define VERIFY_ERROR(action, needles)                                                                              \
    do {                                                                                                           \
        const QString problem_ = problemWith(action, needles);                                                    \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                        \
    } while (false)

QStringList operator+(QStringList list, const char* item) {
    list << QString::fromUtf8(item);
    return list;
}

at::Tensor idTensor(const std::vector<int64_t>& ids) {
    return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
}

int openDescriptors() {
    int count = 0;
    for (auto it = fs::directory_iterator("/proc/self/fd"); it != fs::directory_iterator(); ++it) ++count;
    return count;
}

int mappingsUnder(const fs::path& dir) {
    std::ifstream maps("/proc/self/maps");
    const std::string needle = dir.string();
    int count = 0;
    for (std::string line; std::getline(maps, line);)
        if (line.find(needle) != std::string::npos) ++count;
    return count;
}

const char* const kCAttn = "transformer.h.0.attn.c_attn.weight";

// Breaks gpt2-tiny's model.safetensors so that the file itself is invalid.
void breakSafetensors(const QString& kind, const fs::path& file) {
    const uint64_t size = fs::file_size(file);
    if (kind == "cut in the data section") return fs::resize_file(file, size - 1000);
    if (kind == "cut inside the header") return fs::resize_file(file, 8 + 100);
    if (kind == "cut inside the length field") return fs::resize_file(file, 5);
    if (kind == "empty file") return fs::resize_file(file, 0);
    if (kind == "header length larger than the file") {
        std::string bytes = readBytes(file);
        bytes.replace(0, 8, littleEndian64(size));
        return writeBytes(file, bytes);
    }
    if (kind == "header length 2^64-1") {
        std::string bytes = readBytes(file);
        bytes.replace(0, 8, littleEndian64(std::numeric_limits<uint64_t>::max()));
        return writeBytes(file, bytes);
    }
    const RawSafetensors raw = readRaw(file);
    if (kind == "header not JSON") return writeRaw(file, "this is not JSON {\"dtype\": ", raw.data);
    if (kind == "header binary garbage") return writeRaw(file, std::string("\xff\xfe\x00\x01\x80garbage", 12), raw.data);
    if (kind == "header a JSON list") return writeRaw(file, "[1, 2, 3]", raw.data);
    if (kind == "header a JSON string") return writeRaw(file, "\"model\"", raw.data);
    if (kind == "header nested 200000 deep") // must not overflow the stack while parsing or freeing
        return writeRaw(file, std::string(200000, '[') + std::string(200000, ']'), raw.data);

    editHeader(file, [&](json& h, const std::string& data) {
        json& e = h[kCAttn];
        if (kind == "entry lacks data_offsets") e.erase("data_offsets");
        else if (kind == "entry lacks dtype") e.erase("dtype");
        else if (kind == "entry not an object") e = 42;
        else if (kind == "unknown dtype") e["dtype"] = "Q7";
        else if (kind == "negative dimension") e["shape"] = {-64, 192};
        else if (kind == "offsets not integers") e["data_offsets"] = {"768", "49920"};
        else if (kind == "offsets reversed") e["data_offsets"] = {49920, 768};
        else if (kind == "offsets outside the data") {
            const uint64_t n = 64 * 192 * 4;
            e["data_offsets"] = {data.size() + 64, data.size() + 64 + n};
        } else if (kind == "offsets end past the data") {
            // The last tensor (by offset) reaches 4 bytes past the end of the data section.
            json& wte = h["transformer.wte.weight"];
            wte["shape"] = {512 * 64 + 1};
            wte["data_offsets"] = {633088, 633088 + (512 * 64 + 1) * 4};
        } else if (kind == "two tensors overlap") {
            // c_proj.bias moved 128 bytes back, into the end of c_attn.weight [768, 49920).
            h["transformer.h.0.attn.c_proj.bias"]["data_offsets"] = {49920 - 128, 50176 - 128};
        } else if (kind == "two tensors share their bytes") {
            h["transformer.h.0.ln_1.bias"]["data_offsets"] = h["transformer.h.0.ln_1.weight"]["data_offsets"];
        } else if (kind == "offsets disagree with dtype x shape") e["shape"] = {64, 193};
        else if (kind == "offsets disagree with the dtype size") e["dtype"] = "F16";
        else if (kind == "element count overflows") {
            // 4 * (2^62)^3 = 2^188, which is 0 modulo 2^128: a naive size check sees 0 bytes.
            const int64_t big = int64_t(1) << 62;
            h["transformer.h.0.attn.c_attn.bias"]["shape"] = {big, big, big};
            h["transformer.h.0.attn.c_attn.bias"]["data_offsets"] = {0, 0};
        } else throw std::logic_error("unknown case " + kind.toStdString());
    });
}

} // namespace

class BadInputTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        // The copies themselves must be good: an unbroken copy loads and runs.
        Scratch scratch;
        auto model = Transformer::load(scratch.copy("gpt2-tiny"));
        QCOMPARE(model->logits(idTensor({266, 356, 381})).size(2), int64_t(512));
    }

    // ---- safetensors files that are broken in themselves ----

    void brokenSafetensors_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        auto row = [](const char* kind, QStringList needles) { QTest::newRow(kind) << QString::fromLatin1(kind) << needles; };
        row("cut in the data section", {"truncated"});
        row("cut inside the header", {"truncated", "header"});
        row("cut inside the length field", {"5 bytes", "too short"});
        row("empty file", {"0 bytes", "too short"});
        row("header length larger than the file", {"header", "truncated"});
        row("header length 2^64-1", {"header", "18446744073709551615", "truncated"});
        row("header not JSON", {"header", "not valid JSON"});
        row("header binary garbage", {"header", "not valid JSON"});
        row("header a JSON list", {"header", "not a JSON object"});
        row("header a JSON string", {"header", "not a JSON object"});
        row("header nested 200000 deep", {"header", "not a JSON object"});
        row("entry lacks data_offsets", {kCAttn, "data_offsets"});
        row("entry lacks dtype", {kCAttn, "dtype"});
        row("entry not an object", {kCAttn, "lacks"});
        row("unknown dtype", {kCAttn, "dtype", "Q7"});
        row("negative dimension", {kCAttn, "negative"});
        row("offsets not integers", {kCAttn, "data_offsets"});
        row("offsets reversed", {kCAttn, "data_offsets", "end before"});
        row("offsets outside the data", {kCAttn, "data section", "truncated"});
        row("offsets end past the data", {"transformer.wte.weight", "data section"});
        row("two tensors overlap", {kCAttn, "transformer.h.0.attn.c_proj.bias", "overlap"});
        row("two tensors share their bytes", {"transformer.h.0.ln_1.bias", "transformer.h.0.ln_1.weight", "overlap"});
        row("offsets disagree with dtype x shape", {kCAttn, "49152 bytes", "49408"});
        row("offsets disagree with the dtype size", {kCAttn, "49152 bytes", "24576"});
        row("element count overflows", {"transformer.h.0.attn.c_attn.bias", "too large"});
    }

    void brokenSafetensors() {
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        Scratch scratch;
        const fs::path folder = scratch.copy("gpt2-tiny");
        const fs::path file = folder / kWeights;
        breakSafetensors(kind, file);
        // The file on its own and the model folder that holds it both refuse it, naming the file.
        VERIFY_ERROR([&] { SafetensorsFile f(file); }, needles + kWeights);
        VERIFY_ERROR([&] { Transformer::load(folder); }, needles + kWeights);
    }

    void missingSafetensorsFile() {
        Scratch scratch;
        VERIFY_ERROR([&] { SafetensorsFile f(scratch.root() / "absent.safetensors"); },
                     QStringList({"absent.safetensors", "No such file"}));
    }

    // ---- valid safetensors whose tensors do not fit config.json ----

    void weightsDisagreeWithConfig_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        QTest::newRow("c_attn.weight [64, 191]") << "gpt2-tiny" << "shape" << QStringList{kCAttn, "[64, 191]", "[64, 192]", "config.json"};
        QTest::newRow("c_attn.weight I32") << "gpt2-tiny" << "I32" << QStringList{kCAttn, "I32", "dtype", "F32"};
        QTest::newRow("missing transformer.ln_f.weight") << "gpt2-tiny" << "missing ln_f" << QStringList{"transformer.ln_f.weight", "lacks"};
        QTest::newRow("missing lm_head.weight (untied llama)") << "llama-tiny" << "missing lm_head" << QStringList{"lm_head.weight", "lacks"};
        QTest::newRow("config vocab_size 500") << "gpt2-tiny" << "vocab 500" << QStringList{"transformer.wte.weight", "[512, 64]", "[500, 64]", "config.json"};
        QTest::newRow("config n_layer 4") << "gpt2-tiny" << "4 layers" << QStringList{"transformer.h.3.", "lacks"};
    }

    void weightsDisagreeWithConfig() {
        QFETCH(QString, model);
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        Scratch scratch;
        const fs::path folder = scratch.copy(model.toStdString());
        const fs::path file = folder / kWeights;
        if (kind == "shape")
            editHeader(file, [](json& h, const std::string&) {
                h[kCAttn]["shape"] = {64, 191};
                h[kCAttn]["data_offsets"] = {768, 768 + 64 * 191 * 4};
            });
        else if (kind == "I32")
            editHeader(file, [](json& h, const std::string&) { h[kCAttn]["dtype"] = "I32"; });
        else if (kind == "missing ln_f")
            editHeader(file, [](json& h, const std::string&) { h.erase("transformer.ln_f.weight"); });
        else if (kind == "missing lm_head")
            editHeader(file, [](json& h, const std::string&) { h.erase("lm_head.weight"); });
        else if (kind == "vocab 500")
            editConfig(folder, [](json& c) { c["vocab_size"] = 500; });
        else if (kind == "4 layers")
            editConfig(folder, [](json& c) { c["n_layer"] = 4; });
        // The file itself is valid; only the model sees that it does not fit.
        SafetensorsFile f(file);
        VERIFY_ERROR([&] { Transformer::load(folder); }, needles);
    }

    // ---- shard indexes and weight formats ----

    void shardIndexProblems_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        auto row = [](const char* kind, QStringList needles) { QTest::newRow(kind) << QString::fromLatin1(kind) << needles; };
        row("names a missing shard", {"model.safetensors.index.json", "model-00002-of-00002.safetensors", "missing"});
        row("names ../x.safetensors", {"model.safetensors.index.json", "../x.safetensors", "outside"});
        row("names an absolute path", {"model.safetensors.index.json", "x.safetensors", "outside"});
        row("not JSON", {"model.safetensors.index.json", "not valid JSON"});
        row("no weight_map", {"model.safetensors.index.json", "weight_map"});
        row("weight_map value not a string", {"model.safetensors.index.json", "transformer.wte.weight"});
        row("empty weight_map", {"model.safetensors.index.json", "no weight files"});
        row("tensor in two shards", {"transformer.ln_f.weight", "both"});
        row("a shard is truncated", {"model-00002-of-00002.safetensors", "truncated"});
    }

    void shardIndexProblems() {
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        Scratch scratch;
        const fs::path folder = scratch.copy("gpt2-tiny");
        const fs::path index = folder / "model.safetensors.index.json";
        // Two shards: shard 2 holds the embeddings, shard 1 the rest.
        const std::string first = "model-00001-of-00002.safetensors", second = "model-00002-of-00002.safetensors";
        json weightMap = json::object();
        {
            SafetensorsFile whole(folder / kWeights);
            std::vector<std::pair<std::string, at::Tensor>> a, b;
            for (const auto& [name, entry] : whole.entries()) {
                const bool embedding = name.find(".wte.") != std::string::npos || name.find(".wpe.") != std::string::npos;
                (embedding ? b : a).emplace_back(name, whole.tensor(name).clone());
                weightMap[name] = embedding ? second : first;
            }
            writeSafetensors(folder / first, a);
            writeSafetensors(folder / second, b);
        }
        fs::remove(folder / kWeights);
        json indexJson = {{"metadata", {{"total_size", 764160}}}, {"weight_map", weightMap}};

        if (kind == "names a missing shard") {
            fs::remove(folder / second);
        } else if (kind == "names ../x.safetensors") {
            fs::rename(folder / second, scratch.root() / "x.safetensors"); // it exists, but outside
            for (auto& v : indexJson["weight_map"]) if (v == second) v = "../x.safetensors";
        } else if (kind == "names an absolute path") {
            fs::rename(folder / second, scratch.root() / "x.safetensors");
            for (auto& v : indexJson["weight_map"]) if (v == second) v = (scratch.root() / "x.safetensors").string();
        } else if (kind == "not JSON") {
            writeBytes(index, "{\"weight_map\": {\"transformer.wte.weight\": ");
        } else if (kind == "no weight_map") {
            indexJson.erase("weight_map");
        } else if (kind == "weight_map value not a string") {
            indexJson["weight_map"]["transformer.wte.weight"] = 2;
        } else if (kind == "empty weight_map") {
            indexJson["weight_map"] = json::object();
        } else if (kind == "tensor in two shards") {
            SafetensorsFile s1(folder / first);
            writeSafetensors(folder / second, {{"transformer.wte.weight", SafetensorsFile(folder / second).tensor("transformer.wte.weight").clone()},
                                               {"transformer.wpe.weight", SafetensorsFile(folder / second).tensor("transformer.wpe.weight").clone()},
                                               {"transformer.ln_f.weight", s1.tensor("transformer.ln_f.weight").clone()}});
        } else if (kind == "a shard is truncated") {
            fs::resize_file(folder / second, fs::file_size(folder / second) - 4);
        }
        if (kind != "not JSON") writeJson(index, indexJson);
        VERIFY_ERROR([&] { Transformer::load(folder); }, needles);
    }

    // The same shards, correctly indexed, load and give the single file's logits: the errors above
    // come from the one thing each case breaks.
    void shardedFolderLoads() {
        Scratch scratch;
        const fs::path folder = scratch.copy("gpt2-tiny");
        json weightMap = json::object();
        {
            SafetensorsFile whole(folder / kWeights);
            std::vector<std::pair<std::string, at::Tensor>> a, b;
            for (const auto& [name, entry] : whole.entries()) {
                const bool late = name.rfind("transformer.h.2.", 0) == 0 || name.rfind("transformer.w", 0) == 0;
                (late ? b : a).emplace_back(name, whole.tensor(name).clone());
                weightMap[name] = late ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
            }
            writeSafetensors(folder / "model-00001-of-00002.safetensors", a);
            writeSafetensors(folder / "model-00002-of-00002.safetensors", b);
        }
        fs::remove(folder / kWeights);
        writeJson(folder / "model.safetensors.index.json", {{"metadata", json::object()}, {"weight_map", weightMap}});
        const at::Tensor ids = idTensor({266, 356, 381, 394, 492});
        const at::Tensor sharded = Transformer::load(folder)->logits(ids);
        const at::Tensor single = Transformer::load(kData / "models" / "gpt2-tiny")->logits(ids);
        QCOMPARE((sharded - single).abs().max().item<double>(), 0.0);
    }

    // A HuggingFace hub cache snapshot: every file in snapshots/<rev>/ is a symlink into ../../blobs.
    // Those links point outside the folder, yet the folder is a perfectly good model; only the
    // *names* in the index may not leave the folder.
    void hubCacheSnapshotLoads() {
        Scratch scratch;
        const fs::path source = scratch.copy("gpt2-tiny", "source");
        const fs::path blobs = scratch.root() / "models--tiny" / "blobs";
        const fs::path snapshot = scratch.root() / "models--tiny" / "snapshots" / "0123abcd";
        fs::create_directories(blobs);
        fs::create_directories(snapshot);
        json weightMap = json::object();
        {
            SafetensorsFile whole(source / kWeights);
            std::vector<std::pair<std::string, at::Tensor>> a, b;
            for (const auto& [name, entry] : whole.entries()) {
                const bool late = name.rfind("transformer.w", 0) == 0;
                (late ? b : a).emplace_back(name, whole.tensor(name).clone());
                weightMap[name] = late ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
            }
            writeSafetensors(source / "model-00001-of-00002.safetensors", a);
            writeSafetensors(source / "model-00002-of-00002.safetensors", b);
        }
        fs::remove(source / kWeights);
        writeJson(source / "model.safetensors.index.json", {{"metadata", json::object()}, {"weight_map", weightMap}});
        int blob = 0;
        for (const auto& e : fs::directory_iterator(source)) {
            const std::string hash = "blob" + std::to_string(blob++);
            fs::rename(e.path(), blobs / hash);
            fs::create_symlink(fs::path("../../blobs") / hash, snapshot / e.path().filename());
        }
        auto model = Transformer::load(snapshot);
        QCOMPARE(model->config().numLayers, int64_t(3));
    }

    void onlyPytorchBin() {
        Scratch scratch;
        const fs::path folder = scratch.copy("gpt2-tiny");
        fs::rename(folder / kWeights, folder / "pytorch_model.bin");
        VERIFY_ERROR([&] { Transformer::load(folder); },
                     QStringList({folder.filename().c_str(), ".bin", "arbitrary code", "safe_serialization", "safetensors"}));
    }

    void noWeightsAtAll() {
        Scratch scratch;
        const fs::path folder = scratch.copy("gpt2-tiny");
        fs::remove(folder / kWeights);
        VERIFY_ERROR([&] { Transformer::load(folder); }, QStringList({"no weights", kWeights}));
    }

    // ---- config.json ----

    void configProblems_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        const QString gpt2 = QStringLiteral("gpt2-tiny"), llama = QStringLiteral("llama-tiny");
        QStringList supported = {"config.json", "bert", "not supported"};
        for (const auto& a : architectures()) supported << QString::fromLatin1(a.modelType);
        QTest::newRow("config.json missing") << gpt2 << "missing" << QStringList{"config.json"};
        QTest::newRow("config.json not JSON") << gpt2 << "not JSON" << QStringList{"config.json", "not valid JSON"};
        QTest::newRow("config.json a list") << gpt2 << "list" << QStringList{"config.json", "not a JSON object"};
        QTest::newRow("no model_type") << gpt2 << "no model_type" << QStringList{"config.json", "model_type", "gpt2"};
        QTest::newRow("model_type not a string") << gpt2 << "model_type 2" << QStringList{"config.json", "model_type", "string"};
        QTest::newRow("unsupported model_type") << gpt2 << "bert" << supported;
        QTest::newRow("n_layer 0") << gpt2 << "n_layer 0" << QStringList{"config.json", "n_layer", "0", "positive"};
        QTest::newRow("n_embd -4") << gpt2 << "n_embd -4" << QStringList{"config.json", "n_embd", "-4", "positive"};
        QTest::newRow("n_head 0") << gpt2 << "n_head 0" << QStringList{"config.json", "n_head", "positive"};
        QTest::newRow("vocab_size -1") << gpt2 << "vocab -1" << QStringList{"config.json", "vocab_size", "positive"};
        QTest::newRow("n_head 5 with n_embd 64") << gpt2 << "n_head 5" << QStringList{"config.json", "'n_head', 5", "'n_embd', 64", "divide"};
        QTest::newRow("n_layer a string") << gpt2 << "n_layer string" << QStringList{"config.json", "n_layer", "integer"};
        QTest::newRow("vocab_size missing") << gpt2 << "no vocab" << QStringList{"config.json", "vocab_size"};
        QTest::newRow("n_inner 0") << gpt2 << "n_inner 0" << QStringList{"config.json", "n_inner", "positive"};
        QTest::newRow("n_positions 0") << gpt2 << "n_positions 0" << QStringList{"config.json", "n_positions", "positive"};
        QTest::newRow("num_key_value_heads 3 of 4") << llama << "kv 3" << QStringList{"config.json", "num_key_value_heads", "divide"};
        QTest::newRow("unknown activation") << llama << "act" << QStringList{"config.json", "swiglu7", "not supported"};
        QTest::newRow("folder does not exist") << gpt2 << "no folder" << QStringList{"nowhere", "does not exist"};
        QTest::newRow("folder is a file") << gpt2 << "file" << QStringList{"config.json", "not a folder"};
    }

    void configProblems() {
        QFETCH(QString, model);
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        Scratch scratch;
        fs::path folder = scratch.copy(model.toStdString());
        const fs::path config = folder / "config.json";
        auto set = [&](const char* key, json value) { editConfig(folder, [&](json& c) { c[key] = value; }); };
        if (kind == "missing") fs::remove(config);
        else if (kind == "not JSON") writeBytes(config, "{\"model_type\": \"gpt2\",, }");
        else if (kind == "list") writeBytes(config, "[\"gpt2\"]");
        else if (kind == "no model_type") editConfig(folder, [](json& c) { c.erase("model_type"); });
        else if (kind == "model_type 2") set("model_type", 2);
        else if (kind == "bert") set("model_type", "bert");
        else if (kind == "n_layer 0") set("n_layer", 0);
        else if (kind == "n_embd -4") set("n_embd", -4);
        else if (kind == "n_head 0") set("n_head", 0);
        else if (kind == "vocab -1") set("vocab_size", -1);
        else if (kind == "n_head 5") set("n_head", 5);
        else if (kind == "n_layer string") set("n_layer", "3");
        else if (kind == "no vocab") editConfig(folder, [](json& c) { c.erase("vocab_size"); });
        else if (kind == "n_inner 0") set("n_inner", 0);
        else if (kind == "n_positions 0") set("n_positions", 0);
        else if (kind == "kv 3") set("num_key_value_heads", 3);
        else if (kind == "act") set("hidden_act", "swiglu7");
        else if (kind == "no folder") folder = scratch.root() / "nowhere";
        else if (kind == "file") folder = config;
        VERIFY_ERROR([&] { Transformer::load(folder); }, needles);
    }

    // Absurd sizes are refused by name before anything is allocated for them: the weights are
    // removed, so the config's message must come before the weights are even looked at.
    void absurdConfigs_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value"); // JSON
        QTest::addColumn<QStringList>("needles");
        const QString gpt2 = QStringLiteral("gpt2-tiny"), llama = QStringLiteral("llama-tiny");
        auto row = [](const char* name, const QString& model, const char* key, const char* value, QStringList needles) {
            QTest::newRow(name) << model << QString::fromLatin1(key) << QString::fromLatin1(value) << (needles + "config.json");
        };
        row("hidden size 10^9", gpt2, "n_embd", "1000000000", {"'n_embd' is 1000000000", "at most 1048576"});
        row("10^6 layers", gpt2, "n_layer", "1000000", {"'n_layer' is 1000000", "at most 4096"});
        row("2^40 layers", llama, "num_hidden_layers", "1099511627776", {"num_hidden_layers", "1099511627776", "at most"});
        row("negative head count", gpt2, "n_head", "-12", {"'n_head' is -12", "positive"});
        row("zero head count", llama, "num_attention_heads", "0", {"'num_attention_heads' is 0", "positive"});
        row("10^6 heads", llama, "num_attention_heads", "1000000", {"num_attention_heads", "at most 16384"});
        row("negative kv heads", llama, "num_key_value_heads", "-2", {"num_key_value_heads (-2)", "positive"});
        row("vocabulary 10^12", gpt2, "vocab_size", "1000000000000", {"'vocab_size' is 1000000000000", "at most 16777216"});
        row("MLP width 10^9", llama, "intermediate_size", "1000000000", {"intermediate_size", "at most 1048576"});
        row("head_dim 10^7", QStringLiteral("gemma-tiny"), "head_dim", "10000000", {"'head_dim' is 10000000", "at most"});
        row("head_dim x heads too wide", QStringLiteral("gemma-tiny"), "head_dim", "300000", {"'head_dim' (300000)", "4 attention heads"});
        row("context 10^12", llama, "max_position_embeddings", "1000000000000", {"max_position_embeddings", "at most 1073741824"});
        row("rope_scaling factor 10^300", llama, "rope_scaling", R"({"type": "linear", "factor": 1e300})",
            {"rope_scaling", "linear", "extends the context", "factor"});
        row("rope_scaling factor 0", llama, "rope_scaling", R"({"type": "dynamic", "factor": 0})", {"rope_scaling", "positive 'factor'"});
        row("rope_theta 0", llama, "rope_theta", "0", {"rope_theta", "greater than 1"});
        row("rms_norm_eps negative", llama, "rms_norm_eps", "-1e-5", {"epsilon", "positive"});
        row("sliding window 10^12", QStringLiteral("mistral-tiny"), "sliding_window", "1000000000000", {"sliding_window", "between 0 and"});
        row("sliding window negative", QStringLiteral("mistral-tiny"), "sliding_window", "-1", {"sliding_window", "-1"});
        row("10^6 experts", QStringLiteral("mixtral-top2"), "num_local_experts", "1000000", {"num_local_experts", "at most 4096"});
        row("zero experts", QStringLiteral("mixtral-top2"), "num_local_experts", "0", {"num_local_experts", "positive"});
        row("embedding projection 10^9", QStringLiteral("opt-projected"), "word_embed_proj_dim", "1000000000", {"word_embed_proj_dim", "at most"});
    }

    void absurdConfigs() {
        QFETCH(QString, model);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QStringList, needles);
        Scratch scratch;
        const fs::path folder = scratch.copy(model.toStdString());
        editConfig(folder, [&](json& c) { c[key.toStdString()] = json::parse(value.toStdString()); });
        fs::remove(folder / kWeights);
        VERIFY_ERROR([&] { Transformer::load(folder); }, needles);
        VERIFY_ERROR([&] { estimateFolderMemory(folder); }, needles);
    }

    // The largest config the limits allow still gets a finite estimate, even for a full-context
    // sweep that batches every layer: no size wraps around 64 bits.
    void largestConfigEstimates() {
        const json config = {{"model_type", "llama"}, {"hidden_size", 1 << 20}, {"num_hidden_layers", 4096},
                             {"num_attention_heads", 16384}, {"num_key_value_heads", 16384}, {"intermediate_size", 1 << 20},
                             {"vocab_size", 1 << 24}, {"max_position_embeddings", 1 << 30}};
        ModelConfig c;
        try {
            c = parseModelConfig(config, "config.json");
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        const MemoryEstimate e = estimateMemory(c, uint64_t(1) << 50, true, Workload{c.maxPositions, 0});
        QVERIFY(e.kvCache >= uint64_t(1) << 59);
        QVERIFY(e.activations >= uint64_t(1) << 59);
        QVERIFY(e.total() >= e.kvCache && e.total() >= e.activations); // no wrap-around in the sum
    }

    // ---- prompts the model cannot take ----

    void forwardProblems() {
        Scratch scratch;
        auto model = Transformer::load(scratch.copy("gpt2-tiny")); // n_positions 128, vocab 512
        const at::Tensor tooLong = at::arange(129, at::kLong).view({1, 129});
        VERIFY_ERROR([&] { model->forward(tooLong); }, QStringList({"129", "128", "context"}));
        QCOMPARE(model->forward(tooLong.narrow(1, 0, 128)).logits.size(1), int64_t(128)); // 128 fit

        KVCache cache;
        ForwardOptions options;
        options.cache = &cache;
        model->forward(at::arange(100, at::kLong).view({1, 100}), options);
        VERIFY_ERROR([&] { model->forward(at::arange(29, at::kLong).view({1, 29}), options); },
                     QStringList({"129", "128", "context"}));

        VERIFY_ERROR([&] { model->forward(idTensor({266, 512, 13})); }, QStringList({"512", "vocabulary", "511"}));
        VERIFY_ERROR([&] { model->forward(idTensor({266, -1})); }, QStringList({"-1", "vocabulary"}));
        VERIFY_ERROR([&] { model->forward(idTensor({int64_t(1) << 40})); }, QStringList({"1099511627776", "vocabulary"}));
        VERIFY_ERROR([&] { model->forward(at::empty({1, 0}, at::kLong)); }, QStringList({"empty"}));
        VERIFY_ERROR([&] { model->forward(at::zeros({3}, at::kLong)); }, QStringList({"[batch, tokens]"}));
        VERIFY_ERROR([&] { model->forward(at::zeros({1, 3}, at::kInt)); }, QStringList({"int64"}));
    }

    // ---- tokenizer files ----

    void tokenizerProblems_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        QTest::newRow("tokenizer.json not JSON (only file)") << "gpt_neox-tiny" << "json garbage" << QStringList{"tokenizer.json", "JSON"};
        QTest::newRow("tokenizer.json not JSON (vocab.json present)") << "gpt2-tiny" << "json garbage" << QStringList{"tokenizer.json", "JSON"};
        QTest::newRow("tokenizer.json truncated") << "gpt_neox-tiny" << "json truncated" << QStringList{"tokenizer.json", "JSON"};
        QTest::newRow("tokenizer.json without a model") << "gpt_neox-tiny" << "json no model" << QStringList{"tokenizer.json", "model"};
        QTest::newRow("no tokenizer files (byte-level BPE)") << "gpt2-tiny" << "none" << QStringList{"tokenizer"};
        QTest::newRow("no tokenizer files (SentencePiece)") << "llama-tiny" << "none" << QStringList{"tokenizer"};
        QTest::newRow("vocab.json without merges.txt") << "gpt2-tiny" << "no merges" << QStringList{"merges.txt"};
        QTest::newRow("tokenizer.model garbage") << "llama-tiny" << "model garbage" << QStringList{"tokenizer.model"};
        QTest::newRow("tokenizer.model empty") << "llama-tiny" << "model empty" << QStringList{"tokenizer.model"};
        QTest::newRow("folder does not exist") << "gpt2-tiny" << "no folder" << QStringList{"nowhere"};
    }

    void tokenizerProblems() {
        QFETCH(QString, model);
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        Scratch scratch;
        fs::path folder = scratch.copy(model.toStdString());
        if (kind == "json garbage") {
            writeBytes(folder / "tokenizer.json", "<html>404 Not Found</html>");
        } else if (kind == "json truncated") {
            const std::string text = readBytes(folder / "tokenizer.json");
            writeBytes(folder / "tokenizer.json", text.substr(0, text.size() / 2));
        } else if (kind == "json no model") {
            json tok = readJson(folder / "tokenizer.json");
            tok.erase("model");
            writeJson(folder / "tokenizer.json", tok);
        } else if (kind == "none") {
            for (const char* f : {"tokenizer.json", "vocab.json", "merges.txt", "tokenizer.model"}) fs::remove(folder / f);
        } else if (kind == "no merges") {
            fs::remove(folder / "tokenizer.json");
            fs::remove(folder / "merges.txt");
        } else if (kind == "model garbage") {
            writeBytes(folder / "tokenizer.model", "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n");
        } else if (kind == "model empty") {
            writeBytes(folder / "tokenizer.model", "");
        } else if (kind == "no folder") {
            folder = scratch.root() / "nowhere";
        }
        if (kind == "none") QVERIFY(!hasTokenizerFiles(folder));
        VERIFY_ERROR([&] { loadTokenizer(folder); }, needles + folder.filename().c_str());
    }

    // ---- nothing leaks ----

    void noDescriptorOrMappingLeaks() {
        Scratch scratch;
        const fs::path good = scratch.copy("gpt2-tiny", "good");
        const fs::path bad = scratch.copy("gpt2-tiny", "bad");
        fs::resize_file(bad / kWeights, fs::file_size(bad / kWeights) / 2);
        const at::Tensor ids = idTensor({266, 356, 381, 394});
        auto failOnce = [&] {
            try {
                Transformer::load(bad);
            } catch (const Error&) {
                return true;
            }
            return false;
        };
        // Warm up (LibTorch's thread pool, allocator caches), then take the baseline.
        QVERIFY(failOnce());
        Transformer::load(good)->logits(ids);
        const int descriptorsBefore = openDescriptors();
        const int mappingsBefore = mappingsUnder(scratch.root());
        QCOMPARE(mappingsBefore, 0);

        for (int i = 0; i < 200; ++i) QVERIFY(failOnce());
        for (int i = 0; i < 200; ++i) {
            auto model = Transformer::load(good);
            if (i % 25 == 0) {
                (void)model->logits(ids);
                // The counter does see a live model's mapping.
                QVERIFY(mappingsUnder(scratch.root()) > mappingsBefore);
            }
        }
        QCOMPARE(openDescriptors(), descriptorsBefore);
        QCOMPARE(mappingsUnder(scratch.root()), mappingsBefore);

        // Tokenizers too: both kinds, loaded and refused.
        const fs::path llama = scratch.copy("llama-tiny", "llama");
        const fs::path badTokenizers = scratch.copy("llama-tiny", "bad-tokenizers");
        fs::copy_file(good / "tokenizer.json", badTokenizers / "tokenizer.json");
        fs::resize_file(badTokenizers / "tokenizer.json", 5000);
        auto tokenizerFails = [](const fs::path& folder) {
            try {
                loadTokenizer(folder);
            } catch (const Error&) {
                return true;
            }
            return false;
        };
        QVERIFY(tokenizerFails(badTokenizers));
        QCOMPARE(loadTokenizer(llama)->encodeIds("The quick").size(), std::size_t(3)); // BOS, The, quick
        const int descriptorsWithTokenizers = openDescriptors();
        fs::resize_file(badTokenizers / "tokenizer.model", 1000);
        fs::remove(badTokenizers / "tokenizer.json");
        for (int i = 0; i < 100; ++i) {
            QVERIFY(loadTokenizer(good)->vocabSize() == 512);
            QVERIFY(loadTokenizer(llama)->vocabSize() == 400);
            QVERIFY(tokenizerFails(badTokenizers));
        }
        QCOMPARE(openDescriptors(), descriptorsWithTokenizers);
        QCOMPARE(mappingsUnder(scratch.root()), mappingsBefore);

        // A tensor that outlives its model keeps the mapping until it goes too.
        at::Tensor embedding = Transformer::load(good)->tokenEmbeddingMatrix();
        QVERIFY(mappingsUnder(scratch.root()) > mappingsBefore);
        embedding = at::Tensor();
        QCOMPARE(mappingsUnder(scratch.root()), mappingsBefore);
        QCOMPARE(openDescriptors(), descriptorsBefore);
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "test_bad_input.moc"
