'use strict';
// Renders portcullis pages in headless Debian chromium (puppeteer-core
// drives the installed browser; nothing is downloaded) at a phone's and a
// desktop's width, and checks for each page:
//   - nothing is wider than the viewport (WCAG 1.4.10 Reflow): the page
//     never scrolls sideways;
//   - axe-core finds no violation of WCAG 2.0/2.1/2.2 A and AA;
//   - at desktop width, no word in a table is broken across lines.
// axe-core is injected through the DevTools protocol (Runtime.evaluate),
// since the pages' Content-Security-Policy runs no script of their own.
//
// usage: node pages.test.js PAGE.html...   (exit 0 when every check passes)
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

// The Debian browser binary (the /usr/bin/chromium wrapper also works).
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('chromium is not installed: run packaging/install-deps.sh');
}

// Elements whose right edge is past the viewport, widest first (for the
// failure message).
function overflowing() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 0.5) {
      const cls = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      out.push({ el: el.tagName.toLowerCase() + cls, right: Math.round(r.right) });
    }
  }
  out.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    viewport: vw,
    worst: out.slice(0, 5),
  };
}

// Words inside table cells that the browser split across two lines. A
// word is a run of letters and digits: a line may end after a hyphen or a
// slash (where Unicode line breaking allows it), never inside a word.
function brokenWords() {
  const broken = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const re = /[\p{L}\p{N}]+/gu;
      let m;
      while ((m = re.exec(t.data)) !== null) {
        const range = document.createRange();
        range.setStart(t, m.index);
        range.setEnd(t, m.index + m[0].length);
        const lines = new Set();
        for (const r of range.getClientRects()) {
          if (r.width > 0) lines.add(Math.round(r.top));
        }
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}

async function checkPage(browser, file, vp, failures) {
  const page = await browser.newPage();
  await page.setViewport({ width: vp.width, height: vp.height });
  await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
  const label = `${path.basename(file)} at ${vp.width}px`;
  const ov = await page.evaluate(overflowing);
  if (ov.scrollWidth > ov.viewport) {
    failures.push(`${label}: ${ov.scrollWidth}px wide in a ${ov.viewport}px viewport; widest: ${JSON.stringify(ov.worst)}`);
  } else {
    console.log(`ok: ${label}: ${ov.scrollWidth}px fits the ${ov.viewport}px viewport`);
  }
  if (vp.name === 'desktop') {
    const broken = await page.evaluate(brokenWords);
    if (broken.length) failures.push(`${label}: words broken across lines in a table: ${broken.slice(0, 10).join(', ')}`);
    else console.log(`ok: ${label}: no word in a table is broken across lines`);
  }
  // Through the DevTools protocol: the page's CSP would refuse a <script>.
  const cdp = await page.createCDPSession();
  const inj = await cdp.send('Runtime.evaluate', { expression: AXE });
  if (inj.exceptionDetails) throw new Error(`${label}: cannot load axe-core: ${inj.exceptionDetails.text}`);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }))), TAGS);
  if (result.length) failures.push(`${label}: axe-core: ${JSON.stringify(result)}`);
  else console.log(`ok: ${label}: 0 axe-core violations (${TAGS.join(' ')})`);
  await page.close();
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node pages.test.js PAGE.html...');
    process.exit(2);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const failures = [];
  try {
    for (const file of files) {
      for (const vp of VIEWPORTS) await checkPage(browser, file, vp, failures);
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  for (const f of failures) console.log('FAILED: ' + f);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error('FAILED: ' + (e && e.stack || e)); process.exit(2); });
