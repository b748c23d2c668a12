#pragma once
// The generated corpus the Causeway demo model learns from: made-up and real facts in several
// sentence frames (factual recall) and indirect-object-identification stories (IOI). Everything is
// a pure function of the seed, so a run can be repeated exactly.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace causeway::demo {

// std::mt19937_64 is specified bit for bit by the standard; the distributions are not, so the
// corpus draws with plain modulo (its bias is irrelevant at these sizes).
class Rng {
public:
    explicit Rng(uint64_t seed) : engine_(seed) {}
    uint64_t below(uint64_t n) { return engine_() % n; }
    double uniform() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
    template <typename T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }
    template <typename T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

private:
    std::mt19937_64 engine_;
};

// One training sentence or evaluation prompt: `prompt` + `answer` (with its leading space) is the
// sentence the model learns; the model should predict `answer` as the next token after `prompt`.
struct Example {
    std::string prompt;
    std::string answer; // " Paris", " Mary"
    std::string kind;   // "fact" or "ioi"
    // facts
    std::string subject;  // "Eiffel Tower" (the words as they appear in the prompt)
    std::string relation; // "city", "country", "profession", "sport"
    // ioi: "When {N1} and {N2} went to the {P}, {S} gave a {O} to" -> the name that is not S
    std::string firstName, secondName; // N1, N2 in story order
    std::string subjectName;           // the repeated name S (the wrong answer)
    std::string place, object;
    // both
    int templateId = -1;      // index into factTemplates() / ioiTemplates()
    std::string sentence() const { return prompt + answer + "."; }
};

struct FactTemplate {
    std::string kind;     // "landmark" or "person"
    std::string relation; // "city", ...
    std::string frame;    // "The {S} is located in"
    std::string tail;     // " the city of"
    bool heldOut = false;
    bool novelFrame = false; // the frame appears nowhere in training (with any relation)
    std::string text() const { return frame + tail; }
};

struct IoiTemplate {
    std::string text; // with {N1} {N2} {S} {P} {O}
    bool heldOut = false;
};

const std::vector<FactTemplate>& factTemplates();
const std::vector<IoiTemplate>& ioiTemplates();
const std::vector<std::string>& ioiNames(); // without leading space

class Corpus {
public:
    explicit Corpus(uint64_t seed);

    // Every (fact, training template) sentence.
    const std::vector<Example>& factTrain() const { return factTrain_; }
    // Every (fact, held-out template) prompt.
    const std::vector<Example>& factHeldOut() const { return factHeldOut_; }

    // A fresh IOI training story: a training template and a training name pair.
    Example sampleIoiTrain(Rng& rng) const;
    // An IOI prompt from the given template with the given unordered pair; rng picks which name is
    // repeated, their order, the place and the object.
    Example makeIoi(Rng& rng, int templateId, const std::pair<int, int>& pair) const;
    // The same story with the repeated name swapped: the second clause names the other person, so
    // the answer flips. Same token length when every name is one token.
    static Example corruptIoi(const Example& clean);

    const std::vector<std::pair<int, int>>& trainPairs() const { return trainPairs_; }
    const std::vector<std::pair<int, int>>& heldOutPairs() const { return heldOutPairs_; }
    std::vector<int> ioiTemplateIds(bool heldOut) const;

    // Words that must be single tokens: every answer (with its leading space) and every IOI name
    // (with and without the space).
    std::vector<std::string> requiredTokens() const;
    // The text the tokenizer is trained on: every training fact sentence without its subject, each
    // subject four times, and `ioiCount` training IOI stories. Held-out templates and pairs stay out.
    std::vector<std::string> tokenizerCorpus(Rng& rng, int ioiCount) const;

private:
    std::vector<Example> factTrain_;
    std::vector<Example> factHeldOut_;
    std::vector<std::pair<int, int>> trainPairs_;
    std::vector<std::pair<int, int>> heldOutPairs_;
};

} // namespace causeway::demo
