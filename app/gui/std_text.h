#pragma once
// Core's texts (UTF-8 std::string) as Qt's, for the workbench's sources.
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace causeway::app {

inline QString q(const std::string& s) { return QString::fromStdString(s); }

inline QStringList qList(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << q(s);
    return out;
}

} // namespace causeway::app
