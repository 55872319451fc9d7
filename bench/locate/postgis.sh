#!/usr/bin/env bash
# PostGIS peer for bench/locate: load, index, join, write, in a fresh database each time.
#   postgis.sh FORM POINTS.csv POLYGONS KEY OUT.csv
# FORM polygons: GiST on the villages, a lateral lookup per home (the planner's fast form);
# FORM points: GiST on the homes, one join from the villages' side.
# Expects the cluster that run.sh starts ($PGHOST, $PGPORT, user postgres). The time counted is
# this whole script: ogr2ogr load + COPY + index + query + COPY out, as for the other engines.
# ST_Covers keeps boundary points; DISTINCT ON / LIMIT 1 by file order keeps the first village.
set -euo pipefail
form=$1 points=$2 polygons=$3 key=$4 out=$5
db=jw_locate_$form
psql -q -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -q -U postgres -d "$db" -c "CREATE EXTENSION postgis"
ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT user=postgres dbname=$db" "$polygons" \
  -nln villages -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -preserve_fid -lco FID=rank
srid=$(psql -At -U postgres -d "$db" -c "SELECT Find_SRID('public', 'villages', 'geom')")
psql -q -v ON_ERROR_STOP=1 -U postgres -d "$db" <<SQL
CREATE TABLE homes (seq bigint GENERATED ALWAYS AS IDENTITY, id text, x float8, y float8,
  geom geometry(Point, $srid) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(x, y), $srid)) STORED);
\copy homes (id, x, y) FROM '$points' CSV HEADER
SQL
if [ "$form" = polygons ]; then
  psql -q -v ON_ERROR_STOP=1 -U postgres -d "$db" <<SQL
CREATE INDEX ON villages USING gist (geom);
ANALYZE villages; ANALYZE homes;
\copy (SELECT h.id, v.$key FROM homes h LEFT JOIN LATERAL (SELECT $key FROM villages v WHERE ST_Covers(v.geom, h.geom) ORDER BY v.rank LIMIT 1) v ON true ORDER BY h.seq) TO '$out' CSV HEADER
SQL
else
  psql -q -v ON_ERROR_STOP=1 -U postgres -d "$db" <<SQL
CREATE INDEX ON homes USING gist (geom);
ANALYZE villages; ANALYZE homes;
\copy (SELECT h.id, m.$key FROM homes h LEFT JOIN (SELECT DISTINCT ON (p.seq) p.seq, v.$key FROM villages v JOIN homes p ON ST_Covers(v.geom, p.geom) ORDER BY p.seq, v.rank) m ON m.seq = h.seq ORDER BY h.seq) TO '$out' CSV HEADER
SQL
fi
psql -q -U postgres -d postgres -c "DROP DATABASE $db"
