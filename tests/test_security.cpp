// The promises of docs/security.md that the other tests do not already hold: causeway-cli makes no
// network call while it opens models, tokenizes, runs experiments and interventions; and a model
// folder's code (HF's trust_remote_code: auto_map and modeling_*.py) is never run.
#include "common/error.h"
#include "model/transformer.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;

struct Run {
    int exitCode = -1;
    QString output;
};

// Runs a program with the network guard preloaded (tests/no_network_guard.cpp).
Run runGuarded(const QString& program, const QStringList& args) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LD_PRELOAD", CAUSEWAY_NO_NETWORK_GUARD);
    env.insert("OMP_WAIT_POLICY", "PASSIVE");
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    Run run;
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
        run.output = "did not finish in time";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

QString q(const fs::path& path) { return QString::fromStdString(path.string()); }

} // namespace

class TestSecurity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { scratch_ = std::make_unique<QTemporaryDir>(); }

    // The guard works: bash's /dev/tcp opens a socket, and is stopped.
    void guardCatchesSockets() {
        const Run run = runGuarded("bash", {"-c", "exec 3<>/dev/tcp/127.0.0.1/9"});
        QCOMPARE(run.exitCode, 97);
        QVERIFY2(run.output.contains("no_network_guard"), qPrintable(run.output));
    }

    void cliMakesNoNetworkCalls_data() {
        QTest::addColumn<QStringList>("args");
        const QString gpt2 = q(kData / "models" / "gpt2-tiny"), llama = q(kData / "models" / "llama-tiny");
        QTest::newRow("info") << QStringList{"info", gpt2};
        QTest::newRow("tokenize (byte-level BPE)") << QStringList{"tokenize", gpt2, "The Eiffel Tower"};
        QTest::newRow("tokenize (SentencePiece)") << QStringList{"tokenize", llama, "The Eiffel Tower"};
        QTest::newRow("intervene") << QStringList{"intervene", q(kData / "pyvene_cases" / "gpt2-tiny" / "vanilla_block_output_same_pos" / "case.json"),
                                                  "--model", gpt2, "--out", "OUT/out.safetensors"};
        QTest::newRow("run") << QStringList{"run", "OUT/trace.json", "--out", "OUT/trace"};
        QTest::newRow("show") << QStringList{"show", "OUT/trace/results.json"};
    }

    void cliMakesNoNetworkCalls() {
        QFETCH(QStringList, args);
        const QString out = scratch_->path();
        nlohmann::json trace = {{"format", 1}, {"kind", "causal_tracing"}, {"model", (kData / "models" / "gpt2-tiny").string()},
                                {"prompt", "Alice lives in London"}, {"subject", "Alice"}, {"threads", 1},
                                {"noise", {{"samples", 2}, {"multiple_of_embedding_std", 3.0}, {"seed", 1}}}};
        std::ofstream(fs::path(out.toStdString()) / "trace.json") << trace.dump();
        for (QString& a : args) a.replace("OUT", out);
        if (args.first() == "show") QCOMPARE(runGuarded(CAUSEWAY_CLI_PATH, {"run", out + "/trace.json", "--out", out + "/trace"}).exitCode, 0);
        const Run run = runGuarded(CAUSEWAY_CLI_PATH, args);
        QVERIFY2(run.exitCode == 0, qPrintable(QString::number(run.exitCode) + ": " + run.output));
    }

    // HF's trust_remote_code would import modeling_evil.py; Causeway never runs it. An unknown
    // model_type is refused; a known one loads as the table says, whatever auto_map claims.
    void modelFolderCodeIsNeverRun_data() {
        QTest::addColumn<QString>("modelType");
        QTest::addColumn<bool>("loads");
        QTest::newRow("custom model_type") << "evil" << false;
        QTest::newRow("gpt2 with auto_map") << "gpt2" << true;
    }

    void modelFolderCodeIsNeverRun() {
        QFETCH(QString, modelType);
        QFETCH(bool, loads);
        const fs::path folder = fs::path(scratch_->path().toStdString()) / "model";
        fs::copy(kData / "models" / "gpt2-tiny", folder);
        const fs::path mark = fs::path(scratch_->path().toStdString()) / "remote-code-ran";
        std::ofstream(folder / "modeling_evil.py") << "open(" << nlohmann::json(mark.string()).dump() << ", 'w').write('ran')\n";
        nlohmann::json config = nlohmann::json::parse(std::ifstream(folder / "config.json"));
        config["model_type"] = modelType.toStdString();
        config["auto_map"] = {{"AutoConfig", "modeling_evil.EvilConfig"}, {"AutoModelForCausalLM", "modeling_evil.EvilForCausalLM"}};
        std::ofstream(folder / "config.json") << config.dump();
        try {
            auto model = Transformer::load(folder);
            QVERIFY(loads);
            QCOMPARE(QString::fromStdString(model->config().modelType), modelType);
        } catch (const Error& e) {
            QVERIFY2(!loads, e.what());
            QVERIFY2(QString(e.what()).contains("not supported"), e.what());
        }
        QVERIFY(!fs::exists(mark));
    }

private:
    std::unique_ptr<QTemporaryDir> scratch_;
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "test_security.moc"
