//! `procura-rules check FILE|-`: vets a CSV plan of purchases before any cart is created.
//! One JSON object per data row on stdout; exit 0 when no row is blocked, 1 when any is,
//! 2 when the input cannot be read.

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: procura-rules check FILE   (FILE may be - for standard input)

Columns (header required, any order): country kind term renews_to billing quantity
Optional: min_quantity max_quantity partner_qualified inventory_checked subscription_registered
          parent_subscription cloud currency segment";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = match args.as_slice() {
        [cmd, path] if cmd == "check" => path,
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut input = Vec::new();
    let read = if path == "-" {
        std::io::stdin().read_to_end(&mut input).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut input)).map(|_| ())
    };
    if let Err(e) = read {
        eprintln!("procura-rules: {path}: {e}");
        return ExitCode::from(2);
    }
    let rows = match procura_rules::bulk::check_csv(&input) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("procura-rules: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for row in &rows {
        if writeln!(out, "{}", procura_rules::bulk::row_json(row)).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if rows.iter().any(|r| r.verdict.is_blocked()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
