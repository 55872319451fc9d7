#pragma once
/// Geometry columns of result tables created by a migration that may run before the workspace
/// CRS is decided: registered (AddGeometryColumn + spatial index) when first written.

#include <jingwei/store/workspace.hpp>
#include <string>

namespace jw::store {

/// Adds `column` of SpatiaLite `type` ("POINT", "LINESTRING", "POLYGON", "MULTIPOLYGON") in the
/// workspace CRS to `table` unless it is registered already. Call inside the writer's
/// transaction. Throws jw::InputError when the workspace has no CRS yet.
void ensure_geometry_column(Workspace& ws,
                            const std::string& table,
                            const std::string& column,
                            const std::string& type);

} // namespace jw::store
