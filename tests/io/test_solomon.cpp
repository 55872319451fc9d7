#include "support/support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <jingwei/error.hpp>
#include <jingwei/io/solomon.hpp>
#include <sstream>

using jw::io::read_solomon;
using jw::test::data_path;
using jw::test::shared_path;

TEST_CASE("Solomon reader reads the fleet and every customer", "[io]") {
    const auto s = read_solomon(shared_path("data/bench/solomon/C101.txt"));
    CHECK(s.name == "C101");
    CHECK(s.vehicle_count == 25);
    CHECK(s.capacity == 200);
    REQUIRE(s.customers.size() == 101);
    CHECK(s.customers[0].due_date == 1236);
    CHECK(s.customers[1].x == 45);
    CHECK(s.customers[1].ready_time == 912);
    CHECK(s.customers[1].service_time == 90);
}

TEST_CASE("Solomon instance becomes a routing problem with unrounded distances", "[io]") {
    const auto p = jw::io::to_problem(read_solomon(data_path("routing/tiny8.txt")));
    CHECK(p.jobs.size() == 8);
    CHECK(p.vehicles.size() == 4);
    CHECK(p.vehicles[0].capacity == 30);
    CHECK(p.vehicles[0].shift.end_seconds == 300);
    CHECK(p.jobs[0].location == 1);
    CHECK(p.jobs[0].windows.at(0).end_seconds == 100);
    CHECK(p.travel_seconds(0, 1) == Approx(std::hypot(10.0, 5.0)));
}

TEST_CASE("Solomon reader names the file and line of what is wrong", "[io]") {
    SECTION("missing file") {
        CHECK_THROWS_WITH(read_solomon(data_path("routing/no_such.txt")),
                          Catch::Contains("no_such.txt") && Catch::Contains("cannot open"));
    }
    SECTION("truncated row") {
        try {
            read_solomon(data_path("routing/truncated.txt"));
            FAIL("no error");
        } catch (const jw::InputError& e) {
            CHECK(e.row == 17);
            CHECK(e.reason.find("7 columns") != std::string::npos);
        }
    }
    SECTION("bad header") {
        std::istringstream in("X\n\nVEHICLES\nNUMBER CAPACITY\n 25 200\n");
        try {
            read_solomon(in, "x.txt");
            FAIL("no error");
        } catch (const jw::InputError& e) {
            CHECK(e.row == 3);
            CHECK(e.field == "VEHICLE");
        }
    }
    SECTION("customer out of order") {
        std::istringstream in("X\nVEHICLE\nNUMBER CAPACITY\n 25 200\nCUSTOMER\nCUST NO.\n"
                              "0 0 0 0 0 100 0\n2 1 1 1 0 100 0\n");
        try {
            read_solomon(in, "x.txt");
            FAIL("no error");
        } catch (const jw::InputError& e) {
            CHECK(e.row == 8);
            CHECK(e.field == "CUST NO.");
        }
    }
}
