// Every pyvene fixture case runs unchanged through `causeway-cli intervene` and reproduces
// pyvene's logits, collected tensors and generated ids.
#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;

struct Run {
    int exitCode;
    QString stdErr;
};

Run runCli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(CAUSEWAY_CLI_PATH), arguments);
    process.waitForFinished(120000);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
}

QString str(const fs::path& p) { return QString::fromStdString(p.string()); }
} // namespace

class CliInterveneTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureCase_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("caseName");
        std::ifstream in(kData / "pyvene_cases" / "index.json");
        const nlohmann::json index = nlohmann::json::parse(in);
        for (auto it = index["cases"].begin(); it != index["cases"].end(); ++it)
            for (const auto& c : it.value())
                QTest::addRow("%s/%s", it.key().c_str(), c.get<std::string>().c_str())
                    << QString::fromStdString(it.key()) << QString::fromStdString(c.get<std::string>());
    }

    void fixtureCase() {
        QFETCH(QString, model);
        QFETCH(QString, caseName);
        const fs::path dir = kData / "pyvene_cases" / model.toStdString() / caseName.toStdString();
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("out.safetensors"));
        Run run = runCli({QStringLiteral("intervene"), str(dir / "case.json"), QStringLiteral("--model"),
                          str(kData / "models" / model.toStdString()), QStringLiteral("--weights"),
                          str(dir / "tensors.safetensors"), QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.stdErr));

        SafetensorsFile got(out.toStdString()), want(dir / "tensors.safetensors");
        int compared = 0;
        for (const auto& [name, entry] : got.entries()) {
            std::string reference = name;
            if (!want.contains(reference) && want.contains("prompt_" + name)) reference = "prompt_" + name;
            QVERIFY2(want.contains(reference), ("the fixture has no " + name).c_str());
            at::Tensor a = got.tensor(name), b = want.tensor(reference);
            QVERIFY2(a.sizes() == b.sizes(), ("shape differs: " + name).c_str());
            if (a.scalar_type() == at::kLong) {
                QVERIFY2(at::equal(a, b), ("ids differ: " + name).c_str());
            } else {
                const double diff = (a - b).abs().max().item<double>();
                QVERIFY2(diff <= 1e-4, qPrintable(QStringLiteral("%1 differs by %2").arg(QString::fromStdString(name)).arg(diff)));
            }
            ++compared;
        }
        QVERIFY(compared >= 2);
    }

    // --load runs a pyvene-saved folder on a case's inputs; --save writes it back in either
    // layout, which --load reads again with the same numbers.
    void savesAndLoadsPyveneFolders() {
        const fs::path dir = kData / "pyvene_saves" / "0.1.5" / "gpt2-tiny" / "rotated_space";
        const QString model = str(kData / "models" / "gpt2-tiny");
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("a.safetensors"));
        Run run = runCli({QStringLiteral("intervene"), str(dir / "case.json"), QStringLiteral("--model"), model,
                          QStringLiteral("--load"), str(dir), QStringLiteral("--save"), tmp.filePath(QStringLiteral("v18")),
                          QStringLiteral("--pyvene"), QStringLiteral("0.1.8"), QStringLiteral("--out"), out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.stdErr));
        QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("v18/intkey_layer_1_comp_block_output_unit_pos_nunit_1#0.bin"))));
        SafetensorsFile want(dir / "tensors.safetensors");
        auto diff = [&](const QString& file) {
            return (SafetensorsFile(file.toStdString()).tensor("intervened_logits") - want.tensor("intervened_logits"))
                .abs().max().item<double>();
        };
        QVERIFY(diff(out) <= 1e-4);

        const QString again = tmp.filePath(QStringLiteral("b.safetensors"));
        run = runCli({QStringLiteral("intervene"), str(dir / "case.json"), QStringLiteral("--model"), model,
                      QStringLiteral("--load"), tmp.filePath(QStringLiteral("v18")), QStringLiteral("--out"), again});
        QVERIFY2(run.exitCode == 0, qPrintable(run.stdErr));
        QVERIFY(diff(again) <= 1e-4);

        run = runCli({QStringLiteral("intervene"), str(dir / "case.json"), QStringLiteral("--model"), model,
                      QStringLiteral("--save"), tmp.filePath(QStringLiteral("x")), QStringLiteral("--pyvene"), QStringLiteral("0.2")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.stdErr.contains(QStringLiteral("0.1.5 or 0.1.8")), qPrintable(run.stdErr));
    }

    void badCaseIsRefusedWithExitCode2() {
        QTemporaryDir tmp;
        const QString casePath = tmp.filePath(QStringLiteral("case.json"));
        QFile file(casePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"representations": [{"layer": 7, "component": "block_output"}],
                       "base_input_ids": [[1, 2, 3]], "source_input_ids": [[[1, 2, 3]]],
                       "unit_locations": {"sources->base": [[[[0]]], [[[0]]]]}})");
        file.close();
        Run run = runCli({QStringLiteral("intervene"), casePath, QStringLiteral("--model"), str(kData / "models" / "gpt2-tiny"),
                          QStringLiteral("--out"), tmp.filePath(QStringLiteral("o.safetensors"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.stdErr.contains(QStringLiteral("layer 7")), qPrintable(run.stdErr));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("o.safetensors"))));
    }
};

QTEST_GUILESS_MAIN(CliInterveneTest)
#include "test_cli_intervene.moc"
