//! ISO 3166-1 alpha-2 countries as indices into the 26×26 code space, and market sets as
//! bitsets over it: membership is one shift and one mask.

use crate::tables;

/// An alpha-2 code as `(first letter) * 26 + (second letter)`. Only assigned codes (and XK)
/// can be built, so a `Country` is always a real market.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

impl Country {
    /// Two ASCII letters, either case, naming an assigned code; `None` for anything else.
    pub fn parse(s: &str) -> Option<Country> {
        let c = Country::from_letters(s.as_bytes())?;
        tables::ASSIGNED.contains(c).then_some(c)
    }

    fn from_letters(b: &[u8]) -> Option<Country> {
        match b {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                let (a, b) = (a.to_ascii_uppercase() - b'A', b.to_ascii_uppercase() - b'A');
                Some(Country(a as u16 * 26 + b as u16))
            }
            _ => None,
        }
    }

    /// Every code of the 26×26 space, assigned or not (for exhaustive tests).
    pub fn all_letter_pairs() -> impl Iterator<Item = [u8; 2]> {
        (0..26u8).flat_map(|a| (0..26u8).map(move |b| [b'A' + a, b'A' + b]))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn code(self) -> [u8; 2] {
        [b'A' + (self.0 / 26) as u8, b'A' + (self.0 % 26) as u8]
    }

    pub fn as_str(&self) -> &'static str {
        // 676 two-letter strings, built once at compile time: `as_str` never allocates.
        const CODES: [[u8; 2]; 676] = {
            let mut t = [[0u8; 2]; 676];
            let mut i = 0;
            while i < 676 {
                t[i] = [b'A' + (i / 26) as u8, b'A' + (i % 26) as u8];
                i += 1;
            }
            t
        };
        std::str::from_utf8(&CODES[self.0 as usize]).unwrap_or("??")
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of countries: 676 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketSet(pub(crate) [u64; 11]);

impl MarketSet {
    pub const EMPTY: MarketSet = MarketSet([0; 11]);

    #[inline]
    pub const fn contains(&self, c: Country) -> bool {
        let i = c.0 as usize;
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = Country> + '_ {
        (0..676u16).map(Country).filter(|c| self.contains(*c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_assigned_codes_in_either_case() {
        assert_eq!(Country::parse("jp").unwrap().as_str(), "JP");
        assert_eq!(Country::parse("Se").unwrap().as_str(), "SE");
        assert_eq!(Country::parse("XK").unwrap().as_str(), "XK");
        for bad in ["XX", "ZZ", "QQ", "J", "JPN", "", "1P", "日本", "ＪＰ"] {
            assert_eq!(Country::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn code_space_is_round_trip() {
        for pair in Country::all_letter_pairs() {
            let c = Country::from_letters(&pair).unwrap();
            assert_eq!(c.code(), pair);
            assert_eq!(c.as_str().as_bytes(), pair);
        }
        assert_eq!(crate::tables::ASSIGNED.len(), 250);
    }
}
