//! Servers the tests talk to, each built, started on a free port and stopped when dropped:
//! the sandbox server (a throwaway database, fault injection on) for the client's loopback
//! tests, and procura-gateway serving `dist/` in front of one for the end-to-end specs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::cmd::{cmd, root, run};

/// A child process that announced `listening on URL` as its first line.
pub struct Served {
    child: Child,
    /// Removed when the server stops.
    scratch: Option<PathBuf>,
    pub url: String,
}

fn build(package: &str) -> Result<PathBuf, String> {
    run(cmd("cargo").args(["build", "--quiet", "-p", package, "--bin", package]))?;
    Ok(root().join("target/debug").join(package))
}

fn spawn(
    bin: &Path,
    args: &[&std::ffi::OsStr],
    scratch: Option<PathBuf>,
) -> Result<Served, String> {
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("unexpected first line: {line:?}"))?
        .to_string();
    Ok(Served { child, scratch, url })
}

impl Served {
    pub fn sandbox() -> Result<Served, String> {
        let bin = build("procura-sandbox")?;
        let db = std::env::temp_dir().join(format!(
            "procura-xtask-{}-{}.sqlite",
            std::process::id(),
            rand_suffix()
        ));
        let _ = std::fs::remove_file(&db);
        let args = [
            "--listen".as_ref(),
            "127.0.0.1:0".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--test-faults".as_ref(),
        ];
        spawn(&bin, &args, Some(db.clone()))
    }

    /// procura-gateway serving `site` and forwarding `/v1/` and `/v1.0/` to `upstream` (the
    /// sandbox plays Partner Center and the Partner API).
    pub fn gateway(site: &Path, upstream: &str) -> Result<Served, String> {
        let bin = build("procura-gateway")?;
        let args = [
            "--listen".as_ref(),
            "127.0.0.1:0".as_ref(),
            "--static".as_ref(),
            site.as_os_str(),
            "--upstream".as_ref(),
            upstream.as_ref(),
            "--partner-api-upstream".as_ref(),
            upstream.as_ref(),
        ];
        spawn(&bin, &args, None)
    }
}

/// Tells apart two sandboxes of one xtask run.
fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(p) = &self.scratch {
            let _ = std::fs::remove_file(p);
        }
    }
}
