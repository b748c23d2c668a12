#include "experiments/results_io.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "io/atomic_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace causeway {

namespace fs = std::filesystem;

namespace {

std::vector<double> numbers(const nlohmann::json& rows) {
    std::vector<double> out;
    for (const auto& row : rows)
        for (const auto& v : row) out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    return out;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos && (text.empty() || (text.front() != ' ' && text.back() != ' ')))
        return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

std::string plural(const std::string& noun) { // "layer" -> "layers", "query" -> "queries"
    if (noun.size() > 1 && noun.back() == 'y' && std::string("aeiou").find(noun[noun.size() - 2]) == std::string::npos)
        return noun.substr(0, noun.size() - 1) + "ies";
    return noun + "s";
}

nlohmann::json parseJsonFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("Cannot open " + file.string() + ".");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error("The file " + file.string() + " is not valid JSON (" + e.what() + ").");
    }
}

// Everything that shows or writes a map indexes its matrices as rows x cols, its row layers by
// row and its column labels by column: a saved map must have exactly those sizes.
void checkMapShape(const Heatmap& h, const std::string& source) {
    const std::string map = source + ": the map '" + h.name + "'";
    int64_t cells = 0;
    if (h.rows < 0 || h.cols < 0 || __builtin_mul_overflow(h.rows, h.cols, &cells))
        throw Error(map + " claims " + std::to_string(h.rows) + " x " + std::to_string(h.cols) + " cells; the file is damaged.");
    auto check = [&](std::size_t size, int64_t expected, const char* what) {
        if (static_cast<uint64_t>(size) != static_cast<uint64_t>(expected))
            throw Error(map + " has " + std::to_string(size) + " " + what + " where its " + std::to_string(h.rows) + " x " +
                        std::to_string(h.cols) + " shape needs " + std::to_string(expected) + "; the file is damaged.");
    };
    check(h.raw.size(), cells, "raw values (rows x cols values)");
    if (!h.normalized.empty()) check(h.normalized.size(), cells, "normalized values");
    if (!h.cellTokens.empty()) check(h.cellTokens.size(), cells, "cell_tokens entries");
    check(h.rowLayers.size(), h.rows, "row_layers");
    if (!h.rowLabels.empty()) check(h.rowLabels.size(), h.rows, "row_labels");
    check(h.columnLabels.size(), h.cols, "column_labels");
}

} // namespace

ExperimentResult resultFromJson(const nlohmann::json& j, const std::string& source) {
    ExperimentResult r;
    try {
        r.spec = ExperimentSpec::fromJson(j.at("experiment"), source);
        r.tokenIds = jsonIntegers<int64_t>(j.at("token_ids"), source + ": 'token_ids'");
        r.tokens = j.at("tokens").get<std::vector<std::string>>();
        for (const auto& m : j.at("maps")) {
            Heatmap h;
            h.name = m.at("name").get<std::string>();
            h.component = m.value("component", h.name);
            h.columnAxis = m.value("column_axis", std::string("position"));
            h.rowAxis = m.value("row_axis", std::string("layer"));
            if (m.contains("row_labels")) h.rowLabels = m["row_labels"].get<std::vector<std::string>>();
            h.rows = jsonInteger<int64_t>(m.at("rows"), source + ": 'rows'");
            h.cols = jsonInteger<int64_t>(m.at("cols"), source + ": 'cols'");
            h.rowLayers = jsonIntegers<int>(m.at("row_layers"), source + ": 'row_layers'");
            h.columnLabels = m.at("column_labels").get<std::vector<std::string>>();
            h.raw = numbers(m.at("raw"));
            if (m.contains("normalized")) h.normalized = numbers(m["normalized"]);
            if (m.contains("cell_tokens"))
                for (const auto& row : m["cell_tokens"])
                    for (const auto& cell : row) {
                        std::vector<CellToken> tokens;
                        for (const auto& t : cell) tokens.push_back({jsonInteger<int64_t>(t.at(0), source + ": a top token's id"), t.at(1).get<std::string>(), t.at(2).get<double>()});
                        h.cellTokens.push_back(std::move(tokens));
                    }
            checkMapShape(h, source);
            r.maps.push_back(std::move(h));
        }
        kindOf(r.spec).readResult(j, r);
        r.cellsDone = jsonIntegerOr<int64_t>(j, "cells_done", 0, "The results");
        r.cellsTotal = jsonIntegerOr<int64_t>(j, "cells_total", 0, "The results");
        r.status = j.value("cancelled", false) ? RunStatus::Cancelled : RunStatus::Complete; // files before "stopped"
        if (j.contains("stopped")) {
            const std::string stopped = j["stopped"].get<std::string>();
            const RunStatus all[] = {RunStatus::Complete, RunStatus::Cancelled, RunStatus::Failed, RunStatus::Interrupted};
            const auto* found = std::find_if(std::begin(all), std::end(all), [&](RunStatus s) { return stopped == runStatusName(s); });
            if (found == std::end(all))
                throw Error(source + ": \"stopped\" is '" + stopped + "'; expected cancelled, failed or interrupted.");
            r.status = *found;
        }
        r.stopReason = j.value("stop_reason", std::string());
        r.seconds = j.value("seconds", 0.0);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": a saved result has a missing or wrong field (" + e.what() + ").");
    }
    return r;
}

nlohmann::json experimentFileJson(const ExperimentSpec& spec, const std::vector<ExperimentResult>& results) {
    nlohmann::json j = spec.toJson();
    if (!results.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const ExperimentResult& r : results) list.push_back(r.toJson());
        j["results"] = list;
    }
    return j;
}

ExperimentFile readExperimentFile(const fs::path& file) {
    const nlohmann::json j = parseJsonFile(file);
    const std::string source = file.string();
    ExperimentFile out;
    if (j.is_object() && j.contains("experiment") && j.contains("maps")) { // causeway-cli run's results.json
        out.results.push_back(resultFromJson(j, source));
        out.spec = out.results.back().spec;
        return out;
    }
    out.spec = ExperimentSpec::fromJson(j, source);
    if (j.contains("results") && j["results"].is_array())
        for (const auto& r : j["results"]) out.results.push_back(resultFromJson(r, source));
    return out;
}

void writeExperimentFile(const fs::path& file, const ExperimentSpec& spec, const std::vector<ExperimentResult>& results) {
    writeFileAtomically(file, experimentFileJson(spec, results).dump(1) + "\n");
}

std::string heatmapCsv(const Heatmap& h, bool normalized) {
    normalized = normalized && !h.normalized.empty();
    const std::vector<double>& values = normalized ? h.normalized : h.raw;
    std::string out = normalized ? h.rowAxis + " (normalised: 0 = corrupted baseline; 1 = clean baseline)" : csvField(h.rowAxis);
    for (const std::string& label : h.columnLabels) out += ',' + csvField(label);
    out += '\n';
    for (int64_t r = 0; r < h.rows; ++r) {
        out += csvField(h.rowLabel(r));
        for (int64_t c = 0; c < h.cols; ++c) {
            const double v = values[static_cast<std::size_t>(r * h.cols + c)];
            out += ',';
            if (!std::isnan(v)) out += number(v);
        }
        out += '\n';
    }
    return out;
}

void writeRunOutputs(const fs::path& folder, const ExperimentResult& result) {
    createFolders(folder);
    writeFileAtomically(folder / "results.json", result.toJson().dump(1) + "\n");
    for (const Heatmap& h : result.maps) {
        writeFileAtomically(folder / (h.name + ".csv"), heatmapCsv(h));
        if (!h.normalized.empty()) writeFileAtomically(folder / (h.name + ".normalized.csv"), heatmapCsv(h, true));
    }
}

std::string resultSummary(const ExperimentResult& r, int topCells) {
    std::ostringstream out;
    const ExperimentKind& kind = kindOf(r.spec);
    const ResultHints hints = kind.describe(r);
    out << kind.title() << " (" << kind.name() << ")";
    if (!r.spec.title.empty()) out << ": " << r.spec.title;
    out << "\nmodel: " << r.spec.model << "\ntokens (" << r.tokens.size() << "):";
    for (std::size_t i = 0; i < r.tokens.size(); ++i) out << (i ? " |" : " ") << r.tokens[i];
    out << '\n';
    if (!hints.highBaseline.empty()) out << "baseline: " << number(r.cleanBaseline) << " (" << hints.highBaseline << ")\n";
    if (!hints.lowBaseline.empty()) out << "baseline: " << number(r.corruptedBaseline) << " (" << hints.lowBaseline << ")\n";
    for (const Phrase& line : hints.findings) out << line.text() << '\n';
    out << "cells: " << r.cellsDone << " of " << r.cellsTotal;
    if (r.stoppedEarly()) out << " (" << runStatusName(r.status) << (r.stopReason.empty() ? "" : ": " + r.stopReason) << ")";
    out << " in " << number(r.seconds) << " s\n";
    for (const Heatmap& h : r.maps) {
        // The normalised matrix when there is one: 1 = the clean run's value, comparable across maps.
        const bool normalized = !h.normalized.empty();
        const std::vector<double>& values = normalized ? h.normalized : h.raw;
        std::vector<std::size_t> cells;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!std::isnan(values[i])) cells.push_back(i);
        const std::size_t shown = std::min(cells.size(), static_cast<std::size_t>(std::max(topCells, 0)));
        std::partial_sort(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(shown), cells.end(),
                          [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
        out << "\nmap " << h.name << " (" << h.rows << ' ' << plural(h.rowAxis) << " x " << h.cols << ' ' << plural(h.columnAxis) << "): top " << shown
            << " cells" << (normalized ? " by normalised value" : "") << '\n';
        for (std::size_t k = 0; k < shown; ++k) {
            const std::size_t i = cells[k];
            const std::size_t row = i / static_cast<std::size_t>(h.cols), col = i % static_cast<std::size_t>(h.cols);
            out << "  " << h.rowAxis << ' ' << (h.rowLabels.empty() ? h.rowLabel(static_cast<int64_t>(row)) : std::to_string(row) + " '" + h.rowLabels[row] + "'")
                << ", " << h.columnAxis << ' ' << col << " '" << h.columnLabels[col]
                << "': " << number(h.raw[i]);
            if (normalized) out << " (normalised " << number(h.normalized[i]) << ")";
            if (i < h.cellTokens.size() && !h.cellTokens[i].empty()) out << ", top token '" << h.cellTokens[i][0].text << "'";
            out << '\n';
        }
    }
    return out.str();
}

} // namespace causeway
