//! The province's districts, by GSO code, from `data/camau-units.csv` (the
//! General Statistics Office's list of administrative units), built in.

const UNITS: &str = include_str!("../../data/camau-units.csv");

/// The district's name, if the code is one of the province's.
pub fn district_name(code: &str) -> Option<&'static str> {
    UNITS.lines().skip(1).find_map(|line| {
        let mut columns = line.split(',');
        let (Some(_), Some(_), Some(district), Some(name)) = (
            columns.next(),
            columns.next(),
            columns.next(),
            columns.next(),
        ) else {
            return None;
        };
        (district == code).then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_provinces_districts() {
        assert_eq!(district_name("964"), Some("Thành phố Cà Mau"));
        assert_eq!(district_name("999"), None);
        let districts: std::collections::HashSet<_> = UNITS
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(2))
            .collect();
        assert_eq!(districts.len(), 9);
    }
}
