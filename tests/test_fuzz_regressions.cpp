// The fuzz targets (tests/fuzz) as a normal test, in every build: each seed of the corpus and each
// input a fuzzer once failed on (tests/data/fuzz-regressions, listed in its index.json with what
// went wrong) is fed to its target. Seeds may be accepted or refused; a past finding must now get
// the outcome its entry states: refused with a causeway::Error whose message holds the given
// phrases, or accepted. Anything else escaping (another exception type, a crash, and in the asan
// build any sanitizer report) fails.
#include "fuzz_support.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <set>

using namespace causeway;

namespace {

const fs::path kCorpus = CAUSEWAY_FUZZ_CORPUS;
const fs::path kRegressions = fs::path(CAUSEWAY_TEST_DATA) / "fuzz-regressions";

// "" when the target accepted the input, the message of the causeway::Error it refused it with.
std::optional<std::string> feed(const std::string& target, const fs::path& input) {
    const std::string bytes = fuzz::readFile(input);
    try {
        fuzz::targets().at(target)(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const Error& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

nlohmann::json regressionIndex() { return nlohmann::json::parse(fuzz::readFile(kRegressions / "index.json")); }

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTargetHasSeeds() {
        QVERIFY(fuzz::targets().size() >= 12);
        for (const auto& [name, target] : fuzz::targets())
            QVERIFY2(fs::is_directory(kCorpus / name) && !fs::is_empty(kCorpus / name), name.c_str());
    }

    void seeds_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const auto& [name, target] : fuzz::targets())
            for (const auto& seed : fs::directory_iterator(kCorpus / name))
                QTest::newRow((name + "/" + seed.path().filename().string()).c_str())
                    << QString::fromStdString(name) << QString::fromStdString(seed.path().string());
    }

    void seeds() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        (void)feed(target.toStdString(), file.toStdString()); // accepted or refused cleanly
    }

    // Every file under fuzz-regressions is in the index, and every entry names a file and a target.
    void indexListsEveryFinding() {
        std::set<std::string> listed;
        const nlohmann::json index = regressionIndex();
        for (const auto& entry : index.at("regressions")) {
            listed.insert(entry.at("file").get<std::string>());
            QVERIFY(fuzz::targets().count(entry.at("target").get<std::string>()));
            QVERIFY(fs::is_regular_file(kRegressions / entry.at("file").get<std::string>()));
            QVERIFY2(entry.contains("error") != entry.value("accepted", false), entry.dump().c_str());
        }
        for (const auto& file : fs::recursive_directory_iterator(kRegressions)) {
            const std::string relative = fs::relative(file.path(), kRegressions).string();
            if (file.is_regular_file() && relative != "index.json" && relative != "README.md")
                QVERIFY2(listed.count(relative), ("not in index.json: " + relative).c_str());
        }
    }

    void regressions_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("needles"); // empty: the input must be accepted
        const nlohmann::json index = regressionIndex();
        for (const auto& entry : index.at("regressions")) {
            QStringList needles;
            for (const auto& needle : entry.value("error", nlohmann::json::array())) needles << QString::fromStdString(needle.get<std::string>());
            const std::string file = entry.at("file").get<std::string>();
            QTest::newRow(file.c_str()) << QString::fromStdString(entry.at("target").get<std::string>())
                                        << QString::fromStdString((kRegressions / file).string()) << needles;
        }
    }

    void regressions() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QFETCH(QStringList, needles);
        const std::optional<std::string> error = feed(target.toStdString(), file.toStdString());
        if (needles.isEmpty()) {
            QVERIFY2(!error, error ? error->c_str() : "");
            return;
        }
        QVERIFY2(error, "the input was accepted; it should have been refused");
        for (const QString& needle : needles)
            QVERIFY2(QString::fromStdString(*error).contains(needle),
                     qPrintable("'" + needle + "' is not in: " + QString::fromStdString(*error)));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
