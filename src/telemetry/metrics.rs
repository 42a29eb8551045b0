//! Counters for `GET /metrics`, in Prometheus' text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds, in seconds, of the handler latency histogram's buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default)]
pub struct Metrics {
    updates_handled: AtomicU64,
    updates_duplicate: AtomicU64,
    errors: AtomicU64,
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_sum_micros: AtomicU64,
    panics: AtomicU64,
}

impl Metrics {
    pub fn record_update(&self, took: Duration, outcome: UpdateOutcome) {
        let seconds = took.as_secs_f64();
        for (bound, count) in BUCKETS.iter().zip(&self.latency_buckets) {
            if seconds <= *bound {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
        match outcome {
            UpdateOutcome::Answered => {}
            UpdateOutcome::Duplicate => {
                self.updates_duplicate.fetch_add(1, Ordering::Relaxed);
            }
            UpdateOutcome::Failed => {
                self.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.updates_handled.fetch_add(1, Ordering::Relaxed);
    }

    pub fn updates_handled(&self) -> u64 {
        self.updates_handled.load(Ordering::Relaxed)
    }

    pub fn errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// A handler panicked; its update counts as failed too.
    pub fn record_panic(&self) {
        self.panics.fetch_add(1, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let handled = self.updates_handled();
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
            );
        };
        counter(
            &mut out,
            "hailong_updates_handled_total",
            "Telegram updates handled.",
            handled,
        );
        counter(
            &mut out,
            "hailong_updates_duplicate_total",
            "Updates delivered again and ignored.",
            self.updates_duplicate.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "hailong_errors_total",
            "Updates whose handling failed.",
            self.errors(),
        );
        counter(
            &mut out,
            "hailong_panics_total",
            "Update handlers that panicked; each one update, the others went on.",
            self.panics.load(Ordering::Relaxed),
        );
        let name = "hailong_handler_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Time to handle one update, replies included."
        );
        let _ = writeln!(out, "# TYPE {name} histogram");
        for (bound, count) in BUCKETS.iter().zip(&self.latency_buckets) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{bound}\"}} {}",
                count.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {handled}");
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {handled}");
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    Answered,
    Duplicate,
    Failed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record_update(Duration::from_micros(800), UpdateOutcome::Answered);
        m.record_update(Duration::from_millis(30), UpdateOutcome::Failed);
        let text = m.render();
        assert!(text.contains("hailong_updates_handled_total 2"), "{text}");
        assert!(text.contains("hailong_errors_total 1"), "{text}");
        assert!(
            text.contains("hailong_handler_duration_seconds_bucket{le=\"0.001\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("hailong_handler_duration_seconds_bucket{le=\"0.05\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("hailong_handler_duration_seconds_count 2"),
            "{text}"
        );
    }
}
