#pragma once
// Command-line parsing shared by causeway-cli's sub-commands: positional arguments plus
// `--flag` and repeatable `--option VALUE` (or `--option=VALUE`). Errors are causeway::Error.
#include "cli/commands.h"
#include "common/error.h"

#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace causeway::cli {

// A minimal parser: positional arguments plus `--flag` and repeatable `--option VALUE`.
class ParsedArgs {
public:
    ParsedArgs(const Args& args, const std::set<std::string>& flags, const std::set<std::string>& options,
               const std::string& usage) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a.size() > 2 && a.rfind("--", 0) == 0) {
                std::string name = a.substr(2), value;
                if (auto eq = name.find('='); eq != std::string::npos) {
                    value = name.substr(eq + 1);
                    name = name.substr(0, eq);
                } else if (options.count(name)) {
                    if (i + 1 >= args.size()) throw Error("The option --" + name + " needs a value. Usage: " + usage);
                    value = args[++i];
                }
                if (flags.count(name)) flags_.insert(name);
                else if (options.count(name)) options_[name].push_back(value);
                else throw Error("Unknown option --" + name + ". Usage: " + usage);
            } else {
                positional_.push_back(a);
            }
        }
    }
    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::vector<std::string> all(const std::string& name) const {
        auto it = options_.find(name);
        return it == options_.end() ? std::vector<std::string>{} : it->second;
    }
    std::optional<std::string> one(const std::string& name) const {
        auto values = all(name);
        if (values.size() > 1) throw Error("The option --" + name + " was given more than once.");
        return values.empty() ? std::nullopt : std::optional<std::string>(values[0]);
    }

private:
    std::vector<std::string> positional_;
    std::set<std::string> flags_;
    std::map<std::string, std::vector<std::string>> options_;
};

inline int64_t parseInteger(const std::string& text, const std::string& what) {
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw Error(what + " '" + text + "' is not an integer.");
    return value;
}

inline std::vector<int64_t> parseIdList(const std::string& text) {
    std::vector<int64_t> ids;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) ids.push_back(parseInteger(item, "The token id"));
    if (ids.empty()) throw Error("--ids needs a comma-separated list of token ids, e.g. --ids 464,2068,7586.");
    return ids;
}

} // namespace causeway::cli
