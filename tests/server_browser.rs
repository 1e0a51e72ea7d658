//! Runs scripts/browser_test.sh (headless chromium over the search page) when
//! VNFACTS_BROWSER_TESTS=1; it installs chromium and playwright-core, so it is
//! opt-in (CI sets the variable).

use std::process::Command;

#[test]
fn search_page_in_a_real_browser() {
    if std::env::var("VNFACTS_BROWSER_TESTS").as_deref() != Ok("1") {
        eprintln!("skipped: set VNFACTS_BROWSER_TESTS=1 to run scripts/browser_test.sh (needs apt and npm)");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let status = Command::new("bash")
        .arg(format!("{root}/scripts/browser_test.sh"))
        .current_dir(root)
        .env("VNFACTS_BIN", env!("CARGO_BIN_EXE_vnfacts"))
        .status()
        .unwrap();
    assert!(status.success(), "scripts/browser_test.sh failed");
}
