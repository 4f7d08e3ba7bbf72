// What the agent reads (issue 15), with the real amazon-connect-streams against the simulator: each
// message says the right thing at the right weight, goes when its reason is gone, and speaks one
// language (en, de).
import { expect } from '@open-wc/testing';
import { mount, until, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';
import '../../src/i18n/de.js';

const A = 'us-east-1';
const B = 'us-west-2';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<region-aware-ccp> messages (issue 15)', function () {
  this.timeout(30000);
  afterEach(releaseAll);

  async function start(attrs: Record<string, string | boolean> = {}): Promise<{ h: CcpHarness; s: Session }> {
    const s = await newSession();
    const h = mount(s, attrs);
    await h.event('rac-ready');
    await until(() => h.el.phase === 'ready' && h.el.activeRegion === A, 5000, 'phase ready');
    return { h, s };
  }

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
});
