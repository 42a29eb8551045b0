//! Dates and times as one-stop systems write them. Vietnam keeps UTC+7 all
//! year, so a date or time without an offset means Asia/Ho_Chi_Minh.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::DomainError;

const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

pub fn vietnam() -> FixedOffset {
    VIETNAM
}

/// `2021-11-25`, `2021-11-25T08:30:00+07:00`, `2021-11-25 08:30`, … as an
/// instant; also `25/11/2021` and `25/11/2021 08:30`, day first, as Excel
/// writes them with Vietnamese regional settings.
pub fn parse_instant(raw: &str) -> Result<DateTime<Utc>, DomainError> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(at) = DateTime::parse_from_str(raw, format) {
            return Ok(at.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(raw, format) {
            return local_to_utc(local);
        }
    }
    let date = parse_date(raw)?;
    local_to_utc(date.and_hms_opt(0, 0, 0).ok_or(DomainError::Moment)?)
}

/// The calendar date in Vietnam of a date or a time.
pub fn parse_local_date(raw: &str) -> Result<NaiveDate, DomainError> {
    if let Ok(date) = parse_date(raw.trim()) {
        return Ok(date);
    }
    Ok(local_date(parse_instant(raw)?))
}

fn parse_date(raw: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| DomainError::Moment)
}

/// The instant a day begins in Vietnam.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    local_to_utc(midnight).unwrap_or_else(|_| midnight.and_utc())
}

/// An instant as the CLI shows it to the operator (`hailong audit`,
/// `hailong broadcasts`): Vietnam's time, dd/mm/yyyy HH:MM:SS.
pub fn local_time_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam())
        .format("%d/%m/%Y %H:%M:%S")
        .to_string()
}

pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam()).date_naive()
}

fn local_to_utc(local: NaiveDateTime) -> Result<DateTime<Utc>, DomainError> {
    vietnam()
        .from_local_datetime(&local)
        .single()
        .map(|at| at.with_timezone(&Utc))
        .ok_or(DomainError::Moment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_shows_an_instant_in_vietnams_time_day_first() {
        let at = parse_instant("2026-11-27T20:10:47Z").expect("valid");
        assert_eq!(local_time_text(at), "28/11/2026 03:10:47");
    }

    #[test]
    fn a_date_alone_is_midnight_in_vietnam() {
        let at = parse_instant("2021-11-25").expect("valid");
        assert_eq!(at.to_rfc3339(), "2021-11-24T17:00:00+00:00");
    }

    #[test]
    fn offsets_are_honoured_and_local_times_are_vietnamese() {
        assert_eq!(
            parse_instant("2021-11-25T08:30:00Z")
                .expect("valid")
                .to_rfc3339(),
            "2021-11-25T08:30:00+00:00"
        );
        assert_eq!(
            parse_instant("2021-11-25T08:30:00+07:00")
                .expect("valid")
                .to_rfc3339(),
            "2021-11-25T01:30:00+00:00"
        );
        assert_eq!(
            parse_instant("2021-11-25 08:30")
                .expect("valid")
                .to_rfc3339(),
            "2021-11-25T01:30:00+00:00"
        );
    }

    #[test]
    fn local_dates_follow_vietnam() {
        assert_eq!(
            parse_local_date("2021-11-24T20:00:00Z")
                .expect("valid")
                .to_string(),
            "2021-11-25"
        );
        assert_eq!(
            parse_local_date("2021-11-25").expect("valid").to_string(),
            "2021-11-25"
        );
    }

    #[test]
    fn excel_with_vietnamese_settings_writes_the_day_first() {
        assert_eq!(parse_instant("25/11/2021"), parse_instant("2021-11-25"));
        assert_eq!(
            parse_instant("25/11/2021 08:30"),
            parse_instant("2021-11-25T08:30:00+07:00")
        );
        assert_eq!(
            parse_local_date("05/01/2026").expect("valid").to_string(),
            "2026-01-05"
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in ["", "11/25/2021", "2021-13-01", "tomorrow", "32/01/2021"] {
            assert_eq!(parse_instant(bad), Err(DomainError::Moment), "{bad}");
        }
    }
}
