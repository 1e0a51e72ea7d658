//! End-to-end tests of `vnfacts normalize`: files, directories, stdin,
//! `--json`, a missing file and a binary file among good ones.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn vnfacts(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnfacts"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vnfacts");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait for vnfacts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const MESSY: &str = "Hoà bình\u{a0}và2021–2030, thuỷ lợi cho 33người.\r\n";
const CLEAN: &str = "Hòa bình và 2021-2030, thủy lợi cho 33 người.\n";

#[test]
fn normalizes_a_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, MESSY).unwrap();
    let out = vnfacts(&["normalize", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), CLEAN);

    let out = vnfacts(&["normalize"], Some(MESSY.as_bytes()));
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), CLEAN);
    let out = vnfacts(&["normalize", "-"], Some(MESSY.as_bytes()));
    assert_eq!(text(&out.stdout), CLEAN);
}

#[test]
fn json_reports_encoding_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    // VNI-Windows bytes we wrote ourselves: "Vieät Nam" = Việt Nam.
    std::fs::write(
        dir.path().join("vni.txt"),
        b"Vi\x65\xe4t Nam c\x6f\xe4ng h\x6f\xf8a x\x61\xf5 h\x6f\xe4i ch\x75\xfb ngh\xf3a",
    )
    .unwrap();
    std::fs::write(dir.path().join("plain.txt"), "Hoà bình").unwrap();
    let out = vnfacts(&["normalize", "--json", dir.path().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let objs: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), 2);
    let plain = &objs[0];
    assert!(plain["path"].as_str().unwrap().ends_with("plain.txt"));
    assert_eq!(plain["text"], "Hòa bình");
    assert_eq!(plain["encoding"], "UTF-8");
    assert_eq!(plain["changes"], 1);
    assert_eq!(plain["replaced"], 0);
    assert_eq!(plain["bytes_in"], "Hoà bình".len());
    let vni = &objs[1];
    assert_eq!(vni["text"], "Việt Nam cộng hòa xã hội chủ nghĩa");
    assert_eq!(vni["encoding"], "VNI");
}

#[test]
fn bad_inputs_are_reported_and_others_processed() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    let binary = dir.path().join("image.bin");
    std::fs::write(&good, "thuỷ").unwrap();
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = vnfacts(
        &[
            "normalize",
            missing.to_str().unwrap(),
            binary.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("missing.txt") && err.contains("no such file"),
        "{err}"
    );
    assert!(
        err.contains("image.bin") && err.contains("looks binary"),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "thủy\n");
}

#[test]
fn bad_usage_is_exit_2() {
    let out = vnfacts(&["normalize", "--no-such-flag"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = vnfacts(&["normalize", "--help"], None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("--json"));
}
