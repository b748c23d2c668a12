// One saved result (results.json, or an entry of an experiment file's "results"), parsed in memory
// and shown: summary, CSV, the kind's labels, written back.
#include "experiment_workout.h"
#include "fuzz_support.h"

#include <nlohmann/json.hpp>

using namespace causeway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return 0; // readExperimentFile refuses it with its own message
    fuzz::refusesCleanly([&] { fuzz::workOut(resultFromJson(json, "results.json")); });
    return 0;
}
