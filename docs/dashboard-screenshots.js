// Takes docs/dashboard-board.png and docs/dashboard-service.png with Playwright, from a bot running in local mode.
// 1. dotnet run --project src/Deployer.Bot   (wait for a promotion; type `hold billing production for 2h db migration`
//    and `force checkout production hotfix for INC-42` on its console)
// 2. dotnet build tests/Deployer.Bot.Tests   (brings Playwright's driver: node and the playwright package)
// 3. tests/Deployer.Bot.Tests/bin/Debug/net10.0/.playwright/node/linux-x64/node docs/dashboard-screenshots.js
// Uses Debian's chromium (apt-get install chromium), like the browser tests. BASE_URL overrides http://127.0.0.1:5080.
const path = require('path');
const root = path.join(__dirname, '..');
const pw = require(path.join(root, 'tests/Deployer.Bot.Tests/bin/Debug/net10.0/.playwright/package/index.js'));
const base = process.env.BASE_URL || 'http://127.0.0.1:5080';
(async () => {
  const browser = await pw.chromium.launch({ executablePath: process.env.DEPLOYER_CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'] });
  for (const [url, file, scheme, height, fullPage] of [
    ['/', 'dashboard-board.png', 'light', 560, true],
    ['/pipelines/checkout', 'dashboard-service.png', 'dark', 1500, false]]) {
    const context = await browser.newContext({ viewport: { width: 1280, height }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(base + url);
    await page.waitForFunction(() => document.getElementById('live-status').textContent === 'live');
    await page.screenshot({ path: path.join(root, 'docs', file), fullPage });
    await context.close();
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
