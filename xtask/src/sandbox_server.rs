//! The sandbox server for the client's loopback tests: built, started on a free port with a
//! throwaway database and fault injection on, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::cmd::{cmd, root, run};

pub struct SandboxServer {
    child: Child,
    db: PathBuf,
    pub url: String,
}

impl SandboxServer {
    pub fn start() -> Result<SandboxServer, String> {
        run(cmd("cargo").args([
            "build",
            "--quiet",
            "-p",
            "procura-sandbox",
            "--bin",
            "procura-sandbox",
        ]))?;
        let bin = root().join("target/debug/procura-sandbox");
        let db = std::env::temp_dir().join(format!("procura-xtask-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&db);
        let mut child = Command::new(&bin)
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--test-faults")
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
        Ok(SandboxServer { child, db, url })
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.db);
    }
}
