//! gzip (level 9) and brotli (quality 11): the bundle sizes the bench reports, and the
//! precompressed copies the release build writes beside each asset for procura-gateway.

use std::io::Write;
use std::path::Path;

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    // Reading from and writing to memory cannot fail.
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out
}

/// Writes `name.br` and `name.gz` beside every built asset of `dir` that compresses
/// (`config.json` excluded: a deployer edits it, and a stale copy would win).
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let compressible =
            [".wasm", ".js", ".css", ".html", ".svg"].iter().any(|x| name.ends_with(x));
        if !path.is_file() || !compressible {
            continue;
        }
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (ext, bytes) in [("br", brotli(&data)), ("gz", gzip(&data))] {
            let out = dir.join(format!("{name}.{ext}"));
            std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
            written += 1;
        }
    }
    Ok(written)
}
