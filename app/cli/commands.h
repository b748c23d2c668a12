#pragma once
// causeway-cli's sub-commands. Each takes the arguments after its name and returns an exit code;
// bad input is reported by throwing causeway::Error (main prints it and exits with 2).
#include <string>
#include <vector>

namespace causeway::cli {

using Args = std::vector<std::string>;

int info(const Args& args);
int tokenize(const Args& args);
int collect(const Args& args);
int routing(const Args& args);
int intervene(const Args& args);
int run(const Args& args);
int show(const Args& args);
int probe(const Args& args);
int exportExperiment(const Args& args);

} // namespace causeway::cli
