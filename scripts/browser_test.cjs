// Drives the search page in headless Debian chromium (playwright-core, no
// browser download). Usage: node browser_test.cjs BASE_URL SCREENSHOT_DIR
// Exits non-zero with a message on the first failed check.
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "browser", "node_modules", "playwright-core"));

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node browser_test.cjs BASE_URL SCREENSHOT_DIR");
  process.exit(2);
}

function check(cond, msg) {
  if (!cond) throw new Error("check failed: " + msg);
  console.log("ok   " + msg);
}

async function search(page, q) {
  await page.fill("#q", q);
  await page.press("#q", "Enter");
  // The status names the query once its results are shown: the previous
  // search's status and hits must not pass for this one's.
  await page.waitForFunction(
    (q) => document.getElementById("status").textContent.includes(`bài viết cho “${q}”`),
    q,
    { timeout: 15000 },
  );
  await page.waitForSelector(".hit", { timeout: 15000 });
}

async function run(browser, name, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: "vi-VN" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("dialog", (d) => { problems.push("dialog opened: " + d.message()); d.dismiss(); });

  await page.goto(base, { waitUntil: "networkidle" });
  check((await page.title()).includes("vnfacts"), `${name}: page loads`);
  // Filters are filled from /api/stats.
  await page.waitForFunction(() => document.querySelectorAll("#province option").length > 1, null, { timeout: 10000 });
  check(true, `${name}: province filter has values`);

  // 1. A document number typed without diacritics.
  await search(page, "3608/QD-BPN&TE");
  const first = await page.$eval(".hit", (h) => ({
    title: h.querySelector("h2").textContent,
    marks: [...h.querySelectorAll(".snippet mark")].map((m) => m.textContent),
    snippet: h.querySelector(".snippet").textContent,
    source: h.querySelector(".meta a") ? h.querySelector(".meta a").href : "",
  }));
  check(/bình đẳng giới/i.test(first.title), `${name}: 3608/QD-BPN&TE finds the article (${first.title})`);
  check(first.marks.some((m) => m.includes("3608")), `${name}: citing sentence highlights ${JSON.stringify(first.marks)}`);
  check(first.snippet.includes("Quyết định số 3608/QĐ-BPN&TE"), `${name}: the highlighted sentence is the citation`);
  check(/^http:\/\/127\.0\.0\.1:\d+\//.test(first.source), `${name}: link to the source URL`);
  await page.waitForSelector(".hit table", { timeout: 10000 });
  check(true, `${name}: the article's facts table is shown`);
  await page.screenshot({ path: path.join(shots, `${name}-document.png`), fullPage: true });

  // 2. Words without diacritics.
  await search(page, "binh dang gioi");
  const marks = await page.$$eval(".hit .snippet mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  check(marks.includes("bình") && marks.includes("giới"), `${name}: binh dang gioi highlights ${JSON.stringify(marks.slice(0, 6))}`);
  const count = await page.$$eval(".hit", (h) => h.length);
  check(count >= 2, `${name}: ${count} results for binh dang gioi`);
  await page.screenshot({ path: path.join(shots, `${name}-search.png`), fullPage: true });

  // 3. Open the 3608 article: untrusted text stays text.
  await page.goto(base + "#/doc/" + encodeURIComponent("3608/QĐ-BPN&TE"));
  await page.waitForSelector(".hit h2 a", { timeout: 10000 });
  await page.click(".hit h2 a");
  await page.waitForSelector(".articletext", { timeout: 10000 });
  const art = await page.evaluate(() => ({
    h1: document.querySelector("h1").textContent,
    text: document.querySelector(".articletext").textContent,
    rows: document.querySelectorAll("table tbody tr").length,
    details: [...document.querySelectorAll("table tbody tr td:nth-child(3)")].map((td) => td.textContent),
    injected: document.querySelectorAll(".articletext *").length,
  }));
  check(/bình đẳng giới/i.test(art.h1), `${name}: article page opens (${art.h1})`);
  check(art.text.includes("<Bình đẳng giới & phát triển bền vững>"), `${name}: literal <…> in the article shows as text`);
  check(art.injected === 0, `${name}: no elements created from article text`);
  check(art.rows >= 4, `${name}: ${art.rows} facts in the article's table`);
  check(art.details.includes("quyết định") && !art.details.some((d) => /^[a-z]+(_[a-z]+)*$/.test(d)),
    `${name}: facts' attributes in Vietnamese ${JSON.stringify(art.details)}`);
  await page.screenshot({ path: path.join(shots, `${name}-article.png`), fullPage: true });

  // 4. Facts view with its bar chart.
  await page.goto(base + "#/facts?by=province");
  await page.waitForSelector(".chart .row", { timeout: 10000 });
  const bars = await page.$$eval(".chart .row", (rs) => rs.length);
  check(bars >= 4, `${name}: facts chart has ${bars} bars`);
  await page.screenshot({ path: path.join(shots, `${name}-facts.png`) });

  // Phone width: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `${name}: no horizontal scrolling (overflow ${overflow}px)`);
  check(problems.length === 0, `${name}: no console errors or CSP violations ${JSON.stringify(problems)}`);
  await context.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
      "--no-first-run", "--disable-component-update", "--disable-sync"],
    // playwright gives every launch a fresh temporary --user-data-dir itself (it refuses one in args).
  });
  try {
    await run(browser, "desktop", { width: 1280, height: 900 });
    await run(browser, "phone", { width: 390, height: 844 });
  } finally {
    await browser.close();
  }
  console.log("browser test passed; screenshots in " + shots);
})().catch((e) => {
  console.error(String(e && e.stack || e));
  process.exit(1);
});
