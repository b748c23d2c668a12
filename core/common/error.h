#pragma once
// The one exception type the core throws for bad input. Its message is a complete sentence
// meant for the user: what is wrong, where, and what to do about it.
#include <stdexcept>
#include <string>

namespace causeway {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace causeway
