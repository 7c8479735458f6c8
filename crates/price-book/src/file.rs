//! A price sheet's file as it arrives: CSV, or a zip holding the CSV (the Partner API zips it
//! when `deflate` is accepted, and browsers always accept it; a partner may download either).

use std::io::{Cursor, Read};

use procura_partner_center::pricesheet::{read_csv, PriceRow, SheetError, MAX_BYTES};

/// The rows of a CSV or zipped CSV; a zip is recognised by its signature, not its name.
pub fn read(bytes: &[u8]) -> Result<Vec<PriceRow>, SheetError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_csv(&unzip_first(bytes)?);
    }
    read_csv(bytes)
}

/// The first file in a zip, unpacked, within [`MAX_BYTES`].
fn unzip_first(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let bad = |e: &dyn std::fmt::Display| SheetError::BadZip(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(|e| bad(&e))?;
        if file.is_dir() {
            continue;
        }
        let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(MAX_BYTES));
        // `take` bounds what a lying size field could make us unpack.
        file.take(MAX_BYTES as u64 + 1).read_to_end(&mut out).map_err(|e| bad(&e))?;
        if out.len() > MAX_BYTES {
            return Err(SheetError::TooLarge { bytes: out.len() });
        }
        return Ok(out);
    }
    Err(SheetError::BadZip("it holds no file".into()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test reports a failure by panicking")]
    use std::io::Write;

    use super::*;

    fn zipped(csv: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("sheets.csv", options).unwrap();
        w.write_all(csv).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_csv_or_a_zip_of_it_and_refuses_a_broken_zip() {
        let csv = b"ProductId,SkuId,Currency,UnitPrice\nDG7GMGF0DWTL,0001,JPY,27000\n";
        let rows = read(csv).unwrap();
        assert_eq!(read(&zipped(csv)).unwrap(), rows);
        assert!(matches!(read(b"PK\x03\x04garbage"), Err(SheetError::BadZip(_))));
        assert!(matches!(read(&zipped(b"")), Err(SheetError::NoHeader)));
    }
}
