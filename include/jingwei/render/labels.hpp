#pragma once
/// Label placement with a collision check: labels are placed in priority order at their anchor
/// or at one of a few nearby positions; a label that would overlap a placed one (or an
/// obstacle, or leave the frame) everywhere is dropped, never drawn on top of another.

#include <vector>

namespace jw::render {

/// An axis-aligned box in page points (y grows downwards, as on the page).
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    bool inside(const Box& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
};

struct LabelRequest {
    double x = 0, y = 0;          ///< anchor: where the label's centre should be
    double width = 0, height = 0; ///< text extent in points
    double priority = 0;          ///< higher is placed first (e.g. the unit's area)
};

struct LabelPlacement {
    bool placed = false;
    bool moved = false; ///< placed, but not centred on its anchor
    Box box;            ///< where the text goes when placed
};

/// Places labels (result i belongs to request i). Candidates, in order: centred on the anchor,
/// then shifted by one label height up, down, and by half a width right, left. Ties in priority
/// keep input order, so the result is deterministic.
std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const Box& frame,
                                         const std::vector<Box>& obstacles = {});

} // namespace jw::render
