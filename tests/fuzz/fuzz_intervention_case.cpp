// An intervention case (docs/intervention-case-format.md) run as `causeway-cli intervene` runs
// one on gpt2-tiny: parse (texts tokenized with the model's tokenizer), build the interventions,
// run the intervened forward pass. Generation is left out: its length is the case's to choose.
#include "fuzz_support.h"
#include "intervene/pyvene_format.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_intervention_case) {
    static const fs::path folder = fuzz::testData() / "models" / "gpt2-tiny";
    static const auto model = Transformer::load(folder);
    static const auto tokenizer = loadTokenizer(folder);
    const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return; // the CLI refuses it before parsing the case
    InterventionCase c = parseInterventionCase(json, tokenizer.get());
    IntervenableModel im(c.config, model);
    InterveneResult r = im.forward(c.request);
    (void)r.intervenedLogits.sum().item<double>();
}
