/** Entry of the self-contained build for a plain `<script type="module">`: the element and every translation we ship. */
export * from './index.js';
import './i18n/de.js';
