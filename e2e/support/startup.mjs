// `cargo xtask bench`: time from navigation start until a page is interactive, for the
// built site (its customer list, data loaded from the embedded sandbox, buttons in place)
// and for a minimal Leptos page (a list of buttons), alternately in the same run.
// Usage: node startup.mjs PROCURA_URL PROCURA_SELECTOR MINIMAL_URL MINIMAL_SELECTOR [RUNS]
import { launch } from './browser.mjs';

const [procuraUrl, procuraSel, minimalUrl, minimalSel, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);

async function once(browser, url, selector) {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  // Records the first moment the selector matches, with no polling delay.
  await page.addInitScript((sel) => {
    const mark = () => {
      if (window.__ready === undefined && document.querySelector(sel)) window.__ready = performance.now();
    };
    new MutationObserver(mark).observe(document, { subtree: true, childList: true });
  }, selector);
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 30000 });
  const ms = await page.evaluate(() => window.__ready);
  await context.close();
  return ms;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await launch();
const procura = [], minimal = [];
// One warm-up each (disk cache, compile cache), then alternate so drift hits both alike.
await once(browser, procuraUrl, procuraSel);
await once(browser, minimalUrl, minimalSel);
for (let i = 0; i < runs; i++) {
  procura.push(await once(browser, procuraUrl, procuraSel));
  minimal.push(await once(browser, minimalUrl, minimalSel));
}
await browser.close();
const p = median(procura), m = median(minimal);
console.log(`startup to interactive customer list (built site): median ${p.toFixed(1)} ms over ${runs} loads`);
console.log(`startup to interactive list (minimal Leptos page): median ${m.toFixed(1)} ms over ${runs} loads`);
console.log(`startup ratio built site / minimal Leptos: ${(p / m).toFixed(2)}`);
