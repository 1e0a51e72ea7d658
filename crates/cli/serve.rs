//! `vnfacts serve`: the JSON API and the search page over DATA/index (read-only).

use std::net::SocketAddr;
use std::process::ExitCode;

use vnfacts_server::{AppState, Limits};

use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the URL is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// API requests served at once; more get 503 with Retry-After.
    #[arg(long, default_value_t = Limits::default().max_concurrent, value_name = "N")]
    pub max_concurrent: usize,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let limits = Limits {
        max_concurrent: args.max_concurrent.max(1),
        ..Limits::default()
    };
    let state = AppState::open(&global.data, limits)?;
    serve(state, args.addr)?;
    Ok(ExitCode::SUCCESS)
}

/// Serve until Ctrl-C, printing the URL once listening (tests read this line).
pub fn serve(state: AppState, addr: SocketAddr) -> anyhow::Result<()> {
    vnfacts_server::serve_blocking(state, addr, |local| {
        println!("serving http://{local}/ (Ctrl-C to stop)");
        // Tests and scripts wait for this line; make sure it is not stuck in a buffer.
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
    })?;
    Ok(())
}
