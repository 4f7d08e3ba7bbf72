import { expect } from '@open-wc/testing';
import { parseConfig, type RawConfig } from '../../src/config/config.js';

const base: RawConfig = {
  ccpUrl: 'https://acme.my.connect.aws/ccp-v2/',
  secondaryCcpUrl: null,
  loginUrl: null,
  region: null,
  autoAvailable: false,
  autoAvailablePolicy: null,
  staleAfter: null,
  reloadMode: null,
  reloadJitter: null,
  toastTimeout: null,
  channel: null,
};

const issues = (raw: Partial<RawConfig>) => {
  const r = parseConfig({ ...base, ...raw });
  return r.ok ? [] : r.issues.map((i) => i.attribute);
};

describe('parseConfig', () => {
  it('gives the documented defaults', () => {
    const r = parseConfig(base);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.config).to.deep.include({
      globalResiliency: false,
      autoAvailablePolicy: 'was-routable',
      staleAfterMs: 120_000,
      reloadMode: 'ccp',
      reloadJitterMs: 20_000,
      toastTimeoutMs: 8_000,
      channel: 'region-aware-ccp/v1/acme.my.connect.aws/ccp-v2',
    });
  });

  it('requires ccp-url and names it in the message', () => {
    const r = parseConfig({ ...base, ccpUrl: null });
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.issues[0].attribute).to.equal('ccp-url');
    expect(r.issues[0].message).to.match(/ccp-url is required/);
  });

  it('rejects http except on localhost, and non-URLs', () => {
    expect(issues({ ccpUrl: 'http://acme.my.connect.aws/ccp-v2/' })).to.deep.equal(['ccp-url']);
    expect(issues({ ccpUrl: 'not a url' })).to.deep.equal(['ccp-url']);
    expect(issues({ ccpUrl: 'javascript:alert(1)' })).to.deep.equal(['ccp-url']);
    expect(issues({ ccpUrl: 'http://localhost:4611/ccp-v2/' })).to.deep.equal([]);
    expect(issues({ ccpUrl: 'http://127.0.0.1:4611/ccp-v2/' })).to.deep.equal([]);
  });

  it('turns on Global Resiliency only with both secondary-ccp-url and login-url', () => {
    const gr = parseConfig({ ...base, secondaryCcpUrl: 'https://acme-west.my.connect.aws/ccp-v2/', loginUrl: 'https://acme.awsapps.com/start' });
    expect(gr.ok && gr.config.globalResiliency).to.equal(true);
    expect(issues({ secondaryCcpUrl: 'https://acme-west.my.connect.aws/ccp-v2/' })).to.deep.equal(['login-url']);
    expect(issues({ secondaryCcpUrl: 'https://acme.my.connect.aws/other', loginUrl: 'https://x.example/' })).to.deep.equal([
      'secondary-ccp-url',
    ]);
  });

  it('rejects bad numbers, enums, regions and channels, one issue per attribute', () => {
    expect(issues({ staleAfter: '-1' })).to.deep.equal(['stale-after']);
    expect(issues({ staleAfter: 'soon' })).to.deep.equal(['stale-after']);
    expect(issues({ reloadJitter: 'NaN' })).to.deep.equal(['reload-jitter']);
    expect(issues({ toastTimeout: '-5' })).to.deep.equal(['toast-timeout']);
    expect(issues({ reloadMode: 'hard' })).to.deep.equal(['reload-mode']);
    expect(issues({ autoAvailablePolicy: 'sometimes' })).to.deep.equal(['auto-available-policy']);
    expect(issues({ region: 'west' })).to.deep.equal(['region']);
    expect(issues({ channel: '   ' })).to.deep.equal(['channel']);
    expect(issues({ channel: 'x'.repeat(201) })).to.deep.equal(['channel']);
  });

  it('accepts fractional seconds (short timeouts in tests) and numbers', () => {
    const r = parseConfig({ ...base, staleAfter: '0.25', reloadJitter: 0, toastTimeout: '0' });
    expect(r.ok && [r.config.staleAfterMs, r.config.reloadJitterMs, r.config.toastTimeoutMs]).to.deep.equal([250, 0, 0]);
  });
});
