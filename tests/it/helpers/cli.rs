use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the `hailong` binary in `dir` as a user types it: only `env` set, `stdin` as its input.
pub fn hailong(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hailong starts");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .expect("stdin takes the input");
    }
    child.wait_with_output().expect("hailong exits")
}
