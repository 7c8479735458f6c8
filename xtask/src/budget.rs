//! The budgets `cargo xtask bench` holds its figures to: each figure is read back from the
//! line a benchmark printed (so the printed line and the checked number cannot disagree),
//! printed beside its budget, and `--check` fails the run when one is over or missing.

/// Whether a figure must stay under or above its limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    AtMost,
    AtLeast,
}

pub struct Budget {
    pub name: &'static str,
    /// The benchmark's line contains this…
    pub line: &'static str,
    /// …and the figure is the number right after this, on that line.
    pub after: &'static str,
    pub bound: Bound,
    pub limit: f64,
    pub unit: &'static str,
}

/// Every budget the issues set, in the order the bench prints them.
pub const BUDGETS: &[Budget] = &[
    Budget {
        name: "first-screen code (page wasm + JS, brotli 11)",
        line: "bundle first screen brotli:",
        after: "brotli:",
        bound: Bound::AtMost,
        limit: 350_000.0,
        unit: "bytes",
    },
    Budget {
        name: "startup to interactive customer list / minimal Leptos",
        line: "startup ratio built site / minimal Leptos:",
        after: "Leptos:",
        bound: Bound::AtMost,
        limit: 1.5,
        unit: "×",
    },
    Budget {
        name: "100,000-line invoice read and shown",
        line: "invoice 100,000 line items:",
        after: "shown in ",
        bound: Bound::AtMost,
        limit: 1500.0,
        unit: "ms",
    },
    Budget {
        name: "longest main-thread task while it loads",
        line: "invoice 100,000 line items, longest main-thread task:",
        after: "task:",
        bound: Bound::AtMost,
        limit: 50.0,
        unit: "ms",
    },
    Budget {
        name: "invoice scroll step p95",
        line: "invoice table while scrolling",
        after: "p95 ",
        bound: Bound::AtMost,
        limit: 8.0,
        unit: "ms",
    },
    Budget {
        name: "CSV export of 100,000 lines",
        line: "CSV export of 100,000 lines:",
        after: "lines:",
        bound: Bound::AtMost,
        limit: 500.0,
        unit: "ms",
    },
    Budget {
        name: "checkout on the embedded sandbox, confirm to result",
        line: "checkout on the embedded sandbox:",
        after: "median ",
        bound: Bound::AtMost,
        limit: 50.0,
        unit: "ms",
    },
    Budget {
        name: "procura-sandbox create-cart + checkout",
        line: "sandbox create-cart+checkout:",
        after: "checkout:",
        bound: Bound::AtLeast,
        limit: 3000.0,
        unit: "pairs/s",
    },
    Budget {
        name: "… and again after the first run's orders",
        line: "sandbox create-cart+checkout after",
        after: "orders:",
        bound: Bound::AtLeast,
        limit: 3000.0,
        unit: "pairs/s",
    },
    Budget {
        name: "procura-sandbox catalog GET",
        line: "sandbox catalog GET:",
        after: "GET:",
        bound: Bound::AtLeast,
        limit: 20_000.0,
        unit: "req/s",
    },
];

/// The number right after `after` on the first line of `out` containing `line`; thousands
/// separators allowed.
pub fn figure(out: &str, line: &str, after: &str) -> Option<f64> {
    let l = out.lines().find(|l| l.contains(line))?;
    let rest = &l[l.find(line)?..];
    let rest = rest[rest.find(after)? + after.len()..].trim_start();
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    number.trim_end_matches('.').parse().ok()
}

/// Prints each budget beside its figure; true when every one is met.
pub fn report(out: &str) -> bool {
    println!("\nbudgets:");
    let mut all_met = true;
    for b in BUDGETS {
        let (sign, word) = match b.bound {
            Bound::AtMost => ("≤", "OVER"),
            Bound::AtLeast => ("≥", "UNDER"),
        };
        match figure(out, b.line, b.after) {
            Some(v) => {
                let met = match b.bound {
                    Bound::AtMost => v <= b.limit,
                    Bound::AtLeast => v >= b.limit,
                };
                all_met &= met;
                println!(
                    "  {:<4} {:<56} {v:>10.2} {unit}  (budget {sign} {limit} {unit})",
                    if met { "ok" } else { word },
                    b.name,
                    unit = b.unit,
                    limit = b.limit
                );
            }
            None => {
                all_met = false;
                println!("  MISSING {:<53} (budget {sign} {} {})", b.name, b.limit, b.unit);
            }
        }
    }
    all_met
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_from_the_lines_printed() {
        let out = "x\nsandbox catalog GET: 9,395 req/s, p99 1.2 ms\nstartup ratio built site / minimal Leptos: 2.61\n";
        assert_eq!(figure(out, "sandbox catalog GET:", "GET:"), Some(9395.0));
        assert_eq!(figure(out, "startup ratio", "Leptos:"), Some(2.61));
        assert_eq!(figure(out, "missing", "x"), None);
        let budgets_found = BUDGETS.iter().filter(|b| figure(out, b.line, b.after).is_some());
        assert_eq!(budgets_found.count(), 2);
    }
}
