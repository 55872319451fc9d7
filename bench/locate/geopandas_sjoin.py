"""GeoPandas peer for bench/locate: read, sjoin, write, as a GeoPandas user would.

usage: /usr/bin/python3 geopandas_sjoin.py POINTS.csv POLYGONS KEY OUT.csv

'intersects' is covers for a point (boundary inside); a point on a shared edge matches several
villages and keeps the first in file order, the rule every engine in the benchmark follows.
"""
import sys

import geopandas as gpd
import pandas as pd

points_csv, polygons_path, key, out_csv = sys.argv[1:5]
# round_trip: pandas' default float parser can miss the nearest double by one unit in the last
# place, which moves a point that lies exactly on a vertex.
points = pd.read_csv(points_csv, dtype={"id": str}, float_precision="round_trip")
polygons = gpd.read_file(polygons_path)[[key, "geometry"]]
polygons["rank"] = range(len(polygons))
homes = gpd.GeoDataFrame(points[["id"]], geometry=gpd.points_from_xy(points.x, points.y), crs=polygons.crs)
joined = gpd.sjoin(homes, polygons, how="left", predicate="intersects")
joined = joined.sort_values("rank", kind="stable")
joined = joined[~joined.index.duplicated(keep="first")].sort_index()
joined[["id", key]].to_csv(out_csv, index=False)
