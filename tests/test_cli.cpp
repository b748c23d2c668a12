// The real causeway-cli binary, run as a user would: `info` on every fixture model, `tokenize`,
// `collect` against the HuggingFace/pyvene reference activations (tests/data/expected), and the
// exit code + one-line stderr message for bad input.
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;
constexpr double kTolerance = 1e-4; // FIXTURES.md

json readJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

QString q(const fs::path& path) { return QString::fromStdString(path.string()); }
fs::path modelDir(const QString& model) { return kData / "models" / model.toStdString(); }
fs::path expectedDir(const QString& model) { return kData / "expected" / model.toStdString(); }

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(exitCode)
            .arg(QString::fromUtf8(out.left(2000)), QString::fromUtf8(err.left(2000)));
    }
};

CliRun runCli(const QStringList& args) {
    QProcess process;
    process.setProgram(QStringLiteral(CAUSEWAY_CLI_PATH));
    process.setArguments(args);
    process.start();
    CliRun run;
    if (!process.waitForStarted(30000)) {
        run.err = "could not start " CAUSEWAY_CLI_PATH;
        return run;
    }
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
        run.err = "causeway-cli did not finish in time";
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2; // -2: crashed
    return run;
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

std::string joinIds(const json& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : ",") + std::to_string(id.get<int64_t>());
    return text;
}

// The display texts a tokenizer fixture expects for `text`, when its cases.json has that text.
std::vector<std::string> fixtureDisplays(const std::string& tokenizer, const std::string& text) {
    const json cases = readJson(kData / "tokenizers" / tokenizer / "cases.json");
    for (const auto& c : cases["cases"]) {
        if (c["text"] != text) continue;
        std::vector<std::string> displays;
        for (const auto& piece : c.contains("sp_pieces") ? c["sp_pieces"] : c["tokens"]) {
            std::string s = piece.get<std::string>();
            for (const std::string marker : {"\xC4\xA0" /* Ġ */, "\xE2\x96\x81" /* ▁ */})
                for (std::size_t at = s.find(marker); at != std::string::npos; at = s.find(marker)) s.replace(at, marker.size(), " ");
            displays.push_back(s);
        }
        return displays;
    }
    return {};
}

} // namespace

// Bad input: exit code 2, nothing on stdout, one line on stderr that holds every needle.
#define VERIFY_BAD_INPUT(run, needles)                                                                             \
    do {                                                                                                           \
        const CliRun& r_ = (run);                                                                                  \
        QVERIFY2(r_.exitCode == 2, qPrintable(r_.describe()));                                                     \
        QVERIFY2(r_.out.isEmpty(), qPrintable(r_.describe()));                                                     \
        QVERIFY2(r_.err.startsWith("causeway-cli: ") && r_.err.endsWith('\n') && r_.err.count('\n') == 1,        \
                 qPrintable(r_.describe()));                                                                       \
        for (const QString& needle_ : QStringList(needles))                                                        \
            QVERIFY2(QString::fromUtf8(r_.err).contains(needle_, Qt::CaseInsensitive),                            \
                     qPrintable(QStringLiteral("stderr lacks \"%1\": %2").arg(needle_, QString::fromUtf8(r_.err)))); \
    } while (false)

class CliTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("OMP_NUM_THREADS", "2");
        QVERIFY2(QFileInfo::exists(QStringLiteral(CAUSEWAY_CLI_PATH)), CAUSEWAY_CLI_PATH);
    }

    // ---- info ----

    void info_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headSize");
        QTest::addColumn<int>("mlp");
        QTest::addColumn<int>("vocab");
        // FIXTURES.md section 2.
        QTest::newRow("gpt2-tiny") << "gpt2-tiny" << 3 << 64 << 4 << 4 << 16 << 256 << 512;
        QTest::newRow("gpt_neox-tiny") << "gpt_neox-tiny" << 2 << 64 << 4 << 4 << 16 << 256 << 512;
        QTest::newRow("llama-tiny") << "llama-tiny" << 3 << 64 << 4 << 2 << 16 << 128 << 400;
        QTest::newRow("mistral-tiny") << "mistral-tiny" << 2 << 64 << 4 << 2 << 16 << 128 << 512;
        QTest::newRow("gemma-tiny") << "gemma-tiny" << 2 << 64 << 4 << 1 << 32 << 128 << 512;
        QTest::newRow("qwen2-tiny") << "qwen2-tiny" << 2 << 64 << 4 << 2 << 16 << 128 << 512;
        QTest::newRow("opt-tiny") << "opt-tiny" << 2 << 64 << 4 << 4 << 16 << 256 << 512;
        QTest::newRow("phi-tiny") << "phi-tiny" << 2 << 64 << 4 << 4 << 16 << 256 << 512;
    }

    void info() {
        QFETCH(QString, model);
        QFETCH(int, layers);
        QFETCH(int, hidden);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headSize);
        QFETCH(int, mlp);
        QFETCH(int, vocab);
        const CliRun run = runCli({QStringLiteral("info"), q(modelDir(model))});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        json out;
        try {
            out = json::parse(run.out.toStdString());
        } catch (const json::exception& e) {
            QFAIL(qPrintable(QStringLiteral("stdout is not JSON (%1): %2").arg(e.what(), QString::fromUtf8(run.out))));
        }
        const json manifest = readJson(expectedDir(model) / "manifest.json");
        QCOMPARE(out.value("architecture", ""), manifest["family"].get<std::string>());
        QCOMPARE(out.value("layers", -1), layers);
        QCOMPARE(out.value("layers", -1), manifest["num_layers"].get<int>());
        QCOMPARE(out.value("heads", -1), heads);
        QCOMPARE(out.value("key_value_heads", -1), kvHeads);
        QCOMPARE(out.value("hidden_size", -1), hidden);
        QCOMPARE(out.value("head_size", -1), headSize);
        QCOMPARE(out.value("mlp_size", -1), mlp);
        QCOMPARE(out.value("vocab_size", -1), vocab);
        QCOMPARE(out.value("weight_dtype", ""), std::string("F32"));

        // Every tensor in the file is a parameter (tied weights are stored once), and the count
        // agrees with HF's num_parameters() recorded in models/index.json.
        SafetensorsFile weights(modelDir(model) / "model.safetensors");
        int64_t numel = 0;
        for (const auto& [name, entry] : weights.entries()) numel += entry.numel();
        QCOMPARE(out.value("parameters", int64_t(-1)), numel);
        const json index = readJson(kData / "models" / "index.json");
        QCOMPARE(out.value("parameters", int64_t(-1)), index["models"][model.toStdString()]["num_parameters"].get<int64_t>());

        // Components: the fixture's list, in pyvene's order. The fixtures collected
        // attention_weight for gpt2 only (the one family pyvene 0.1.5 maps it for); Causeway offers
        // it for every family, last.
        std::vector<std::string> expected;
        for (const auto& c : manifest["components"])
            if (c != "attention_weight") expected.push_back(c.get<std::string>());
        expected.push_back("attention_weight");
        QVERIFY(out.contains("components") && out["components"].is_array());
        QCOMPARE(out["components"].get<std::vector<std::string>>(), expected);
    }

    void infoOnBrokenFolder_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("needles");
        QTest::newRow("truncated weights") << "truncated" << QStringList{"model.safetensors", "truncated"};
        QTest::newRow("no config.json") << "no config" << QStringList{"config.json"};
        QTest::newRow("unsupported model_type") << "bert" << QStringList{"config.json", "bert", "gpt2, gpt_neox"};
        QTest::newRow("only pytorch_model.bin") << "bin" << QStringList{".bin", "safe_serialization"};
        QTest::newRow("folder does not exist") << "nowhere" << QStringList{"nowhere", "does not exist"};
    }

    void infoOnBrokenFolder() {
        QFETCH(QString, kind);
        QFETCH(QStringList, needles);
        QTemporaryDir tmp;
        const fs::path folder = fs::path(tmp.path().toStdString()) / (kind == "nowhere" ? "nowhere" : "gpt2-tiny");
        if (kind != "nowhere") fs::copy(modelDir(QStringLiteral("gpt2-tiny")), folder, fs::copy_options::recursive);
        if (kind == "truncated") fs::resize_file(folder / "model.safetensors", 1000);
        if (kind == "no config") fs::remove(folder / "config.json");
        if (kind == "bert") {
            json config = readJson(folder / "config.json");
            config["model_type"] = "bert";
            std::ofstream(folder / "config.json") << config.dump();
        }
        if (kind == "bin") fs::rename(folder / "model.safetensors", folder / "pytorch_model.bin");
        VERIFY_BAD_INPUT(runCli({QStringLiteral("info"), q(folder)}), needles);
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("needles");
        const QString gpt2 = q(modelDir(QStringLiteral("gpt2-tiny")));
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << QStringList{"frobnicate", "--help"};
        QTest::newRow("info without a folder") << QStringList{"info"} << QStringList{"info", "usage"};
        QTest::newRow("info with two folders") << QStringList{"info", gpt2, gpt2} << QStringList{"usage"};
        QTest::newRow("info with an unknown option") << QStringList{"info", gpt2, "--verbose"} << QStringList{"--verbose"};
        QTest::newRow("tokenize without a text") << QStringList{"tokenize", gpt2} << QStringList{"usage"};
    }

    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, needles);
        VERIFY_BAD_INPUT(runCli(args), needles);
    }

    void help() {
        const CliRun run = runCli({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("collect"));
    }

    // Each command's own help: its part of the usage text, nothing of the others'.
    void commandHelp() {
        const QStringList commands = {"info", "tokenize", "collect", "intervene", "run", "show", "export"};
        for (const QString& command : commands) {
            const CliRun run = runCli({command, QStringLiteral("--help")});
            QVERIFY2(run.exitCode == 0, qPrintable(command + QLatin1Char(' ') + run.describe()));
            QVERIFY2(run.out.contains(("  " + command + " ").toUtf8()), qPrintable(run.describe()));
            for (const QString& other : commands)
                if (other != command) QVERIFY2(!run.out.contains(("\n  " + other + " ").toUtf8()), qPrintable(command + " shows " + other));
        }
        QVERIFY(runCli({QStringLiteral("intervene"), QStringLiteral("--help")}).out.contains("--pyvene 0.1.5|0.1.8"));
    }

    // ---- tokenize ----

    void tokenize_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("prompt");
        for (const char* model : {"gpt2-tiny", "llama-tiny"})
            for (int p = 0; p < 3; ++p) QTest::addRow("%s/prompt%d", model, p) << QString::fromLatin1(model) << p;
    }

    void tokenize() {
        QFETCH(QString, model);
        QFETCH(int, prompt);
        const json entry = readJson(expectedDir(model) / "manifest.json")["prompts"][prompt];
        const std::string text = entry["text"];
        const std::vector<int64_t> ids = entry["input_ids"];
        const bool llama = model == QLatin1String("llama-tiny");

        for (const bool special : {true, false}) {
            QStringList args = {QStringLiteral("tokenize"), q(modelDir(model)), QString::fromStdString(text)};
            if (!special) args << QStringLiteral("--no-special");
            const CliRun run = runCli(args);
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            const json out = json::parse(run.out.toStdString());
            // Llama's tokenizer adds BOS; --no-special leaves it out. GPT-2's adds nothing.
            std::vector<int64_t> want = ids;
            if (llama && !special) want.erase(want.begin());
            QCOMPARE(out["ids"].get<std::vector<int64_t>>(), want);
            QCOMPARE(out["count"].get<std::size_t>(), want.size());
            QCOMPARE(out["text"].get<std::string>(), text);
            const json& tokens = out["tokens"];
            QCOMPARE(tokens.size(), want.size());

            std::vector<std::string> displays;
            std::size_t lastEnd = 0;
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                const json& t = tokens[i];
                QCOMPARE(t["id"].get<int64_t>(), want[i]);
                const bool isBos = llama && special && i == 0;
                QCOMPARE(t["special"].get<bool>(), isBos);
                const std::size_t begin = t["begin"], end = t["end"];
                QVERIFY(begin <= end && end <= text.size() && begin >= lastEnd);
                lastEnd = end;
                if (isBos) {
                    QCOMPARE(begin, end); // added, not in the text
                    continue;
                }
                displays.push_back(t["text"]);
                // Byte-level BPE on ASCII text: each token's display is exactly its span.
                if (!llama) QCOMPARE(t["text"].get<std::string>(), text.substr(begin, end - begin));
            }
            const auto fixture = fixtureDisplays(llama ? "sp-unigram" : "tiny-bpe", text);
            if (prompt == 0) QVERIFY(!fixture.empty()); // both fixtures tokenize prompt 0's text
            if (!fixture.empty()) QCOMPARE(displays, fixture);
            if (prompt == 0) QVERIFY(std::find(displays.begin(), displays.end(), " quick") != displays.end());
            if (!llama) {
                std::string joined;
                for (const auto& d : displays) joined += d;
                QCOMPARE(joined, text);
            }
        }
    }

    // ---- collect ----

    void collect_data() {
        QTest::addColumn<QString>("model");
        for (const char* model : {"gpt2-tiny", "gpt_neox-tiny", "llama-tiny", "mistral-tiny", "gemma-tiny",
                                  "qwen2-tiny", "opt-tiny", "phi-tiny"})
            QTest::newRow(model) << QString::fromLatin1(model);
    }

    // collect MODEL TEXT --component mlp_output --layer 1 matches prompt0 of the fixtures.
    void collect() {
        QFETCH(QString, model);
        const json manifest = readJson(expectedDir(model) / "manifest.json");
        QTemporaryDir tmp;
        const QString outFile = tmp.filePath(QStringLiteral("out.safetensors"));
        const CliRun run = runCli({QStringLiteral("collect"), q(modelDir(model)),
                                   QString::fromStdString(manifest["prompts"][0]["text"].get<std::string>()),
                                   QStringLiteral("--component"), QStringLiteral("mlp_output"), QStringLiteral("--layer"),
                                   QStringLiteral("1"), QStringLiteral("--out"), outFile});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.out.isEmpty(), qPrintable(run.describe()));

        SafetensorsFile got(outFile.toStdString());
        SafetensorsFile expected(expectedDir(model) / "prompt0.safetensors");
        std::vector<std::string> names;
        for (const auto& [name, e] : got.entries()) names.push_back(name);
        QCOMPARE(names, (std::vector<std::string>{"L1.mlp_output", "input_ids", "logits"}));

        QVERIFY(at::equal(got.tensor("input_ids"), expected.tensor("input_ids")));
        QCOMPARE(got.tensor("logits").sizes().vec(), expected.tensor("logits").sizes().vec());
        const double logitDiff = maxAbsDiff(got.tensor("logits"), expected.tensor("logits"));
        QVERIFY2(logitDiff <= kTolerance, qPrintable(QStringLiteral("logits differ by %1").arg(logitDiff)));

        at::Tensor site = got.tensor("L1.mlp_output");
        const at::Tensor want = expected.tensor("L1.mlp_output");
        // HF's OPT flattens to [B*T, D] before its MLP, so that fixture holds position 0 only (see
        // test_model_exactness.cpp); collect writes [T, D] for every family.
        QCOMPARE(site.size(0), expected.tensor("input_ids").size(1));
        if (model == QLatin1String("opt-tiny") && want.dim() == 1) site = site.select(0, 0);
        QCOMPARE(site.sizes().vec(), want.sizes().vec());
        const double siteDiff = maxAbsDiff(site, want);
        QVERIFY2(siteDiff <= kTolerance, qPrintable(QStringLiteral("L1.mlp_output differs by %1").arg(siteDiff)));
    }

    // --ids instead of text, two components and two layers, prompt1.
    void collectIds() {
        const QString model = QStringLiteral("llama-tiny");
        const json manifest = readJson(expectedDir(model) / "manifest.json");
        QTemporaryDir tmp;
        const QString outFile = tmp.filePath(QStringLiteral("ids.safetensors"));
        const CliRun run = runCli({QStringLiteral("collect"), q(modelDir(model)), QStringLiteral("--ids"),
                                   QString::fromStdString(joinIds(manifest["prompts"][1]["input_ids"])),
                                   QStringLiteral("--component"), QStringLiteral("attention_output"),
                                   QStringLiteral("--component"), QStringLiteral("head_key_output"),
                                   QStringLiteral("--layer"), QStringLiteral("0"), QStringLiteral("--layer"),
                                   QStringLiteral("2"), QStringLiteral("--out"), outFile});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        SafetensorsFile got(outFile.toStdString());
        SafetensorsFile expected(expectedDir(model) / "prompt1.safetensors");
        QCOMPARE(got.entries().size(), std::size_t(2 * 2 + 2));
        QVERIFY(at::equal(got.tensor("input_ids"), expected.tensor("input_ids")));
        for (const std::string name : {"logits", "L0.attention_output", "L2.attention_output", "L0.head_key_output",
                                       "L2.head_key_output"}) {
            QVERIFY2(got.contains(name), name.c_str());
            QCOMPARE(got.tensor(name).sizes().vec(), expected.tensor(name).sizes().vec());
            const double diff = maxAbsDiff(got.tensor(name), expected.tensor(name));
            QVERIFY2(diff <= kTolerance, qPrintable(QStringLiteral("%1 differs by %2").arg(QString::fromStdString(name)).arg(diff)));
        }
    }

    // No --component / --layer: every site of every layer, each equal to the fixture.
    void collectEverything() {
        const QString model = QStringLiteral("gpt2-tiny");
        const json manifest = readJson(expectedDir(model) / "manifest.json");
        QTemporaryDir tmp;
        const QString outFile = tmp.filePath(QStringLiteral("all.safetensors"));
        const CliRun run = runCli({QStringLiteral("collect"), q(modelDir(model)),
                                   QString::fromStdString(manifest["prompts"][2]["text"].get<std::string>()),
                                   QStringLiteral("--out"), outFile});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        SafetensorsFile got(outFile.toStdString());
        SafetensorsFile expected(expectedDir(model) / "prompt2.safetensors");
        const std::size_t sites = manifest["num_layers"].get<std::size_t>() * manifest["components"].size();
        QCOMPARE(got.entries().size(), sites + 2);
        for (const auto& [name, e] : got.entries()) {
            QVERIFY2(expected.contains(name), name.c_str());
            if (name == "input_ids") {
                QVERIFY(at::equal(got.tensor(name), expected.tensor(name)));
                continue;
            }
            QCOMPARE(got.tensor(name).sizes().vec(), expected.tensor(name).sizes().vec());
            const double diff = maxAbsDiff(got.tensor(name), expected.tensor(name));
            QVERIFY2(diff <= kTolerance, qPrintable(QStringLiteral("%1 differs by %2").arg(QString::fromStdString(name)).arg(diff)));
        }
    }

    void collectBadInput_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("needles");
        const QString gpt2 = QStringLiteral("gpt2-tiny");
        const QString text = QStringLiteral("The quick brown fox");
        QTest::newRow("layer past the last") << gpt2 << QStringList{text, "--layer", "3"} << QStringList{"layer 3", "0 to 2"};
        QTest::newRow("negative layer") << gpt2 << QStringList{text, "--layer", "-1"} << QStringList{"layer -1", "0 to 2"};
        QTest::newRow("layer not a number") << gpt2 << QStringList{text, "--layer", "two"} << QStringList{"two", "integer"};
        QTest::newRow("unknown component") << gpt2 << QStringList{text, "--component", "mlp_outptu"}
                                           << QStringList{"no component", "mlp_outptu", "mlp_output", "block_input"};
        QTest::newRow("component the family lacks") << "gpt_neox-tiny" << QStringList{text, "--component", "query_output"}
                                                    << QStringList{"query_output", "not available", "gpt_neox", "mlp_output"};
        QTest::newRow("no --out") << gpt2 << QStringList{text} << QStringList{"--out"};
        QTest::newRow("--out in a missing folder") << gpt2 << QStringList{text, "--out", "/nonexistent-causeway-dir/x.safetensors"}
                                                   << QStringList{"/nonexistent-causeway-dir/x.safetensors"};
        QTest::newRow("text and --ids") << gpt2 << QStringList{text, "--ids", "1,2"} << QStringList{"--ids"};
        QTest::newRow("neither text nor --ids") << gpt2 << QStringList{} << QStringList{"--ids"};
        QTest::newRow("id not a number") << gpt2 << QStringList{"--ids", "266,x"} << QStringList{"'x'", "integer"};
        QTest::newRow("id outside the vocabulary") << gpt2 << QStringList{"--ids", "266,512"} << QStringList{"512", "vocabulary"};
        QTest::newRow("empty --ids") << gpt2 << QStringList{"--ids", ","} << QStringList{"--ids"};
        QTest::newRow("prompt longer than the context") << gpt2 << QStringList{QStringLiteral("fox ").repeated(200)}
                                                        << QStringList{"128", "context"};
        QTest::newRow("empty prompt") << gpt2 << QStringList{""} << QStringList{"no tokens"};
        QTest::newRow("unknown option") << gpt2 << QStringList{text, "--layers", "1"} << QStringList{"--layers"};
        QTest::newRow("--out twice") << gpt2 << QStringList{text, "--out", "a.safetensors"} << QStringList{"--out", "more than once"};
    }

    void collectBadInput() {
        QFETCH(QString, model);
        QFETCH(QStringList, args);
        QFETCH(QStringList, needles);
        QTemporaryDir tmp;
        const QString outFile = tmp.filePath(QStringLiteral("out.safetensors"));
        QStringList full = {QStringLiteral("collect"), q(modelDir(model))};
        full << args;
        // Every row but two writes to a fresh file, which must not appear.
        if (QTest::currentDataTag() != QLatin1String("no --out") &&
            QTest::currentDataTag() != QLatin1String("--out in a missing folder"))
            full << QStringLiteral("--out") << outFile;
        VERIFY_BAD_INPUT(runCli(full), needles);
        QVERIFY(!QFileInfo::exists(outFile));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
