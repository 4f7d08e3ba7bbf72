// A tab's page lifecycle where the browsers differ: the back/forward cache. The agent follows a
// link in one CCP tab and comes back. Whether the browser keeps the page (pageshow `persisted`) is
// the browser's choice, so it is detected here and each outcome is tested for what it must give:
// one CCP in the active region, the tab back in the tab set (it follows the next switch with the
// others), one leader. Needs `npm run build`.
//
//   node --test test/e2e/lifecycle.test.mjs          (RAC_BROWSER=firefox for Firefox)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { events, until, tabsSuite } from './fixtures/tabs.mjs';
import { inElement, leaderIndex, allIn, story } from './fixtures/chaos-helpers.mjs';
import { BROWSER } from './stack.mjs';

const OLD = 'us-east-1';
const NEW = 'us-west-2';
// Chromium keeps pages in its back/forward cache once playwright's switch for it is dropped; Firefox
// 153 under WebDriver BiDi restores none (not even a page without scripts), so it loads afresh.
const suite = tabsSuite({ 'reload-jitter': 0, 'stale-after': 5, 'toast-timeout': 0 }, { bfcache: true });
/** Every document records its pageshow events' `persisted`. */
const recordShows = () => {
  window.__shows = [];
  addEventListener('pageshow', (e) => window.__shows.push(e.persisted));
};

test('a tab that navigates away and comes back (history back) has one CCP in the active region and follows the next switch', async (t) => {
  const { session, tabs } = await suite.agentWithTabs(2, {}, undefined, recordShows);
  const [away, other] = tabs;
  const url = await away.evaluate(() => location.href);
  await away.goto(`${suite.stack.web.url}/test/e2e/fixtures/tab.html?bundle=0`); // the fixture page without the element
  // Gone from the tab set (its pagehide said goodbye): the other tab leads alone.
  assert.equal(await leaderIndex([other]), 0);
  await away.goBack({ waitUntil: 'commit' });
  const shows = await until(() => away.evaluate((u) => location.href === u && window.__shows?.length > 0 && window.__shows, url), {
    message: 'the page is back',
  });
  const restored = shows.at(-1);
  t.diagnostic(`${BROWSER}: ${restored ? 'the back/forward cache kept the page (pageshow persisted)' : 'no back/forward cache: the page loaded afresh'}`);
  // Kept: the same document starts its CCP again (ready twice). Loaded afresh: a new document, ready once.
  const starts = restored ? 2 : 1;
  await until(async () => (await events(away, 'rac-ready')).length === starts, { message: `${starts} rac-ready in the returning tab` });
  await allIn(tabs, OLD);
  assert.equal(await inElement(away, (e) => e.shadowRoot.querySelectorAll('iframe').length), 2, `one CCP (2 iframes)\n${await story(tabs)}`);
  await leaderIndex(tabs);

  await session.traffic(NEW, { detectionDelayMs: 0 });
  await allIn(tabs, NEW);
  for (const [i, p] of tabs.entries()) {
    assert.deepEqual((await events(p, 'rac-switched')).map((e) => e.detail.to), [NEW], `tab ${i}: told of the switch once\n${await story(tabs)}`);
    assert.equal(await inElement(p, (e) => e.shadowRoot.querySelectorAll('iframe').length), 2, `tab ${i}: one CCP`);
    assert.deepEqual(p.__errors, [], `tab ${i}: no page errors`);
  }
  await leaderIndex(tabs);
});
