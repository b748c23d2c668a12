#include "textfit.h"

#include <QFontMetrics>
#include <QStringList>
#include <QTextLayout>

#include <algorithm>

namespace causeway::widgets {

FittedText fitText(const QString& text, const QFont& font, int width, int maxLines) {
    FittedText fitted;
    if (text.isEmpty()) return fitted;
    width = std::max(width, 1);
    maxLines = std::max(maxLines, 1);
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere); // a word wider than the line breaks anywhere
    layout.setTextOption(option);
    QStringList lines;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        if (lines.size() == maxLines - 1) {
            // The last line allowed takes all the rest, elided when it is too long.
            const QString rest = text.mid(line.textStart()).trimmed();
            const QString shown = QFontMetrics(font).elidedText(rest, Qt::ElideRight, width);
            fitted.elided = shown != rest;
            lines << shown;
            break;
        }
        lines << text.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    fitted.text = lines.join(QLatin1Char('\n'));
    fitted.lines = static_cast<int>(lines.size());
    return fitted;
}

} // namespace causeway::widgets
