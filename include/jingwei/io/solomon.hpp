#pragma once
/// Reader for Solomon's VRPTW benchmark files (Solomon 1987, the 25/50/100-customer text layout).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <jingwei/routing/vrp.hpp>
#include <string>
#include <vector>

namespace jw::io {

struct SolomonCustomer {
    int number = 0; ///< 0 is the depot
    double x = 0.0;
    double y = 0.0;
    std::int64_t demand = 0;
    double ready_time = 0.0;
    double due_date = 0.0;
    double service_time = 0.0;
};

struct SolomonInstance {
    std::string name;
    std::size_t vehicle_count = 0;
    std::int64_t capacity = 0;
    std::vector<SolomonCustomer> customers; ///< [0] is the depot, then 1..n in order
};

/// Reads a Solomon .txt file. Throws jw::InputError (file, line, reason) when it is missing,
/// lacks the VEHICLE or CUSTOMER block, or a row is malformed, duplicated or missing.
SolomonInstance read_solomon(const std::filesystem::path& file);
SolomonInstance read_solomon(std::istream& in, const std::string& file_label);

/// The benchmark as a routing problem: location i is customer i (0 the depot), job j is customer
/// j+1, Euclidean distances unrounded as both travel time and cost, `vehicle_count` identical
/// vehicles whose shift is the depot's [ready, due].
routing::Problem to_problem(const SolomonInstance& instance);

} // namespace jw::io
