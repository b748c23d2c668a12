#pragma once
// Fitting a label into a width: word-wrapped onto a few lines, and elided only past the last one.
#include <QFont>
#include <QString>

namespace causeway::widgets {

struct FittedText {
    QString text;        // lines joined with '\n'
    int lines = 0;
    bool elided = false; // some of the text did not fit (show the whole of it in a tooltip)
};

FittedText fitText(const QString& text, const QFont& font, int width, int maxLines);

} // namespace causeway::widgets
