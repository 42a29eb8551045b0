//! The working-day calendar every deadline rule asks: weekends and public
//! holidays are not working days, a make-up working day (ngày làm bù) is.
//!
//! Built-in holidays (Labour Code 2019 art. 112, as amended in 2025 for 2/9):
//! - 2025 and 2026 follow the days the government announced: Tết 2025
//!   25/01–02/02/2025; Hùng Kings 07/04/2025; 30/04–01/05; 01–02/09/2025;
//!   Tết 2026 14/02–22/02/2026; Hùng Kings 26/04/2026 (a Sunday, made up on
//!   Monday 27/04, Labour Code art. 112(3)); 30/04, 01/05; 02/09 with 01/09
//!   as its second day (the law lets the government pick the day before or
//!   after: check against the 2026 announcement).
//! - 2027 is a default TO CHECK against the government's plan when it is
//!   announced: Tết around 06/02/2027 (05/02–10/02 assumed), Hùng Kings
//!   16/04/2027 assumed, 30/04, 01/05 (a Saturday, made up on 03/05), 02–03/09.
//!
//! `[calendar]` in the configuration adds holidays and make-up working days
//! by date; a year is added by listing its holidays there. A day in a year
//! with neither built-in nor configured dates counts weekends only, and the
//! first such day is logged once.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Datelike, NaiveDate, Weekday};

/// Holidays built in, as (year, month, day).
const BUILT_IN_HOLIDAYS: &[(i32, u32, u32)] = &[
    // 2025
    (2025, 1, 1),
    (2025, 1, 25),
    (2025, 1, 26),
    (2025, 1, 27),
    (2025, 1, 28),
    (2025, 1, 29),
    (2025, 1, 30),
    (2025, 1, 31),
    (2025, 2, 1),
    (2025, 2, 2),
    (2025, 4, 7),
    (2025, 4, 30),
    (2025, 5, 1),
    (2025, 9, 1),
    (2025, 9, 2),
    // 2026
    (2026, 1, 1),
    (2026, 2, 14),
    (2026, 2, 15),
    (2026, 2, 16),
    (2026, 2, 17),
    (2026, 2, 18),
    (2026, 2, 19),
    (2026, 2, 20),
    (2026, 2, 21),
    (2026, 2, 22),
    (2026, 4, 26),
    (2026, 4, 27),
    (2026, 4, 30),
    (2026, 5, 1),
    (2026, 9, 1),
    (2026, 9, 2),
    // 2027: defaults to check (see above).
    (2027, 1, 1),
    (2027, 2, 5),
    (2027, 2, 8),
    (2027, 2, 9),
    (2027, 2, 10),
    (2027, 4, 16),
    (2027, 4, 30),
    (2027, 5, 3),
    (2027, 9, 2),
    (2027, 9, 3),
];

/// Make-up working days built in (Saturdays worked to bridge a holiday).
const BUILT_IN_WORKING_DAYS: &[(i32, u32, u32)] = &[];

#[derive(Debug)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    working_days: BTreeSet<NaiveDate>,
    /// Years whose holidays are known; outside them only weekends count.
    years: BTreeSet<i32>,
    warned: AtomicBool,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::new(&[], &[])
    }
}

impl Calendar {
    /// The built-in calendar with `holidays` and make-up `working_days` added.
    pub fn new(holidays: &[NaiveDate], working_days: &[NaiveDate]) -> Self {
        let built_in = |days: &[(i32, u32, u32)]| -> Vec<NaiveDate> {
            days.iter()
                .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .collect()
        };
        let mut all_holidays: BTreeSet<NaiveDate> =
            built_in(BUILT_IN_HOLIDAYS).into_iter().collect();
        all_holidays.extend(holidays);
        let mut all_working: BTreeSet<NaiveDate> =
            built_in(BUILT_IN_WORKING_DAYS).into_iter().collect();
        all_working.extend(working_days);
        let years = all_holidays
            .iter()
            .chain(&all_working)
            .map(Datelike::year)
            .collect();
        Self {
            holidays: all_holidays,
            working_days: all_working,
            years,
            warned: AtomicBool::new(false),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.note_unknown_year(day);
        if self.working_days.contains(&day) {
            return true;
        }
        !is_weekend(day) && !self.holidays.contains(&day)
    }

    /// Working days after `from` up to and including `to`: 0 when they are
    /// the same day, negative when `to` comes first. Tomorrow being a working
    /// day, `working_days_between(today, tomorrow)` is 1.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        self.note_unknown_year(from);
        self.note_unknown_year(to);
        let (Some(start), Some(end)) = (from.succ_opt(), Some(to)) else {
            return 0;
        };
        if start > end {
            return 0;
        }
        let weekdays = weekdays_through(end) - weekdays_through(from);
        let holidays = self
            .holidays
            .range(start..=end)
            .filter(|d| !is_weekend(**d) && !self.working_days.contains(d))
            .count();
        let made_up = self
            .working_days
            .range(start..=end)
            .filter(|d| is_weekend(**d))
            .count();
        weekdays - i64::try_from(holidays).unwrap_or(i64::MAX)
            + i64::try_from(made_up).unwrap_or(i64::MAX)
    }

    /// The working day `n` working days after `from` (`from` itself when n is 0).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            match day.succ_opt() {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Logs once that days outside the known years count weekends only.
    fn note_unknown_year(&self, day: NaiveDate) {
        if !self.years.contains(&day.year()) && !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                year = day.year(),
                "no public holidays known for this year: only weekends are left out of working days; add its holidays under [calendar]"
            );
        }
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday-to-Friday days from a fixed Monday up to and including `day`; the
/// difference of two is the weekdays between them.
fn weekdays_through(day: NaiveDate) -> i64 {
    let days = i64::from(day.num_days_from_ce());
    // Day 1 of the common era (0001-01-01) was a Monday.
    let offset = days - 1;
    let weeks = offset.div_euclid(7);
    let rest = offset.rem_euclid(7) + 1;
    weeks * 5 + rest.min(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        raw.parse().expect("a date")
    }

    /// The plain definition the fast count must agree with.
    fn counted_one_by_one(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| cal.is_working_day(*d))
            .count() as i64
    }

    #[test]
    fn the_tet_2026_week_is_not_worked() {
        let cal = Calendar::default();
        // Friday 13/02 to Monday 23/02/2026: only the Monday is worked.
        assert_eq!(
            cal.working_days_between(day("2026-02-13"), day("2026-02-23")),
            1
        );
        assert_eq!(
            cal.add_working_days(day("2026-02-12"), 2),
            day("2026-02-23")
        );
        assert!(!cal.is_working_day(day("2026-02-16")));
        assert!(cal.is_working_day(day("2026-02-13")));
    }

    #[test]
    fn a_make_up_day_is_worked_and_a_configured_holiday_is_not() {
        let cal = Calendar::new(&[day("2026-11-20")], &[day("2026-11-21")]);
        assert!(!cal.is_working_day(day("2026-11-20")));
        assert!(cal.is_working_day(day("2026-11-21")));
        assert_eq!(
            cal.working_days_between(day("2026-11-19"), day("2026-11-23")),
            2
        );
    }

    #[test]
    fn the_fast_count_agrees_with_counting_day_by_day_and_adding_then_counting_gives_n() {
        let cal = Calendar::new(
            &[day("2026-11-20")],
            &[day("2026-11-21"), day("2025-04-26")],
        );
        let start = day("2024-12-20");
        for offset in (0..1200).step_by(3) {
            let from = start + chrono::Days::new(offset);
            for span in [0u64, 1, 2, 5, 6, 7, 13, 30, 61] {
                let to = from + chrono::Days::new(span);
                let fast = cal.working_days_between(from, to);
                assert_eq!(fast, counted_one_by_one(&cal, from, to), "{from}..{to}");
                assert_eq!(cal.working_days_between(to, from), -fast);
            }
            for n in [0u32, 1, 3, 10, 25] {
                let end = cal.add_working_days(from, n);
                assert_eq!(
                    cal.working_days_between(from, end),
                    i64::from(n),
                    "{from} + {n}"
                );
            }
        }
    }

    #[test]
    fn years_without_holidays_count_weekends_only() {
        let cal = Calendar::default();
        // Monday 01/01/2035 to Monday 08/01/2035: five weekdays and the Monday.
        assert_eq!(
            cal.working_days_between(day("2034-12-31"), day("2035-01-08")),
            6
        );
    }
}
