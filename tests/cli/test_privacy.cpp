// Patient privacy on the sample job: a register with identity fields goes in, and no output of
// the job but the workspace's own identity table holds any of them (docs/privacy.md).

#include "support/support.hpp"
#include "support/workspace_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <jingwei/store/workspace.hpp>

using jw::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("identity fields of an imported register reach no output of the sample job",
          "[cli][privacy]") {
    TempDir tmp;
    const char* villages[] = {"441502001001",
                              "441502001002",
                              "441502001003",
                              "441521101201",
                              "441521101202",
                              "441521101203",
                              "441521101204",
                              "441521101205"};
    std::vector<std::string> identity; // every identity value written into the register
    std::string csv = "身份证号,姓名,现住址,联系电话,监护人,监护人电话,村居代码,诊断,危险性评估,"
                      "病情,末次随访日期\n";
    for (int i = 0; i < 40; ++i) {
        char phone[16], guardian_phone[16];
        std::snprintf(phone, sizeof phone, "1390000%04d", i);
        std::snprintf(guardian_phone, sizeof guardian_phone, "1380000%04d", i);
        const std::string id = jw::test::fake_id_number(100 + i),
                          name = "隐私测试甲" + std::to_string(i),
                          address = "隐私测试路" + std::to_string(i) + "号",
                          guardian = "监护人测试" + std::to_string(i);
        for (const auto& v :
             {id, name, address, std::string(phone), guardian, std::string(guardian_phone)})
            identity.push_back(v);
        csv += id + "," + name + "," + address + "," + phone + "," + guardian + "," +
               guardian_phone + "," + villages[i % 8] + ",精神分裂症," + std::to_string(i % 4) +
               ",稳定,2026-10-0" + std::to_string(1 + i % 9) + "\n";
    }
    jw::test::write_file(tmp / "register.csv", csv);

    const auto out = tmp / "out";
    const std::string cmd = "JINGWEI='" + std::string(JW_TEST_CLI) + "' '" +
                            jw::test::source_path("examples/shanwei/run.sh").string() + "' '" +
                            out.string() + "' '" + (tmp / "register.csv").string() + "' > '" +
                            (tmp / "job.log").string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    INFO(jw::test::read_file(tmp / "job.log"));
    REQUIRE(status == 0);

    // Every file the job wrote, and everything it printed, except the workspace itself.
    std::vector<fs::path> outputs = {tmp / "job.log"};
    for (const auto& e : fs::recursive_directory_iterator(out))
        if (e.is_regular_file() && e.path().filename().string().rfind("workspace.sqlite", 0) != 0)
            outputs.push_back(e.path());
    for (const auto& file : outputs) {
        const auto text = jw::test::read_file(file);
        for (const auto& value : identity) {
            INFO(file.string() + " holds " + value);
            CHECK(text.find(value) == std::string::npos);
        }
    }

    // In the workspace: ID numbers nowhere; the other identity values only in patient_identity.
    const auto ws_path = out / "workspace.sqlite";
    const auto bytes = jw::test::read_file(ws_path);
    for (std::size_t i = 0; i < identity.size(); i += 6)
        CHECK(bytes.find(identity[i]) == std::string::npos);
    auto ws = jw::store::Workspace::open(ws_path.string(), true);
    CHECK(ws.db().query_int(
              "SELECT count(*) FROM patient_identity WHERE name LIKE '隐私测试甲%'") == 40);
    auto tables = ws.db().prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'patient_identity'");
    while (tables.step()) {
        const std::string table = tables.column_text(0);
        auto rows = ws.db().prepare("SELECT * FROM \"" + table + "\"");
        std::string dump;
        while (rows.step())
            for (int c = 0; c < rows.column_count(); ++c)
                dump += rows.column_text(c) + "\x1f";
        for (std::size_t i = 1; i < identity.size(); i += 1) {
            if (i % 6 == 0)
                continue; // ID numbers were checked on the raw bytes
            INFO(table + " holds " + identity[i]);
            CHECK(dump.find(identity[i]) == std::string::npos);
        }
    }
}
