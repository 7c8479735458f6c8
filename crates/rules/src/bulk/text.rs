//! A plan's bytes as text, a piece at a time: UTF-8 (with or without Excel's byte-order
//! mark), or UTF-16 with its byte-order mark, as Excel's "Unicode text" and Procura's own
//! export are written. A character cut between two pieces waits for the next.

/// Text that is neither: what came before the bad bytes has been decoded.
#[derive(Debug)]
pub(super) struct BadText;

#[derive(Clone, Copy)]
enum Encoding {
    Unknown,
    Utf8,
    Utf16(fn([u8; 2]) -> u16),
}

pub(super) struct Decoder {
    encoding: Encoding,
    /// Bytes of a character (or of the byte-order mark) not yet complete.
    pending: Vec<u8>,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder { encoding: Encoding::Unknown, pending: Vec::new() }
    }

    /// Appends the text of `bytes` (after what was pending) to `out`.
    pub fn decode(&mut self, bytes: &[u8], out: &mut String) -> Result<(), BadText> {
        self.pending.extend_from_slice(bytes);
        let mut buf = std::mem::take(&mut self.pending);
        let start = match self.encoding {
            Encoding::Unknown => match buf.as_slice() {
                [0xff, 0xfe, ..] => self.start(Encoding::Utf16(u16::from_le_bytes), 2),
                [0xfe, 0xff, ..] => self.start(Encoding::Utf16(u16::from_be_bytes), 2),
                [0xef, 0xbb, 0xbf, ..] => self.start(Encoding::Utf8, 3),
                // Too short to tell yet.
                [] | [0xff] | [0xfe] | [0xef] | [0xef, 0xbb] => {
                    self.pending = buf;
                    return Ok(());
                }
                _ => self.start(Encoding::Utf8, 0),
            },
            _ => 0,
        };
        let body = &buf[start..];
        let kept = match self.encoding {
            Encoding::Utf8 => utf8(body, out)?,
            Encoding::Utf16(unit) => utf16(body, unit, out)?,
            Encoding::Unknown => 0,
        };
        buf.drain(..buf.len() - kept);
        self.pending = buf;
        Ok(())
    }

    /// The end of the input: a character left incomplete is bad text.
    pub fn finish(&mut self, out: &mut String) -> Result<(), BadText> {
        if let Encoding::Unknown = self.encoding {
            // Fewer than three bytes in all: whatever they are, read as UTF-8.
            self.encoding = Encoding::Utf8;
            let rest = std::mem::take(&mut self.pending);
            self.decode(&rest, out)?;
        }
        if self.pending.is_empty() {
            Ok(())
        } else {
            Err(BadText)
        }
    }

    fn start(&mut self, encoding: Encoding, mark: usize) -> usize {
        self.encoding = encoding;
        mark
    }
}

/// Decodes what it can; returns how many bytes at the end are an incomplete character.
fn utf8(body: &[u8], out: &mut String) -> Result<usize, BadText> {
    match std::str::from_utf8(body) {
        Ok(text) => {
            out.push_str(text);
            Ok(0)
        }
        Err(e) => {
            let (good, rest) = body.split_at(e.valid_up_to());
            out.push_str(std::str::from_utf8(good).unwrap_or_default());
            match e.error_len() {
                None => Ok(rest.len()),
                Some(_) => Err(BadText),
            }
        }
    }
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16, out: &mut String) -> Result<usize, BadText> {
    let mut units: Vec<u16> = body.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    let mut kept = body.len() % 2;
    // A high surrogate at the end waits for its pair.
    if units.last().is_some_and(|u| (0xd800..0xdc00).contains(u)) {
        units.pop();
        kept += 2;
    }
    out.reserve(units.len());
    for c in char::decode_utf16(units) {
        out.push(c.map_err(|_| BadText)?);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piecewise(bytes: &[u8], size: usize) -> Result<String, BadText> {
        let (mut d, mut out) = (Decoder::new(), String::new());
        for piece in bytes.chunks(size.max(1)) {
            d.decode(piece, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn every_encoding_reads_the_same_in_pieces_of_any_size() {
        let text = "country\tkind\n日本,🇸🇪\r\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom: Vec<u8> = [0xef, 0xbb, 0xbf].into_iter().chain(text.bytes()).collect();
        for input in [text.as_bytes().to_vec(), le, be, bom] {
            for size in 1..=7 {
                assert_eq!(piecewise(&input, size).unwrap(), text, "{size}");
            }
        }
        assert_eq!(piecewise(b"a", 1).unwrap(), "a");
        assert_eq!(piecewise(b"", 1).unwrap(), "");
    }

    #[test]
    fn cut_or_invalid_characters_are_bad_text() {
        assert!(piecewise(&[0xe6, 0x97], 1).is_err(), "UTF-8 cut at the end");
        assert!(piecewise(&[b'a', 0xff, b'b'], 2).is_err());
        assert!(piecewise(&[0xff, 0xfe, b'a', 0, b'b'], 3).is_err(), "odd UTF-16 length");
        assert!(piecewise(&[0xff, 0xfe, 0x3d, 0xd8], 1).is_err(), "lone high surrogate");
        assert!(piecewise(&[0xff, 0xfe, 0x00, 0xdc, b'a', 0], 2).is_err(), "lone low surrogate");
    }
}
