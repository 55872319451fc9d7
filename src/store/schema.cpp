// The workspace schema as an ordered list of migrations. A migration is never edited once
// released: add a new one. Value domains are CHECK constraints so a bug cannot write a
// risk level of 7 even if a parser lets it through.

#include "schema.hpp"

#include <chrono>
#include <ctime>
#include <jingwei/store/workspace.hpp>

namespace jw::store::detail {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "initial schema", R"SQL(
CREATE TABLE jw_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Every import, successful or not: what was read, kept and rejected, from which file (by hash).
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  source_crs TEXT,
  encoding TEXT,
  options TEXT,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_kept INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  rejects_file TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('ok', 'rows_rejected')));

-- Administrative units keyed by the 12-digit NBS statistical code (统计用区划代码).
CREATE TABLE admin_units (
  code TEXT PRIMARY KEY CHECK (length(code) = 12 AND code NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
  parent_code TEXT,
  urban_rural_code TEXT CHECK (urban_rural_code IS NULL OR
    urban_rural_code IN ('111', '112', '121', '122', '123', '210', '220')),
  vintage TEXT,
  derived INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  source TEXT,
  import_id INTEGER REFERENCES imports (id));
CREATE INDEX admin_units_parent ON admin_units (parent_code);
CREATE INDEX admin_units_level ON admin_units (level);

-- Resident (常住) or registered (户籍) population of a unit in a year.
CREATE TABLE population (
  unit_code TEXT NOT NULL REFERENCES admin_units (code),
  year INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2100),
  count INTEGER NOT NULL CHECK (count >= 0),
  kind TEXT NOT NULL DEFAULT 'resident' CHECK (kind IN ('resident', 'registered')),
  quality TEXT NOT NULL DEFAULT 'exact' CHECK (quality IN ('exact', 'approx', 'unverified', 'derived')),
  derived INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  source TEXT,
  import_id INTEGER REFERENCES imports (id),
  PRIMARY KEY (unit_code, year, kind));

CREATE TABLE facilities (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('psychiatric_hospital', 'general_hospital_psychiatry',
    'township_health_centre', 'community_health_centre', 'community_rehab',
    'prevention_institution', 'village_clinic', 'other')),
  unit_code TEXT REFERENCES admin_units (code),
  beds_authorised INTEGER CHECK (beds_authorised >= 0),
  beds_open INTEGER CHECK (beds_open >= 0),
  psychiatrists INTEGER CHECK (psychiatrists >= 0),
  prevention_staff INTEGER CHECK (prevention_staff >= 0),
  has_psych_clinic INTEGER CHECK (has_psych_clinic IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'required', 'closed')),
  location_quality TEXT CHECK (location_quality IN ('surveyed', 'geocoded', 'approx', 'derived')),
  derived INTEGER NOT NULL DEFAULT 0 CHECK (derived IN (0, 1)),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  source TEXT,
  import_id INTEGER REFERENCES imports (id));
CREATE INDEX facilities_unit ON facilities (unit_code);

-- The register, pseudonymised: no name, ID number, phone or address here (docs/privacy.md).
CREATE TABLE patients (
  patient_key TEXT PRIMARY KEY,
  village_code TEXT REFERENCES admin_units (code),
  declared_code TEXT,
  assigned_by TEXT CHECK (assigned_by IN ('polygon', 'code')),
  location_issue TEXT,
  diagnosis TEXT NOT NULL CHECK (diagnosis IN ('schizophrenia', 'schizoaffective',
    'persistent_delusional', 'bipolar', 'epilepsy_related', 'intellectual_disability')),
  risk_level INTEGER CHECK (risk_level BETWEEN 0 AND 5),
  stability TEXT CHECK (stability IN ('stable', 'basically_stable', 'unstable')),
  management_status TEXT NOT NULL DEFAULT 'managed' CHECK (management_status IN
    ('managed', 'lost', 'refusing', 'in_hospital', 'moved_out', 'deceased')),
  medication TEXT CHECK (medication IN ('regular', 'intermittent', 'none')),
  registered_date TEXT,
  last_visit_date TEXT,
  last_exam_date TEXT,
  sex TEXT CHECK (sex IN ('male', 'female')),
  birth_year INTEGER,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  import_id INTEGER REFERENCES imports (id));
CREATE INDEX patients_village ON patients (village_code);

-- The only table with identity fields. Read by nothing but a team's route sheet, on request.
CREATE TABLE patient_identity (
  patient_key TEXT PRIMARY KEY REFERENCES patients (patient_key) ON DELETE CASCADE,
  name TEXT,
  address TEXT,
  phone TEXT,
  guardian_name TEXT,
  guardian_phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)));

-- Per-workspace secret of the keyed hash that makes patient keys (never exported).
CREATE TABLE jw_secret (name TEXT PRIMARY KEY, value BLOB NOT NULL);

-- Visiting teams: base facility, members by role, skills, daily hours.
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  base_facility_id TEXT REFERENCES facilities (id),
  unit_code TEXT REFERENCES admin_units (code),
  members TEXT NOT NULL DEFAULT '[]',
  skills TEXT NOT NULL DEFAULT '',
  shift TEXT NOT NULL DEFAULT '08:30-11:30,14:00-17:00',
  workdays TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri',
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  import_id INTEGER REFERENCES imports (id));
)SQL"},
        {2, "grid: cells, unit area shares, build parameters", R"SQL(
-- One grid per workspace (jingwei grid replaces it): the parameters and the population method.
CREATE TABLE grid_runs (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cell_m REAL NOT NULL CHECK (cell_m > 0),
  shape TEXT NOT NULL CHECK (shape IN ('square', 'hex')),
  origin_x REAL NOT NULL,
  origin_y REAL NOT NULL,
  cols INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  extent_code TEXT,
  population_level TEXT,
  population_method TEXT NOT NULL,
  population_year INTEGER,
  created_at TEXT NOT NULL);

-- Cells inside the area; id = row * cols + col. area_m2 is the part inside the area (less than
-- cell_m² on the outline). population is allocated (fractional); patients and facilities are
-- raw counts from points: aggregated outputs must suppress small patient counts.
CREATE TABLE grid_cells (
  id INTEGER PRIMARY KEY,
  col INTEGER NOT NULL,
  row INTEGER NOT NULL,
  area_m2 REAL NOT NULL CHECK (area_m2 > 0),
  population REAL,
  patients INTEGER NOT NULL DEFAULT 0,
  facilities INTEGER NOT NULL DEFAULT 0);

-- Each unit's exact area share per cell: the shares of a unit sum to 1.
CREATE TABLE grid_shares (
  unit_code TEXT NOT NULL REFERENCES admin_units (code),
  cell_id INTEGER NOT NULL REFERENCES grid_cells (id),
  area_m2 REAL NOT NULL,
  share REAL NOT NULL CHECK (share > 0 AND share <= 1.000000001),
  PRIMARY KEY (unit_code, cell_id)) WITHOUT ROWID;
CREATE INDEX grid_shares_cell ON grid_shares (cell_id);
)SQL"},
        {3, "gap results for maps and reports", R"SQL(
-- Gap tables saved by `jingwei gaps --save`, one set per (profile, level), replaced on re-run.
-- Suppressed and unknown figures are NULL with the status saying which; join admin_units on
-- unit_code (or grid_cells on the id in 'cell:<id>') for geometry.
CREATE TABLE gap_results (
  profile TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('city', 'county', 'township', 'village', 'cell')),
  as_of TEXT,
  unit_code TEXT NOT NULL, -- admin_units.code, or 'cell:' + 12-digit grid_cells.id
  indicator TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('gap', 'unknown', 'suppressed', 'met')),
  value REAL,
  numerator REAL,
  denominator REAL,
  target REAL NOT NULL,
  unit TEXT NOT NULL,
  target_year INTEGER,
  gap_abs REAL,
  gap_rel REAL,
  closes_amount REAL,
  closes_what TEXT,
  note TEXT,
  rank INTEGER NOT NULL,
  target_profile TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_clause TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (profile, level, unit_code, indicator));
)SQL"},
        {4, "road network", R"SQL(
-- The routable road network (largest strongly connected component) with its contraction
-- hierarchy, as one binary image per import: preprocessing is paid once, and the newest row is
-- the one used (docs/decisions/0010-road-network.md). Counts are kept beside it for `info`.
CREATE TABLE road_networks (
  id INTEGER PRIMARY KEY,
  import_id INTEGER REFERENCES imports (id),
  source_file TEXT NOT NULL,
  crs_epsg INTEGER NOT NULL,
  speeds TEXT NOT NULL,
  lines_used INTEGER NOT NULL,
  nodes_before_scc INTEGER NOT NULL CHECK (nodes_before_scc >= 0),
  components INTEGER NOT NULL CHECK (components >= 0),
  nodes INTEGER NOT NULL CHECK (nodes >= 0),
  arcs INTEGER NOT NULL CHECK (arcs >= 0),
  shortcuts INTEGER NOT NULL CHECK (shortcuts >= 0),
  road_km REAL NOT NULL,
  built_at TEXT NOT NULL,
  network BLOB NOT NULL);
)SQL"},
        {5, "monthly due list and visit plan", R"SQL(
-- `jingwei due`: every task due in a month with the rule that made it due. One set per month,
-- replaced on re-run. id is stable within the month ('F:<patient_key>' follow-up,
-- 'E:<patient_key>' health exam, 'L:<patient_key>' search for a lost patient,
-- 'S:<village_code>' monthly screening). Dates are ISO YYYY-MM-DD; the window is inclusive.
CREATE TABLE due_visits (
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('followup', 'joint_followup', 'health_exam', 'screening', 'search')),
  patient_key TEXT REFERENCES patients (patient_key),
  village_code TEXT REFERENCES admin_units (code),
  township_code TEXT,
  earliest TEXT NOT NULL,
  deadline TEXT NOT NULL CHECK (deadline >= earliest),
  priority INTEGER NOT NULL DEFAULT 0,  -- higher first when not everything fits
  service_min REAL NOT NULL CHECK (service_min >= 0),
  skills TEXT NOT NULL DEFAULT '',      -- comma list a team needs on the day, e.g. 'police'
  rule TEXT NOT NULL,                   -- why it is due, in words, with the profile clause
  profile TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (month, id));
-- `jingwei plan`: one plan per month (replaced on re-run) with its quality report as JSON.
CREATE TABLE plan_runs (
  month TEXT PRIMARY KEY,
  profile TEXT NOT NULL,
  days TEXT NOT NULL,            -- comma list of ISO dates planned
  travel_source TEXT NOT NULL,   -- 'roads' or the straight-line label shown in every output
  summary TEXT NOT NULL,         -- JSON: hours, km, due vs planned, deadlines met, baseline
  created_at TEXT NOT NULL);
-- Each team-day route in order: seq 0 leaves the base, the last row returns to it (visit_id
-- NULL for both). Times are HH:MM on that day; x/y in the workspace CRS.
CREATE TABLE plan_stops (
  month TEXT NOT NULL REFERENCES plan_runs (month) ON DELETE CASCADE,
  team_id TEXT NOT NULL REFERENCES teams (id),
  day TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  visit_id TEXT,
  arrival TEXT NOT NULL,
  departure TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  travel_min REAL NOT NULL CHECK (travel_min >= 0),  -- from the previous stop
  travel_km REAL NOT NULL CHECK (travel_km >= 0),
  PRIMARY KEY (month, team_id, day, seq));
-- Due visits the plan could not fit, with the reason a planner can act on.
CREATE TABLE plan_unplanned (
  month TEXT NOT NULL REFERENCES plan_runs (month) ON DELETE CASCADE,
  visit_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (month, visit_id));
)SQL"},
        {6, "access results, referral designation, roads layer", R"SQL(
-- `jingwei access` (docs/access.md): results per facility kind ('psych_beds', 'psychiatrist',
-- 'rehab', 'clinic'), replaced on re-run. Geometry columns are registered when first written
-- (the workspace CRS may be decided after this migration ran). travel_method is 'road_network'
-- or 'straight_line' on every row, so no layer can be read without knowing which.
CREATE TABLE access_runs (
  facility TEXT PRIMARY KEY,
  thresholds TEXT NOT NULL,          -- comma list of minutes, inclusive
  catchment_min REAL NOT NULL,       -- of 2SFCA, E2SFCA and coverage
  demand_at TEXT NOT NULL CHECK (demand_at IN ('cells', 'villages')),
  level TEXT NOT NULL,
  travel_method TEXT NOT NULL,
  travel_label TEXT NOT NULL,
  supply TEXT NOT NULL,
  access_unit TEXT NOT NULL,
  capacity_source TEXT,
  profile TEXT NOT NULL,
  min_cell_count INTEGER NOT NULL,
  notes TEXT NOT NULL,               -- JSON array of what the planner must know
  created_at TEXT NOT NULL);
-- Demand points: grid cells (point = centre, cell = the square) or village seats.
CREATE TABLE access_points (
  facility TEXT NOT NULL,
  point_id TEXT NOT NULL,
  unit_code TEXT,
  population REAL NOT NULL,
  nearest_facility_id TEXT,
  nearest_min REAL,                  -- NULL: no time (beyond the snap limit)
  access_2sfca REAL,
  access_e2sfca REAL,
  covered REAL,
  travel_method TEXT NOT NULL,
  PRIMARY KEY (facility, point_id));
-- Per unit: population-weighted times, 2SFCA means, coverage; patient counts suppressed below
-- min_cell_count (NULL with patients_status = 'suppressed').
CREATE TABLE access_units (
  facility TEXT NOT NULL,
  level TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  name TEXT,
  population REAL NOT NULL,
  mean_min REAL,
  median_min REAL,
  unreachable_population REAL NOT NULL,
  access_2sfca REAL,
  access_e2sfca REAL,
  covered REAL,
  uncovered REAL,
  patients INTEGER,
  patients_status TEXT NOT NULL CHECK (patients_status IN ('shown', 'suppressed')),
  travel_method TEXT NOT NULL,
  PRIMARY KEY (facility, level, unit_code));
CREATE TABLE access_thresholds (
  facility TEXT NOT NULL,
  level TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  threshold_min REAL NOT NULL,
  population_within REAL NOT NULL,
  share_within REAL,
  patients_within INTEGER,
  patients_status TEXT NOT NULL CHECK (patients_status IN ('shown', 'suppressed')),
  PRIMARY KEY (facility, level, unit_code, threshold_min));
CREATE TABLE access_facilities (
  facility TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  name TEXT,
  supply REAL NOT NULL,
  capacity_people REAL,              -- NULL = unlimited
  priority INTEGER,
  population_in_reach REAL,
  absorbed REAL,
  ratio_2sfca REAL,
  ratio_e2sfca REAL,
  PRIMARY KEY (facility, facility_id));
CREATE TABLE access_isochrones (
  id INTEGER PRIMARY KEY,
  facility TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  threshold_min REAL NOT NULL,
  area_km2 REAL NOT NULL,
  travel_method TEXT NOT NULL);
-- Referral times of health centres; the line joins the two places (it is not the route).
CREATE TABLE access_referrals (
  id INTEGER PRIMARY KEY,
  from_facility_id TEXT NOT NULL,
  to_facility_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('nearest', 'designated')),
  minutes REAL,
  travel_method TEXT NOT NULL);
-- The facility a health centre refers patients to (转诊), when the facility list names it.
ALTER TABLE facilities ADD COLUMN referral_facility_id TEXT;
-- The imported road lines for QGIS: class, speed, one-way, and whether the line is part of the
-- routable network (the largest strongly connected component) or was dropped.
CREATE TABLE roads (
  id INTEGER PRIMARY KEY,
  network_id INTEGER NOT NULL REFERENCES road_networks (id) ON DELETE CASCADE,
  source_row INTEGER NOT NULL,
  class TEXT,
  speed_kmh REAL,
  oneway TEXT NOT NULL CHECK (oneway IN ('both', 'forward', 'backward')),
  kept INTEGER NOT NULL CHECK (kept IN (0, 1)),
  length_m REAL NOT NULL);
CREATE INDEX roads_network ON roads (network_id);
)SQL"},
        {7, "siting studies saved for reports", R"SQL(
-- `jingwei site --save`: one row per study, replaced when the same facility, model and demand
-- are studied again. Counts are raw (demand 'patients' counts patients): every output that
-- shows them suppresses 1..k-1 (docs/privacy.md). Sites carry x/y in the workspace CRS and a
-- POINT geometry column added on first save, when the CRS is known (as grid_cells does).
CREATE TABLE siting_runs (
  id INTEGER PRIMARY KEY,
  facility TEXT NOT NULL CHECK (facility IN ('rehab', 'beds', 'clinic')),
  model TEXT NOT NULL CHECK (model IN ('pmedian', 'mclp', 'lscp', 'scaleup')),
  demand TEXT NOT NULL CHECK (demand IN ('population', 'patients')),
  demand_at TEXT NOT NULL,
  threshold_min REAL NOT NULL CHECK (threshold_min > 0),
  added_requested INTEGER NOT NULL,
  travel_method TEXT NOT NULL,
  travel_label TEXT NOT NULL,
  objective REAL NOT NULL,
  bound REAL,
  proven_optimal INTEGER NOT NULL CHECK (proven_optimal IN (0, 1)),
  total_weight REAL NOT NULL,
  notes TEXT NOT NULL DEFAULT '[]',  -- JSON array of the study's notes
  created_at TEXT NOT NULL,
  UNIQUE (facility, model, demand));
CREATE TABLE siting_sites (
  run_id INTEGER NOT NULL REFERENCES siting_runs (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_code TEXT,
  status TEXT NOT NULL CHECK (status IN ('new', 'existing')),
  ord INTEGER NOT NULL,               -- order chosen for new sites, 0 for existing ones
  newly_covered REAL,                 -- NULL for existing sites
  x REAL NOT NULL,
  y REAL NOT NULL,
  PRIMARY KEY (run_id, site_id));
CREATE TABLE siting_counties (
  run_id INTEGER NOT NULL REFERENCES siting_runs (id) ON DELETE CASCADE,
  county_code TEXT NOT NULL,
  name TEXT NOT NULL,
  weight REAL NOT NULL,
  covered_before REAL NOT NULL,
  covered_after REAL NOT NULL,
  mean_minutes_before REAL,           -- NULL when no site was reachable before
  mean_minutes_after REAL,
  PRIMARY KEY (run_id, county_code));
)SQL"},
    };
    return all;
}

} // namespace jw::store::detail

namespace jw::store {

std::string utc_timestamp() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace jw::store
