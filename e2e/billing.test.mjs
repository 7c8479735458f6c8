// Reconciling an invoice on the built site, in Swedish, as a partner would: the billing
// overview, the largest invoice's 100,000 lines in a table that keeps only the rows in view,
// the export opened as Excel would read it, and the statement saved as a PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openPage, BASE_URL } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a 100,000-line invoice is read, scrolled, exported and its statement saved, in Swedish', async () => {
  const { page, errors, context } = await openPage(browser, { locale: 'sv-SE' });
  await page.goto(`${BASE_URL}/invoices`);
  await page.getByRole('heading', { level: 1, name: 'Fakturering' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Kontosaldo' }).waitFor();
  // One chart per currency, each an image with a name.
  const charts = page.getByRole('img', { name: /^Engångsavgifter i [A-Z]{3}/ });
  await charts.first().waitFor();
  assert.equal(await charts.count(), 3);

  // The newest invoice is the large one.
  const list = page.locator('table.invoice-list');
  await list.getByRole('link').first().click();
  await page.getByRole('heading', { level: 1, name: /^Faktura G/ }).waitFor();
  await page.getByText(/^Alla 100\s000 fakturarader är lästa\.$/).waitFor({ timeout: 120_000 });
  await page.getByText(/Fakturaraderna summerar till fakturans totala avgifter/).waitFor();

  // Only the rows in view are in the DOM, wherever the table is scrolled.
  const scroller = page.getByRole('region', { name: 'Engångsrader' });
  for (const fraction of [0, 0.37, 1]) {
    await scroller.evaluate((el, f) => { el.scrollTop = el.scrollHeight * f; }, fraction);
    await page.waitForTimeout(100);
    const rows = await page.locator('tr.iline').count();
    assert.ok(rows > 10 && rows <= 200, `${rows} rows in the DOM`);
  }
  assert.equal(await page.locator('tr.iline').last().getAttribute('aria-rowindex'), '100001');

  // The export: UTF-16LE with a BOM, tab-separated, Swedish decimal commas, every line.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Exportera 100\s000 rader \(CSV\)$/ }).click()]);
  assert.match(csv.suggestedFilename(), /^Invoice_G\d+_lines\.csv$/);
  const bytes = await readFile(await csv.path());
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
  const rows = bytes.subarray(2).toString('utf16le').split('\r\n').filter((r) => r.length > 0);
  assert.equal(rows.length, 100_001);
  assert.equal(rows[0].split('\t')[0], 'Kund');
  const cells = rows[1].split('\t');
  assert.equal(cells.length, 13);
  assert.match(cells[11], /^-?\d+(,\d+)?$/, `a number Swedish Excel reads: ${cells[11]}`);

  // The statement, saved as a PDF.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ned fakturan (PDF)' }).click()]);
  assert.match(pdf.suggestedFilename(), /^Invoice_G\d+\.pdf$/);
  const head = (await readFile(await pdf.path())).subarray(0, 5).toString('latin1');
  assert.equal(head, '%PDF-');
  assert.deepEqual(errors, []);
  await context.close();
});
