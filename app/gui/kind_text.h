#pragma once
// The experiment kinds' texts in the user's language. Core is Qt-free and speaks English; the
// workbench translates its fixed phrases in the "ExperimentKinds" context.
#include <QString>

#include <string>

namespace causeway {
struct Phrase;
}

namespace causeway::app {

QString kindText(const std::string& english);
// A kind's phrase: the format translated, then each argument that has a translation (metric
// titles, map names); prompts and token texts pass through unchanged.
QString kindText(const Phrase& phrase);

} // namespace causeway::app
