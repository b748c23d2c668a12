// causeway-cli: the intervention core from the command line. Results go to stdout or files,
// progress and errors to stderr. Exit codes: 0 success, 2 bad input, 1 internal error.
#include "cli/commands.h"
#include "common/error.h"
#include "common/openmp_policy.h"

#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

namespace {

const char* kUsage = R"(usage: causeway-cli COMMAND ...

commands:
  info MODEL_DIR                 validate a HuggingFace model folder and describe it (JSON)
  tokenize DIR TEXT [--no-special]
                                 tokenize TEXT with the tokenizer in DIR (JSON: ids, display texts,
                                 byte offsets); --no-special leaves out BOS/EOS
  collect MODEL_DIR (TEXT | --ids 1,2,3) [--component C]... [--layer L]... --out FILE
                                 run the model and write input_ids, logits and the requested sites
                                 (all components and layers when none are named) as safetensors
  routing MODEL_DIR (TEXT | --ids 1,2,3) [--layer L]...
                                 the experts a mixture-of-experts model routes each token to, per MoE
                                 layer, with their weights and router probabilities (JSON)
  intervene CASE.json --model DIR [--weights W.safetensors] [--load DIR] [--save DIR
            [--pyvene 0.1.5|0.1.8]] [--out FILE]
                                 run one pyvene-style intervention (docs/intervention-case-format.md)
                                 and write original/intervened logits, collected tensors, generations;
                                 --load takes the interventions from a pyvene save() folder, --save
                                 writes one (0.1.5 layout unless --pyvene 0.1.8)
  run EXPERIMENT.json --out DIR [--naive] [--threads N]
                                 run an experiment (activation patching, causal tracing, logit lens;
                                 docs/experiment-format.md): results.json and a CSV per matrix;
                                 progress on stderr; Ctrl+C stops and keeps the partial result (exit 130)
  show (RESULTS.json | EXPERIMENT.json) [--top N]
                                 summarise a run's results.json (or an experiment file's saved results):
                                 baselines and each map's N highest cells (default 10)
  probe (EXPERIMENT.json | RESULTS.json) --cell LAYER,COLUMN [--map NAME] [--result N] [--top K]
        [--model DIR]
                                 one cell as the workbench shows it when clicked: the runs it compares
                                 (clean, corrupted, patched; clean, noised, restored; a layer's
                                 read-out) with their top K next tokens, and the cell's value computed
                                 again (JSON); an experiment not yet run runs that cell only
  export EXPERIMENT.json --to pyvene --out script.py
  export EXPERIMENT.json --to pyvene-config --out DIR [--pyvene 0.1.5|0.1.8]
                                 a Python script (transformers + pyvene) that reruns the experiment and
                                 prints its matrices as JSON on its last line, or pyvene's saved-config
                                 folder for a one-cell experiment

MODEL_DIR may also name a bundled model: "demo" is the model shipped with Causeway.
Errors are printed to stderr as one sentence; the exit code is 2 for bad input.
)";

// One command's part of the usage text (its lines and their continuations) and the closing notes:
// `causeway-cli run --help`. The same text as --help and the man page, so they cannot disagree.
std::string commandHelp(const std::string& name) {
    std::istringstream in(kUsage);
    std::string line, out, footer;
    bool inCommand = false, inFooter = false;
    while (std::getline(in, line)) {
        const bool commandLine = line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ';
        if (commandLine) inCommand = line.compare(2, name.size() + 1, name + " ") == 0 || line.substr(2) == name;
        if (line.rfind("MODEL_DIR may", 0) == 0) inFooter = true;
        if (inFooter) footer += line + '\n';
        else if (inCommand && (commandLine || line.rfind("   ", 0) == 0)) out += line + '\n';
        else if (!line.empty() && line[0] != ' ') inCommand = false;
    }
    return out.empty() ? std::string() : "usage:\n" + out + '\n' + footer;
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    if (argc < 2) {
        std::cerr << "causeway-cli: no command given; run causeway-cli --help for the list.\n";
        return 2;
    }
    if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
        std::cout << kUsage;
        return 0;
    }
    const std::map<std::string, std::function<int(const causeway::cli::Args&)>> commands = {
        {"info", causeway::cli::info},
        {"tokenize", causeway::cli::tokenize},
        {"collect", causeway::cli::collect},
        {"routing", causeway::cli::routing},
        {"intervene", causeway::cli::intervene},
        {"run", causeway::cli::run},
        {"show", causeway::cli::show},
        {"probe", causeway::cli::probe},
        {"export", causeway::cli::exportExperiment},
    };
    auto command = commands.find(argv[1]);
    if (command == commands.end()) {
        std::cerr << "causeway-cli: unknown command '" << argv[1] << "'; run causeway-cli --help for the list.\n";
        return 2;
    }
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << commandHelp(argv[1]);
            return 0;
        }
    }
    causeway::cli::Args args(argv + 2, argv + argc);
    try {
        return command->second(args);
    } catch (const causeway::Error& e) {
        std::cerr << "causeway-cli: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "causeway-cli: internal error: " << e.what() << '\n';
        return 1;
    }
}
