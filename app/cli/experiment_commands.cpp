// causeway-cli run / export: experiment files (docs/experiment-format.md) from the command line.
#include "cli/args.h"
#include "common/json_integers.h"
#include "cli/commands.h"

#include "experiments/experiment.h"
#include "experiments/export.h"
#include "experiments/results_io.h"
#include "intervene/pyvene_format.h"
#include "io/atomic_file.h"
#include "io/model_folder.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"
#include "workbench/workbench.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

namespace causeway::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> interrupted{false};
extern "C" void onSignal(int) { interrupted = true; }

struct LoadedExperiment {
    ExperimentSpec spec;
    fs::path modelFolder;
};

LoadedExperiment loadExperiment(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw Error("Cannot open the experiment file " + file + ".");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error("The experiment file " + file + " is not valid JSON (" + e.what() + ").");
    }
    LoadedExperiment e;
    e.spec = ExperimentSpec::fromJson(json, file);
    if (e.spec.model.empty()) throw Error(file + " names no model; add \"model\": \"demo\" or a model folder.");
    e.modelFolder = resolveModelFolder(e.spec.model, fs::absolute(file).parent_path());
    return e;
}

std::unique_ptr<Tokenizer> tokenizerOf(const fs::path& folder) {
    return hasTokenizerFiles(folder) ? loadTokenizer(folder) : nullptr;
}

} // namespace

int run(const Args& args) {
    const std::string usage = "causeway-cli run EXPERIMENT.json --out DIR [--naive] [--threads N]";
    ParsedArgs parsed(args, {"naive"}, {"out", "threads"}, usage);
    if (parsed.positional().size() != 1) throw Error("run takes one experiment file. Usage: " + usage);
    const auto outDir = parsed.one("out");
    if (!outDir) throw Error("run needs --out DIR for results.json and the CSV files. Usage: " + usage);
    LoadedExperiment e = loadExperiment(parsed.positional()[0]);
    if (const auto threads = parsed.one("threads")) e.spec.threads = static_cast<int>(parseInteger(*threads, "--threads"));

    const OpenedModel opened = openModelFolder(e.modelFolder);
    checkWeightsFingerprint(opened, e.spec.weightsHash, "the experiment");
    const auto& model = opened.model;
    const auto& tokenizer = opened.tokenizer;
    createFolders(*outDir); // fail before the sweep, not after it

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    RunControl control;
    control.cancel = &interrupted;
    control.engine = parsed.flag("naive") ? SweepEngine::Naive : SweepEngine::Fast;
    // On a terminal one line that updates in place; in a log, a line every 10%.
    const bool terminal = isatty(STDERR_FILENO);
    int lastShown = -1;
    control.progress = [&](const ExperimentResult& partial) {
        const int percent = partial.cellsTotal ? static_cast<int>(100 * partial.cellsDone / partial.cellsTotal) : 100;
        const int step = terminal ? percent : percent / 10;
        if (step == lastShown) return;
        lastShown = step;
        std::cerr << (terminal ? "\r" : "") << "causeway-cli: " << partial.cellsDone << " / " << partial.cellsTotal
                  << " cells (" << percent << "%)" << (terminal ? "" : "\n") << std::flush;
    };
    ExperimentResult result = runExperiment(*model, tokenizer.get(), e.spec, control);
    if (terminal) std::cerr << '\n';

    writeRunOutputs(*outDir, result);
    if (result.status == RunStatus::Failed) {
        std::cerr << "causeway-cli: the run failed after " << result.cellsDone << " of " << result.cellsTotal
                  << " cells: " << result.stopReason << "\ncauseway-cli: the partial result is in " << *outDir << '\n';
        return 1;
    }
    const bool cancelled = result.status == RunStatus::Cancelled;
    std::cerr << "causeway-cli: " << (cancelled ? "cancelled after " : "done: ") << result.cellsDone << " cells in "
              << result.seconds << " s; wrote " << *outDir << '\n';
    return cancelled ? 130 : 0;
}

int show(const Args& args) {
    const std::string usage = "causeway-cli show (RESULTS.json | EXPERIMENT.json) [--top N]";
    ParsedArgs parsed(args, {}, {"top"}, usage);
    if (parsed.positional().size() != 1) throw Error("show takes one results.json or experiment file. Usage: " + usage);
    const auto top = parsed.one("top");
    const int topCells = top ? static_cast<int>(parseInteger(*top, "--top")) : 10;
    const ExperimentFile file = readExperimentFile(parsed.positional()[0]);
    if (file.results.empty())
        throw Error(parsed.positional()[0] + " holds an experiment but no results; run it with causeway-cli run first.");
    for (std::size_t i = 0; i < file.results.size(); ++i)
        std::cout << (i ? "\n" : "") << (file.results.size() > 1 ? "result " + std::to_string(i + 1) + ": " : "")
                  << resultSummary(file.results[i], topCells);
    return 0;
}

int exportExperiment(const Args& args) {
    const std::string usage = "causeway-cli export EXPERIMENT.json --to (pyvene | pyvene-config) --out PATH [--pyvene 0.1.5|0.1.8]";
    ParsedArgs parsed(args, {}, {"to", "out", "pyvene"}, usage);
    if (parsed.positional().size() != 1) throw Error("export takes one experiment file. Usage: " + usage);
    const auto to = parsed.one("to");
    const auto out = parsed.one("out");
    if (!to || !out) throw Error("export needs --to and --out. Usage: " + usage);
    LoadedExperiment e = loadExperiment(parsed.positional()[0]);
    auto tokenizer = tokenizerOf(e.modelFolder);
    const nlohmann::json config = readConfigJson(e.modelFolder);
    const int64_t vocab = jsonIntegerOr<int64_t>(config, "vocab_size", int64_t{1} << 40, e.modelFolder.string() + "/config.json");
    ExperimentResult prepared = prepareExperiment(tokenizer.get(), e.spec, vocab);
    if (*to == "pyvene") {
        writeFileAtomically(*out, pyveneScript(prepared, e.modelFolder)); // a kind pyvene cannot express throws before any file exists
        fs::permissions(*out, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
    } else if (*to == "pyvene-config") {
        const auto layout = parsed.one("pyvene");
        writePyveneConfig(prepared, Transformer::load(e.modelFolder), *out,
                          layout ? pyveneLayoutFromName(*layout) : PyveneLayout::V0_1_5);
    } else {
        throw Error("--to must be 'pyvene' (a Python script) or 'pyvene-config' (a pyvene save folder), not '" + *to + "'.");
    }
    std::cerr << "causeway-cli: wrote " << *out << '\n';
    return 0;
}

} // namespace causeway::cli
