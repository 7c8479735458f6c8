//! `procura-gateway --static dist`: Procura and Partner Center on one origin. Settings by
//! flag or environment variable (`--help`); stops gracefully on Ctrl-C or SIGTERM.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Parser;
use procura_gateway::{app, Config};
use procura_serve as server;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if !config.static_dir.join("index.html").is_file() {
        eprintln!(
            "procura-gateway: {} has no index.html (build the site first: trunk build --release)",
            config.static_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("procura-gateway: cannot listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let limits = server::Limits {
        header_read: config.header_timeout(),
        max_connections: config.max_connections,
        grace: config.grace(),
    };
    let (listen, upstream) = (config.listen, config.upstream.clone());
    let router = match app(config, Arc::new(Mutex::new(std::io::stderr()))) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("procura-gateway: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bound = listener.local_addr().map_or(listen.to_string(), |a| a.to_string());
    // The first line of standard output, for whoever started it on port 0 (the tests).
    println!("listening on http://{bound}");
    eprintln!("procura-gateway: serving http://{bound}/ and forwarding /v1/ to {upstream}");
    server::serve(listener, router, limits, stop_signal()).await;
    eprintln!("procura-gateway: stopped");
    ExitCode::SUCCESS
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
