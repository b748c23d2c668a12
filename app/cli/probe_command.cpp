// causeway-cli probe: one cell of an experiment, as the workbench shows it when the cell is
// clicked (core/workbench: the same code the GUI runs).
#include "cli/args.h"
#include "cli/commands.h"

#include "experiments/experiment.h"
#include "experiments/results_io.h"
#include "io/model_folder.h"
#include "workbench/workbench.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

namespace causeway::cli {

namespace fs = std::filesystem;

namespace {

std::pair<int, int64_t> parseCell(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) throw Error("--cell takes LAYER,COLUMN (e.g. --cell 2,13), not '" + text + "'.");
    return {static_cast<int>(parseInteger(text.substr(0, comma), "--cell's layer")), parseInteger(text.substr(comma + 1), "--cell's column")};
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

} // namespace

int probe(const Args& args) {
    const std::string usage =
        "causeway-cli probe (EXPERIMENT.json | RESULTS.json) --cell LAYER,COLUMN [--map NAME] [--result N] [--top K] [--model DIR]";
    ParsedArgs parsed(args, {}, {"cell", "map", "result", "top", "model"}, usage);
    if (parsed.positional().size() != 1) throw Error("probe takes one experiment or results file. Usage: " + usage);
    const auto cellText = parsed.one("cell");
    if (!cellText) throw Error("probe needs --cell LAYER,COLUMN. Usage: " + usage);
    const auto [layer, column] = parseCell(*cellText);
    const std::string& file = parsed.positional()[0];
    const ExperimentFile experiment = readExperimentFile(file);
    const auto modelArg = parsed.one("model");
    if (!modelArg && experiment.spec.model.empty()) throw Error(file + " names no model; give --model DIR.");
    const fs::path folder = modelArg ? resolveModelFolder(*modelArg) : resolveModelFolder(experiment.spec.model, fs::absolute(file).parent_path());
    const OpenedModel opened = openModelFolder(folder);
    checkWeightsFingerprint(opened, experiment.spec.weightsHash, file);

    ExperimentResult result;
    if (!experiment.results.empty()) {
        const auto index = parsed.one("result");
        const int64_t n = index ? parseInteger(*index, "--result") : 1;
        if (n < 1 || n > static_cast<int64_t>(experiment.results.size()))
            throw Error(file + " holds " + std::to_string(experiment.results.size()) + " result(s); --result takes 1 to " +
                        std::to_string(experiment.results.size()) + ".");
        result = experiment.results[static_cast<std::size_t>(n - 1)];
    } else {
        // Not run yet: run just this cell, which also resolves the answers and baselines.
        ExperimentSpec one = experiment.spec;
        one.layers.clear();
        one.positions.clear();
        one.cells = {{layer, column}};
        result = runExperiment(*opened.model, opened.tokenizer.get(), one);
    }
    std::size_t mapIndex = 0;
    if (const auto name = parsed.one("map")) {
        std::string names;
        mapIndex = result.maps.size();
        for (std::size_t i = 0; i < result.maps.size(); ++i) {
            if (result.maps[i].name == *name) mapIndex = i;
            names += (names.empty() ? "" : ", ") + result.maps[i].name;
        }
        if (mapIndex == result.maps.size()) throw Error("The result has no map '" + *name + "'; its maps: " + names + ".");
    }
    const auto top = parsed.one("top");
    const CellProbe probe = probeCell(opened, result, mapIndex, layer, column, top ? static_cast<int>(parseInteger(*top, "--top")) : 10);

    const Heatmap& map = result.maps[mapIndex];
    const auto row = std::find(map.rowLayers.begin(), map.rowLayers.end(), layer) - map.rowLayers.begin();
    nlohmann::json columns = nlohmann::json::array();
    for (const ProbeColumn& c : probe.columns) {
        nlohmann::json tokens = nlohmann::json::array();
        for (const CellToken& t : c.top) tokens.push_back({{"id", t.id}, {"token", t.text}, {"probability", t.probability}});
        nlohmann::json run = {{"title", c.title.text()}, {"top", tokens}};
        for (const ExpertChoice& e : c.experts)
            run["experts"].push_back({{"expert", e.expert}, {"weight", e.weight}, {"probability", e.probability}});
        columns.push_back(run);
    }
    nlohmann::json out = {
        {"map", map.name},
        {"layer", layer},
        {"column", column},
        {"column_label", map.columnLabels.at(static_cast<std::size_t>(column))},
        {"value", number(probe.value)},
        {"value_name", probe.valueName.text()},
        {"map_value", number(map.at(row, column))},
        {"runs", columns},
    };
    if (!probe.note.empty()) out["note"] = probe.note.text();
    if (probe.expertLayer >= 0) out["experts_of"] = {{"layer", probe.expertLayer}, {"position", probe.expertPosition}};
    std::cout << out.dump(2) << '\n';
    return 0;
}

} // namespace causeway::cli
