// <region-aware-ccp> in React 19. React 19 renders custom elements natively: string props become
// attributes, and object props such as `ccpOptions` are set as properties. Re-render freely: the
// element compares `ccpOptions` by value (an inline literal is fine), and any change that needs a
// new CCP waits until the agent's live call has ended. The rac-* events are CustomEvents, listened
// to with addEventListener (works in React 18 too).
//
//   npm install region-aware-ccp react react-dom
import { useEffect, useRef, useState } from 'react';
import 'region-aware-ccp'; // defines <region-aware-ccp> (the ESM build; Lit and Streams as dependencies)
import 'region-aware-ccp/translations/de.js'; // German toasts for lang="de" pages (English is built in)

export const CCP = {
  ccpUrl: 'https://my-alias.my.connect.aws/ccp-v2/',
  secondaryCcpUrl: 'https://my-alias-replica.my.connect.aws/ccp-v2/',
  loginUrl: 'https://my-alias.awsapps.com/connect/login',
};

export function AgentPhone({ ccp = CCP, lang = 'en', note = '', onMoved }) {
  const ref = useRef(null);
  const [region, setRegion] = useState(null);
  const [pending, setPending] = useState(null);

  useEffect(() => {
    const el = ref.current;
    const handlers = {
      'rac-ready': (e) => setRegion(e.detail.region),
      'rac-switch-pending': (e) => setPending(e.detail.to),
      'rac-switched': (e) => {
        setPending(null);
        setRegion(e.detail.to);
        onMoved?.(e.detail); // { from, to, ccpUrl, endedContacts, detectedAt, completedAt }
      },
      'rac-error': (e) => console.warn('CCP problem', e.detail.code, e.detail.message),
    };
    for (const [name, fn] of Object.entries(handlers)) el.addEventListener(name, fn);
    return () => {
      for (const [name, fn] of Object.entries(handlers)) el.removeEventListener(name, fn);
    };
  }, [onMoved]);

  // The element stays mounted where it is: re-creating it (a `key` change, a different parent)
  // would reload the CCP's iframes and end a live call.
  return (
    <section className="agent-phone" lang={lang}>
      <region-aware-ccp
        ref={ref}
        ccp-url={ccp.ccpUrl}
        secondary-ccp-url={ccp.secondaryCcpUrl}
        login-url={ccp.loginUrl}
        auto-available=""
        stale-after="120"
        ccpOptions={{ softphone: { allowFramedSoftphone: true }, pageOptions: { enableAudioDeviceSettings: true } }}
        style={{ display: 'block', width: 360, height: 560 }}
      />
      <p>
        {region ? `Working in ${region}` : 'Starting the CCP…'}
        {pending && ` · moving to ${pending} after the current call`}
        {note && ` · ${note}`}
      </p>
    </section>
  );
}
// Boolean attributes: pass "" to set and omit (or undefined) to clear; `auto-available={false}`
// would render auto-available="false", which is still "on" for an HTML boolean attribute.
// One <region-aware-ccp> per page: Streams is a page-wide singleton.
