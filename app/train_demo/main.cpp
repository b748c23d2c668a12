// causeway-train-demo: builds the Causeway demo model from nothing. It generates the corpus
// (corpus.h), trains a byte-level BPE tokenizer on it (bpe_trainer.h), trains a small GPT-2 with
// LibTorch, and writes an ordinary HuggingFace folder plus eval.json with held-out accuracies.
//
//   causeway-train-demo --out resources/models/causeway-demo [--seed N] [--steps N]
//
// Reproducible: every random choice (corpus split, data order, initial weights) follows from the
// seed. With the same LibTorch build and the same thread count a run repeats bit for bit on the
// same machine; other thread counts or BLAS builds may sum in another order and end with slightly
// different weights (and so possibly a different last digit in the accuracies).
#include "train_demo/bpe_trainer.h"
#include "train_demo/corpus.h"

#include "common/error.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"
#include "common/openmp_policy.h"
#include "model/gpt2_init.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace causeway;
using namespace causeway::demo;

namespace {

struct Options {
    fs::path out;
    uint64_t seed = 1;
    int steps = 1500;
    int batch = 64;
    double lr = 1e-3;
    double factFraction = 0.45;
    double answerWeight = 4.0;
    int layers = 4;
    int width = 256;
    int heads = 8;
    int vocab = 1280;
    int positions = 64;
    int threads = 0;
    bool f16 = true;
    bool benchOnly = false; // time the training steps, write no model
    std::string command;
};

const char* kUsage = R"(usage: causeway-train-demo --out DIR [options]

Generates the demo corpus, trains a byte-level BPE tokenizer and a small GPT-2 on it, and writes a
HuggingFace model folder (config.json, model.safetensors, tokenizer files) plus eval.json to DIR.

options:
  --seed N        random seed for the corpus split, data order and initial weights (default 1)
  --steps N       optimizer steps (default 1500)
  --batch N       sentences per step (default 64)
  --lr X          peak learning rate (default 1e-3)
  --layers N, --width N, --heads N, --vocab N
                  model shape and largest vocabulary (default 4, 256, 8, 1280; pairs seen
                  fewer than 20 times are not merged, so it may end smaller)
  --threads N     LibTorch threads (default: all cores, or OMP_NUM_THREADS)
  --f32           store float32 weights (default float16, to stay under 10 MB)
)";

Options parseOptions(int argc, char** argv) {
    Options o;
    std::ostringstream command;
    command << "causeway-train-demo";
    for (int i = 1; i < argc; ++i) command << ' ' << argv[i];
    o.command = command.str();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Error("The option " + arg + " needs a value.");
            return argv[++i];
        };
        if (arg == "--out") o.out = value();
        else if (arg == "--seed") o.seed = std::stoull(value());
        else if (arg == "--steps") o.steps = std::stoi(value());
        else if (arg == "--batch") o.batch = std::stoi(value());
        else if (arg == "--lr") o.lr = std::stod(value());
        else if (arg == "--layers") o.layers = std::stoi(value());
        else if (arg == "--width") o.width = std::stoi(value());
        else if (arg == "--heads") o.heads = std::stoi(value());
        else if (arg == "--vocab") o.vocab = std::stoi(value());
        else if (arg == "--threads") o.threads = std::stoi(value());
        else if (arg == "--f32") o.f16 = false;
        else if (arg == "--bench") o.benchOnly = true;
        else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(0);
        } else throw Error("Unknown option '" + arg + "'; run causeway-train-demo --help.");
    }
    if (o.out.empty()) throw Error("Name the output folder with --out DIR.");
    o.out = o.out.lexically_normal();
    if (o.out.filename().empty()) o.out = o.out.parent_path();
    if (o.steps < 1 || o.batch < 1 || o.width % o.heads != 0)
        throw Error("--steps and --batch must be positive and --width a multiple of --heads.");
    return o;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User + system CPU time of this process so far (all threads).
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void writeJsonFile(const fs::path& path, const nlohmann::ordered_json& json) {
    writeFileAtomically(path, json.dump(2) + "\n");
}

nlohmann::ordered_json modelConfigJson(const Options& o, int64_t vocabSize, int64_t eot) {
    nlohmann::ordered_json c = nlohmann::ordered_json::object();
    c["activation_function"] = "gelu_new";
    c["architectures"] = {"GPT2LMHeadModel"};
    c["attn_pdrop"] = 0.0;
    c["bos_token_id"] = eot;
    c["embd_pdrop"] = 0.0;
    c["eos_token_id"] = eot;
    c["initializer_range"] = 0.02;
    c["layer_norm_epsilon"] = 1e-05;
    c["model_type"] = "gpt2";
    c["n_embd"] = o.width;
    c["n_head"] = o.heads;
    c["n_inner"] = nullptr;
    c["n_layer"] = o.layers;
    c["n_positions"] = o.positions;
    c["resid_pdrop"] = 0.0;
    c["scale_attn_weights"] = true;
    c["tie_word_embeddings"] = true;
    c["torch_dtype"] = o.f16 ? "float16" : "float32";
    c["use_cache"] = true;
    c["vocab_size"] = vocabSize;
    return c;
}

// A tokenized example: ids of prompt + answer + ".", and where the answer token sits.
struct Tokenized {
    std::vector<int64_t> ids;
    int64_t answerIndex = 0; // ids[answerIndex] is the answer token
};

class Encoder {
public:
    Encoder(const Tokenizer& tokenizer, int64_t maxLength) : tokenizer_(tokenizer), maxLength_(maxLength) {}

    std::vector<int64_t> ids(const std::string& text) const {
        auto found = cache_.find(text);
        if (found != cache_.end()) return found->second;
        std::vector<int64_t> out = tokenizer_.encodeIds(text); // as a user's prompt: default special-token handling
        if (cache_.size() < 20000) cache_.emplace(text, out);
        return out;
    }

    int64_t answerId(const Example& e) const {
        std::vector<int64_t> a = ids(e.answer);
        if (a.size() != 1) throw Error("internal error: the answer '" + e.answer + "' is not one token.");
        return a[0];
    }

    Tokenized example(const Example& e) const {
        Tokenized t;
        t.ids = ids(e.sentence());
        std::vector<int64_t> prompt = ids(e.prompt);
        t.answerIndex = static_cast<int64_t>(prompt.size());
        if (t.ids.size() > static_cast<std::size_t>(maxLength_) || t.ids.size() <= prompt.size() ||
            !std::equal(prompt.begin(), prompt.end(), t.ids.begin()) || t.ids[t.answerIndex] != answerId(e))
            throw Error("internal error: '" + e.sentence() + "' does not tokenize as prompt + answer + '.'.");
        return t;
    }

private:
    const Tokenizer& tokenizer_;
    int64_t maxLength_;
    mutable std::unordered_map<std::string, std::vector<int64_t>> cache_;
};

struct EvalResult {
    double accuracy = 0;
    std::vector<int64_t> predicted;
    std::vector<double> answerProbability;
};

// Top-1 accuracy of the next token after each prompt, prompts of equal length batched together.
EvalResult evaluate(const Transformer& model, const Encoder& encoder, const std::vector<Example>& examples) {
    EvalResult r;
    r.predicted.assign(examples.size(), -1);
    r.answerProbability.assign(examples.size(), 0.0);
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    std::vector<std::vector<int64_t>> prompts(examples.size());
    for (std::size_t i = 0; i < examples.size(); ++i) {
        prompts[i] = encoder.ids(examples[i].prompt);
        byLength[prompts[i].size()].push_back(i);
    }
    std::size_t correct = 0;
    for (const auto& [length, members] : byLength) {
        for (std::size_t start = 0; start < members.size(); start += 256) {
            const std::size_t count = std::min<std::size_t>(256, members.size() - start);
            at::Tensor ids = at::empty({static_cast<int64_t>(count), static_cast<int64_t>(length)}, at::kLong);
            auto acc = ids.accessor<int64_t, 2>();
            for (std::size_t b = 0; b < count; ++b)
                for (std::size_t t = 0; t < length; ++t) acc[b][t] = prompts[members[start + b]][t];
            ForwardOptions options;
            options.logits = LogitsMode::LastPosition;
            at::Tensor logits = model.forward(ids, options).logits.squeeze(1);
            at::Tensor probs = at::softmax(logits, -1);
            at::Tensor best = logits.argmax(-1);
            for (std::size_t b = 0; b < count; ++b) {
                const std::size_t i = members[start + b];
                const int64_t answer = encoder.answerId(examples[i]);
                r.predicted[i] = best[b].item<int64_t>();
                r.answerProbability[i] = probs[b][answer].item<double>();
                if (r.predicted[i] == answer) ++correct;
            }
        }
    }
    r.accuracy = examples.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(examples.size());
    return r;
}

std::vector<Example> filterFacts(const std::vector<Example>& facts, bool novelFrame) {
    std::vector<Example> out;
    for (const Example& e : facts)
        if (factTemplates()[e.templateId].novelFrame == novelFrame) out.push_back(e);
    return out;
}

struct EvalSets {
    std::vector<Example> ioiHeldOut;            // held-out templates x held-out pairs
    std::vector<Example> ioiHeldOutTemplates;   // held-out templates x training pairs
    std::vector<Example> ioiHeldOutPairs;       // training templates x held-out pairs
    std::vector<Example> ioiTrain;              // training templates x training pairs
    std::vector<Example> factsHeldOut;          // every fact in every held-out template
    std::vector<Example> factsTrain;            // every fact in every training template
};

EvalSets makeEvalSets(const Corpus& corpus, uint64_t seed) {
    EvalSets s;
    Rng rng(seed ^ 0xe7a1e7a1e7a1ULL);
    const std::vector<int> heldT = corpus.ioiTemplateIds(true), trainT = corpus.ioiTemplateIds(false);
    for (const auto& pair : corpus.heldOutPairs())
        for (int t : heldT) s.ioiHeldOut.push_back(corpus.makeIoi(rng, t, pair));
    for (int i = 0; i < 500; ++i) {
        s.ioiHeldOutTemplates.push_back(corpus.makeIoi(rng, rng.pick(heldT), rng.pick(corpus.trainPairs())));
        s.ioiHeldOutPairs.push_back(corpus.makeIoi(rng, rng.pick(trainT), rng.pick(corpus.heldOutPairs())));
        s.ioiTrain.push_back(corpus.makeIoi(rng, rng.pick(trainT), rng.pick(corpus.trainPairs())));
    }
    s.factsHeldOut = corpus.factHeldOut();
    s.factsTrain = corpus.factTrain();
    return s;
}

void checkTokenizer(const ByteLevelBpe& bpe, const Tokenizer& tokenizer, const Corpus& corpus,
                    const std::vector<std::string>& tokenizerText, const EvalSets& sets) {
    // Every word that must be one token is one token.
    std::vector<std::string> missing;
    for (const std::string& word : corpus.requiredTokens())
        if (tokenizer.encodeIds(word).size() != 1) missing.push_back("'" + word + "'");
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += " " + m;
        throw Error("These answers/names are not single tokens; raise --vocab:" + list);
    }
    // The saved files give exactly the ids the trainer's own BPE gives, for all text we use.
    std::vector<std::string> texts = tokenizerText;
    for (const auto* set : {&sets.ioiHeldOut, &sets.ioiHeldOutTemplates, &sets.ioiHeldOutPairs, &sets.ioiTrain,
                            &sets.factsHeldOut, &sets.factsTrain})
        for (const Example& e : *set) {
            texts.push_back(e.sentence());
            if (e.kind == "ioi") texts.push_back(Corpus::corruptIoi(e).sentence());
        }
    for (const std::string& text : texts) {
        if (tokenizer.encodeIds(text) != bpe.encode(text))
            throw Error("internal error: the saved tokenizer and the trainer's BPE disagree on '" + text + "'.");
        if (tokenizer.decode(tokenizer.encodeIds(text)) != text)
            throw Error("internal error: the saved tokenizer does not round-trip '" + text + "'.");
    }
    // Held-out prompts use only tokens that training text contains (so no embedding is untrained).
    std::set<int64_t> seen;
    for (const std::string& text : tokenizerText)
        for (int64_t id : bpe.encode(text)) seen.insert(id);
    for (const auto* set : {&sets.ioiHeldOut, &sets.factsHeldOut})
        for (const Example& e : *set)
            for (int64_t id : bpe.encode(e.sentence()))
                if (!seen.count(id))
                    throw Error("internal error: held-out text '" + e.sentence() + "' uses token " +
                                tokenizer.displayText(id) + ", which training never shows.");
    std::printf("tokenizer: %lld ids (%zu merges); %zu texts round-trip through the saved files\n",
                static_cast<long long>(bpe.vocabSize()), bpe.mergeCount(), texts.size());
}

nlohmann::ordered_json exampleJson(const Example& e, const Tokenizer& tokenizer, int64_t predicted, double probability) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["prompt"] = e.prompt;
    j["answer"] = e.answer;
    if (e.kind == "fact") {
        j["subject"] = e.subject;
        j["relation"] = e.relation;
    } else {
        j["wrong_answer"] = " " + e.subjectName;
    }
    j["template"] = e.templateId;
    if (predicted >= 0) {
        j["predicted"] = tokenizer.decode({predicted});
        j["answer_probability"] = std::round(probability * 10000.0) / 10000.0;
    }
    return j;
}

// Scales all gradients together so that their joint L2 norm is at most maxNorm.
void clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm) {
    at::NoGradGuard noGrad;
    double total = 0;
    for (const at::Tensor& p : params)
        if (p.grad().defined()) total += p.grad().pow(2).sum().item<double>();
    total = std::sqrt(total);
    if (total > maxNorm)
        for (const at::Tensor& p : params)
            if (p.grad().defined()) p.mutable_grad().mul_(maxNorm / (total + 1e-6));
}

struct Batch {
    at::Tensor inputs;  // [B, T]
    at::Tensor targets; // [B, T]
    at::Tensor weights; // [B, T]
};

Batch makeBatch(const std::vector<Tokenized>& items, int64_t pad, double answerWeight) {
    std::size_t longest = 0;
    for (const auto& t : items) longest = std::max(longest, t.ids.size());
    const int64_t B = static_cast<int64_t>(items.size()), T = static_cast<int64_t>(longest) - 1;
    Batch b;
    b.inputs = at::full({B, T}, pad, at::kLong);
    b.targets = at::zeros({B, T}, at::kLong);
    b.weights = at::zeros({B, T}, at::kFloat);
    auto in = b.inputs.accessor<int64_t, 2>();
    auto tg = b.targets.accessor<int64_t, 2>();
    auto w = b.weights.accessor<float, 2>();
    for (int64_t i = 0; i < B; ++i) {
        const auto& ids = items[i].ids;
        for (std::size_t t = 0; t + 1 < ids.size(); ++t) {
            in[i][t] = ids[t];
            tg[i][t] = ids[t + 1];
            w[i][t] = static_cast<int64_t>(t + 1) == items[i].answerIndex ? static_cast<float>(answerWeight) : 1.0f;
        }
    }
    return b;
}

int run(const Options& o) {
    const auto startAll = std::chrono::steady_clock::now();
    const int threads = configureComputeThreads(o.threads);
    std::printf("causeway-train-demo: seed %llu, %d steps, %d threads\n", static_cast<unsigned long long>(o.seed),
                o.steps, threads);

    // 1. Corpus and tokenizer.
    const Corpus corpus(o.seed);
    Rng tokenizerRng(o.seed * 0x9e3779b97f4a7c15ULL + 1);
    const std::vector<std::string> tokenizerText = corpus.tokenizerCorpus(tokenizerRng, 20000);
    // Answers and names are boosted into single tokens; pairs seen fewer than 20 times stay unmerged.
    const ByteLevelBpe bpe = ByteLevelBpe::train(tokenizerText, o.vocab, corpus.requiredTokens(), /*boost=*/2000,
                                                 /*minFrequency=*/20);
    fs::create_directories(o.out);
    bpe.save(o.out, o.positions);
    const int64_t V = bpe.vocabSize(), eot = bpe.endOfTextId();
    writeJsonFile(o.out / "config.json", modelConfigJson(o, V, eot));
    writeJsonFile(o.out / "generation_config.json",
                  {{"bos_token_id", eot}, {"eos_token_id", eot}, {"pad_token_id", eot}});

    const std::unique_ptr<Tokenizer> tokenizer = loadTokenizer(o.out);
    const EvalSets sets = makeEvalSets(corpus, o.seed);
    checkTokenizer(bpe, *tokenizer, corpus, tokenizerText, sets);
    const Encoder encoder(*tokenizer, o.positions);

    // 2. Initial weights in a scratch folder (the final file is written elsewhere: the model maps
    //    this one while it trains).
    const fs::path scratch = fs::temp_directory_path() / ("causeway-train-demo-" + std::to_string(getpid()));
    fs::create_directories(scratch);
    at::manual_seed(o.seed);
    writeSafetensors(scratch / "model.safetensors", initialGpt2Weights(Gpt2Shape{o.layers, o.width, o.heads, V, o.positions}));
    fs::copy_file(o.out / "config.json", scratch / "config.json", fs::copy_options::overwrite_existing);
    std::shared_ptr<const Transformer> model = Transformer::load(scratch);
    std::printf("model: %d layers, width %d, %d heads, vocab %lld, context %d: %lld parameters\n", o.layers,
                o.width, o.heads, static_cast<long long>(V), o.positions,
                static_cast<long long>(model->parameterCount()));

    std::vector<at::Tensor> decay, noDecay;
    for (const auto& [name, weight] : model->namedWeights()) {
        at::Tensor w = weight;
        w.set_requires_grad(true);
        const bool matrix = w.dim() == 2 && name.find(".h.") != std::string::npos;
        (matrix ? decay : noDecay).push_back(w);
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.lr).betas({0.9, 0.98}).weight_decay(0.05)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(o.lr).betas({0.9, 0.98}).weight_decay(0.0)));
    torch::optim::AdamW optimizer(std::move(groups));
    std::vector<at::Tensor> all = decay;
    all.insert(all.end(), noDecay.begin(), noDecay.end());
    at::Tensor tokenEmbedding = model->namedWeights().front().second;

    // 3. Training: one fixed, seeded stream of batches.
    Rng dataRng(o.seed * 0x2545f4914f6cdd1dULL + 7);
    const int warmup = std::max(1, o.steps / 20);
    const auto startTrain = std::chrono::steady_clock::now();
    double smoothed = 0;
    for (int step = 1; step <= o.steps; ++step) {
        const double progress = static_cast<double>(step - warmup) / std::max(1, o.steps - warmup);
        const double lr = step <= warmup ? o.lr * step / warmup
                                         : o.lr * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress))));
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

        std::vector<Tokenized> items;
        for (int b = 0; b < o.batch; ++b) {
            const bool fact = dataRng.uniform() < o.factFraction;
            items.push_back(encoder.example(fact ? dataRng.pick(corpus.factTrain()) : corpus.sampleIoiTrain(dataRng)));
        }
        const Batch batch = makeBatch(items, eot, o.answerWeight);

        optimizer.zero_grad();
        ForwardOptions fo;
        fo.enableGrad = true;
        at::Tensor logits = model->forward(batch.inputs, fo).logits;
        at::Tensor nll = -at::log_softmax(logits, -1).gather(-1, batch.targets.unsqueeze(-1)).squeeze(-1);
        at::Tensor loss = (nll * batch.weights).sum() / batch.weights.sum();
        loss.backward();
        if (step == 1) {
            // The tied LM head must pass its gradient to the embedding: a token that is never an
            // input still gets a gradient through the output layer.
            std::set<int64_t> inputs;
            for (const auto& t : items) inputs.insert(t.ids.begin(), t.ids.end());
            int64_t unused = 0;
            while (inputs.count(unused)) ++unused;
            if (!tokenEmbedding.grad().defined() || tokenEmbedding.grad()[unused].abs().sum().item<double>() == 0.0)
                throw Error("internal error: the tied LM head passes no gradient to transformer.wte.");
        }
        clipGradNorm(all, 1.0);
        optimizer.step();

        const double value = loss.item<double>();
        smoothed = step == 1 ? value : 0.98 * smoothed + 0.02 * value;
        if (step % 100 == 0 || step == o.steps)
            std::printf("step %5d  loss %.4f  lr %.2e  %.0f s\n", step, smoothed, lr, secondsSince(startTrain));
        if (step % 500 == 0 && step != o.steps && !o.benchOnly) {
            // Progress only: nothing below steers the training.
            const EvalResult ioi = evaluate(*model, encoder, sets.ioiHeldOut);
            const double ioiTrain = evaluate(*model, encoder, sets.ioiTrain).accuracy;
            const double facts = evaluate(*model, encoder, sets.factsHeldOut).accuracy;
            const double factsTrain = evaluate(*model, encoder, sets.factsTrain).accuracy;
            std::map<int, std::pair<int, int>> perTemplate; // template -> (correct, count)
            for (std::size_t i = 0; i < sets.ioiHeldOut.size(); ++i) {
                auto& [correct, count] = perTemplate[sets.ioiHeldOut[i].templateId];
                correct += ioi.predicted[i] == encoder.answerId(sets.ioiHeldOut[i]);
                ++count;
            }
            std::printf("  IOI held-out %.3f (by template:", ioi.accuracy);
            for (const auto& [t, cc] : perTemplate) std::printf(" %.2f", static_cast<double>(cc.first) / cc.second);
            std::printf("), training %.3f; facts held-out %.3f, training %.3f\n", ioiTrain, facts, factsTrain);
        }
        std::fflush(stdout);
    }
    const double trainSeconds = secondsSince(startTrain);
    if (o.benchOnly) {
        std::printf("bench: %.3f s/step\n", trainSeconds / o.steps);
        fs::remove_all(scratch);
        return 0;
    }

    // 4. The final folder: trained weights (float16 unless --f32), then evaluate it as a user would.
    std::vector<std::pair<std::string, at::Tensor>> trained;
    for (const auto& [name, weight] : model->namedWeights()) {
        at::Tensor w = weight.detach().contiguous();
        trained.emplace_back(name, o.f16 ? w.to(at::kHalf) : w.clone());
    }
    writeSafetensors(o.out / "model.safetensors", trained, {{"format", "pt"}});
    model.reset();
    fs::remove_all(scratch);

    std::shared_ptr<const Transformer> shipped = Transformer::load(o.out);
    const std::unique_ptr<Tokenizer> userTokenizer = loadTokenizer(o.out);
    const Encoder userEncoder(*userTokenizer, o.positions);
    const EvalResult ioiHeldOut = evaluate(*shipped, userEncoder, sets.ioiHeldOut);
    const EvalResult ioiHeldOutTemplates = evaluate(*shipped, userEncoder, sets.ioiHeldOutTemplates);
    const EvalResult ioiHeldOutPairs = evaluate(*shipped, userEncoder, sets.ioiHeldOutPairs);
    const EvalResult ioiTrain = evaluate(*shipped, userEncoder, sets.ioiTrain);
    const EvalResult factsHeldOut = evaluate(*shipped, userEncoder, sets.factsHeldOut);
    const EvalResult factsTrain = evaluate(*shipped, userEncoder, sets.factsTrain);
    const std::vector<Example> combos = filterFacts(sets.factsHeldOut, false), novel = filterFacts(sets.factsHeldOut, true);
    const double factsCombo = evaluate(*shipped, userEncoder, combos).accuracy;
    const double factsNovel = evaluate(*shipped, userEncoder, novel).accuracy;

    nlohmann::ordered_json eval = nlohmann::ordered_json::object();
    eval["model"] = {{"architecture", "gpt2"},         {"n_layer", o.layers},   {"n_embd", o.width},
                     {"n_head", o.heads},              {"n_positions", o.positions}, {"vocab_size", V},
                     {"parameters", shipped->parameterCount()}, {"weights_dtype", o.f16 ? "float16" : "float32"},
                     {"model_safetensors_bytes", fs::file_size(o.out / "model.safetensors")}};
    eval["training"] = {{"command", o.command},
                        {"seed", o.seed},
                        {"steps", o.steps},
                        {"batch_sentences", o.batch},
                        {"peak_lr", o.lr},
                        {"schedule", "linear warmup over 5% of steps, cosine decay to 10% of peak"},
                        {"optimizer", "AdamW betas (0.9, 0.98), weight decay 0.05 on block matrices, grad clip 1.0"},
                        {"loss", "next-token cross-entropy on every token of each sentence; the answer token weighs " +
                                     std::to_string(o.answerWeight).substr(0, 3)},
                        {"fact_fraction", o.factFraction},
                        {"threads", threads},
                        {"training_seconds", std::round(trainSeconds)},
                        {"process_cpu_seconds", std::round(cpuSeconds())},
                        {"total_seconds", std::round(secondsSince(startAll))}};
    eval["accuracy"] = {
        {"ioi_heldout_templates_heldout_pairs", ioiHeldOut.accuracy},
        {"ioi_heldout_templates_train_pairs", ioiHeldOutTemplates.accuracy},
        {"ioi_train_templates_heldout_pairs", ioiHeldOutPairs.accuracy},
        {"ioi_train_templates_train_pairs", ioiTrain.accuracy},
        {"facts_heldout_templates", factsHeldOut.accuracy},
        {"facts_heldout_frame_relation_combinations", factsCombo},
        {"facts_heldout_novel_frames", factsNovel},
        {"facts_train_templates", factsTrain.accuracy},
    };

    nlohmann::ordered_json heldOut = nlohmann::ordered_json::object();
    nlohmann::ordered_json ioiT = nlohmann::ordered_json::array(), factT = nlohmann::ordered_json::array(),
                           pairs = nlohmann::ordered_json::array();
    for (int t : corpus.ioiTemplateIds(true)) ioiT.push_back(ioiTemplates()[t].text);
    for (const FactTemplate& t : factTemplates())
        if (t.heldOut) factT.push_back({{"template", t.text()}, {"relation", t.relation}, {"novel_frame", t.novelFrame}});
    for (const auto& [a, b] : corpus.heldOutPairs()) pairs.push_back({ioiNames()[a], ioiNames()[b]});
    heldOut["ioi_templates"] = ioiT;
    heldOut["ioi_name_pairs"] = pairs;
    heldOut["fact_templates"] = factT;
    eval["held_out"] = heldOut;

    nlohmann::ordered_json train = nlohmann::ordered_json::object();
    nlohmann::ordered_json trainIoiT = nlohmann::ordered_json::array(), trainFactT = nlohmann::ordered_json::array();
    for (int t : corpus.ioiTemplateIds(false)) trainIoiT.push_back(ioiTemplates()[t].text);
    for (const FactTemplate& t : factTemplates())
        if (!t.heldOut) trainFactT.push_back({{"template", t.text()}, {"relation", t.relation}});
    train["ioi_templates"] = trainIoiT;
    train["ioi_names"] = ioiNames();
    train["fact_templates"] = trainFactT;
    eval["train"] = train;

    // Ready-made prompts for experiments: facts with their subject span, IOI clean/corrupted pairs.
    nlohmann::ordered_json factExamples = nlohmann::ordered_json::array();
    for (const char* subject : {"Venalor", "Valenor", "Eiffel Tower", "Colosseum", "Velmora Spire", "Oswin Farrow"}) {
        for (std::size_t i = 0; i < sets.factsTrain.size(); ++i) {
            const Example& e = sets.factsTrain[i];
            const FactTemplate& t = factTemplates()[e.templateId];
            const bool plain = (t.frame == "The {S} is located in" && t.relation == "city") ||
                               (t.frame == "{S}" && t.relation == "profession");
            if (e.subject != subject || !plain) continue;
            factExamples.push_back(exampleJson(e, *userTokenizer, factsTrain.predicted[i], factsTrain.answerProbability[i]));
            break;
        }
    }
    nlohmann::ordered_json ioiExamples = nlohmann::ordered_json::array();
    {
        Rng exampleRng(o.seed + 99);
        for (const char* text : {"When {N1} and {N2} went to the {P}, {S} gave a {O} to",
                                 "Then, {N1} and {N2} went to the {P}. {S} handed a {O} to",
                                 "After {N1} and {N2} went to the {P}, {S} passed a {O} to",
                                 "When {N1} and {N2} got a {O} at the {P}, {S} gave it to"}) {
            int t = 0;
            while (ioiTemplates().at(t).text != text) ++t;
            const Example clean = corpus.makeIoi(exampleRng, t, exampleRng.pick(corpus.trainPairs()));
            const Example corrupted = Corpus::corruptIoi(clean);
            const auto cleanIds = userTokenizer->encodeIds(clean.prompt);
            const auto corruptedIds = userTokenizer->encodeIds(corrupted.prompt);
            if (cleanIds.size() != corruptedIds.size())
                throw Error("internal error: clean and corrupted IOI prompts differ in length.");
            const EvalResult r = evaluate(*shipped, userEncoder, {clean, corrupted});
            ioiExamples.push_back({{"clean_prompt", clean.prompt},
                                   {"clean_answer", clean.answer},
                                   {"corrupted_prompt", corrupted.prompt},
                                   {"corrupted_answer", corrupted.answer},
                                   {"tokens", cleanIds.size()},
                                   {"clean_predicted", userTokenizer->decode({r.predicted[0]})},
                                   {"corrupted_predicted", userTokenizer->decode({r.predicted[1]})}});
        }
    }
    eval["examples"] = {{"facts", factExamples}, {"ioi_pairs", ioiExamples}};

    auto list = [&](const std::vector<Example>& examples, const EvalResult& r) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < examples.size(); ++i)
            a.push_back(exampleJson(examples[i], *userTokenizer, r.predicted[i], r.answerProbability[i]));
        return a;
    };
    eval["eval"] = {{"ioi_heldout", list(sets.ioiHeldOut, ioiHeldOut)},
                    {"facts_heldout", list(sets.factsHeldOut, factsHeldOut)}};
    writeJsonFile(o.out / "eval.json", eval);

    std::printf("\nfinal (loaded back from %s):\n", o.out.string().c_str());
    std::printf("  IOI  held-out templates x held-out pairs  %.4f  (%zu prompts)\n", ioiHeldOut.accuracy, sets.ioiHeldOut.size());
    std::printf("  IOI  held-out templates x training pairs %.4f\n", ioiHeldOutTemplates.accuracy);
    std::printf("  IOI  training templates x held-out pairs %.4f\n", ioiHeldOutPairs.accuracy);
    std::printf("  IOI  training templates x training pairs %.4f\n", ioiTrain.accuracy);
    std::printf("  facts held-out templates %.4f  (%zu prompts; unseen combinations %.4f, novel frames %.4f)\n",
                factsHeldOut.accuracy, sets.factsHeldOut.size(), factsCombo, factsNovel);
    std::printf("  facts training templates %.4f\n", factsTrain.accuracy);
    std::printf("  training %.0f s, total %.0f s (%.0f s of CPU), model.safetensors %llu bytes\n", trainSeconds,
                secondsSince(startAll), cpuSeconds(),
                static_cast<unsigned long long>(fs::file_size(o.out / "model.safetensors")));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    restartWithPassiveOpenMpWaiting(argv);
    try {
        return run(parseOptions(argc, argv));
    } catch (const Error& e) {
        std::fprintf(stderr, "causeway-train-demo: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "causeway-train-demo: internal error: %s\n", e.what());
        return 1;
    }
}
