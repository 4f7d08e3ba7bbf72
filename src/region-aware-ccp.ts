/** Registers `<region-aware-ccp>`. Importing this module defines the element (a side effect). */
import 'amazon-connect-streams';
import { RegionAwareCcp } from './element/region-aware-ccp.js';

export { RegionAwareCcp };

if (!customElements.get('region-aware-ccp')) {
  customElements.define('region-aware-ccp', RegionAwareCcp);
}

declare global {
  interface HTMLElementTagNameMap {
    'region-aware-ccp': RegionAwareCcp;
  }
}
