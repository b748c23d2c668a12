// An experiment file (docs/experiment-format.md), with or without saved results, or a results.json:
// read as the workbench and `causeway-cli run/show/export` read one, then prepared against
// gpt2-tiny's tokenizer (prompts tokenized, answers resolved, input checked) and exported as a
// pyvene script.
#include "experiment_workout.h"
#include "fuzz_support.h"
#include "tokenize/tokenizer.h"

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_experiment) {
    static const auto tokenizer = loadTokenizer(fuzz::testData() / "models" / "gpt2-tiny");
    const fs::path file = fuzz::scratchFolder() / "experiment.causeway.json";
    fuzz::writeFile(file, {reinterpret_cast<const char*>(data), size});
    const ExperimentFile read = readExperimentFile(file);
    for (const ExperimentResult& result : read.results) fuzz::workOut(result);
    (void)experimentFileJson(read.spec, read.results).dump();
    const ExperimentResult prepared = prepareExperiment(tokenizer.get(), read.spec, tokenizer->vocabSize());
    (void)kindOf(prepared.spec).pyveneScript(prepared);
}
