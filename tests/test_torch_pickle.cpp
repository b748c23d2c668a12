// torch.save state_dict files (pyvene's intkey_<key>.bin): reading pyvene's own files against the
// case tensors, write -> read round trips, LibTorch's own unpickler on what we write, and refusal of
// malicious or broken files (tests/data/FIXTURES.md section 4).
#include "common/error.h"
#include "io/safetensors.h"
#include "io/torch_pickle.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/jit/serialization/pickle.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace causeway;
using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;

nlohmann::ordered_json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::ordered_json::parse(in);
}

std::string readBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A torch.save-style zip ("archive/<name>" records plus "archive/version") from raw records.
std::string makeZip(const std::vector<std::pair<std::string, std::string>>& records) {
    std::string zip;
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, size_t size) {
        zip.append(static_cast<const char*>(data), size);
        return size;
    });
    for (const auto& [name, bytes] : records) writer.writeRecord(name, bytes.data(), bytes.size());
    writer.writeEndOfFile();
    return zip;
}

// All records of a torch.save zip, by name (without the archive folder).
std::vector<std::pair<std::string, std::string>> zipRecords(const fs::path& p) {
    caffe2::serialize::PyTorchStreamReader reader(p.string());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& name : reader.getAllRecords()) {
        if (name == "version" || name == ".data/version") continue; // the writer adds its own
        auto [data, size] = reader.getRecord(name);
        out.emplace_back(name, std::string(static_cast<const char*>(data.get()), size));
    }
    return out;
}

// Pickle byte builders for hand-made data.pkl files.
std::string binunicode(const std::string& s) {
    std::string out = "X";
    const auto n = static_cast<uint32_t>(s.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    return out + s;
}
std::string global(const std::string& module, const std::string& name) { return "c" + module + "\n" + name + "\n"; }
const std::string kProto2 = std::string("\x80\x02", 2);

// One float tensor entry `key` over storage "0" (numel 4) with the given size/stride.
std::string tensorEntry(const std::string& key, int size, int stride) {
    return binunicode(key) + global("torch._utils", "_rebuild_tensor_v2") + "((" + binunicode("storage") +
           global("torch", "FloatStorage") + binunicode("0") + binunicode("cpu") + "K\x04tQ" + std::string("K\0", 2) + "K" +
           std::string(1, static_cast<char>(size)) + "\x85" + "K" + std::string(1, static_cast<char>(stride)) +
           "\x85" + "\x89" + global("collections", "OrderedDict") + ")RtR";
}

std::string errorOf(const fs::path& p) {
    try {
        readTorchStateDict(p);
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("NOT A causeway::Error: ") + e.what();
    }
    return "no error";
}

int64_t hiddenSize(const std::string& model) {
    const auto config = readJson(kData / "models" / model / "config.json");
    for (const char* key : {"n_embd", "hidden_size", "d_model"})
        if (config.contains(key)) return config[key].get<int64_t>();
    return -1;
}
} // namespace

class TorchPickleTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // pyvene's save(): the intkey bin against the same case's safetensors.
    void readsPyveneSaves_data() {
        QTest::addColumn<QString>("caseDir");
        int rows = 0;
        for (const auto& model : fs::directory_iterator(kData / "pyvene_cases")) {
            if (!model.is_directory()) continue;
            for (const char* name : {"save_low_rank", "save_addition_constant"}) {
                const fs::path dir = model.path() / name;
                if (!fs::exists(dir)) continue;
                const std::string row = model.path().filename().string() + "/" + name;
                QTest::newRow(row.c_str()) << QString::fromStdString(dir.string());
                ++rows;
            }
        }
        QVERIFY(rows >= 3); // gpt2-tiny low rank + addition, llama-tiny low rank
    }

    void readsPyveneSaves() {
        QFETCH(QString, caseDir);
        const fs::path dir = caseDir.toStdString();
        const auto caseJson = readJson(dir / "case.json");
        const auto config = readJson(dir / "config.json");
        const std::string model = caseJson["model"].get<std::string>();
        const std::string key = config["sorted_keys"][0].get<std::string>();
        const fs::path bin = dir / ("intkey_" + key + ".bin");
        QVERIFY2(fs::exists(bin), bin.string().c_str());

        SafetensorsFile tensors(dir / "tensors.safetensors");
        const int64_t D = config["intervention_dimensions"][0].get<int64_t>();
        QCOMPARE(D, hiddenSize(model)); // one position per representation: embed_dim = hidden size

        // Expected keys and shapes, in order: case.json's list, or (constant-source Addition, which
        // has none) embed_dim, interchange_dim, source_representation.
        std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
        if (caseJson.contains("intkey_bin_state_dict")) {
            for (const auto& item : caseJson["intkey_bin_state_dict"].items())
                expected.emplace_back(item.key(), item.value().get<std::vector<int64_t>>());
        } else {
            expected = {{"embed_dim", {}},
                        {"interchange_dim", {}},
                        {"source_representation", tensors.entry("source_representation").shape}};
        }

        const StateDict loaded = readTorchStateDict(bin);
        QCOMPARE(loaded.size(), expected.size());
        for (size_t i = 0; i < loaded.size(); ++i) {
            const auto& [name, t] = loaded[i];
            QCOMPARE(name, expected[i].first);
            QVERIFY(t.sizes().vec() == expected[i].second);
            QVERIFY(t.is_contiguous());
            QVERIFY(t.device().is_cpu());
        }
        auto get = [&](const std::string& name) {
            for (const auto& [n, t] : loaded)
                if (n == name) return t;
            return at::Tensor();
        };

        // 0-dim int64 scalars: embed_dim = D; interchange_dim defaults to embed_dim (none was given).
        for (const char* scalar : {"embed_dim", "interchange_dim"}) {
            const at::Tensor t = get(scalar);
            QVERIFY2(t.defined(), scalar);
            QCOMPARE(t.dim(), int64_t(0));
            QCOMPARE(t.scalar_type(), at::kLong);
            QCOMPARE(t.item<int64_t>(), D);
        }

        // Weights, bit for bit. The base is stored transposed (stride (1, D)) by pyvene/torch, so this
        // also checks that stored strides are honoured.
        const std::vector<std::pair<std::string, std::string>> pairs = {
            {"rotate_layer.parametrizations.weight.original", "parametrization_original"},
            {"rotate_layer.parametrizations.weight.0.base", "parametrization_base"},
            {"source_representation", "source_representation"}};
        int compared = 0;
        for (const auto& [inBin, inSafetensors] : pairs) {
            const at::Tensor t = get(inBin);
            if (!t.defined()) continue;
            QVERIFY2(tensors.contains(inSafetensors), inSafetensors.c_str());
            const at::Tensor want = tensors.tensor(inSafetensors);
            QCOMPARE(t.scalar_type(), want.scalar_type());
            QVERIFY2(at::equal(t, want), inBin.c_str());
            ++compared;
        }
        QVERIFY(compared >= 1);
        if (get("rotate_layer.parametrizations.weight.0.base").defined()) {
            QCOMPARE(compared, 2);
            QCOMPARE(get("rotate_layer.parametrizations.weight.original").size(0), D);
        }

        // Own memory: overwriting the results does not change the next read.
        for (const auto& [name, t] : loaded) t.fill_(0);
        const StateDict again = readTorchStateDict(bin);
        QCOMPARE(again.front().second.item<int64_t>(), D);
        QVERIFY(again.back().second.abs().sum().item<double>() > 0);
    }

    // write -> read: same keys in order, dtypes, shapes, values; LibTorch's own unpickler agrees.
    void roundTrip() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path file = fs::path(tmp.path().toStdString()) / "intkey_layer.1.comp.block_output.unit.pos.nunit.1#0.bin";

        at::manual_seed(7);
        const at::Tensor base = at::arange(20, at::kFloat).view({4, 5});
        const StateDict original = {
            {"z_weight", at::randn({3, 4})},
            {"embed_dim", at::scalar_tensor(64, at::kLong)},
            {"interchange_dim", at::scalar_tensor(16, at::kLong)},
            {"transposed", at::randn({4, 5}).t()},       // non-contiguous view
            {"rows", base.slice(0, 1, 3)},               // contiguous view with an offset into a bigger storage
            {"columns", base.slice(1, 1, 3)},            // non-contiguous slice
            {"expanded", at::randn({3, 1}).expand({3, 4})}, // stride 0
            {"param", at::randn({2, 2}).set_requires_grad(true)},
            {"double", at::randn({2, 3}, at::kDouble)},
            {"half", at::randn({5}).to(at::kHalf)},
            {"bf16", at::randn({5}).to(at::kBFloat16)},
            {"bool", at::randn({7}).gt(0)},
            {"int32", at::randint(-1000, 1000, {6}, at::kInt)},
            {"uint8", at::randint(0, 255, {6}, at::kByte)},
            {"int8", at::randint(-128, 127, {6}, at::kChar)},
            {"int16", at::randint(-30000, 30000, {6}, at::kShort)},
            {"big_int", at::scalar_tensor(int64_t(1) << 40, at::kLong)},
            {"negative", at::scalar_tensor(-5, at::kLong)},
            {"empty", at::zeros({0, 3})},
            {"rank5", at::randn({2, 1, 3, 1, 2})},
            {"a_last", at::ones({1})},
        };
        QVERIFY(!original[3].second.is_contiguous());
        QVERIFY(!original[5].second.is_contiguous());
        writeTorchStateDict(file, original);
        writeTorchStateDict(file, original); // replaces an existing file

        // No temporary left beside it.
        int files = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++files;
        QCOMPARE(files, 1);

        const StateDict loaded = readTorchStateDict(file);
        QCOMPARE(loaded.size(), original.size());
        for (size_t i = 0; i < loaded.size(); ++i) {
            const auto& [key, t] = loaded[i];
            const at::Tensor& want = original[i].second;
            QCOMPARE(key, original[i].first);
            QCOMPARE(t.scalar_type(), want.scalar_type());
            QVERIFY(t.sizes().vec() == want.sizes().vec());
            QVERIFY(t.is_contiguous());
            QVERIFY(!t.requires_grad());
            QVERIFY2(at::equal(t, want.detach()), key.c_str());
        }

        // Compact: each storage record holds exactly its tensor's bytes; the archive is what Python's
        // torch.save writes (data.pkl, data/<i>, version) without torch.jit type tags.
        {
            caffe2::serialize::PyTorchStreamReader reader(file.string());
            for (size_t i = 0; i < original.size(); ++i) {
                auto [data, size] = reader.getRecord("data/" + std::to_string(i));
                QCOMPARE(size, size_t(original[i].second.numel() * original[i].second.element_size()));
            }
            auto [pkl, pklSize] = reader.getRecord("data.pkl");
            const std::string pickle(static_cast<const char*>(pkl.get()), pklSize);
            QVERIFY(pickle.find("restore_type_tag") == std::string::npos);
            QVERIFY(pickle.find("_rebuild_tensor_v2") != std::string::npos);
            QVERIFY(reader.hasRecord("version"));
        }

        // LibTorch's own (independent) unpickler reads the file into the same dict, in order.
        const std::string bytes = readBytes(file);
        const c10::IValue value = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
        QVERIFY(value.isGenericDict());
        const auto dict = value.toGenericDict();
        QCOMPARE(dict.size(), original.size());
        size_t i = 0;
        for (const auto& entry : dict) {
            QCOMPARE(entry.key().toStringRef(), original[i].first);
            const at::Tensor t = entry.value().toTensor();
            QCOMPARE(t.scalar_type(), original[i].second.scalar_type());
            QVERIFY2(at::equal(t, original[i].second.detach()), original[i].first.c_str());
            ++i;
        }

        // An empty state_dict round-trips too.
        writeTorchStateDict(file, {});
        QCOMPARE(readTorchStateDict(file).size(), size_t(0));
    }

    // What LibTorch's pickle_save writes (type-tagged dict, strides kept) reads back too.
    void readsLibTorchPickleSave() {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "pickle_save.bin";
        c10::Dict<std::string, at::Tensor> dict;
        const at::Tensor transposed = at::randn({3, 5}).t();
        dict.insert("w", transposed);
        dict.insert("embed_dim", at::scalar_tensor(64, at::kLong));
        dict.insert("mask", at::randn({4}).gt(0));
        const auto bytes = torch::jit::pickle_save(dict);
        writeBytes(file, std::string(bytes.begin(), bytes.end()));

        const StateDict loaded = readTorchStateDict(file);
        QCOMPARE(loaded.size(), size_t(3));
        QCOMPARE(loaded[0].first, std::string("w"));
        QCOMPARE(loaded[1].first, std::string("embed_dim"));
        QCOMPARE(loaded[2].first, std::string("mask"));
        QVERIFY(at::equal(loaded[0].second, transposed));
        QCOMPARE(loaded[1].second.item<int64_t>(), int64_t(64));
        QVERIFY(at::equal(loaded[2].second, dict.at("mask")));
    }

    // Hand-made pickles that would run code or build arbitrary objects: refused, nothing runs.
    void refusesUnsafePickles_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("expected");
        const std::string marker = (fs::temp_directory_path() / "causeway_pickle_pwned").string();
        const std::string command = binunicode("touch " + marker);
        auto add = [](const char* name, const std::string& p, const char* expected) {
            QTest::newRow(name) << QByteArray(p.data(), static_cast<int>(p.size())) << QString::fromLatin1(expected);
        };
        add("GLOBAL os system + REDUCE", kProto2 + global("os", "system") + command + "\x85R.", "'os.system'");
        add("GLOBAL posix system", kProto2 + global("posix", "system") + command + "\x85R.", "'posix.system'");
        add("STACK_GLOBAL builtins eval",
            std::string("\x80\x04\x8c\x08" "builtins" "\x8c\x04" "eval") + "\x93" + command + "\x85R.",
            "'builtins.eval'");
        add("GLOBAL inside a state_dict",
            kProto2 + "}(" + binunicode("w") + global("subprocess", "check_call") + command + "\x85Ru.",
            "'subprocess.check_call'");
        add("INST", kProto2 + "(" + command + "ios\nsystem\n.", "opcode INST");
        add("OBJ", kProto2 + "(" + global("collections", "OrderedDict") + "o.", "opcode OBJ");
        add("NEWOBJ", kProto2 + global("collections", "OrderedDict") + ")\x81.", "opcode NEWOBJ");
        add("REDUCE on a storage type", kProto2 + global("torch", "FloatStorage") + ")R.", "'torch.FloatStorage'");
        add("REDUCE on a string", kProto2 + binunicode("os.system") + command + "\x85R.", "REDUCE on a str");
        add("OrderedDict with arguments", kProto2 + global("collections", "OrderedDict") + "](" + command + "e\x85R.",
            "OrderedDict called with arguments");
        add("BUILD on a plain dict", kProto2 + "}}b.", "BUILD on a dict");
        add("persistent id other than a storage", kProto2 + "(" + binunicode("module") + "K\x01tQ.",
            "persistent id");
        add("_rebuild_from_type_v2 with a subclass",
            kProto2 + global("torch._tensor", "_rebuild_from_type_v2") + "(" +
                global("torch._utils", "_rebuild_tensor_v2") + global("torch", "nn") + ")}tR.",
            "'torch.nn'");
    }

    void refusesUnsafePickles() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, expected);
        const fs::path marker = fs::temp_directory_path() / "causeway_pickle_pwned";
        fs::remove(marker);
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "evil.bin";
        writeBytes(file, makeZip({{"data.pkl", pickle.toStdString()}}));
        const std::string message = errorOf(file);
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("evil.bin") != std::string::npos, message.c_str());
        QVERIFY2(message.find("NOT A causeway") == std::string::npos, message.c_str());
        QVERIFY(!fs::exists(marker));
    }

    // Broken files: a causeway::Error naming the file and the problem.
    void refusesBrokenFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing file") << "missing" << "does not exist";
        QTest::newRow("text file") << "text" << "not a zip";
        QTest::newRow("legacy torch.save") << "legacy" << "legacy";
        QTest::newRow("truncated zip") << "truncated" << "not a readable torch.save zip";
        QTest::newRow("zip without data.pkl") << "nopickle" << "without data.pkl";
        QTest::newRow("missing storage record") << "nostorage" << "'data/2'";
        QTest::newRow("short storage record") << "shortstorage" << "too few";
        QTest::newRow("truncated pickle") << "shortpickle" << "corrupt pickle";
        QTest::newRow("view outside its storage") << "outside" << "reaches element 4";
        QTest::newRow("list, not a dict") << "list" << "not a dict";
        QTest::newRow("int value") << "intvalue" << "not a tensor";
    }

    void refusesBrokenFiles() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "broken.bin";
        const fs::path real = kData / "pyvene_cases/gpt2-tiny/save_low_rank/intkey_layer.1.comp.block_output.unit.pos.nunit.1#0.bin";
        const std::string k = kind.toStdString();
        const std::string storage16(16, '\0');
        if (k == "text") {
            writeBytes(file, "embed_dim = 64\n");
        } else if (k == "legacy") {
            writeBytes(file, std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15));
        } else if (k == "truncated") {
            const std::string bytes = readBytes(real);
            writeBytes(file, bytes.substr(0, bytes.size() / 2));
        } else if (k == "nopickle") {
            writeBytes(file, makeZip({{"data/0", storage16}}));
        } else if (k == "nostorage" || k == "shortstorage" || k == "shortpickle") {
            std::vector<std::pair<std::string, std::string>> records;
            for (auto& [name, bytes] : zipRecords(real)) {
                if (name == "data/2" && k == "nostorage") continue;
                if (name == "data/2" && k == "shortstorage") bytes.resize(100);
                if (name == "data.pkl" && k == "shortpickle") bytes.resize(bytes.size() / 2);
                records.emplace_back(name, bytes);
            }
            writeBytes(file, makeZip(records));
        } else if (k == "outside") {
            writeBytes(file, makeZip({{"data.pkl", kProto2 + "}(" + tensorEntry("w", 5, 1) + "u."},
                                      {"data/0", storage16}}));
        } else if (k == "list") {
            writeBytes(file, makeZip({{"data.pkl", kProto2 + "]."}}));
        } else if (k == "intvalue") {
            writeBytes(file, makeZip({{"data.pkl", kProto2 + "}" + binunicode("embed_dim") + "K\x40s."}}));
        }
        const std::string message = errorOf(file);
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("broken.bin") != std::string::npos, message.c_str());
        QVERIFY2(message.find("NOT A causeway") == std::string::npos, message.c_str());
    }

    void validHandMadePickle() {
        // The builder above is right: the same entry inside its storage reads fine (size 4, and a
        // stride-0 view repeating the first element).
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "ok.bin";
        std::string storage(16, '\0');
        const float values[4] = {1.f, 2.f, 3.f, 4.f};
        std::memcpy(storage.data(), values, 16);
        writeBytes(file, makeZip({{"data.pkl", kProto2 + "}(" + tensorEntry("w", 4, 1) + tensorEntry("r", 6, 0) + "u."},
                                  {"data/0", storage}}));
        const StateDict loaded = readTorchStateDict(file);
        QCOMPARE(loaded.size(), size_t(2));
        QVERIFY(at::equal(loaded[0].second, at::tensor({1.f, 2.f, 3.f, 4.f})));
        QVERIFY(at::equal(loaded[1].second, at::full({6}, 1.f)));
    }

    void writeErrors() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        auto errorOfWrite = [](const fs::path& p, const StateDict& sd) -> std::string {
            try {
                writeTorchStateDict(p, sd);
            } catch (const Error& e) {
                return e.what();
            } catch (const std::exception& e) {
                return std::string("NOT A causeway::Error: ") + e.what();
            }
            return "no error";
        };
        const at::Tensor t = at::ones({2});
        std::string m = errorOfWrite(dir / "no_such_dir" / "x.bin", {{"a", t}});
        QVERIFY2(m.find("Cannot write") != std::string::npos && m.find("x.bin") != std::string::npos, m.c_str());
        m = errorOfWrite(dir / "dup.bin", {{"a", t}, {"a", t}});
        QVERIFY2(m.find("appears twice") != std::string::npos, m.c_str());
        m = errorOfWrite(dir / "undef.bin", {{"a", at::Tensor()}});
        QVERIFY2(m.find("undefined") != std::string::npos, m.c_str());
        m = errorOfWrite(dir / "complex.bin", {{"a", at::ones({2}, at::kComplexFloat)}});
        QVERIFY2(m.find("dtype") != std::string::npos, m.c_str());
        QVERIFY(!fs::exists(dir / "dup.bin"));
    }
};

QTEST_GUILESS_MAIN(TorchPickleTest)
#include "test_torch_pickle.moc"
