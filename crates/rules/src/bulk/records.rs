//! CSV records from text fed a piece at a time (RFC 4180 quoting; CRLF, LF or a lone CR ends
//! a line; a comma or a tab between fields; blank lines, or lines of spaces, skipped), each with the line a person sees it start on.
//!
//! Written here, not taken from the `csv` crate: its reader counts lines by LF (a plan saved
//! with old Mac line endings would be reported as one line), it reads bytes where a plan may
//! be UTF-16, and the rules crate is in the page's module, where this is small.

use super::{InputError, InputErrorKind};

pub(super) struct Records {
    delimiter: char,
    fields: Vec<String>,
    field: String,
    /// The line being read, and the one the current record started on (1-based).
    line: usize,
    start_line: usize,
    in_quotes: bool,
    /// In quotes, a `"` was just read: the end of the quotes, or the first of `""`.
    quote_seen: bool,
    /// A CR was just read: an LF right after it belongs to the same line break.
    after_cr: bool,
    row_has_content: bool,
}

impl Records {
    pub fn new(delimiter: char) -> Records {
        Records {
            delimiter,
            fields: Vec::new(),
            field: String::new(),
            line: 1,
            start_line: 1,
            in_quotes: false,
            quote_seen: false,
            after_cr: false,
            row_has_content: false,
        }
    }

    /// The line being read: where bad text found now is.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Reads `text`, handing each complete record (blank lines skipped) to `emit`.
    pub fn push(
        &mut self,
        text: &str,
        emit: &mut impl FnMut(usize, Vec<String>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        for c in text.chars() {
            if std::mem::take(&mut self.after_cr) && c == '\n' {
                if self.in_quotes {
                    self.field.push('\n');
                }
                continue;
            }
            if self.in_quotes {
                if !std::mem::take(&mut self.quote_seen) {
                    match c {
                        '"' => self.quote_seen = true,
                        '\r' | '\n' => {
                            self.field.push(c);
                            self.line += 1;
                            self.after_cr = c == '\r';
                        }
                        _ => self.field.push(c),
                    }
                    continue;
                }
                if c == '"' {
                    self.field.push('"');
                    continue;
                }
                // The quotes ended before `c`, which is read as outside them.
                self.in_quotes = false;
            }
            match c {
                '"' => {
                    self.in_quotes = true;
                    self.row_has_content = true;
                }
                c if c == self.delimiter => {
                    self.fields.push(std::mem::take(&mut self.field));
                    self.row_has_content = true;
                }
                '\r' | '\n' => {
                    self.end_record(emit)?;
                    self.line += 1;
                    self.start_line = self.line;
                    self.after_cr = c == '\r';
                }
                _ => {
                    self.field.push(c);
                    // A line of spaces alone is blank, as an empty one is.
                    self.row_has_content |= !c.is_whitespace();
                }
            }
        }
        Ok(())
    }

    /// The end of the text: the last record, or an error if its quotes never closed.
    pub fn finish(
        mut self,
        emit: &mut impl FnMut(usize, Vec<String>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        if self.in_quotes && !self.quote_seen {
            return Err(InputError {
                line: self.start_line,
                kind: InputErrorKind::UnterminatedQuote,
            });
        }
        self.end_record(emit)
    }

    fn end_record(
        &mut self,
        emit: &mut impl FnMut(usize, Vec<String>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let field = std::mem::take(&mut self.field);
        if std::mem::take(&mut self.row_has_content) || !field.trim().is_empty() {
            self.fields.push(field);
            emit(self.start_line, std::mem::take(&mut self.fields))?;
        }
        Ok(())
    }
}
