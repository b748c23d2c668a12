// Bad intervention input: every item of the "Bad input" list is refused with a
// causeway::Error whose message names the representation and the wrong value, before anything is
// computed: configs when the IntervenableModel is built, requests by IntervenableModel::validate
// (which forward() and generate() run first, and which computes nothing), saved pyvene folders
// when they are loaded. A refused request leaves the model usable. Fixture models: tests/data/models.
#include "common/error.h"
#include "intervene/intervenable.h"
#include "intervene/pyvene_format.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace fs = std::filesystem;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;

std::shared_ptr<const Transformer> model(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const Transformer>> cache;
    auto& m = cache[name];
    if (!m) m = Transformer::load(kData / "models" / name);
    return m;
}

// The message of the causeway::Error that `f` throws; nullopt when it throws nothing. Any other
// exception type propagates and fails the test.
std::optional<QString> refusal(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return std::nullopt;
}

// `f` must throw causeway::Error and its message must contain every needle.
#define VERIFY_REFUSED(f, needles)                                                                          \
    do {                                                                                                    \
        const std::optional<QString> message_ = refusal(f);                                                 \
        QVERIFY2(message_.has_value(), "not refused");                                                      \
        for (const QString& needle_ : (needles))                                                            \
            QVERIFY2(message_->contains(needle_),                                                           \
                     qPrintable(QStringLiteral("the message lacks \"%1\": %2").arg(needle_, *message_)));   \
        qInfo("%s", qPrintable(*message_));                                                                 \
    } while (0)

RepresentationConfig representation(int layer, const std::string& component, const std::string& unit = "pos",
                                    const std::string& type = "VanillaIntervention") {
    RepresentationConfig r;
    r.layer = layer;
    r.component = component;
    r.unit = unit;
    r.interventionType = type;
    return r;
}

RepresentationLocations positions(std::vector<std::vector<int64_t>> p) {
    RepresentationLocations l;
    l.positions = std::move(p);
    return l;
}

RepresentationLocations headsAt(std::vector<std::vector<int64_t>> h, std::vector<std::vector<int64_t>> p) {
    RepresentationLocations l;
    l.heads = std::move(h);
    l.positions = std::move(p);
    return l;
}

at::Tensor tokens(int64_t batch, int64_t length, int64_t first = 10) {
    return at::arange(first, first + batch * length, at::kLong).reshape({batch, length});
}

// A request with base [B, 6] and one source [B, 5] per representation, every representation
// swapping position 1 from position 2.
InterveneRequest plainRequest(std::size_t representations, int64_t batch = 1) {
    InterveneRequest r;
    r.base = tokens(batch, 6);
    for (std::size_t i = 0; i < representations; ++i) {
        r.sources.push_back(tokens(batch, 5, 40 + 10 * static_cast<int64_t>(i)));
        r.locations.base.push_back(positions(std::vector<std::vector<int64_t>>(batch, {1})));
        r.locations.sources.push_back(positions(std::vector<std::vector<int64_t>>(batch, {2})));
    }
    return r;
}

// One bad request: the model it runs on, its config, the request, and what the message must say.
struct RequestCase {
    std::string model = "gpt2-tiny";
    IntervenableConfig config;
    InterveneRequest request;
    QStringList needles;
};

RequestCase requestCase(const QString& name) {
    RequestCase c;
    // Representation 0 is always fine; the bad value sits in representation 1 where the item is
    // about one representation, so the message must name the right one.
    c.config.representations = {representation(0, "block_output"), representation(1, "mlp_output")};
    c.request = plainRequest(2);
    if (name == "base position beyond the sequence") {
        c.request.locations.base[1] = positions({{6}});
        c.needles = {"Representation 1", "base position 6", "0..5"};
    } else if (name == "source position beyond the sequence") {
        c.request.locations.sources[1] = positions({{5}});
        c.needles = {"Representation 1", "source position 5", "0..4"};
    } else if (name == "negative position") {
        c.request.locations.base[1] = positions({{-1}});
        c.needles = {"Representation 1", "base position -1"};
    } else if (name == "head beyond the head count") {
        c.config.representations[1] = representation(1, "head_attention_value_output", "h.pos");
        c.request.locations.base[1] = headsAt({{1, 4}}, {{2}});
        c.request.locations.sources[1] = headsAt({{1, 3}}, {{2}});
        c.needles = {"Representation 1", "base head 4", "0..3"};
    } else if (name == "source head beyond the head count (unit h)") {
        c.config.representations[1] = representation(1, "head_query_output", "h");
        c.request.locations.base[1] = headsAt({{0}}, {});
        c.request.locations.sources[1] = headsAt({{7}}, {});
        c.needles = {"Representation 1", "source head 7", "0..3"};
    } else if (name == "kv head beyond Hkv (llama head_key_output)") {
        c.model = "llama-tiny"; // 4 query heads, 2 key/value heads
        c.config.representations[1] = representation(1, "head_key_output", "h.pos");
        c.request.locations.base[1] = headsAt({{2}}, {{2}});
        c.request.locations.sources[1] = headsAt({{1}}, {{2}});
        c.needles = {"Representation 1", "base head 2", "0..1"};
    } else if (name == "two sources for one representation") {
        c.config.representations = {representation(0, "block_output")};
        c.request = plainRequest(1);
        c.request.sources.push_back(tokens(1, 5));
        c.needles = {"2 source inputs", "1 source group"};
    } else if (name == "source selects 2 units, base 1") {
        c.request.locations.sources[1] = positions({{2, 3}});
        c.needles = {"Representation 1", "source selects 2 units", "base 1"};
    } else if (name == "locations for 3 representations, config has 2") {
        c.request.locations.base.push_back(positions({{1}}));
        c.request.locations.sources.push_back(positions({{1}}));
        c.needles = {"3 representations", "config has 2"};
    } else if (name == "no source locations for a swap") {
        c.request.locations.sources[1] = std::nullopt;
        c.needles = {"Representation 1", "VanillaIntervention needs a source", "no source locations"};
    } else if (name == "batch size mismatch between base and source") {
        c.request = plainRequest(2, 2);
        c.request.sources[1] = tokens(3, 5);
        c.needles = {"Source 1", "batch size 3", "base has 2"};
    } else if (name == "locations for 1 example, batch of 2") {
        c.request = plainRequest(2, 2);
        c.request.locations.base[1] = positions({{1}});
        c.needles = {"Representation 1", "base positions are given for 1 examples", "batch has 2"};
    } else if (name == "RotatedSpace with 2 positions, max_number_of_units 1") {
        c.config.representations[1].interventionType = "RotatedSpaceIntervention";
        c.request.locations.base[1] = positions({{1, 2}});
        c.request.locations.sources[1] = positions({{2, 3}});
        c.needles = {"Representation 1", "RotatedSpaceIntervention", "select 2 unit(s)", "max_number_of_units to 2"};
    } else {
        qFatal("unknown case %s", qPrintable(name));
    }
    return c;
}

const QStringList kRequestCases = {
    "base position beyond the sequence",
    "source position beyond the sequence",
    "negative position",
    "head beyond the head count",
    "source head beyond the head count (unit h)",
    "kv head beyond Hkv (llama head_key_output)",
    "two sources for one representation",
    "source selects 2 units, base 1",
    "locations for 3 representations, config has 2",
    "no source locations for a swap",
    "batch size mismatch between base and source",
    "locations for 1 example, batch of 2",
    "RotatedSpace with 2 positions, max_number_of_units 1",
};

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
}

} // namespace

class InterventionErrorsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Configs the model cannot take: refused when the IntervenableModel is built.
    void badConfig_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("layer");
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QStringList>("needles");
        auto row = [](const char* name, const char* model, int layer, const char* component, const char* unit,
                      const char* type, const QStringList& needles) {
            QTest::newRow(name) << model << layer << component << unit << type << needles;
        };
        const char* vanilla = "VanillaIntervention";
        // gpt2-tiny has layers 0..2.
        row("layer = number of layers", "gpt2-tiny", 3, "block_output", "pos", vanilla,
            {"Representation 1", "layer 3 does not exist", "0 to 2"});
        row("layer far beyond", "gpt_neox-tiny", 40, "mlp_output", "pos", vanilla,
            {"Representation 1", "layer 40 does not exist", "0 to 1"});
        row("negative layer", "gpt2-tiny", -1, "block_output", "pos", vanilla, {"Representation 1", "layer -1 does not exist"});
        row("unknown component", "gpt2-tiny", 0, "mlp_outptu", "pos", vanilla,
            {"Representation 1", "unknown component 'mlp_outptu'"});
        row("gpt_neox has no query_output", "gpt_neox-tiny", 0, "query_output", "pos", vanilla,
            {"Representation 1", "gpt_neox", "no component 'query_output'"});
        row("gpt_neox has no head_key_output", "gpt_neox-tiny", 1, "head_key_output", "h.pos", vanilla,
            {"Representation 1", "gpt_neox", "no component 'head_key_output'"});
        row("unit h.pos on block_output", "gpt2-tiny", 0, "block_output", "h.pos", vanilla,
            {"Representation 1", "'block_output' takes unit 'pos'", "not 'h.pos'"});
        row("unit h on mlp_output", "llama-tiny", 0, "mlp_output", "h", vanilla,
            {"Representation 1", "'mlp_output' takes unit 'pos'", "not 'h'"});
        row("unit pos on a head component", "gpt2-tiny", 0, "head_attention_value_output", "pos", vanilla,
            {"Representation 1", "'head_attention_value_output' takes unit 'h' or 'h.pos'", "not 'pos'"});
        row("unit t", "gpt2-tiny", 0, "block_output", "t", vanilla, {"Representation 1", "unit 't'"});
        row("unknown unit", "gpt2-tiny", 0, "block_output", "position", vanilla,
            {"Representation 1", "unknown unit 'position'"});
        row("unknown intervention type", "gpt2-tiny", 0, "block_output", "pos", "VanillaInterventon",
            {"Representation 1", "'VanillaInterventon'"});
        row("LowRank without low_rank_dimension", "gpt2-tiny", 0, "block_output", "pos", "LowRankRotatedSpaceIntervention",
            {"Representation 1", "low_rank_dimension"});
        row("ConstantSourceIntervention is pyvene's abstract base", "gpt2-tiny", 0, "block_output", "pos",
            "ConstantSourceIntervention", {"Representation 1", "abstract base class", "source_representation"});
        row("Autoencoder without latent_dim", "gpt2-tiny", 0, "block_output", "pos", "AutoencoderIntervention",
            {"Representation 1", "latent_dim"});
        row("attention weights can only be collected", "gpt2-tiny", 0, "attention_weight", "h.pos", vanilla,
            {"Representation 1", "CollectIntervention"});
    }

    void badConfig() {
        QFETCH(QString, model);
        QFETCH(int, layer);
        QFETCH(QString, component);
        QFETCH(QString, unit);
        QFETCH(QString, type);
        QFETCH(QStringList, needles);
        IntervenableConfig config;
        config.representations = {representation(0, "block_output"),
                                  representation(layer, component.toStdString(), unit.toStdString(), type.toStdString())};
        auto m = ::model(model.toStdString());
        VERIFY_REFUSED([&] { IntervenableModel im(config, m); }, needles);
    }

    void badConfigMaxUnits() {
        IntervenableConfig config;
        config.representations = {representation(0, "block_output"), representation(1, "block_output")};
        config.representations[1].maxNumberOfUnits = 0;
        VERIFY_REFUSED([&] { IntervenableModel im(config, model("gpt2-tiny")); },
                       QStringList({"Representation 1", "max_number_of_units"}));
    }

    // Requests that do not fit the config or the inputs: validate() refuses them, and forward()
    // and generate() refuse them with the same message before running the model.
    void badRequest_data() {
        QTest::addColumn<QString>("name");
        for (const QString& name : kRequestCases) QTest::newRow(qPrintable(name)) << name;
    }

    void badRequest() {
        QFETCH(QString, name);
        RequestCase c = requestCase(name);
        IntervenableModel im(c.config, model(c.model));
        VERIFY_REFUSED([&] { im.validate(c.request); }, c.needles);
        const QString fromValidate = refusal([&] { im.validate(c.request); }).value_or("(not refused)");
        QCOMPARE(refusal([&] { im.forward(c.request); }).value_or("(not refused)"), fromValidate);
        GenerateOptions options;
        options.maxNewTokens = 2;
        QCOMPARE(refusal([&] { im.generate(c.request, options); }).value_or("(not refused)"), fromValidate);
    }

    // The same model still runs a good request after refusing bad ones.
    void goodRequestAfterRefusals() {
        for (const QString& name : kRequestCases) {
            RequestCase c = requestCase(name);
            if (c.model != "gpt2-tiny" || c.config.representations.size() != 2 ||
                c.config.representations[1].component != "mlp_output" ||
                c.config.representations[1].interventionType != "VanillaIntervention")
                continue;
            IntervenableModel im(c.config, model(c.model));
            QVERIFY(refusal([&] { im.forward(c.request); }).has_value());
            InterveneResult r = im.forward(plainRequest(2));
            QVERIFY(r.intervenedLogits.sizes() == (at::IntArrayRef{1, 6, 512}));
            QVERIFY(r.intervenedLogits.isfinite().all().item<bool>());
        }
    }

    // The limits are exact: the last valid head / position is accepted.
    void boundariesAccepted() {
        IntervenableConfig config;
        config.representations = {representation(0, "block_output"), representation(1, "head_key_output", "h.pos")};
        IntervenableModel im(config, model("llama-tiny"));
        InterveneRequest r = plainRequest(2);
        r.locations.base[0] = positions({{5}});
        r.locations.sources[0] = positions({{4}});
        r.locations.base[1] = headsAt({{1}}, {{5}});
        r.locations.sources[1] = headsAt({{0}}, {{4}});
        im.validate(r);
        QVERIFY(im.forward(r).intervenedLogits.defined());
    }

    // Saved pyvene folders from a config this model cannot take are refused on load.
    void incompatibleSavedFolder_data() {
        QTest::addColumn<int>("layer");
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("needles");
        // gpt2-tiny: 3 layers, 4 key/value heads of 16, MLP 256. llama-tiny: 3 layers, 2 key/value
        // heads of 16, MLP 128. gpt_neox-tiny: 2 layers, no q/k/v components.
        QTest::newRow("key_output 64 wide into llama (32)")
            << 0 << "key_output" << "llama-tiny"
            << QStringList{"representation 0", "layer.0.comp.key_output", "swaps 64 dimensions", "gives 32"};
        QTest::newRow("mlp_activation 256 wide into llama (128)")
            << 1 << "mlp_activation" << "llama-tiny"
            << QStringList{"representation 0", "layer.1.comp.mlp_activation", "swaps 256 dimensions", "gives 128"};
        QTest::newRow("layer 2 into gpt_neox (2 layers)")
            << 2 << "block_output" << "gpt_neox-tiny" << QStringList{"Representation 0", "layer 2 does not exist"};
        QTest::newRow("query_output into gpt_neox")
            << 0 << "query_output" << "gpt_neox-tiny" << QStringList{"Representation 0", "no component 'query_output'"};
    }

    void incompatibleSavedFolder() {
        QFETCH(int, layer);
        QFETCH(QString, component);
        QFETCH(QString, target);
        QFETCH(QStringList, needles);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        IntervenableConfig config;
        config.representations = {representation(layer, component.toStdString(), "pos", "LowRankRotatedSpaceIntervention")};
        config.representations[0].lowRankDimension = 2;
        savePyveneFolder(IntervenableModel(config, model("gpt2-tiny")), tmp.path().toStdString());
        // The folder itself is good: it loads back into the model it came from.
        QVERIFY(loadPyveneFolder(tmp.path().toStdString(), model("gpt2-tiny")).config().representations.size() == 1);
        VERIFY_REFUSED([&] { loadPyveneFolder(tmp.path().toStdString(), model(target.toStdString())); }, needles);
    }

    void savedFolderConfigNotJson() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        writeText(dir / "config.json", "{\"representations\": [[0, \"block_output\", \"pos\", 1,");
        VERIFY_REFUSED([&] { loadPyveneFolder(dir, model("gpt2-tiny")); }, QStringList({"config.json", "not valid JSON"}));
        writeText(dir / "config.json", "");
        VERIFY_REFUSED([&] { loadPyveneFolder(dir, model("gpt2-tiny")); }, QStringList({"config.json", "not valid JSON"}));
        writeText(dir / "config.json", "{\"mode\": \"parallel\"}");
        VERIFY_REFUSED([&] { loadPyveneFolder(dir, model("gpt2-tiny")); },
                       QStringList({"config.json", "lacks 'representations'"}));
    }

    // pyvene's load() fails when a trainable intervention's intkey_<key>.bin is missing; Causeway
    // must not silently run the intervention with freshly initialised (random) weights instead.
    void savedFolderMissingWeights() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        IntervenableConfig config;
        config.representations = {representation(0, "mlp_output"),
                                  representation(1, "block_output", "pos", "LowRankRotatedSpaceIntervention")};
        config.representations[1].lowRankDimension = 4;
        savePyveneFolder(IntervenableModel(config, model("gpt2-tiny")), dir);
        const fs::path bin = dir / "intkey_layer.1.comp.block_output.unit.pos.nunit.1#0.bin";
        QVERIFY(fs::exists(bin));
        QVERIFY(!fs::exists(dir / "intkey_layer.0.comp.mlp_output.unit.pos.nunit.1#0.bin")); // Vanilla saves none
        QVERIFY(loadPyveneFolder(dir, model("gpt2-tiny")).config().representations.size() == 2);
        fs::remove(bin);
        VERIFY_REFUSED([&] { loadPyveneFolder(dir, model("gpt2-tiny")); },
                       QStringList({"Representation 1", "LowRankRotatedSpaceIntervention",
                                    "intkey_layer.1.comp.block_output.unit.pos.nunit.1#0.bin", "missing"}));
    }
};

QTEST_GUILESS_MAIN(InterventionErrorsTest)
#include "test_intervention_errors.moc"
