#include <algorithm>
#include <jingwei/render/labels.hpp>
#include <numeric>

namespace jw::render {

std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const Box& frame,
                                         const std::vector<Box>& obstacles) {
    std::vector<std::size_t> order(requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return requests[a].priority > requests[b].priority;
    });
    std::vector<LabelPlacement> out(requests.size());
    std::vector<Box> taken = obstacles;
    for (const std::size_t i : order) {
        const auto& r = requests[i];
        const double dx[] = {0, 0, 0, r.width / 2 + 2, -r.width / 2 - 2};
        const double dy[] = {0, -r.height, r.height, 0, 0};
        for (int k = 0; k < 5; ++k) {
            const double cx = r.x + dx[k], cy = r.y + dy[k];
            const Box box{cx - r.width / 2, cy - r.height / 2, cx + r.width / 2, cy + r.height / 2};
            if (!box.inside(frame) || std::any_of(taken.begin(), taken.end(), [&](const Box& t) {
                    return t.overlaps(box);
                }))
                continue;
            out[i] = {true, k > 0, box};
            taken.push_back(box);
            break;
        }
    }
    return out;
}

} // namespace jw::render
