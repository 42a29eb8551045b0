//! The built `hailong` binary, for benchmarks that time the real command.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// `target/<profile>/hailong`, next to this example's folder. Cargo does not
/// build it for an example, so it must have been built in the same profile.
pub fn hailong_binary() -> anyhow::Result<PathBuf> {
    let profile_dir = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("no folder for the binary")?;
    let binary = profile_dir.join("hailong");
    if !binary.exists() {
        let build = if profile_dir.ends_with("release") {
            "cargo build --release"
        } else {
            "cargo build"
        };
        bail!("{} is missing: run `{build}` first", binary.display());
    }
    Ok(binary)
}
