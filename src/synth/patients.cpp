#include "geometry.hpp"
#include "random.hpp"
#include "units.hpp"

#include <cmath>
#include <cstdio>
#include <jingwei/error.hpp>
#include <jingwei/store/workspace.hpp>
#include <jingwei/synth/patients.hpp>
#include <jingwei/synth/register_shape.hpp>
#include <memory>
#include <optional>
#include <set>

namespace jw::synth {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
std::int64_t days_from_iso(const std::string& date) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        throw InputError("", 0, "as_of", "'" + date + "' is not a date YYYY-MM-DD");
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy =
        (153 * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = era * 146097 + static_cast<std::int64_t>(doe) - 719468;
    if (iso_from_days(days) != date) // 2026-02-30 and the like
        throw InputError("", 0, "as_of", "'" + date + "' is not a calendar date");
    return days;
}

std::string iso_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
    return buf;
}

namespace {

struct Patient {
    std::string key, village_code, diagnosis, stability, management, medication, sex;
    int risk = 0;
    int birth_year = 0;
    std::string registered, last_visit, last_exam; ///< "" = NULL
    std::optional<std::pair<double, double>> home;
};

std::string hex16(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

const std::string& label(const Categorical& c, std::size_t i) {
    return c.weights.at(i).first;
}

} // namespace

PatientReport
synthesize_patients(store::Workspace& ws, const PatientOptions& options, const Progress& progress) {
    if (!(options.prevalence_per_mille >= 0) || options.prevalence_per_mille > 1000)
        throw UsageError("--prevalence: " + std::to_string(options.prevalence_per_mille) +
                         " is not a rate per mille between 0 and 1000");
    const std::int64_t as_of = days_from_iso(options.as_of);
    const int as_of_year = std::stoi(options.as_of.substr(0, 4));
    const auto shape = load_register_shape(
        options.shape_path.empty() ? default_register_shape_path() : options.shape_path);
    PatientReport report;
    report.seed = options.seed;
    report.prevalence_per_mille = options.prevalence_per_mille;
    report.as_of = options.as_of;
    report.year = options.year != 0 ? options.year : detail::latest_population_year(ws);

    const std::int64_t real =
        ws.db().query_int("SELECT count(*) FROM patients WHERE synthetic = 0");
    if (real > 0)
        throw UsageError(
            ws.path() + ": holds " + std::to_string(real) +
            " real (synthetic=0) patients; a synthetic register is only generated into "
            "a workspace without a real one");
    const std::int64_t earlier =
        ws.db().query_int("SELECT count(*) FROM patients WHERE synthetic = 1");
    if (earlier > 0 && !options.replace)
        throw UsageError(ws.path() + ": already holds " + std::to_string(earlier) +
                         " synthetic patients; add --replace to generate them again");

    const int epsg = ws.crs_epsg();
    const auto tree = detail::load_units(ws);
    const auto population = detail::load_population(ws, report.year, "resident");

    // Township polygons keep scattered homes on land that belongs to the township.
    std::map<std::string, std::unique_ptr<geo::PreparedArea>> township_area;
    auto township_polygon = [&](const std::string& code) -> const geo::PreparedArea* {
        if (epsg == 0)
            return nullptr;
        auto it = township_area.find(code);
        if (it != township_area.end())
            return it->second.get();
        std::unique_ptr<geo::PreparedArea> prepared;
        auto st = ws.db().prepare("SELECT AsBinary(geom) FROM admin_units WHERE code = ?");
        st.bind(1, code);
        if (st.step() && !st.is_null(0))
            prepared = std::make_unique<geo::PreparedArea>(detail::read_wkb(st.column_blob(0)));
        return township_area.emplace(code, std::move(prepared)).first->second.get();
    };

    std::vector<Patient> patients;
    std::set<std::string> keys;
    std::vector<std::string> village_name_of; // per patient, for the fake address
    std::vector<std::size_t> villages;
    for (std::size_t i = 0; i < tree.units.size(); ++i)
        if (tree.units[i].level == "village")
            villages.push_back(i);

    for (std::size_t vi = 0; vi < villages.size(); ++vi) {
        detail::report(progress,
                       0.8 * static_cast<double>(vi) / std::max<std::size_t>(1, villages.size()),
                       "patients");
        const auto& village = tree.units[villages[vi]];
        const auto pop = population.find(village.code);
        if (pop == population.end()) {
            report.villages_without_population.push_back(village.code);
            continue;
        }
        ++report.villages;
        const std::uint64_t stream = detail::stream_seed(options.seed, village.code);
        detail::Rng rng(stream);
        const double expected =
            options.prevalence_per_mille * static_cast<double>(pop->second) / 1000.0;
        report.expected_patients += expected;
        // Stochastic rounding: the count's expectation is exactly `expected`.
        const auto count = static_cast<std::int64_t>(std::floor(expected)) +
                           (rng.chance(expected - std::floor(expected)) ? 1 : 0);

        std::optional<std::pair<double, double>> seat;
        if (epsg != 0 && village.has_seat) {
            auto st = ws.db().prepare("SELECT X(seat), Y(seat) FROM admin_units WHERE code = ?");
            st.bind(1, village.code);
            if (st.step() && !st.is_null(0))
                seat = std::make_pair(st.column_double(0), st.column_double(1));
        }
        const geo::PreparedArea* area = seat ? township_polygon(village.parent_code) : nullptr;
        const double sigma = detail::is_urban(village) ? shape.urban_sigma_m : shape.rural_sigma_m;

        for (std::int64_t j = 0; j < count; ++j) {
            Patient p;
            p.village_code = village.code;
            for (std::uint64_t salt = 0;; ++salt) {
                p.key = "SYN-" +
                        hex16(detail::splitmix64(
                            stream ^
                            detail::splitmix64(static_cast<std::uint64_t>(j) * 1000003u + salt)));
                if (keys.insert(p.key).second)
                    break;
            }
            p.diagnosis = label(shape.diagnosis, rng.pick(shape.diagnosis.values()));
            p.risk = std::stoi(label(shape.risk, rng.pick(shape.risk.values())));
            if (p.risk >= 3) {
                p.stability = "unstable"; // §5.3: risk 3–5 is unstable by definition
            } else {
                const auto& table = p.risk == 0 ? shape.stability_risk_0 : shape.stability_risk_1_2;
                p.stability = label(table, rng.pick(table.values()));
            }
            p.medication = label(shape.medication, rng.pick(shape.medication.values()));
            p.management = label(shape.management, rng.pick(shape.management.values()));
            p.sex = label(shape.sex, rng.pick(shape.sex.values()));
            std::vector<double> bin_weights;
            for (const auto& b : shape.age)
                bin_weights.push_back(b.weight);
            const auto& bin = shape.age[rng.pick(bin_weights)];
            p.birth_year =
                as_of_year - static_cast<int>(rng.integer(bin.from_years, bin.to_years - 1));

            const bool is_new = rng.chance(shape.new_share);
            const std::int64_t registered_ago =
                is_new ? rng.integer(0, shape.new_max_days)
                       : rng.integer(shape.registration_min_days, shape.registration_max_days);
            p.registered = iso_from_days(as_of - registered_ago);
            if (!is_new) {
                std::int64_t visit_ago = 0;
                if (p.management == "lost") {
                    visit_ago = rng.integer(shape.lost_min_days, shape.lost_max_days);
                } else if (p.management == "refusing") {
                    visit_ago = rng.integer(shape.refusing_min_days, shape.refusing_max_days);
                } else {
                    const int window = p.stability == "stable" ? shape.stable_visit_max_days
                                                               : shape.other_visit_max_days;
                    visit_ago = rng.integer(0, window);
                    if (rng.chance(shape.overdue_share)) // late, so "due this month" has work
                        visit_ago = window + rng.integer(1, std::max(1, shape.overdue_extra_days));
                }
                p.last_visit = iso_from_days(as_of - std::min(visit_ago, registered_ago));
                if (rng.chance(shape.exam_share))
                    p.last_exam = iso_from_days(
                        as_of - rng.integer(0, std::min<std::int64_t>(364, registered_ago)));
            }
            if (seat) {
                p.home = seat; // fallback when no draw lands inside the township
                const double limit = shape.max_sigmas * sigma;
                for (int attempt = 0; attempt < 20; ++attempt) {
                    const double dx = rng.normal() * sigma, dy = rng.normal() * sigma;
                    if (std::hypot(dx, dy) > limit)
                        continue;
                    const double x = seat->first + dx, y = seat->second + dy;
                    if (area != nullptr && !area->contains(x, y))
                        continue;
                    p.home = std::make_pair(x, y);
                    break;
                }
            } else {
                ++report.without_home;
            }
            ++report.by_diagnosis[p.diagnosis];
            ++report.by_stability[p.stability];
            ++report.by_management[p.management];
            ++report.by_medication[p.medication];
            ++report.by_risk[p.risk];
            patients.push_back(std::move(p));
            village_name_of.push_back(village.name);
        }
    }

    store::Transaction tx(ws.db());
    if (earlier > 0) {
        ws.db().exec("DELETE FROM patient_identity WHERE patient_key IN "
                     "(SELECT patient_key FROM patients WHERE synthetic = 1)");
        ws.db().exec("DELETE FROM patients WHERE synthetic = 1");
        report.replaced = earlier;
    }
    const std::string columns =
        "patient_key, village_code, declared_code, assigned_by, diagnosis, risk_level, stability, "
        "management_status, medication, registered_date, last_visit_date, last_exam_date, sex, "
        "birth_year, synthetic";
    const std::string values = "?, ?, ?, 'code', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1";
    auto insert_home = epsg != 0 ? std::optional<store::Statement>(ws.db().prepare(
                                       "INSERT INTO patients (" + columns + ", home) VALUES (" +
                                       values + ", MakePoint(?, ?, " + std::to_string(epsg) + "))"))
                                 : std::nullopt;
    auto insert_plain =
        ws.db().prepare("INSERT INTO patients (" + columns + ") VALUES (" + values + ")");
    auto insert_identity = ws.db().prepare(
        "INSERT INTO patient_identity (patient_key, name, address, phone, guardian_name, "
        "guardian_phone, synthetic) VALUES (?, ?, ?, ?, ?, ?, 1)");
    const int width = std::max(4, static_cast<int>(std::to_string(patients.size()).size()));
    auto opt = [](const std::string& s) {
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    };
    for (std::size_t k = 0; k < patients.size(); ++k) {
        if (k % 1024 == 0)
            detail::report(progress,
                           0.8 +
                               0.2 * static_cast<double>(k) / static_cast<double>(patients.size()),
                           "writing");
        const auto& p = patients[k];
        auto& st = p.home && insert_home ? *insert_home : insert_plain;
        st.bind(1, p.key)
            .bind(2, p.village_code)
            .bind(3, p.village_code)
            .bind(4, p.diagnosis)
            .bind(5, p.risk)
            .bind(6, p.stability)
            .bind(7, p.management)
            .bind(8, p.medication)
            .bind(9, p.registered)
            .bind(10, opt(p.last_visit))
            .bind(11, opt(p.last_exam))
            .bind(12, p.sex)
            .bind(13, p.birth_year);
        if (p.home && insert_home)
            st.bind(14, p.home->first).bind(15, p.home->second);
        st.run();
        std::string number = std::to_string(k + 1);
        number.insert(
            0, static_cast<std::size_t>(std::max(0, width - static_cast<int>(number.size()))), '0');
        char phone[32];
        std::snprintf(phone, sizeof phone, "000-%08zu", k + 1);
        char guardian_phone[32];
        std::snprintf(guardian_phone, sizeof guardian_phone, "000-9%07zu", (k + 1) % 10000000);
        insert_identity.bind(1, p.key)
            .bind(2, "患者" + number)
            .bind(3, "（合成）地址 " + village_name_of[k] + std::to_string(k + 1) + "号")
            .bind(4, std::string(phone))
            .bind(5, "监护人" + number)
            .bind(6, std::string(guardian_phone))
            .run();
    }
    report.patients = static_cast<std::int64_t>(patients.size());
    tx.commit();
    detail::report(progress, 1.0, "patients");
    return report;
}

} // namespace jw::synth
