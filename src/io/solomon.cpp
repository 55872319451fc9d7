#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include "tokens.hpp"

#include <jingwei/error.hpp>
#include <jingwei/io/solomon.hpp>
#include <sstream>

namespace jw::io {
namespace {

using detail::parse_number;
using detail::split;
using detail::upper;

bool is_integral(double v) {
    return v == std::floor(v);
}

} // namespace

SolomonInstance read_solomon(std::istream& in, const std::string& file) {
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    const auto fail = [&](std::size_t line, const std::string& field, const std::string& reason) {
        throw InputError(file, static_cast<std::int64_t>(line), field, reason);
    };
    std::size_t i = 0;
    const auto next_nonempty = [&]() -> std::size_t {
        while (i < lines.size() && split(lines[i]).empty())
            ++i;
        return i;
    };
    SolomonInstance out;
    if (next_nonempty() == lines.size())
        fail(0, "", "empty file");
    out.name = split(lines[i++])[0];

    if (next_nonempty() == lines.size() || upper(split(lines[i])[0]) != "VEHICLE")
        fail(i + 1, "VEHICLE", "expected the VEHICLE block after the name");
    ++i;
    if (next_nonempty() == lines.size() || upper(lines[i]).find("CAPACITY") == std::string::npos)
        fail(i + 1, "VEHICLE", "expected the 'NUMBER CAPACITY' header");
    ++i;
    if (next_nonempty() == lines.size())
        fail(i, "VEHICLE", "truncated: no vehicle number and capacity");
    {
        const auto tokens = split(lines[i]);
        double number = 0;
        double capacity = 0;
        if (tokens.size() != 2 || !parse_number(tokens[0], number) ||
            !parse_number(tokens[1], capacity) || number < 1 || capacity < 0 ||
            !is_integral(number) || !is_integral(capacity))
            fail(i + 1, "VEHICLE", "expected two non-negative integers 'NUMBER CAPACITY'");
        out.vehicle_count = static_cast<std::size_t>(number);
        out.capacity = static_cast<std::int64_t>(capacity);
        ++i;
    }
    if (next_nonempty() == lines.size() || upper(split(lines[i])[0]) != "CUSTOMER")
        fail(i + 1, "CUSTOMER", "expected the CUSTOMER block");
    ++i;
    if (next_nonempty() == lines.size() || upper(lines[i]).find("CUST") == std::string::npos)
        fail(i + 1, "CUSTOMER", "expected the column header 'CUST NO. XCOORD. ...'");
    ++i;
    for (; i < lines.size(); ++i) {
        const auto tokens = split(lines[i]);
        if (tokens.empty())
            continue;
        const std::size_t line_no = i + 1;
        double v[7];
        if (tokens.size() != 7)
            fail(line_no,
                 "CUSTOMER",
                 "expected 7 columns (CUST NO., X, Y, DEMAND, READY, DUE, SERVICE), found " +
                     std::to_string(tokens.size()));
        for (std::size_t k = 0; k < 7; ++k)
            if (!parse_number(tokens[k], v[k]))
                fail(line_no, "CUSTOMER", "'" + tokens[k] + "' is not a number");
        if (!is_integral(v[0]) || v[0] != static_cast<double>(out.customers.size()))
            fail(line_no,
                 "CUST NO.",
                 "expected customer " + std::to_string(out.customers.size()) + ", found " +
                     tokens[0]);
        if (!is_integral(v[3]) || v[3] < 0)
            fail(line_no, "DEMAND", "'" + tokens[3] + "' is not a non-negative integer");
        if (v[4] > v[5])
            fail(line_no, "DUE DATE", "due date before ready time");
        if (v[6] < 0)
            fail(line_no, "SERVICE TIME", "negative");
        SolomonCustomer c;
        c.number = static_cast<int>(v[0]);
        c.x = v[1];
        c.y = v[2];
        c.demand = static_cast<std::int64_t>(v[3]);
        c.ready_time = v[4];
        c.due_date = v[5];
        c.service_time = v[6];
        out.customers.push_back(c);
    }
    if (out.customers.size() < 2)
        fail(lines.size(), "CUSTOMER", "truncated: no customers after the depot");
    return out;
}

SolomonInstance read_solomon(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw InputError(file.string(), 0, "", "cannot open the file");
    return read_solomon(in, file.string());
}

routing::Problem to_problem(const SolomonInstance& instance) {
    const std::size_t n = instance.customers.size();
    std::vector<double> distance(n * n, 0.0);
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            distance[a * n + b] = std::hypot(instance.customers[a].x - instance.customers[b].x,
                                             instance.customers[a].y - instance.customers[b].y);
    routing::Problem p;
    p.travel_seconds = routing::Matrix(n, std::move(distance));
    const auto& depot = instance.customers[0];
    for (std::size_t c = 1; c < n; ++c) {
        const auto& customer = instance.customers[c];
        routing::Job job;
        job.location = c;
        job.service_seconds = customer.service_time;
        job.windows = {{customer.ready_time, customer.due_date}};
        job.demand = customer.demand;
        p.jobs.push_back(job);
    }
    routing::Vehicle vehicle;
    vehicle.start_location = vehicle.end_location = 0;
    vehicle.shift = {depot.ready_time, depot.due_date};
    vehicle.capacity = instance.capacity;
    p.vehicles.assign(instance.vehicle_count, vehicle);
    return p;
}

} // namespace jw::io
