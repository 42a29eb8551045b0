#!/usr/bin/env python3
"""Generate the Cà Mau DEMO data set: agencies.csv, procedures.csv, dossiers.csv.

Everything here is invented for demonstrations and tests: agency codes,
dossiers and their dates are not real records, and no file holds personal data
(no names, ID numbers, addresses or phones). Procedure codes follow the format
of the National Public Service Portal; see README.md for how far they were
checked.

Run from the repository root:

    python3 examples/data/generate_demo.py

Standard library only. The output is deterministic (random.Random(2026), fixed
reference date), so running the script again rewrites identical files.
"""

import csv
import datetime as dt
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
UNITS_CSV = REPO / "data" / "units" / "camau-communes-2025.csv"

SEED = 2026
TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")
# The data set is a snapshot taken on the morning of this day: every dossier
# was received, and every returned dossier returned, on an earlier working day.
REFERENCE_DATE = dt.date(2026, 11, 25)
WINDOW_DAYS = 90  # received dates fall in the 90 days before REFERENCE_DATE
N_DOSSIERS = 400

CODE_RE = re.compile(r"^[A-Za-z0-9.-]{3,64}$")

# ---------------------------------------------------------------- agencies --

PROVINCE_SUFFIX = "H12"  # Cà Mau in the national agency-code scheme


def agency_code(nn):
    return f"000.00.{nn:02d}.{PROVINCE_SUFFIX}"


# Demo agency numbers (invented). Since 01/07/2025 the one-stop shops are the
# communes' and wards' public administrative service centres. The demo has one
# per old district: the unit of today that took most of that district's old
# communes. Old Cà Mau's nine districts keep 31..39 (in GSO-code order, as
# before the reorganisation); old Bạc Liêu's seven get 40..46. Provincial
# departments get 05..07.
COMMUNE_AGENCY_NN_START = 31
OLD_CA_MAU_DISTRICTS = range(964, 974)

DEPARTMENTS = [
    # key, NN, name_vi, name_en, name_km
    (
        "justice",
        5,
        "Sở Tư pháp tỉnh Cà Mau",
        "Department of Justice of Cà Mau Province",
        "មន្ទីរយុត្តិធម៌ខេត្ត Cà Mau",
    ),
    (
        "planning",
        6,
        "Sở Tài chính tỉnh Cà Mau",
        "Department of Finance of Cà Mau Province",
        "មន្ទីរហិរញ្ញវត្ថុខេត្ត Cà Mau",
    ),
    (
        "environment",
        7,
        "Sở Nông nghiệp và Môi trường tỉnh Cà Mau",
        "Department of Agriculture and Environment of Cà Mau Province",
        "មន្ទីរកសិកម្ម និងបរិស្ថានខេត្ត Cà Mau",
    ),
]

# -------------------------------------------------------------- procedures --

# code, name_vi, name_en, name_km, sector, processing_days, weight, handled_by
# handled_by: "commune" (the communes' one-stop shops), a department key, or
# "commune+environment" (both). weight = relative share of dossiers.
PROCEDURES = [
    (
        "1.001193",
        "Đăng ký khai sinh",
        "Birth registration",
        "ការចុះបញ្ជីកំណើត",
        "civil-status", 0, 10, "commune",
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "Marriage registration",
        "ការចុះបញ្ជីអាពាហ៍ពិពាហ៍",
        "civil-status", 0, 5, "commune",
    ),
    (
        "1.000656",
        "Đăng ký khai tử",
        "Death registration",
        "ការចុះបញ្ជីមរណភាព",
        "civil-status", 0, 4, "commune",
    ),
    (
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Certificate of marital status",
        "ការចេញលិខិតបញ្ជាក់ស្ថានភាពអាពាហ៍ពិពាហ៍",
        "civil-status", 3, 6, "commune",
    ),
    (
        "1.004884",
        "Đăng ký lại khai sinh",
        "Re-registration of a birth",
        "ការចុះបញ្ជីកំណើតឡើងវិញ",
        "civil-status", 5, 2, "commune",
    ),
    (
        "2.000635",
        "Cấp bản sao Trích lục hộ tịch",
        "Copy of a civil status extract",
        "ការចេញច្បាប់ចម្លងដកស្រង់អត្រានុកូលដ្ឋាន",
        "civil-status", 0, 5, "commune",
    ),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, "
        "tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "Certified copy from the original of a paper issued or certified "
        "by a competent Vietnamese authority",
        "ការបញ្ជាក់ច្បាប់ចម្លងត្រឹមត្រូវតាមច្បាប់ដើម",
        "certification", 0, 20, "commune",
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Certification of a signature on papers and documents",
        "ការបញ្ជាក់ហត្ថលេខាលើឯកសារ",
        "certification", 0, 8, "commune",
    ),
    (
        "2.000908",
        "Cấp bản sao từ sổ gốc",
        "Copy issued from the master register",
        "ការចេញច្បាប់ចម្លងពីបញ្ជីដើម",
        "certification", 0, 2, "commune",
    ),
    (
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài "
        "đang cư trú tại Việt Nam",
        "Judicial record certificate for Vietnamese citizens and foreigners "
        "residing in Viet Nam",
        "ការចេញសលាកបត្រប្រវត្តិតុលាការ",
        "judicial-records", 10, 6, "justice",
    ),
    (
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "Registration of a household business",
        "ការចុះបញ្ជីបង្កើតអាជីវកម្មគ្រួសារ",
        "business", 3, 5, "commune",
    ),
    (
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Change of a household business registration",
        "ការចុះបញ្ជីផ្លាស់ប្តូរព័ត៌មានអាជីវកម្មគ្រួសារ",
        "business", 3, 3, "commune",
    ),
    (
        "2.001610",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        "Registration of a sole proprietorship (private enterprise)",
        "ការចុះបញ្ជីបង្កើតសហគ្រាសឯកជន",
        "business", 3, 3, "planning",
    ),
    (
        "1.013978",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận "
        "quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu "
        "đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam "
        "định cư ở nước ngoài",
        "First registration of land and land-attached assets and issue of "
        "the land use right certificate to households, individuals and "
        "communities",
        "ការចុះបញ្ជីដីធ្លី និងការចេញវិញ្ញាបនបត្រសិទ្ធិប្រើប្រាស់ដីលើកដំបូង",
        "land", 20, 8, "commune+environment",
    ),
    (
        "1.013225",
        "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và "
        "nhà ở riêng lẻ",
        "New construction permit for grade III and IV works and individual "
        "houses",
        "ការចេញលិខិតអនុញ្ញាតសាងសង់ថ្មីសម្រាប់សំណង់ថ្នាក់ III ថ្នាក់ IV "
        "និងផ្ទះឯកជន",
        "construction", 15, 5, "commune",
    ),
]

LAND = "1.013978"

# ---------------------------------------------------------------- dossiers --

# Exact number of dossiers per status (1..10), so that every status has at
# least 10 rows whatever the random draws. 10 (returned) is ~44 %.
STATUS_COUNTS = {1: 16, 2: 18, 3: 12, 4: 70, 5: 25, 6: 14, 7: 12, 8: 12, 9: 45, 10: 176}
LATE_SHARE = 0.15  # of returned dossiers, returned after the promised date
OVERDUE_SHARE = 0.30  # of processing dossiers, already past the promised date
ONLINE_SHARE = 0.27  # for statuses other than 1 and 3
POSTAL_SHARE = 0.06

# Office hours of the one-stop shops, in minutes after midnight.
OFFICE_MINUTES = list(range(7 * 60, 11 * 60 + 30)) + list(range(13 * 60, 17 * 60))


def weekdays_between(first, last):
    days, d = [], first
    while d <= last:
        if d.weekday() < 5:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def add_working_days(day, n):
    """Promised date: n working days after `day` (weekends skipped, public
    holidays ignored); n == 0 means the same day."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def at(day, minute):
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)


def load_units():
    """The units of today, and for each old district the unit that took most
    of its old communes (ties: the lowest code)."""
    with UNITS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    units = [{"code": r["code"], "name": r["name"], "kind": r["kind"],
              "old": len(r["old_codes"].split(";"))} for r in rows]
    taken = defaultdict(Counter)
    for r in rows:
        for district in r["old_districts"].split(";"):
            taken[int(district.split()[0])][r["code"]] += 1
    seats = []
    for district in sorted(taken, key=lambda d: (d not in OLD_CA_MAU_DISTRICTS, d)):
        code = min(taken[district], key=lambda c: (-taken[district][c], c))
        if code not in seats:
            seats.append(code)
    if len(units) != 64:
        sys.exit(f"expected 64 units in {UNITS_CSV}, found {len(units)}")
    return units, seats


def build_agencies(units, seats):
    by_code = {u["code"]: u for u in units}
    agencies = []
    for i, code in enumerate(seats):
        u = by_code[code]
        kind_vi, place = u["name"].split(" ", 1)
        kind_en, kind_km = ("Ward", "សង្កាត់") if u["kind"] == "phuong" else ("Commune", "ឃុំ")
        agencies.append({
            "code": agency_code(COMMUNE_AGENCY_NN_START + i),
            # Decree 30/2020: the level of a unit is lower case inside a
            # name ("Ủy ban nhân dân xã U Minh", "Sở Tư pháp tỉnh Cà Mau").
            "name_vi": f"Trung tâm Phục vụ hành chính công {u['name'][0].lower()}{u['name'][1:]}",
            "name_en": f"Public Administrative Service Centre, {place} {kind_en}",
            "name_km": f"មជ្ឈមណ្ឌលបម្រើរដ្ឋបាលសាធារណៈ {kind_km} {place}",
            "commune_code": code,
            "_key": "commune",
        })
        assert kind_vi in ("Xã", "Phường", "Đặc"), u["name"]
    for key, nn, vi, en, km in DEPARTMENTS:
        agencies.append({
            "code": agency_code(nn),
            "name_vi": vi,
            "name_en": en,
            "name_km": km,
            "commune_code": "",  # provincial: no commune
            "_key": key,
        })
    return agencies


def generate_dossiers(rng, units, agencies):
    shops = [a for a in agencies if a["_key"] == "commune"]
    unit_codes = [u["code"] for u in units]
    # Bigger places file more dossiers: weight by how many old communes
    # merged into the unit, wards a little more.
    unit_weights = [u["old"] * (1.5 if u["kind"] == "phuong" else 1.0) for u in units]
    shop_weights = [unit_weights[unit_codes.index(a["commune_code"])] for a in shops]
    department = {a["_key"]: a for a in agencies if a["_key"] != "commune"}
    procs = {p[0]: p for p in PROCEDURES}

    days = weekdays_between(REFERENCE_DATE - dt.timedelta(days=WINDOW_DAYS),
                            REFERENCE_DATE - dt.timedelta(days=1))
    last = len(days) - 1  # index of the last working day before the snapshot
    index_of = {d: i for i, d in enumerate(days)}

    def pick_procedure(status):
        if status == 6:  # payment requested: financial obligations on land
            return procs[LAND]
        pool = PROCEDURES
        if status in (4, 9):  # still being handled / ready: multi-day ones
            pool = [p for p in PROCEDURES if p[5] > 0]
        return rng.choices(pool, weights=[p[6] for p in pool])[0]

    def pick_agency(proc):
        handled_by = proc[7]
        if handled_by == "commune+environment" and rng.random() < 0.35:
            handled_by = "environment"
        elif handled_by == "commune+environment":
            handled_by = "commune"
        if handled_by == "commune":
            shop = rng.choices(shops, weights=shop_weights)[0]
            return shop, shop["commune_code"]
        # Provincial department: the applicant lives in any commune.
        return department[handled_by], rng.choices(unit_codes, weights=unit_weights)[0]

    def recent(n):
        return rng.randint(max(0, last - n + 1), last)

    # One (status, flag) per dossier; the flag marks late returns (status 10)
    # and overdue processing (status 4).
    plan = []
    for status, count in STATUS_COUNTS.items():
        flagged = round(count * (LATE_SHARE if status == 10 else OVERDUE_SHARE if status == 4 else 0))
        plan += [(status, i < flagged) for i in range(count)]
    assert len(plan) == N_DOSSIERS
    rng.shuffle(plan)

    dossiers = []
    for status, flag in plan:
        proc = pick_procedure(status)
        pdays = proc[5]
        agency, commune = pick_agency(proc)

        # Channel.
        if status == 1:
            channel = "online"  # registered online, not yet received
        elif status == 3:
            channel = "online" if rng.random() < 0.75 else "direct"
        else:
            r = rng.random()
            channel = "online" if r < ONLINE_SHARE else "postal" if r < ONLINE_SHARE + POSTAL_SHARE else "direct"

        # Received day (index into `days`), chosen so the status makes sense.
        returned = None
        for _ in range(1000):
            if status in (1, 2):
                i = recent(3)
            elif status == 4 and flag:  # overdue: promised date already passed
                i = recent(45)
                if index_of.get(add_working_days(days[i], pdays), last + 1) > last:
                    continue
            elif status == 4:  # still within the promised time
                i = recent(pdays + 1)
                if add_working_days(days[i], pdays) < REFERENCE_DATE:
                    continue
            elif status == 9:  # handled in at least half the legal time
                i = rng.randint(max(0, last - pdays - 8), last - max(1, pdays // 2))
            elif status == 5:
                i = recent(30)
            elif status == 6:
                i = recent(40)
            else:  # 3, 7, 8, 10: anywhere in the window
                i = rng.randint(0, last)
            due = add_working_days(days[i], pdays)
            if status == 10:
                due_i = index_of.get(due, last + 1)
                if flag:  # late by 1..5 working days
                    k = rng.choices([1, 2, 3, 4, 5], weights=[40, 25, 15, 10, 10])[0]
                    if due_i + k > last:
                        continue
                    returned = due_i + k
                elif pdays == 0:
                    returned = i
                elif rng.random() < 0.55 and due_i <= last:
                    returned = due_i  # on the promised day
                else:  # early
                    hi = min(due_i - 1, last)
                    if hi < i + 1:
                        continue
                    returned = rng.randint(i + 1, hi)
            break
        else:
            raise RuntimeError(f"no received date fits status {status} / {proc[0]}")

        if status == 1:  # online registration: any hour
            minute = rng.randint(6 * 60, 22 * 60 + 59)
        else:  # accepted at the desk during office hours
            minute = rng.choice(OFFICE_MINUTES[:-15])
        received_at = at(days[i], minute)

        returned_at = None
        if returned is not None:
            if returned == i:
                later = [m for m in OFFICE_MINUTES if m >= minute + 10]
                rminute = rng.choice(later[:120]) if later else minute + 5
            else:
                rminute = rng.choice(OFFICE_MINUTES)
            returned_at = at(days[returned], rminute)
            assert returned_at > received_at

        dossiers.append({
            "procedure_code": proc[0],
            "agency_code": agency["code"],
            "status": status,
            "received_at": received_at,
            "due_at": due,
            "returned_at": returned_at,
            "channel": channel,
            "commune_code": commune,
        })

    # Dossier codes: {agency}-{yyMMdd}-{NNNN}. The daily sequence follows the
    # time of receipt; random gaps stand for the agency's other dossiers of the
    # day, which are not in this sample.
    by_day = defaultdict(list)
    for d in dossiers:
        by_day[(d["agency_code"], d["received_at"].date())].append(d)
    for key in sorted(by_day):
        seq = 0
        for d in sorted(by_day[key], key=lambda x: x["received_at"]):
            seq += rng.randint(1, 6)
            d["code"] = f"{key[0]}-{key[1]:%y%m%d}-{seq:04d}"

    dossiers.sort(key=lambda d: (d["received_at"], d["code"]))
    return dossiers


def write_csv(name, header, rows):
    path = HERE / name
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def iso(t):
    return t.isoformat(timespec="seconds") if t else ""


def check(agencies, dossiers):
    codes = [a["code"] for a in agencies] + [p[0] for p in PROCEDURES] + [d["code"] for d in dossiers]
    bad = [c for c in codes if not CODE_RE.match(c)]
    assert not bad, f"codes not matching {CODE_RE.pattern}: {bad[:5]}"
    for group in ([a["code"] for a in agencies], [p[0] for p in PROCEDURES], [d["code"] for d in dossiers]):
        dup = [c for c, n in Counter(group).items() if n > 1]
        assert not dup, f"duplicate codes: {dup[:5]}"
    counts = Counter(d["status"] for d in dossiers)
    assert all(counts[s] >= 10 for s in range(1, 11)), counts
    for d in dossiers:
        assert (d["status"] == 10) == (d["returned_at"] is not None)
        assert d["received_at"].date() < REFERENCE_DATE
        assert d["received_at"].date().weekday() < 5
        assert d["due_at"] >= d["received_at"].date()
        if d["returned_at"]:
            assert d["received_at"] < d["returned_at"]
            assert d["returned_at"].date() < REFERENCE_DATE
    return counts


def main():
    rng = random.Random(SEED)
    units, seats = load_units()
    agencies = build_agencies(units, seats)
    dossiers = generate_dossiers(rng, units, agencies)
    counts = check(agencies, dossiers)

    write_csv("agencies.csv", ["code", "name_vi", "name_en", "name_km", "commune_code"],
              [[a["code"], a["name_vi"], a["name_en"], a["name_km"], a["commune_code"]] for a in agencies])
    write_csv("procedures.csv", ["code", "name_vi", "name_en", "name_km", "sector", "processing_days"],
              [list(p[:6]) for p in PROCEDURES])
    write_csv("dossiers.csv",
              ["code", "procedure_code", "agency_code", "status", "received_at", "due_at",
               "returned_at", "channel", "commune_code"],
              [[d["code"], d["procedure_code"], d["agency_code"], d["status"], iso(d["received_at"]),
                d["due_at"].isoformat(), iso(d["returned_at"]), d["channel"], d["commune_code"]]
               for d in dossiers])

    late = sum(1 for d in dossiers if d["returned_at"] and d["returned_at"].date() > d["due_at"])
    overdue = sum(1 for d in dossiers if d["status"] == 4 and d["due_at"] < REFERENCE_DATE)
    channels = Counter(d["channel"] for d in dossiers)
    print(f"agencies.csv   {len(agencies)} rows")
    print(f"procedures.csv {len(PROCEDURES)} rows")
    print(f"dossiers.csv   {len(dossiers)} rows")
    print("status:   " + ", ".join(f"{s}={counts[s]}" for s in range(1, 11)))
    print(f"returned late: {late} of {counts[10]}; processing overdue: {overdue} of {counts[4]}")
    print("channels: " + ", ".join(f"{c}={n}" for c, n in sorted(channels.items())))


if __name__ == "__main__":
    main()
