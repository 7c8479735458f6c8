//! `procura-rules check FILE|-`: vets a CSV plan of purchases before any cart is created.
//! One JSON object per data row on stdout; exit 0 when no row is blocked, 1 when any is,
//! 2 when the input cannot be read. The plan is read as it streams in, so a file of any size
//! takes little memory; rows before an unreadable line are printed before the error.

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
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("procura-rules: {path}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match check(input, &mut out) {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(Failed::Output) => ExitCode::from(2),
        Err(Failed::Input(e)) => {
            // The rows before it are printed already: the plan is read as it streams in.
            let _ = out.flush();
            eprintln!("procura-rules: {path}: {e}");
            ExitCode::from(2)
        }
    }
}

enum Failed {
    Input(Box<dyn std::error::Error>),
    Output,
}

/// Reads the plan a piece at a time and prints each row as it is checked; whether any row
/// is blocked.
fn check(mut input: impl Read, out: &mut impl Write) -> Result<bool, Failed> {
    let mut reader = procura_rules::bulk::PlanReader::default();
    let mut buf = vec![0u8; 64 * 1024];
    let (mut blocked, mut written) = (false, Ok(()));
    let mut print = |row: procura_rules::bulk::RowVerdict| {
        blocked |= row.verdict.is_blocked();
        if written.is_ok() {
            written = writeln!(out, "{}", procura_rules::bulk::row_json(&row));
        }
    };
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failed::Input(e.into())),
        };
        reader.feed(&buf[..n], &mut print).map_err(|e| Failed::Input(e.into()))?;
    }
    reader.finish(&mut print).map_err(|e| Failed::Input(e.into()))?;
    written.map_err(|_| Failed::Output)?;
    out.flush().map_err(|_| Failed::Output)?;
    Ok(blocked)
}
