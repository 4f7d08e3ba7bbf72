// What the agent reads (issue 15), with the real amazon-connect-streams against the simulator: each
// message says the right thing at the right weight, goes when its reason is gone, and speaks one
// language (en, de).
import { expect } from '@open-wc/testing';
import { until, releaseAll, startReady } from '../helpers/element-harness.js';
import '../../src/i18n/de.js';

const A = 'us-east-1';
const B = 'us-west-2';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<region-aware-ccp> messages (issue 15)', function () {
  this.timeout(30000);
  afterEach(releaseAll);

  const start = startReady;

  for (const lang of ['en', 'de']) {
    it(`${lang}: forceFailover() during a call is no dropped call: no refresh request, no reload`, async () => {
      const { h, s } = await start({ lang });
      await s.addContact('voice');
      await until(async () => (await s.state()).contacts.length === 1);
      await pause(300);
      await s.traffic(B);
      await h.event('rac-switch-pending');
      h.el.forceFailover();
      await h.event('rac-switched');
      await h.toast('switched');
      await pause(800); // a reload would be requested in the same step; its stages follow at once
      expect(h.toasts().map((t) => t.kind)).to.not.include('refresh-needed');
      expect(h.all('rac-tabs-reload')).to.deep.equal([]);
      expect(h.el.activeRegion).to.equal(B);
    });
  }

  const T = {
    en: { offline: 'You are Offline', ended: '1 chat (Jane Doe · BasicQueue), 1 task (Follow up: order 88213 · BasicQueue)', moved: 'You were moved from Virginia to Oregon.' },
    de: { offline: 'Ihr Status ist Offline', ended: '1 Chat (Jane Doe · BasicQueue), 1 Aufgabe (Follow up: order 88213 · BasicQueue)', moved: 'Sie wurden von Virginia nach Oregon verschoben.' },
  };
  for (const lang of ['en', 'de'] as const) {
    it(`${lang}: Offline after a move is a warning that stays until the agent is Available, then goes by itself`, async () => {
      const { h, s } = await start({ lang, 'toast-timeout': '0.3' });
      await s.traffic(B);
      const offline = await h.toast('offline');
      expect(offline.text).to.contain(T[lang].offline);
      const el = h.el.shadowRoot!.querySelector<HTMLElement>('[data-kind="offline"]')!;
      expect(getComputedStyle(el).borderInlineStartColor).to.equal('rgb(251, 191, 36)'); // the warning accent
      await pause(700); // well past toast-timeout: the news went, the request stays
      expect(h.toasts().map((t) => t.kind)).to.include('offline').and.not.include('switched');
      await s.setAgentState('Available', { region: B });
      await until(() => !h.toasts().some((t) => t.kind === 'offline'), 5000, 'the Offline request to go');
    });

    it(`${lang}: a refresh request goes once the reload of all tabs ran; a stale one when the move arrives`, async () => {
      const { h, s } = await start({ lang, 'stale-after': '0.3', 'reload-mode': 'manual' });
      await s.traffic(B, { hold: true }); // detected, never carried out
      expect((await h.toast('refresh-needed')).hasRefresh).to.equal(true);
      h.clickRefresh();
      await until(() => h.all('rac-tabs-reload').some((e) => e.stage === 'ready'), 10000, 'the reload to run');
      expect(h.toasts().map((t) => t.kind)).to.not.include('refresh-needed');
      await s.cancelSwitch();
      await s.traffic(B, { hold: true });
      await h.toast('refresh-needed');
      await s.cancelSwitch();
      await s.traffic(B); // and now it arrives
      await h.event('rac-switched');
      await h.toast('switched');
      expect(h.toasts().map((t) => t.kind)).to.not.include('refresh-needed');
    });

    it(`${lang}: ended chats and tasks by type and count, with what a person recognises; the ids only in the event`, async () => {
      const { h, s } = await start({ lang });
      const chat = await s.addContact('chat');
      const task = await s.addContact('task');
      await until(async () => (await s.state()).contacts.length === 2);
      await pause(300);
      await s.traffic(B);
      const switched = await h.event('rac-switched');
      expect(switched.endedContacts.map((c) => c.id)).to.have.members([chat, task]);
      const toast = await h.toast('contacts-ended');
      expect(toast.text).to.contain(T[lang].ended);
      expect(toast.text).to.not.contain(chat);
    });

    it(`${lang}: regionLabels name the sites in the toasts, a change re-words those shown; codes never break at a hyphen`, async () => {
      const { h, s } = await start({ lang });
      await s.traffic(B);
      await h.toast('switched');
      const region = h.el.shadowRoot!.querySelector<HTMLElement>('[data-kind="switched"] .region')!;
      expect(region.textContent).to.equal(A);
      expect(getComputedStyle(region).whiteSpace).to.equal('nowrap');
      h.el.regionLabels = { [A]: 'Virginia', [B]: 'Oregon' };
      await until(() => h.toasts().some((t) => t.text === T[lang].moved), 3000, 'the labels');
    });
  }

  it('en → de: changing lang on the element re-words the toasts shown', async () => {
    const { h, s } = await start({ lang: 'en' });
    await s.traffic(B);
    expect((await h.toast('offline')).text).to.contain(T.en.offline);
    h.el.setAttribute('lang', 'de');
    await until(() => h.toasts().some((t) => t.kind === 'offline' && t.text.includes(T.de.offline)), 3000, 'the toast in German');
    expect((await h.toast('switched')).text).to.contain('verschoben');
  });
});
