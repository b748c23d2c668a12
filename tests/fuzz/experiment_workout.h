#pragma once
// What `causeway-cli show`, the exporters and the workbench do with a result read from a file:
// write it back, summarise it, turn its maps into CSV and ask its kind how to draw and label it.
#include "experiments/kind.h"
#include "experiments/results_io.h"

namespace causeway::fuzz {

inline void workOut(const ExperimentResult& result) {
    (void)result.toJson().dump();
    (void)resultSummary(result, 10);
    const ExperimentKind& kind = kindOf(result.spec);
    const ResultHints hints = kind.describe(result);
    for (const Phrase& line : hints.caption) (void)line.text();
    for (const Heatmap& map : result.maps) {
        (void)heatmapCsv(map, false);
        (void)heatmapCsv(map, true);
        for (bool normalized : {false, true}) (void)kind.mapHints(result, map, normalized).title.text();
    }
}

} // namespace causeway::fuzz
