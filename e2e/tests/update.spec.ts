// A new build takes over cleanly (issue 2): with the app open and controlled by its service
// worker, a new sw.js appears on the server (as after a deploy); the page tells the user an update
// is ready, and one tap activates the new worker, drops the old build's cache and reloads.
//
// The "deploy" rewrites the served dist/sw.js with another build id and puts the file back
// afterwards, so this spec runs last (Playwright orders files by name) and restores in `finally`.
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

const staticDir = process.env.PEERLINE_E2E_STATIC_DIR ?? path.resolve(__dirname, '..', '..', 'dist');

function buildIdOf(source: string): string {
  const match = source.match(/^const BUILD_ID = '([^']+)';/m);
  if (!match) throw new Error('sw.js has no BUILD_ID line');
  return match[1];
}

test('a new build is announced and takes over on one tap', async ({ page }) => {
  const swPath = path.join(staticDir, 'sw.js');
  const compressed = ['.br', '.gz'].map((suffix) => swPath + suffix).filter((file) => fs.existsSync(file));
  const saved = new Map([swPath, ...compressed].map((file) => [file, fs.readFileSync(file)]));
  const original = saved.get(swPath)!.toString('utf8');
  const oldBuild = buildIdOf(original);
  const newBuild = `${oldBuild}-next`;
  try {
    await page.goto('/');
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);

    // Deploy: a new sw.js (and no stale precompressed copies of the old one).
    for (const file of compressed) fs.rmSync(file);
    fs.writeFileSync(swPath, original.replace(`const BUILD_ID = '${oldBuild}';`, `const BUILD_ID = '${newBuild}';`));
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });

    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible();
    await Promise.all([page.waitForEvent('load'), banner.click()]);

    await expect(page.getByRole('navigation')).toBeVisible();
    const caches = await page.evaluate(async () => await window.caches.keys());
    expect(caches).toContain(`peerline-${newBuild}`);
    expect(caches).not.toContain(`peerline-${oldBuild}`);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
  } finally {
    for (const [file, bytes] of saved) fs.writeFileSync(file, bytes);
  }
});
