//! A dossier's per-agency step times, as a feed sends them: which agency
//! handled the dossier, from when until when. The ingest API sends
//! `"steps": [{"agency": …, "started": …, "finished": …}]`; a CSV file one
//! `steps` cell, `AGENCY@STARTED..FINISHED`, steps separated by `|`, e.g.
//! `000.00.32.H12@2026-11-02 08:00..2026-11-03 17:00|000.00.05.H12@2026-11-03 17:00..2026-11-04 09:30`
//! (neither `,` nor `;`, so a cell needs no quotes whichever separator Excel
//! writes). Both are read here; whether the steps fit the dossier (inside
//! received..returned) is checked with the rest of the record
//! (`ingest::checks`).

use chrono::{DateTime, Utc};

use super::AgencyCode;
use super::moment::parse_instant;

/// One agency's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub agency: AgencyCode,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
}

impl Step {
    /// A step from its three fields; `n` (from 1) names it in the message.
    pub fn parse(n: usize, agency: &str, started: &str, finished: &str) -> Result<Self, String> {
        let problem = |what: String| format!("step {n}: {what}");
        let agency = AgencyCode::parse(agency).map_err(|e| problem(e.to_string()))?;
        let time = |field: &str, raw: &str| {
            parse_instant(raw).map_err(|e| problem(format!("{field}: {e}")))
        };
        let (started, finished) = (time("started", started)?, time("finished", finished)?);
        if finished < started {
            return Err(problem("finished before it started".into()));
        }
        Ok(Self {
            agency,
            started,
            finished,
        })
    }
}

/// The steps of a CSV `steps` cell (see the module's text).
pub fn parse_steps_cell(raw: &str) -> Result<Vec<Step>, String> {
    raw.split('|')
        .enumerate()
        .map(|(i, step)| {
            let n = i + 1;
            let (agency, times) = step
                .split_once('@')
                .ok_or_else(|| format!("step {n}: not AGENCY@STARTED..FINISHED"))?;
            let (started, finished) = times
                .split_once("..")
                .ok_or_else(|| format!("step {n}: not AGENCY@STARTED..FINISHED"))?;
            Step::parse(n, agency.trim(), started, finished)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_holds_steps_separated_by_bars() {
        let steps = parse_steps_cell(
            "000.00.32.H12@2026-11-02 08:00..2026-11-03 17:00 | 000.00.05.H12@03/11/2026 17:00..2026-11-04T09:30:00+07:00",
        )
        .expect("two steps");
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].agency.as_str(), "000.00.05.H12");
        assert_eq!(
            steps[1].finished,
            parse_instant("2026-11-04T02:30:00Z").expect("a time")
        );
    }

    #[test]
    fn a_bad_step_is_named_by_its_number() {
        assert_eq!(
            parse_steps_cell(
                "A@2026-11-02 08:00..2026-11-03 17:00|B@2026-11-03 17:00..2026-11-03 16:00"
            ),
            Err("step 2: finished before it started".into())
        );
        assert!(
            parse_steps_cell("A 2026-11-02")
                .is_err_and(|e| e == "step 1: not AGENCY@STARTED..FINISHED")
        );
        assert!(
            parse_steps_cell("A@soon..2026-11-03 17:00")
                .is_err_and(|e| e.starts_with("step 1: started:"))
        );
    }
}
