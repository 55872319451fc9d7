#pragma once
/// Progress reporting compatible with GDAL's GDALProgressFunc. The library never prints:
/// it calls a Progress, and the CLI draws the bar.

#include <functional>
#include <string_view>

namespace jw {

/// fraction in [0, 1]; returns false to cancel (the callee then throws jw::Error "cancelled").
using Progress = std::function<bool(double fraction, std::string_view stage)>;

/// A Progress that ignores everything; use as the default argument.
Progress no_progress();

/// Maps [0, 1] of a sub-task onto [from, to] of the parent (like GDALCreateScaledProgress).
Progress sub_progress(const Progress& parent, double from, double to);

/// Adapter with GDALProgressFunc's signature: pass &progress as pProgressArg.
int gdal_progress(double fraction, const char* message, void* progress);

} // namespace jw
