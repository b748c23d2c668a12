#pragma once
// One cell of a layers x tokens (or heads) grid, shared by the heatmap's and the grid's selections.

namespace causeway::widgets {

struct GridCell {
    int row = 0; // layer row
    int col = 0; // token (or head) column
    bool operator==(const GridCell& o) const { return row == o.row && col == o.col; }
    bool operator<(const GridCell& o) const { return row != o.row ? row < o.row : col < o.col; }
};

} // namespace causeway::widgets
