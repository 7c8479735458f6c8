//! The `procura-rules` binary as a partner runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test reports a failure by panicking"
)]
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(stdin: &[u8], args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_procura-rules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn check(csv: &str) -> (i32, Vec<String>, String) {
    let out = run(csv.as_bytes(), &["check", "-"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        stdout.lines().map(str::to_string).collect(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_clean_plan_exits_zero_with_one_line_per_row() {
    let (code, lines, _) = check("kind,quantity,country,term,renews_to,billing\nsoftware-subscription,3,SE,P1Y,P1Y,annual\nperpetual-software,1,TW,,,one_time\n");
    assert_eq!(code, 0);
    assert_eq!(
        lines,
        [
            r#"{"line": 1, "ok": true, "findings": []}"#,
            r#"{"line": 2, "ok": true, "findings": []}"#
        ]
    );
}

#[test]
fn a_blocked_row_exits_one_with_findings_in_english() {
    let (code, lines, _) = check("country,kind,term,renews_to,billing,quantity\r\nBR,software-subscription,P1Y,,annual,2\r\n");
    assert_eq!(code, 1);
    assert_eq!(
        lines[0],
        r#"{"line": 1, "ok": false, "findings": [{"rule": "market.unavailable", "severity": "block", "field": "country", "message": "A software subscription is not sold in Brazil (BR)."}]}"#
    );
}

#[test]
fn warnings_alone_do_not_fail_the_plan() {
    let csv = "country,kind,term,renews_to,billing,quantity,subscription_registered\nUS,azure-reservation,P1Y,,one_time,1,yes\n";
    let (code, lines, _) = check(csv);
    assert_eq!(code, 0);
    assert!(
        lines[0].contains(r#""ok": true"#)
            && lines[0].contains("prerequisite.inventory_check")
            && lines[0].contains(r#""severity": "warn""#)
    );
}

#[test]
fn a_reservation_without_evidence_of_registration_is_blocked() {
    let (code, lines, _) = check(
        "country,kind,term,renews_to,billing,quantity\nUS,azure-reservation,P1Y,,one_time,1\n",
    );
    assert_eq!(code, 1);
    assert!(lines[0].contains("prerequisite.registration"));
}

#[test]
fn hostile_values_are_escaped_in_json() {
    let (code, lines, _) = check("country,kind,term,renews_to,billing,quantity\nJP,software-subscription,\"P1\"\"Y\\\nZ\",,annual,1\n");
    assert_eq!(code, 1);
    assert!(lines[0].contains(r#"`P1\"Y\\\nZ`"#), "{}", lines[0]);
}

#[test]
fn unreadable_input_exits_two_naming_the_line() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"country,kind,term,renews_to,billing\nJP,add-on,,,none\n",
            "line 1: the header has no `quantity` column",
        ),
        (
            b"country,kind,term,renews_to,billing,quantity,colour\n",
            "line 1: unknown column `colour`",
        ),
        (
            b"country,kind,term,renews_to,billing,quantity\nJP,add-on,,,none,1\nJP,add-on\n",
            "line 3: expected 6 fields",
        ),
        (
            b"country,kind,term,renews_to,billing,quantity\nJP,add-on,,,none,1\n\xff\xfe,x\n",
            "line 3: the file is not valid UTF-8",
        ),
        (b"", "line 1: a header row"),
        (
            b"country,kind,term,renews_to,billing,quantity\nJP,\"add-on,,,none,1\n",
            "line 2: a quoted field is never closed",
        ),
    ];
    for (input, message) in cases {
        let out = run(input, &["check", "-"]);
        assert_eq!(out.status.code(), Some(2), "{message}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "expected {message:?} in {err:?}");
        // Rows are printed as they are read: those before the bad line, and no more.
        let stdout = String::from_utf8(out.stdout).unwrap();
        let line: usize = message[5..message.find(':').unwrap()].parse().unwrap();
        assert_eq!(stdout.lines().count(), line.saturating_sub(2), "{message}: {stdout}");
        assert!(stdout.lines().all(|l| l.starts_with("{\"line\": ")), "{stdout}");
    }
}

#[test]
fn reads_a_file_and_refuses_a_missing_one() {
    let path = std::env::temp_dir().join(format!("procura-rules-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "\u{feff}country,kind,term,renews_to,billing,quantity\nJP,add-on,,,none,1\n",
    )
    .unwrap();
    let out = run(b"", &["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "add-on without a parent");
    std::fs::remove_file(&path).unwrap();
    let out = run(b"", &["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(run(b"", &["frobnicate"]).status.code(), Some(2));
}
