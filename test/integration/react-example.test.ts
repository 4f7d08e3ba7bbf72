// docs/examples/react.jsx runs as written, in React 19 with StrictMode (react-dom's development
// build, as a React app's dev server runs it), against the simulator with the real Streams.
import { expect } from '@open-wc/testing';
// @ts-expect-error -- React ships no types, and this repository needs no @types/react
import { createElement, StrictMode } from 'react';
// @ts-expect-error -- as above
import { createRoot } from 'react-dom/client';
// @ts-expect-error -- the example is plain JSX
import { AgentPhone } from '../../docs/examples/react.jsx';
import { until, releaseAll } from '../helpers/element-harness.js';
import { newSession } from '../helpers/sim.js';
import type { RegionAwareCcp } from '../../src/region-aware-ccp.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const connect = (window as any).connect;

describe('docs/examples/react.jsx (React 19, StrictMode)', function () {
  this.timeout(60000);
  afterEach(releaseAll);

  it('re-renders during a call, with an inline ccpOptions literal and a changing prop: the CCP and the call stay', async () => {
    const s = await newSession();
    const box = document.createElement('div');
    document.body.append(box);
    const readies: unknown[] = [];
    box.addEventListener('rac-ready', (e) => readies.push((e as CustomEvent).detail));
    const root = createRoot(box);
    const ccp = { ccpUrl: s.ccpUrl, secondaryCcpUrl: s.secondaryCcpUrl, loginUrl: s.loginUrl };
    const render = (note: string) => root.render(createElement(StrictMode, null, createElement(AgentPhone, { ccp, note })));
    try {
      render('');
      await until(() => readies.length === 1, 15000, 'rac-ready');
      const el = box.querySelector('region-aware-ccp') as RegionAwareCcp;
      expect(el.ccpOptions).to.deep.equal({ softphone: { allowFramedSoftphone: true }, pageOptions: { enableAudioDeviceSettings: true } });
      await until(() => box.textContent!.includes('Working in us-east-1'), 5000, 'the example shows the region');
      const frames = [...el.shadowRoot!.querySelectorAll('iframe')];
      expect(frames).to.have.length(2);

      const call = await s.addContact('voice');
      await until(() => new connect.Agent().getContacts().length === 1, 5000, 'the call in Streams');
      const loads = (await s.state()).pageLoads;
      for (const note of ['customer: Ada', 'customer: Ada, case 42', 'wrap-up']) {
        const options = el.ccpOptions;
        render(note); // a new ccpOptions object every time, equal in value
        await until(() => box.textContent!.includes(note), 5000, `render "${note}"`);
        await new Promise((r) => setTimeout(r, 200));
        expect(el.ccpOptions).to.not.equal(options); // React did set the new literal
        expect(box.querySelector('region-aware-ccp')).to.equal(el);
        expect([...el.shadowRoot!.querySelectorAll('iframe')]).to.deep.equal(frames);
      }
      const state = await s.state();
      expect(state.pageLoads).to.deep.equal(loads);
      expect(state.contacts.map((c) => c.state)).to.deep.equal(['connected']);
      expect(readies).to.have.length(1);
      await s.endContact(call);
      await new Promise((r) => setTimeout(r, 500));
      expect(readies).to.have.length(1); // nothing was waiting: no restart after the call either
    } finally {
      root.unmount();
      box.remove();
    }
  });
});
