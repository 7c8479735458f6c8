//! Running commands with the project's tool paths, and reading their output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// PATH with the project's npm tools (wasm-opt from binaryen) and cargo's bin first, so
/// that Trunk finds the pinned tools and never a stray system one.
pub fn tool_path() -> String {
    let mut dirs = vec![root().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    let old = std::env::var_os("PATH").unwrap_or_default();
    dirs.extend(std::env::split_paths(&old));
    // A directory with a `:` in its name cannot join: keep the PATH as it was.
    std::env::join_paths(dirs)
        .map_or_else(|_| old.to_string_lossy().into_owned(), |p| p.to_string_lossy().into_owned())
}

/// The temporary directory every child of xtask gets as `TMPDIR`. Chromium, when its driver
/// or test runner ends it without a clean quit, leaves its whole profile (about 90 MB) in the
/// temporary directory; the browser tests used to leave gigabytes in `/tmp` per run, until the
/// disk CI builds on filled up. One per xtask process (a `serve` may run beside a `test`),
/// under `target/`, removed when that process ends.
pub fn scratch() -> PathBuf {
    scratch_root().join(std::process::id().to_string())
}

/// Where every xtask process's [`scratch`] is.
fn scratch_root() -> PathBuf {
    root().join("target/xtask-tmp")
}

/// Creates [`scratch`], first removing those of xtask processes that no longer run (one that
/// was interrupted never removed its own).
pub fn fresh_scratch() {
    for entry in std::fs::read_dir(scratch_root()).into_iter().flatten().flatten() {
        let pid = entry.file_name();
        if !Path::new("/proc").join(&pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = scratch();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("xtask: cannot create {}: {e}", dir.display());
    }
}

/// A command in the workspace root with the tool PATH and xtask's own temporary directory.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    let tmp = scratch();
    if tmp.is_dir() {
        c.env("TMPDIR", tmp);
    }
    c
}

/// First line of `program --version`-like output, or `None` when it is not installed.
pub fn version_of(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines().find(|l| !l.trim().is_empty()).map(str::to_string)
}

/// Runs to completion with inherited output; `Err` names the command when it fails.
pub fn run(c: &mut Command) -> Result<(), String> {
    let status = c.status().map_err(|e| format!("cannot start {:?}: {e}", c.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} {:?} failed: {status}",
            c.get_program(),
            c.get_args().collect::<Vec<_>>()
        ))
    }
}

/// Runs with output shown live and also captured (for counting test results).
pub fn run_tee(c: &mut Command) -> (bool, String) {
    use std::io::{BufRead, BufReader, Write};
    let mut child = match c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(ch) => ch,
        Err(e) => return (false, format!("cannot start {:?}: {e}", c.get_program())),
    };
    let (Some(out), Some(err)) = (child.stdout.take(), child.stderr.take()) else {
        return (false, format!("{:?} has no piped output", c.get_program()));
    };
    let err_thread = std::thread::spawn(move || {
        let mut captured = String::new();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            eprintln!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
        captured
    });
    let mut captured = String::new();
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        println!("{line}");
        let _ = std::io::stdout().flush();
        captured.push_str(&line);
        captured.push('\n');
    }
    captured.push_str(&err_thread.join().unwrap_or_default());
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (ok, captured)
}
