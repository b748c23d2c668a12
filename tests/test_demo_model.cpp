// The shipped demo model (resources/models/causeway-demo), loaded as a user would load it: its
// files, its tokenizer, and its top-1 accuracy on the held-out prompts listed in its eval.json
// (written by causeway-train-demo; see the folder's README.md).
#include "model/transformer.h"
#include "tokenize/bpe_tokenizer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kModel = fs::path(CAUSEWAY_TEST_DATA "/../../resources/models/causeway-demo").lexically_normal();
constexpr double kRequiredAccuracy = 0.95;

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

struct Scored {
    double accuracy = 0;
    std::vector<int64_t> predicted;
};

// Top-1 next-token accuracy after each prompt; prompts of equal token length share a batch.
Scored topOne(const Transformer& model, const Tokenizer& tokenizer, const nlohmann::json& items) {
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    std::vector<std::vector<int64_t>> prompts;
    std::vector<int64_t> answers;
    for (const auto& item : items) {
        prompts.push_back(tokenizer.encodeIds(item["prompt"].get<std::string>()));
        const auto answer = tokenizer.encodeIds(item["answer"].get<std::string>());
        answers.push_back(answer.size() == 1 ? answer[0] : -1);
        byLength[prompts.back().size()].push_back(prompts.size() - 1);
    }
    Scored s;
    s.predicted.assign(prompts.size(), -1);
    std::size_t correct = 0;
    for (const auto& [length, members] : byLength) {
        at::Tensor ids = at::empty({static_cast<int64_t>(members.size()), static_cast<int64_t>(length)}, at::kLong);
        auto acc = ids.accessor<int64_t, 2>();
        for (std::size_t b = 0; b < members.size(); ++b)
            for (std::size_t t = 0; t < length; ++t) acc[b][t] = prompts[members[b]][t];
        ForwardOptions options;
        options.logits = LogitsMode::LastPosition;
        at::Tensor best = model.forward(ids, options).logits.squeeze(1).argmax(-1);
        for (std::size_t b = 0; b < members.size(); ++b) {
            s.predicted[members[b]] = best[b].item<int64_t>();
            if (s.predicted[members[b]] == answers[members[b]]) ++correct;
        }
    }
    s.accuracy = items.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(items.size());
    return s;
}
} // namespace

class DemoModelTest : public QObject {
    Q_OBJECT

    std::shared_ptr<const Transformer> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    nlohmann::json eval_;

private Q_SLOTS:
    void initTestCase() {
        for (const char* file : {"config.json", "model.safetensors", "tokenizer.json", "vocab.json", "merges.txt",
                                 "tokenizer_config.json", "special_tokens_map.json", "generation_config.json",
                                 "eval.json", "README.md"})
            QVERIFY2(fs::exists(kModel / file), (kModel / file).string().c_str());
        model_ = Transformer::load(kModel);
        tokenizer_ = loadTokenizer(kModel);
        eval_ = readJson(kModel / "eval.json");
    }

    void shape() {
        const ModelConfig& c = model_->config();
        QCOMPARE(c.modelType, std::string("gpt2"));
        QCOMPARE(c.numLayers, eval_["model"]["n_layer"].get<int64_t>());
        QCOMPARE(c.hiddenSize, eval_["model"]["n_embd"].get<int64_t>());
        QCOMPARE(c.numHeads, eval_["model"]["n_head"].get<int64_t>());
        QCOMPARE(c.vocabSize, tokenizer_->vocabSize());
        QVERIFY(c.tieEmbeddings);
        const auto bytes = fs::file_size(kModel / "model.safetensors");
        QVERIFY2(bytes < 10u * 1000u * 1000u, std::to_string(bytes).c_str());
        qInfo("causeway-demo: %lld layers, width %lld, %lld heads, vocab %lld, %lld parameters, %s weights, %llu bytes",
              static_cast<long long>(c.numLayers), static_cast<long long>(c.hiddenSize),
              static_cast<long long>(c.numHeads), static_cast<long long>(c.vocabSize),
              static_cast<long long>(model_->parameterCount()), model_->weightDtype().c_str(),
              static_cast<unsigned long long>(bytes));
    }

    // tokenizer.json and vocab.json + merges.txt give the same ids; every eval text round-trips;
    // no BOS is added; every answer is one token.
    void tokenizerRoundTrips() {
        auto fromJson = loadBpeFromTokenizerJson(kModel / "tokenizer.json");
        auto fromVocab = loadBpeFromVocabMerges(kModel);
        QCOMPARE(fromJson->vocabSize(), fromVocab->vocabSize());
        std::size_t checked = 0;
        for (const char* set : {"ioi_heldout", "facts_heldout"}) {
            for (const auto& item : eval_["eval"][set]) {
                const std::string text = item["prompt"].get<std::string>() + item["answer"].get<std::string>() + ".";
                const auto ids = tokenizer_->encodeIds(text);
                QCOMPARE(fromJson->encodeIds(text), ids);
                QCOMPARE(fromVocab->encodeIds(text), ids);
                QCOMPARE(tokenizer_->decode(ids), text);
                QVERIFY(ids.front() != tokenizer_->bosId().value_or(-1));
                QCOMPARE(tokenizer_->encodeIds(item["answer"].get<std::string>()).size(), std::size_t(1));
                ++checked;
            }
        }
        QVERIFY(checked > 500);
    }

    void heldOutIoiAccuracy() {
        const nlohmann::json& items = eval_["eval"]["ioi_heldout"];
        QVERIFY(items.size() >= 500);
        const double accuracy = topOne(*model_, *tokenizer_, items).accuracy;
        qInfo("held-out IOI (held-out templates x held-out name pairs): top-1 %.4f over %zu prompts "
              "(trainer reported %.4f)",
              accuracy, items.size(), eval_["accuracy"]["ioi_heldout_templates_heldout_pairs"].get<double>());
        QVERIFY2(accuracy >= kRequiredAccuracy, std::to_string(accuracy).c_str());
        QVERIFY(std::abs(accuracy - eval_["accuracy"]["ioi_heldout_templates_heldout_pairs"].get<double>()) <= 0.01);
    }

    void heldOutTemplateFactAccuracy() {
        const nlohmann::json& items = eval_["eval"]["facts_heldout"];
        QVERIFY(items.size() >= 100);
        const double accuracy = topOne(*model_, *tokenizer_, items).accuracy;
        qInfo("facts in held-out templates: top-1 %.4f over %zu prompts (trainer reported %.4f)", accuracy,
              items.size(), eval_["accuracy"]["facts_heldout_templates"].get<double>());
        QVERIFY2(accuracy >= kRequiredAccuracy, std::to_string(accuracy).c_str());
        QVERIFY(std::abs(accuracy - eval_["accuracy"]["facts_heldout_templates"].get<double>()) <= 0.01);
    }

    // The ready-made prompts for experiments: fact subjects sit inside their prompts and are
    // several tokens long; IOI clean/corrupted prompts have equal length and opposite answers,
    // and the model gets both right.
    void experimentExamples() {
        const nlohmann::json& facts = eval_["examples"]["facts"];
        QVERIFY(facts.size() >= 3);
        bool multiTokenSubject = false;
        const Scored factScores = topOne(*model_, *tokenizer_, facts);
        for (std::size_t i = 0; i < facts.size(); ++i) {
            const std::string prompt = facts[i]["prompt"], subject = facts[i]["subject"];
            QVERIFY2(prompt.find(subject) != std::string::npos, prompt.c_str());
            const std::string spaced = prompt.rfind(subject, 0) == 0 ? subject : " " + subject;
            std::string pieces;
            for (const Token& t : tokenizer_->encode(spaced)) pieces += "[" + t.display + "]";
            qInfo("%s -> %s (subject tokens %s)", prompt.c_str(), facts[i]["answer"].get<std::string>().c_str(),
                  pieces.c_str());
            if (tokenizer_->encodeIds(spaced).size() > 1) multiTokenSubject = true;
            QCOMPARE(tokenizer_->decode({factScores.predicted[i]}), facts[i]["answer"].get<std::string>());
        }
        QVERIFY(multiTokenSubject);

        const nlohmann::json& pairs = eval_["examples"]["ioi_pairs"];
        QVERIFY(pairs.size() >= 3);
        for (const auto& pair : pairs) {
            const auto clean = tokenizer_->encodeIds(pair["clean_prompt"].get<std::string>());
            const auto corrupted = tokenizer_->encodeIds(pair["corrupted_prompt"].get<std::string>());
            QCOMPARE(clean.size(), corrupted.size());
            QVERIFY(pair["clean_answer"] != pair["corrupted_answer"]);
            nlohmann::json both = nlohmann::json::array(
                {{{"prompt", pair["clean_prompt"]}, {"answer", pair["clean_answer"]}},
                 {{"prompt", pair["corrupted_prompt"]}, {"answer", pair["corrupted_answer"]}}});
            QCOMPARE(topOne(*model_, *tokenizer_, both).accuracy, 1.0);
        }
    }
};

QTEST_GUILESS_MAIN(DemoModelTest)
#include "test_demo_model.moc"
