//! The province's administrative units of today (communes, wards, special
//! zones: there are no districts since 01/07/2025), and how a code from old
//! data is read: the one home of the old→new mapping rule.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::DomainError;

/// The built-in units: Cà Mau since 01/07/2025 (see `data/README.md`).
pub const DEFAULT_UNITS_CSV: &[u8] = include_bytes!("../../data/units/camau-communes-2025.csv");
/// The GSO code of the province the built-in units are of.
pub const DEFAULT_PROVINCE: &str = "96";

/// A commune-level unit's 5-digit GSO code, e.g. `32014`. Old (pre-2025)
/// commune codes have the same form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommuneCode(String);

impl CommuneCode {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code = raw.trim();
        if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(code.to_owned()))
        } else {
            Err(DomainError::CommuneCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CommuneCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a unit is called in law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Xa,
    Phuong,
    DacKhu,
}

impl UnitKind {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "xa" => Ok(Self::Xa),
            "phuong" => Ok(Self::Phuong),
            "dac_khu" => Ok(Self::DacKhu),
            _ => Err("expected xa, phuong or dac_khu"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Xa => "xa",
            Self::Phuong => "phuong",
            Self::DacKhu => "dac_khu",
        }
    }
}

/// An old commune merged (whole or in part) into a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldCommune {
    pub code: CommuneCode,
    /// The old district's GSO code, e.g. `964`.
    pub district: String,
    /// Only a part of it went into this unit.
    pub partial: bool,
}

impl OldCommune {
    /// The old communes of a units file's row, from its `;`-separated
    /// `old_codes`, `old_districts` (same order) and `partial_old_codes`.
    pub fn parse_list(codes: &str, districts: &str, partial: &str) -> Result<Vec<Self>, String> {
        let list = |raw: &str| -> Vec<String> {
            raw.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (codes, districts, partial) = (list(codes), list(districts), list(partial));
        if codes.len() != districts.len() {
            return Err(format!(
                "{} old codes but {} old districts",
                codes.len(),
                districts.len()
            ));
        }
        if let Some(stray) = partial.iter().find(|p| !codes.contains(p)) {
            return Err(format!("partial old code {stray} is not among old_codes"));
        }
        codes
            .iter()
            .zip(&districts)
            .map(|(code, district)| {
                Ok(Self {
                    code: CommuneCode::parse(code).map_err(|e| format!("{code}: {e}"))?,
                    // "964 Thành phố Cà Mau (tỉnh Cà Mau)": the code comes first.
                    district: district
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    partial: partial.contains(code),
                })
            })
            .collect()
    }
}

/// One row of a units file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: CommuneCode,
    pub name: String,
    pub kind: UnitKind,
    pub old: Vec<OldCommune>,
}

/// The built-in units ([`DEFAULT_UNITS_CSV`]), which a database that has
/// none starts from. A file a province loads is read, with a problem for
/// each bad line, by `ingest::import::read_units`.
pub fn builtin() -> Result<Vec<Unit>, String> {
    #[derive(serde::Deserialize)]
    struct Row {
        code: String,
        name: String,
        kind: String,
        old_codes: String,
        old_districts: String,
        partial_old_codes: String,
    }
    csv::Reader::from_reader(DEFAULT_UNITS_CSV)
        .deserialize::<Row>()
        .map(|row| {
            let row = row.map_err(|e| e.to_string())?;
            Ok(Unit {
                code: CommuneCode::parse(&row.code).map_err(|e| e.to_string())?,
                name: row.name,
                kind: UnitKind::parse(&row.kind)?,
                old: OldCommune::parse_list(
                    &row.old_codes,
                    &row.old_districts,
                    &row.partial_old_codes,
                )?,
            })
        })
        .collect()
}

/// Every code the units know, by the code as written.
pub type Readings = std::collections::HashMap<String, Reading>;

/// How a code a feed may send is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A unit of today.
    Unit(CommuneCode),
    /// An old commune that went whole into this unit.
    Merged(CommuneCode),
    /// An old commune split between several units: kept as written, flagged.
    Split(CommuneCode),
    /// An old district that went whole into this unit.
    District(CommuneCode),
    /// An old district divided between several units: it cannot be mapped.
    DividedDistrict,
}

impl Reading {
    /// The code to store, or why there is none.
    pub fn commune(&self, raw: &str) -> Result<CommuneCode, String> {
        match self {
            Self::Unit(c) | Self::Merged(c) | Self::Split(c) | Self::District(c) => Ok(c.clone()),
            Self::DividedDistrict => Err(format!(
                "old district {} was divided between several communes and cannot be mapped; give the commune's code",
                raw.trim()
            )),
        }
    }
}

/// The code to store for `raw`, given how the units read it (`None`: no
/// unit knows it), or why it is refused.
pub fn resolve(raw: &str, reading: Option<&Reading>) -> Result<CommuneCode, String> {
    reading.map_or_else(|| Err(unknown_code(raw)), |r| r.commune(raw))
}

fn unknown_code(raw: &str) -> String {
    format!(
        "no unit of the province has code {:?}; expected the 5-digit GSO code of a commune, ward or special zone of today, \
         or an old commune or district code that maps to one (see `hailong import units`)",
        raw.trim()
    )
}

/// Every code the units know, with how it reads. Old codes that are also a
/// unit's code of today read as the unit.
pub fn readings(units: &[Unit]) -> BTreeMap<String, Reading> {
    let mut new_of_old: BTreeMap<&str, BTreeSet<&CommuneCode>> = BTreeMap::new();
    let mut partial: BTreeSet<&str> = BTreeSet::new();
    let mut communes_of_district: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for unit in units {
        for old in &unit.old {
            new_of_old
                .entry(old.code.as_str())
                .or_default()
                .insert(&unit.code);
            if old.partial {
                partial.insert(old.code.as_str());
            }
            communes_of_district
                .entry(old.district.as_str())
                .or_default()
                .insert(old.code.as_str());
        }
    }
    let old_reading = |old: &str| -> Reading {
        match new_of_old
            .get(old)
            .map(|n| n.iter().collect::<Vec<_>>())
            .as_deref()
        {
            Some([only]) if !partial.contains(old) => Reading::Merged((**only).clone()),
            _ => Reading::Split(CommuneCode(old.to_owned())),
        }
    };
    let mut readings = BTreeMap::new();
    for (district, communes) in &communes_of_district {
        // `None` stands for a split commune: it divides its district too.
        let targets: BTreeSet<Option<CommuneCode>> = communes
            .iter()
            .map(|c| match old_reading(c) {
                Reading::Merged(unit) => Some(unit),
                _ => None,
            })
            .collect();
        let reading = match targets.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(unit)] => Reading::District(unit.clone()),
            _ => Reading::DividedDistrict,
        };
        readings.insert((*district).to_owned(), reading);
    }
    for old in new_of_old.keys() {
        readings.insert((*old).to_owned(), old_reading(old));
    }
    for unit in units {
        readings.insert(unit.code.0.clone(), Reading::Unit(unit.code.clone()));
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> CommuneCode {
        CommuneCode::parse(raw).expect("a commune code")
    }

    fn unit(new: &str, old: &[(&str, &str, bool)]) -> Unit {
        Unit {
            code: code(new),
            name: format!("Xã {new}"),
            kind: UnitKind::Xa,
            old: old
                .iter()
                .map(|(c, d, partial)| OldCommune {
                    code: code(c),
                    district: (*d).to_owned(),
                    partial: *partial,
                })
                .collect(),
        }
    }

    #[test]
    fn commune_codes_have_five_digits() {
        assert_eq!(code(" 32014 ").as_str(), "32014");
        for bad in ["964", "320145", "3201a", ""] {
            assert_eq!(CommuneCode::parse(bad), Err(DomainError::CommuneCode));
        }
    }

    #[test]
    fn old_codes_map_only_when_they_went_whole_to_one_unit() {
        // District 900 went whole into 10001; district 901 was divided, and
        // its commune 20003 split between 10002 and 10003.
        let units = [
            unit("10001", &[("20001", "900", false), ("20002", "900", false)]),
            unit("10002", &[("20003", "901", true), ("20004", "901", false)]),
            unit("10003", &[("20003", "901", true), ("20005", "901", false)]),
        ];
        let r = readings(&units);
        assert_eq!(r["10002"], Reading::Unit(code("10002")));
        assert_eq!(r["20001"], Reading::Merged(code("10001")));
        assert_eq!(r["20004"], Reading::Merged(code("10002")));
        assert_eq!(r["20003"], Reading::Split(code("20003")));
        assert_eq!(r["900"], Reading::District(code("10001")));
        assert_eq!(r["901"], Reading::DividedDistrict);
        assert!(r["901"].commune("901").unwrap_err().contains("divided"));
        assert!(
            resolve("902", r.get("902"))
                .unwrap_err()
                .contains("5-digit GSO code")
        );
        assert_eq!(resolve(" 20001", r.get("20001")), Ok(code("10001")));
    }

    #[test]
    fn an_old_commune_listed_under_two_units_is_split_even_unflagged() {
        let units = [
            unit("10001", &[("20001", "900", false)]),
            unit("10002", &[("20001", "900", false)]),
        ];
        assert_eq!(readings(&units)["20001"], Reading::Split(code("20001")));
        assert_eq!(readings(&units)["900"], Reading::DividedDistrict);
    }
}
