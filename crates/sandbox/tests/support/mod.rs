//! Starting and stopping `procura-sandbox` for the HTTP tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use procura_partner_center as pc;
use procura_partner_center::http::{Request, Response};
use procura_sandbox::loopback::Conn;
use procura_sandbox::{Config, MemoryStore, Sandbox};

pub mod documented;

/// Responses checked against the documented fields, and fields checked (for the report).
pub static CHECKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub const T0: i64 = 1_790_000_000_000; // an arbitrary start of the clock
pub const SAKURA: &str = "sandbox-partner-sakura";

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(db: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procura-sandbox"))
            .args(["--listen", "127.0.0.1:0", "--db", db.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("{line}"))
            .to_string();
        Server { child, addr }
    }

    pub fn conn(&self) -> Conn {
        Conn::open(&self.addr).unwrap()
    }

    /// SIGTERM, then wait: the process must exit by itself, successfully.
    pub fn stop(mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn temp_db(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("procura-sandbox-{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
    }
    p
}

pub enum Door {
    InProcess {
        sandbox: Sandbox,
        store: MemoryStore,
        now: i64,
    },
    #[cfg(feature = "server")]
    Http {
        server: Server,
        conn: procura_sandbox::loopback::Conn,
    },
}

pub struct World {
    pub door: Door,
}

impl World {
    pub fn in_process() -> World {
        World {
            door: Door::InProcess {
                sandbox: Sandbox::new(Config::default()),
                store: MemoryStore::new(),
                now: T0,
            },
        }
    }

    #[cfg(feature = "server")]
    pub fn over_http(name: &str) -> World {
        let server = Server::start(&temp_db(name), &["--test-clock"]);
        let conn = server.conn();
        World { door: Door::Http { server, conn } }
    }

    pub fn send(&mut self, req: Request) -> Response {
        match &mut self.door {
            Door::InProcess { sandbox, store, now } => {
                let resp = sandbox.handle(store, &req, *now);
                // Every answer of the Partner Center API (not the sandbox's own `/sandbox`
                // routes) carries only fields the reference pages document.
                if !req.path.starts_with("/sandbox") {
                    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&resp.body) {
                        let extra = documented::undocumented(&v);
                        assert!(
                            extra.is_empty(),
                            "{} {}: undocumented {extra:?}",
                            req.method,
                            req.path
                        );
                        CHECKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                resp
            }
            #[cfg(feature = "server")]
            Door::Http { conn, .. } => {
                let path = if req.query.is_empty() {
                    req.path.clone()
                } else {
                    format!("{}?{}", req.path, req.query)
                };
                let headers: Vec<(&str, &str)> =
                    req.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let r = conn.send(&req.method, &path, &headers, &req.body).unwrap();
                Response { status: r.status, headers: r.headers, body: r.body }
            }
        }
    }

    /// Moves the sandbox's clock forward.
    pub fn advance(&mut self, ms: i64) {
        match &mut self.door {
            Door::InProcess { now, .. } => *now += ms,
            #[cfg(feature = "server")]
            Door::Http { conn, .. } => assert_eq!(
                conn.send("POST", &format!("/sandbox/clock?advanceMs={ms}"), &[], b"")
                    .unwrap()
                    .status,
                200
            ),
        }
    }
    pub fn get(&mut self, path: &str) -> Response {
        self.send(Request::new("GET", path).bearer(SAKURA))
    }
    pub fn json<T: serde::de::DeserializeOwned>(r: &Response) -> T {
        pc::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&r.body)))
    }
    /// The error body's code, which the docs' examples always write as a JSON number.
    pub fn error_code(r: &Response) -> u32 {
        let raw: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(raw["code"].is_number(), "the code is a number on the wire: {raw}");
        World::json::<pc::ApiError>(r).code_number().unwrap()
    }
}

/// Each contract test, once in process and once over HTTP.
#[macro_export]
macro_rules! both_doors {
    ($($name:ident),* $(,)?) => {
        mod in_process {
            $(#[test] fn $name() { super::$name(&mut $crate::support::World::in_process()); })*
        }
        #[cfg(feature = "server")]
        mod over_http {
            $(#[test] fn $name() { super::$name(&mut $crate::support::World::over_http(stringify!($name))); })*
        }
    };
}
