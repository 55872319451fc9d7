#include <jingwei/error.hpp>
#include <jingwei/store/geometry_layer.hpp>

namespace jw::store {

void ensure_geometry_column(Workspace& ws,
                            const std::string& table,
                            const std::string& column,
                            const std::string& type) {
    const int epsg = ws.crs_epsg();
    if (epsg == 0)
        throw InputError(ws.path(), 0, "", "the workspace has no CRS yet: import data first");
    auto st = ws.db().prepare("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                              "lower(?) AND f_geometry_column = lower(?)");
    st.bind(1, table).bind(2, column);
    if (st.step() && st.column_int(0) > 0)
        return;
    auto add = ws.db().prepare("SELECT AddGeometryColumn(?, ?, ?, ?, 'XY')");
    add.bind(1, table).bind(2, column).bind(3, epsg).bind(4, type);
    if (!add.step() || add.column_int(0) != 1)
        throw InternalError("AddGeometryColumn failed for " + table + "." + column);
    auto index = ws.db().prepare("SELECT CreateSpatialIndex(?, ?)");
    index.bind(1, table).bind(2, column);
    index.step();
}

} // namespace jw::store
