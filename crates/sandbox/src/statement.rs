//! The invoice statement PDF. Standard PDF fonts cover Latin-1 only, so other characters
//! are shown as `?` (names are also on the line items, in full).

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use procura_partner_center as pc;

use crate::seed::Partner;

fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| if (c as u32) < 256 && !c.is_control() { c as u32 as u8 } else { b'?' })
        .collect()
}

pub fn render(
    partner: &Partner,
    inv: &pc::Invoice,
    lines: impl Iterator<Item = pc::OneTimeInvoiceLineItem>,
    line_count: usize,
) -> Vec<u8> {
    let (catalog, tree, page, font, bold, content_id) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    p.parent(tree);
    p.contents(content_id);
    let mut res = p.resources();
    res.fonts().pair(Name(b"F1"), font).pair(Name(b"F2"), bold);
    res.finish();
    p.finish();
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let mut c = Content::new();
    let text = |c: &mut Content, f: &[u8], size: f32, x: f32, y: f32, s: &str| {
        c.begin_text();
        c.set_font(Name(f), size);
        c.next_line(x, y);
        c.show(Str(&latin1(s)));
        c.end_text();
    };
    let date = inv.invoice_date.map(|d| d.0.format("%Y-%m-%d").to_string()).unwrap_or_default();
    text(&mut c, b"F2", 18.0, 50.0, 790.0, &format!("Invoice {}", inv.id));
    text(
        &mut c,
        b"F1",
        10.0,
        50.0,
        770.0,
        &format!("{} - one-time charges - {date}", partner.name),
    );
    text(
        &mut c,
        b"F1",
        10.0,
        50.0,
        755.0,
        &format!(
            "Total charges: {} {}   Line items: {line_count}",
            inv.total_charges, inv.currency_code
        ),
    );
    text(&mut c, b"F2", 9.0, 50.0, 725.0, "Customer");
    text(&mut c, b"F2", 9.0, 230.0, 725.0, "Product");
    text(&mut c, b"F2", 9.0, 500.0, 725.0, "Total");
    let mut y = 710.0;
    for l in lines {
        text(&mut c, b"F1", 8.0, 50.0, y, &l.customer_name.chars().take(34).collect::<String>());
        text(
            &mut c,
            b"F1",
            8.0,
            230.0,
            y,
            &l.sku_name.clone().unwrap_or_default().chars().take(52).collect::<String>(),
        );
        text(&mut c, b"F1", 8.0, 500.0, y, &l.total_for_customer.to_string());
        y -= 15.0;
    }
    if line_count > 40 {
        text(
            &mut c,
            b"F1",
            8.0,
            50.0,
            y - 5.0,
            &format!("... and {} more line items (see the reconciliation file).", line_count - 40),
        );
    }
    pdf.stream(content_id, &c.finish());
    pdf.finish()
}
