// Where the toasts land: the real CCP has its call controls (hold, mute, end call) at the bottom, so
// the toasts must never sit there, however many there are.
import { expect } from '@open-wc/testing';
import { mount, releaseAll } from '../helpers/element-harness.js';

describe('<region-aware-ccp> toast layout', function () {
  afterEach(() => releaseAll());

  it('stacks the toasts below the status bar and keeps the bottom of the CCP (its call controls) clear', async () => {
    const h = mount(null, {}); // no ccp-url: a config error toast, no CCP needed
    await h.event('rac-error');
    await h.el.updateComplete;
    const box = h.el.getBoundingClientRect();
    const stack = h.el.shadowRoot!.querySelector<HTMLElement>('[part="toasts"]')!.getBoundingClientRect();
    const toast = h.el.shadowRoot!.querySelector<HTMLElement>('[part="toast"]')!.getBoundingClientRect();
    expect(toast.top - box.top, 'below the status bar').to.be.at.least(40);
    expect(stack.bottom - box.top, 'the stack stops above the bottom controls').to.be.at.most(box.height * 0.75);
  });

  it('lets a page move the stack to the bottom with the documented custom properties', async () => {
    const h = mount(null, {});
    h.el.style.setProperty('--rac-toast-top', 'auto');
    h.el.style.setProperty('--rac-toast-bottom', '8px');
    await h.event('rac-error');
    await h.el.updateComplete;
    const box = h.el.getBoundingClientRect();
    // The stack itself (its toasts slide in, so a toast's box moves for a moment).
    const stack = h.el.shadowRoot!.querySelector<HTMLElement>('[part="toasts"]')!.getBoundingClientRect();
    expect(box.bottom - stack.bottom).to.be.closeTo(8, 1);
    expect(stack.top - box.top, 'no longer below the status bar').to.be.greaterThan(box.height / 2);
  });
});
