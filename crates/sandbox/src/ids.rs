//! Identifiers the sandbox hands out: deterministic (a per-partner counter in the store), so
//! tests and demos are reproducible, and shaped like Partner Center's.

use crate::Ctx;

/// The next value of a named counter in this partner's namespace.
pub fn next(ctx: &mut Ctx<'_>, name: &str) -> u64 {
    let key = format!("seq/{name}");
    let n: u64 = ctx.load(&key).unwrap_or(0) + 1;
    ctx.save(&key, &n);
    n
}

/// A GUID-shaped id: partner, kind and sequence are readable in it.
pub fn guid(partner: usize, kind: u16, n: u64) -> String {
    format!("{:08x}-{kind:04x}-4000-8000-{n:012x}", 0x5a4d_0000u32 + partner as u32)
}

/// A 12-hex friendly id, like an order's `alternateId`.
pub fn short(partner: usize, n: u64) -> String {
    format!("{:02x}{:010x}", 0xa0 + partner, n.wrapping_mul(0x9e37_79b9) & 0xff_ffff_ffff)
}
