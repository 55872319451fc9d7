#!/usr/bin/python3
"""Writes the bad-input test files of tests/data/bad/ (run from this folder; outputs are committed).

Every file is hand-made for the tests; codes are real NBS codes of 海丰县, coordinates fall in the
synthetic test squares of tests/support/workspace_fixture.cpp (115.30-115.40 E, 22.90-22.95 N).
Identity values (names, ID numbers, phones) are invented.
"""
import math, subprocess

def write(name, text, encoding="utf-8"):
    with open(name, "wb") as f:
        f.write(text.encode(encoding) if isinstance(text, str) else text)

def id_number(serial):
    base = "44152119800101%03d" % serial
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return base + "10X98765432"[sum(int(c) * k for c, k in zip(base, w)) % 11]

# GCJ-02 forward: the published formula (Krasovsky ellipsoid), numbers only.
A, EE = 6378245.0, 0.00669342162296594323
def _lat(x, y):
    r = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
    r += (20.0*math.sin(y*math.pi) + 40.0*math.sin(y/3.0*math.pi)) * 2.0/3.0
    r += (160.0*math.sin(y/12.0*math.pi) + 320*math.sin(y*math.pi/30.0)) * 2.0/3.0
    return r
def _lon(x, y):
    r = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
    r += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
    r += (20.0*math.sin(x*math.pi) + 40.0*math.sin(x/3.0*math.pi)) * 2.0/3.0
    r += (150.0*math.sin(x/12.0*math.pi) + 300.0*math.sin(x/30.0*math.pi)) * 2.0/3.0
    return r
def gcj02(lon, lat):
    dlat, dlon = _lat(lon - 105.0, lat - 35.0), _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A / sq * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat

units = "code,name\n441521101201,A村委会\n441521101202,B村委会\n"
# encodings
write("units_gbk_nobom.csv", "code,name\n441521107,陶河镇\n441521107201,南山村委会\n", "gb18030")
write("units_utf8_bom.csv", "\ufeffcode,name\n441521107,陶河镇\n441521107201,南山村委会\n")
write("units_mixed_encoding.csv", "code,name\n441521107,陶河镇\n".encode("gb18030") + "441521107201,南山村委会\n".encode("utf-8"))
write("units_invalid_bytes.csv", b"code,name\n441521107,ok\n441521107201,\xff\xfe\n")
# structure
write("facilities_missing_column.csv", "id,name,unit_code\nF1,梅陇镇卫生院,441521101\n")
write("empty.csv", b"")
write("population_header_only.csv", "code,year,population\n")
write("population_truncated.csv", "code,year,population\n441521101,2020,106660\n441521106,2020\n441521107,20")
write("units_quote_cut.csv", 'code,name\n441521107,陶河镇\n441521107201,"南山')
geojson = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"441521107"},"geometry":{"type":"Polygon","coordinates":[[[115.30,22.90],[115.35,22.90],[115.35,22.95],[115.30,22.95],[115.30,22.90]]]}}]}'
write("units_truncated.geojson", geojson[: len(geojson) // 2])
# values
write("facilities_bad_values.csv", "id,name,kind,unit_code,beds,psychiatrists\n"
      "F1,梅陇镇卫生院,乡镇卫生院,441521101,十二,1\n"
      "F2,联安镇卫生院,乡镇卫生院,441521106,4,-1\n"
      "F3,海丰县精神病医院,精神专科医院,4415211,120,9\n"
      "F4,海丰县康园中心,社区康复机构,441521106,,\n")
write("patients_bad_values.csv", "patient_key,village_code,diagnosis,risk_level,last_visit_date\n"
      "K1,441521101201,精神分裂症,7,2025-03-01\n"
      "K2,441521101201,抑郁症,0,2025-03-01\n"
      "K3,44152110120,精神分裂症,0,2025-03-01\n"
      "K4,441521101201,精神分裂症,0,2025-02-30\n"
      "K5,441521101201,精神分裂症,0,2025-03-01\n"
      "K6,441521101201,双相情感障碍,2,2025/3/1\n"
      "K7,441521101201,F20.0,3级,2025年3月1日\n"
      "K8,441521101201,精神分裂症,0,45717\n")
# geometry
write("units_invalid_polygon.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"441521101201"},'
      '"geometry":{"type":"Polygon","coordinates":[[[115.30,22.90],[115.325,22.95],[115.325,22.90],[115.30,22.95],[115.30,22.90]]]}}]}')
write("units_empty_geometry.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"441521101201"},'
      '"geometry":{"type":"Polygon","coordinates":[]}},{"type":"Feature","properties":{"code":"441521101202"},'
      '"geometry":{"type":"Polygon","coordinates":[[[115.325,22.90],[115.35,22.90],[115.35,22.95],[115.325,22.95],[115.325,22.90]]]}}]}')
write("facilities_swapped_latlon.csv", "id,name,kind,unit_code,lon,lat\n"
      "F1,梅陇镇卫生院,乡镇卫生院,441521101,22.91,115.31\nF2,联安镇卫生院,乡镇卫生院,441521106,115.36,22.93\n")
rows = ["patient_key,village_code,diagnosis,lon,lat"]
for i in range(20):
    # True (WGS84) homes 60-250 m west of the A|B village line (115.325 E), written in GCJ-02.
    lon, lat = gcj02(115.325 - 0.0006 - 0.0001 * (i % 10), 22.905 + 0.002 * i)
    rows.append("G%02d,441521101201,精神分裂症,%.7f,%.7f" % (i, lon, lat))
write("patients_gcj02_declared_wgs84.csv", "\n".join(rows) + "\n")
write("patients_outside_area.csv", "patient_key,village_code,diagnosis,lon,lat\n"
      "P1,441521101201,精神分裂症,115.31,22.91\nP2,441521101201,精神分裂症,116.50,23.50\nP3,,精神分裂症,116.50,23.50\n")
# identity
write("patients_duplicate_keys.csv", "身份证号,姓名,村居代码,诊断\n"
      f"{id_number(1)},甲,441521101201,精神分裂症\n{id_number(2)},乙,441521101201,精神分裂症\n"
      f"{id_number(1)},甲,441521101202,精神分裂症\n")
write("facilities_duplicate_ids.csv", "id,name,kind,unit_code\nF1,梅陇镇卫生院,乡镇卫生院,441521101\n"
      "F2,联安镇卫生院,乡镇卫生院,441521106\nF1,梅陇镇卫生院(重复),乡镇卫生院,441521101\n")
# XLSX with two sheets (GDAL writes it)
write("_units.csv", units)
subprocess.run(["rm", "-f", "units_two_sheets.xlsx"], check=True)
subprocess.run(["ogr2ogr", "-f", "XLSX", "units_two_sheets.xlsx", "_units.csv", "-nln", "村居"], check=True)
subprocess.run(["ogr2ogr", "-update", "-f", "XLSX", "units_two_sheets.xlsx", "_units.csv", "-nln", "备注"], check=True)
subprocess.run(["rm", "-f", "_units.csv"], check=True)
