// `notify`: while the page is hidden, toasts also go to a desktop notification (when permitted).
import { expect } from '@open-wc/testing';
import { mount, type CcpHarness, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { Session } from '../../simulator/client.mjs';

describe('<region-aware-ccp notify>', function () {
  this.timeout(30000);
  let h: CcpHarness | null = null;
  let session: Session | null = null;
  const RealNotification = window.Notification;
  const shown: Array<{ title: string; body?: string }> = [];

  before(() => {
    // The browser's own Notification needs a user's permission; a stand-in records what would show.
    class FakeNotification {
      static permission = 'granted';
      constructor(title: string, opts?: NotificationOptions) {
        shown.push({ title, body: opts?.body });
      }
    }
    window.Notification = FakeNotification as unknown as typeof Notification;
  });

  after(async () => {
    window.Notification = RealNotification;
    await releaseAll();
  });

  const setHidden = (hidden: boolean) =>
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });

  it('notifies a hidden page of the switch, and a visible one not', async () => {
    session = await newSession();
    h = mount(session, { notify: true });
    await h.event('rac-ready');
    setHidden(false);
    try {
      await session.addContact('voice');
      await session.traffic('us-west-2');
      await h.toast('switch-pending');
      expect(shown).to.deep.equal([]);
      setHidden(true);
      const [call] = (await session.state()).contacts;
      await session.endContact(call.contactId);
      await h.toast('switched');
      expect(shown.some((n) => /us-east-1.*us-west-2/.test(n.body ?? ''))).to.equal(true);
    } finally {
      delete (document as unknown as Record<string, unknown>).visibilityState;
    }
  });

  it('a Notification that throws (Android Chrome) loses none of the other effects: the agent is still set Available, the failure is reported', async () => {
    const Working = window.Notification;
    class AndroidNotification {
      static permission = 'granted';
      constructor() {
        throw new TypeError("Failed to construct 'Notification': Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.");
      }
    }
    await releaseAll();
    window.Notification = AndroidNotification as unknown as typeof Notification;
    try {
      session = await newSession();
      h = mount(session, { notify: true, 'auto-available': true });
      await h.event('rac-ready');
      setHidden(true);
      await session.setAgentState('Available');
      await new Promise((r) => setTimeout(r, 300));
      await session.traffic('us-west-2');
      // The step that shows "you were moved" (a toast, so a notification) also sets Available.
      await h.event('rac-agent-available');
      expect((await session.requests({ method: 'putAgentState', region: 'us-west-2' })).length).to.equal(1);
      const failures = h.all('rac-error').filter((e) => e.code === 'effect-failed');
      expect(failures).to.have.length(1);
      expect(failures[0].message).to.match(/notification.*Illegal constructor/);
      expect(h.toasts().some((t) => t.kind === 'switched')).to.equal(true);
      expect(h.pageErrors()).to.deep.equal([]);
    } finally {
      window.Notification = Working;
      delete (document as unknown as Record<string, unknown>).visibilityState;
    }
  });
});
