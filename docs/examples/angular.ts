// <region-aware-ccp> in Angular (standalone component). CUSTOM_ELEMENTS_SCHEMA lets the template
// use the element; `[attr.x]` binds attributes, `[ccpOptions]` the object property, and `(rac-…)`
// listens to the element's CustomEvents.
//
//   npm install region-aware-ccp
//   // main.ts or here: import 'region-aware-ccp';  (defines the element once)
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'region-aware-ccp';
import 'region-aware-ccp/translations/de.js'; // German toasts for lang="de" pages (English is built in)
import type { RegionAwareCcp } from 'region-aware-ccp';

interface SwitchedDetail {
  from: string | null;
  to: string;
  ccpUrl: string;
  endedContacts: { id: string; type: string }[];
}

@Component({
  selector: 'app-agent-phone',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <region-aware-ccp
      #ccp
      [attr.ccp-url]="ccpUrl"
      [attr.secondary-ccp-url]="secondaryCcpUrl"
      [attr.login-url]="loginUrl"
      [attr.auto-available]="autoAvailable() ? '' : null"
      stale-after="120"
      [ccpOptions]="ccpOptions"
      (rac-ready)="region.set($any($event).detail.region)"
      (rac-switch-pending)="pendingTo.set($any($event).detail.to)"
      (rac-switched)="onSwitched($any($event))"
      (rac-error)="onError($any($event))"
    ></region-aware-ccp>
    <p>
      {{ region() ? 'Working in ' + region() : 'Starting the CCP…' }}
      @if (pendingTo()) { · moving to {{ pendingTo() }} after the current call }
    </p>
    <button type="button" (click)="ccp.reloadAllTabs('agent')">Refresh CCP in all tabs</button>
  `,
  styles: [
    `
      region-aware-ccp {
        display: block;
        width: 360px;
        height: 560px;
      }
    `,
  ],
})
export class AgentPhoneComponent {
  readonly ccpUrl = 'https://my-alias.my.connect.aws/ccp-v2/';
  readonly secondaryCcpUrl = 'https://my-alias-replica.my.connect.aws/ccp-v2/';
  readonly loginUrl = 'https://my-alias.awsapps.com/connect/login';
  readonly ccpOptions = { softphone: { allowFramedSoftphone: true } };
  readonly autoAvailable = signal(true);
  readonly region = signal<string | null>(null);
  readonly pendingTo = signal<string | null>(null);

  onSwitched(e: CustomEvent<SwitchedDetail>): void {
    this.pendingTo.set(null);
    this.region.set(e.detail.to);
    // F9: e.detail.ccpUrl is the new region's instance (links for supervisors, reports, …).
  }

  onError(e: CustomEvent<{ code: string; message: string }>): void {
    console.warn('CCP problem', e.detail.code, e.detail.message);
  }
}

// The template reference `#ccp` is the element itself: ccp.reloadAllTabs(), ccp.forceFailover(),
// ccp.activeRegion, ccp.phase. Its type is exported as RegionAwareCcp.
export type { RegionAwareCcp };
