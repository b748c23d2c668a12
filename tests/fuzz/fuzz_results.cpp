// One saved result (results.json, or an entry of an experiment file's "results"), parsed in memory
// and shown: summary, CSV, the kind's labels, written back.
#include "experiment_workout.h"
#include "fuzz_support.h"

#include <nlohmann/json.hpp>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_results) {
    const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return; // readExperimentFile refuses it with its own message
    fuzz::workOut(resultFromJson(json, "results.json"));
}
