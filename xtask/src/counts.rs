//! Reading passed/failed counts from the runners' summaries, so `cargo xtask test` can end
//! with one total.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.passed += o.passed;
        self.failed += o.failed;
    }
}

fn number_before(text: &str, word: &str) -> Option<u64> {
    let idx = text.find(word)?;
    text[..idx].split_whitespace().last()?.parse().ok()
}

/// libtest and wasm-bindgen-test-runner: `test result: ok. 3 passed; 1 failed; …`, one line
/// per test binary.
pub fn libtest(output: &str) -> Counts {
    let mut c = Counts::default();
    for line in output.lines().filter_map(|l| l.trim().strip_prefix("test result:")) {
        c.passed += number_before(line, " passed").unwrap_or(0);
        c.failed += number_before(line, " failed").unwrap_or(0);
    }
    c
}

/// node --test, TAP (`# pass 3`) or spec (`ℹ pass 3`) reporter.
pub fn node_test(output: &str) -> Counts {
    let mut c = Counts::default();
    for line in output.lines() {
        let l = line.trim_start_matches(|ch: char| !ch.is_ascii_alphanumeric());
        if let Some(n) = l.strip_prefix("pass ").and_then(|n| n.trim().parse::<u64>().ok()) {
            c.passed += n;
        } else if let Some(n) = l.strip_prefix("fail ").and_then(|n| n.trim().parse::<u64>().ok()) {
            c.failed += n;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_libtest_binaries() {
        let out = "running 2 tests\n...\ntest result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\
                   test result: FAILED. 5 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(libtest(out), Counts { passed: 7, failed: 1 });
        assert_eq!(libtest("error: could not compile"), Counts::default());
    }

    #[test]
    fn reads_node_test_summaries() {
        assert_eq!(
            node_test("# tests 4\n# pass 3\n# fail 1\n# cancelled 0\n"),
            Counts { passed: 3, failed: 1 }
        );
        assert_eq!(node_test("ℹ tests 2\nℹ pass 2\nℹ fail 0\n"), Counts { passed: 2, failed: 0 });
        assert_eq!(node_test("ok 1 - pass the salt\n"), Counts::default());
    }
}
