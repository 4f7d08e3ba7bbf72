// <region-aware-ccp> in React 19. React 19 renders custom elements natively: string props become
// attributes, and this example sets the object-valued `ccpOptions` property through a ref and
// listens to the element's `rac-*` CustomEvents with addEventListener (works in React 18 too).
//
//   npm install region-aware-ccp react react-dom
import { useEffect, useRef, useState } from 'react';
import 'region-aware-ccp'; // defines <region-aware-ccp> (the ESM build; Lit and Streams as dependencies)
import 'region-aware-ccp/translations/de.js'; // German toasts for lang="de" pages (English is built in)

const CCP = {
  ccpUrl: 'https://my-alias.my.connect.aws/ccp-v2/',
  secondaryCcpUrl: 'https://my-alias-replica.my.connect.aws/ccp-v2/',
  loginUrl: 'https://my-alias.awsapps.com/connect/login',
};

export function AgentPhone({ onMoved }) {
  const ref = useRef(null);
  const [region, setRegion] = useState(null);
  const [pending, setPending] = useState(null);

  // Objects go in as properties; set before the first CCP start is fine, later changes re-initialise the CCP.
  useEffect(() => {
    ref.current.ccpOptions = { softphone: { allowFramedSoftphone: true }, pageOptions: { enableAudioDeviceSettings: true } };
  }, []);

  useEffect(() => {
    const el = ref.current;
    const handlers = {
      'rac-ready': (e) => setRegion(e.detail.region),
      'rac-switch-pending': (e) => setPending(e.detail.to),
      'rac-switched': (e) => {
        setPending(null);
        setRegion(e.detail.to);
        onMoved?.(e.detail); // { from, to, ccpUrl, endedContacts }
      },
      'rac-error': (e) => console.warn('CCP problem', e.detail.code, e.detail.message),
    };
    for (const [name, fn] of Object.entries(handlers)) el.addEventListener(name, fn);
    return () => {
      for (const [name, fn] of Object.entries(handlers)) el.removeEventListener(name, fn);
    };
  }, [onMoved]);

  return (
    <section className="agent-phone">
      <region-aware-ccp
        ref={ref}
        ccp-url={CCP.ccpUrl}
        secondary-ccp-url={CCP.secondaryCcpUrl}
        login-url={CCP.loginUrl}
        auto-available=""
        stale-after="120"
        lang="en"
        style={{ display: 'block', width: 360, height: 560 }}
      />
      <p>
        {region ? `Working in ${region}` : 'Starting the CCP…'}
        {pending && ` · moving to ${pending} after the current call`}
      </p>
    </section>
  );
}
// Boolean attributes: pass "" to set and omit (or undefined) to clear; `auto-available={false}`
// would render auto-available="false", which is still "on" for an HTML boolean attribute.
// One <region-aware-ccp> per page: Streams is a page-wide singleton.
