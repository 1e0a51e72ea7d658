//! `vnfacts normalize`.

use std::process::ExitCode;

use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("vnfacts normalize is being built")
}
