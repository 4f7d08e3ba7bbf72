#!/usr/bin/env node
// Reproduces docs/demo-switch.png: the real demo page (demo/index.html) on a fresh simulator
// session, an agent with a live call and a chat, moved to the other region from the demo's own
// control panel. Stage `pending` (default): the call is still live, so the switch waits and the
// "switch pending" toast shows (F1). Stage `switched`: the call ended, the agent was moved, the
// chat was ended by the move (F2, F3, F5).
//
//   node bench/screenshot.mjs [--stage pending|switched] [--out docs/demo-switch.png]
import path from 'node:path';
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStack, ROOT } from '../test/e2e/stack.mjs';

const { values } = parseArgs({
  options: {
    stage: { type: 'string', default: 'pending' },
    out: { type: 'string', default: 'docs/demo-switch.png' },
  },
});
if (!['pending', 'switched'].includes(values.stage)) throw new Error('--stage must be pending or switched');
const out = path.resolve(ROOT, values.out);

const stack = await startStack();
try {
  const session = await stack.simulator.createSession();
  const page = await stack.browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const simOrigin = Object.values(stack.sim.origins)[0];
  await page.goto(`${stack.web.url}/demo/?sim=${simOrigin}&session=${session.id}`);
  const logged = (name) => page.locator(`#log li[data-event="${name}"]`).first().waitFor({ timeout: 15000 });
  await logged('rac-ready');

  await page.click('button[data-action="chat"]');
  await page.click('button[data-action="voice"]');
  await page.locator('#contacts li').nth(1).waitFor();
  await page.waitForTimeout(400); // the snapshot with both contacts reaches the CCP and the page
  await page.click('#move');
  await logged('rac-switch-pending');

  if (values.stage === 'switched') {
    const voice = (await session.state()).contacts.find((c) => c.type === 'voice');
    await session.endContact(voice.contactId, { acwMs: 100 });
    await logged('rac-switched');
  }
  await page.waitForTimeout(500); // toast animation, SSE-driven panel
  await page.mouse.move(640, 20); // no hover effects in the picture
  await page.screenshot({ path: out });
  console.log(`${path.relative(ROOT, out)}: ${values.stage}, ${Math.round(statSync(out).size / 1024)} KB`);
} finally {
  await stack.close();
}
