// Loads the HTML report that scripts/test-browser.sh generated from the demo
// fixture into headless Chromium and checks what a person sees: the counts
// equal the decision's, the filters work, untrusted text stays text, nothing
// is fetched from the network. Saves a screenshot as a test artifact.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const artifacts = process.env.PHASEGATE_ARTIFACTS ?? path.join(root, "target", "artifacts");
const reportPath = path.join(artifacts, "report.html");
const decisionPath = path.join(artifacts, "decision.json");
const screenshotPath = path.join(artifacts, "report.png");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const PHASES = ["plan", "code", "build", "test", "release", "deploy", "operate", "monitor"];
const STATUSES = ["pass", "fail", "skip", "error"];
const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

let userDataDir;
let context;
let page;
let decision;
const requests = [];
const problems = [];

before(async () => {
  assert.ok(existsSync(reportPath), `${reportPath} is missing: run scripts/test-browser.sh`);
  decision = JSON.parse(readFileSync(decisionPath, "utf8"));
  userDataDir = mkdtempSync(path.join(tmpdir(), "phasegate-chromium-"));
  // Playwright adds --headless (headless: true) and --user-data-dir (the
  // persistent context's directory) itself.
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  await page.goto(pathToFileURL(reportPath).href, { waitUntil: "load" });
});

after(async () => {
  await context?.close();
  if (userDataDir) {
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

const visibleRules = () =>
  page.$$eval("[data-testid=rule]", (rows) =>
    rows.filter((r) => !r.hidden).map((r) => ({
      id: r.dataset.id,
      phase: r.dataset.phase,
      severity: r.dataset.severity,
      status: r.dataset.status,
    })),
  );

const text = (selector) => page.locator(selector).innerText();

async function resetFilters() {
  await page.selectOption("[data-testid=filter-phase]", "");
  await page.selectOption("[data-testid=filter-severity]", "info");
  await page.selectOption("[data-testid=filter-status]", "");
}

test("the embedded decision is the one the CLI wrote as JSON", async () => {
  const embedded = JSON.parse(await page.locator("#phasegate-decision").textContent());
  assert.deepEqual(embedded, decision);
});

test("the totals shown equal the decision's summary", async () => {
  const s = decision.summary;
  for (const key of ["total", ...STATUSES]) {
    assert.equal(await text(`[data-testid=count-${key}]`), String(s[key]), key);
  }
  assert.equal(await page.locator("[data-testid=rule]").count(), decision.results.length);
  assert.equal(await text("[data-testid=visible-count]"), `Showing ${s.total} of ${s.total} rules`);
  const blocking = await page.locator("[data-testid=verdict]").getAttribute("data-blocking");
  assert.equal(blocking, "4");
  assert.match(await text("[data-testid=verdict]"), /FAILED: 4 blocking rule\(s\)/);
});

test("every phase card shows that phase's counts", async () => {
  assert.equal(await page.locator("[data-testid=phase-card]").count(), PHASES.length);
  for (const phase of PHASES) {
    const card = page.locator(`[data-testid=phase-card][data-phase=${phase}]`);
    const want = decision.summary.by_phase[phase];
    for (const s of STATUSES) {
      const badge = card.locator(`[data-testid=phase-${s}]`);
      assert.equal(await badge.getAttribute("data-count"), String(want[s]), `${phase} ${s}`);
      assert.equal(await badge.isVisible(), want[s] > 0, `${phase} ${s} shown`);
      if (want[s] > 0) {
        assert.equal(await badge.innerText(), `${want[s]} ${s}`);
      }
    }
  }
});

test("clicking a phase card shows only that phase, clicking again shows all", async () => {
  await resetFilters();
  const all = await visibleRules();
  assert.equal(all.length, decision.results.length);
  const card = page.locator("[data-testid=phase-card][data-phase=code]");
  await card.click();
  const code = await visibleRules();
  assert.notDeepEqual(code, all);
  assert.equal(code.length, decision.summary.by_phase.code.total);
  assert.ok(code.every((r) => r.phase === "code"));
  assert.equal(await card.getAttribute("aria-pressed"), "true");
  assert.equal(await page.inputValue("[data-testid=filter-phase]"), "code");
  assert.equal(
    await text("[data-testid=visible-count]"),
    `Showing ${code.length} of ${decision.results.length} rules`,
  );
  await card.click();
  assert.equal((await visibleRules()).length, all.length);
  assert.equal(await card.getAttribute("aria-pressed"), "false");
});

test("severity and status filters combine with the phase filter", async () => {
  await resetFilters();
  await page.selectOption("[data-testid=filter-severity]", "high");
  const high = await visibleRules();
  const wantHigh = decision.results.filter((r) => RANK[r.severity] >= RANK.high);
  assert.deepEqual(high.map((r) => r.id).sort(), wantHigh.map((r) => r.id).sort());

  await page.selectOption("[data-testid=filter-status]", "problem");
  const problemsOnly = await visibleRules();
  const want = wantHigh.filter((r) => r.status === "fail" || r.status === "error");
  assert.deepEqual(problemsOnly.map((r) => r.id).sort(), want.map((r) => r.id).sort());

  await page.selectOption("[data-testid=filter-phase]", "monitor");
  assert.equal((await visibleRules()).length, 0);
  assert.ok(await page.locator("[data-testid=no-match]").isVisible());
  await resetFilters();
  assert.equal(await page.locator("[data-testid=no-match]").isVisible(), false);
});

test("failing rules are open with messages, evidence and remediation", async () => {
  const rule = page.locator("[data-testid=rule][data-id='code.sast-clean']");
  assert.equal(await rule.getAttribute("open"), "");
  const messages = await rule.locator("[data-testid=message]").allInnerTexts();
  assert.deepEqual(messages, decision.results.find((r) => r.id === "code.sast-clean").messages);
  assert.equal(await rule.locator("[data-testid=evidence]").count(), 2);
  assert.deepEqual(await rule.locator("[data-testid=evidence-location]").allInnerTexts(), [
    "src/db/query.py:42",
    "src/files/download.py:17",
  ]);
  assert.match(await rule.locator("[data-testid=remediation]").innerText(), /Fix or triage/);
  const link = rule.locator("[data-testid=reference] a");
  assert.equal(await link.getAttribute("href"), "https://owasp.org/www-project-devsecops-guideline/");
  const pass = page.locator("[data-testid=rule][data-id='code.no-secrets']");
  assert.equal(await pass.getAttribute("open"), null);
});

test("markup in evidence is shown as text and never runs", async () => {
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  const rule = page.locator("[data-testid=rule][data-id='code.branch-named']");
  const message = await rule.locator("[data-testid=message]").innerText();
  assert.ok(message.includes("<script>window.__pwned = 1</script><img src=x"), message);
  assert.equal(await page.locator("img").count(), 0);
  assert.equal(await page.locator("script").count(), 2);
  // A javascript: reference is text, not a link.
  assert.equal(await rule.locator("[data-testid=reference] a").count(), 0);
  assert.equal(await rule.locator("[data-testid=reference]").innerText(), "javascript:alert(1)");
});

test("nothing is fetched but the file itself, and the page logs no error", async () => {
  const pageUrl = pathToFileURL(reportPath).href;
  assert.deepEqual(requests, [pageUrl]);
  assert.deepEqual(problems, []);
});

test("screenshot of the whole report", async () => {
  await resetFilters();
  await page.screenshot({ path: screenshotPath, fullPage: true });
  assert.ok(readFileSync(screenshotPath).length > 10_000, "a real picture");
});
