//! How big a benchmark runs: the documented full size, or a small one that
//! CI runs in seconds to prove the benchmark still measures what it claims.

use anyhow::bail;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Full,
}

impl Scale {
    /// `--small` on the command line or `HAILONG_BENCH_SCALE=small|full`
    /// (default full); returns the other arguments. Any other `--flag` is an
    /// error, so a typo cannot silently run the full size.
    pub fn from_args() -> anyhow::Result<(Self, Vec<String>)> {
        let mut scale = match std::env::var("HAILONG_BENCH_SCALE").as_deref() {
            Err(_) | Ok("full") => Self::Full,
            Ok("small") => Self::Small,
            Ok(other) => bail!("HAILONG_BENCH_SCALE={other}: expected small or full"),
        };
        let mut rest = Vec::new();
        for arg in std::env::args().skip(1) {
            match arg.as_str() {
                "--small" => scale = Self::Small,
                flag if flag.starts_with("--") => bail!("unknown option {flag}; expected --small"),
                _ => rest.push(arg),
            }
        }
        Ok((scale, rest))
    }

    /// `small` or `full` by the scale.
    pub fn pick<T>(self, small: T, full: T) -> T {
        match self {
            Self::Small => small,
            Self::Full => full,
        }
    }
}
