/**
 * The language of the element's texts, found as Shoelace's LocalizeController finds it: the nearest
 * `lang` (the element's own, else its closest ancestor's, across shadow roots), else the browser's.
 * The element never sets `lang` on itself, so `<section lang="de">` around it reaches its toasts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { message, resolveLang, type MessageKey } from '../i18n/messages.js';

/** The nearest non-empty `lang` at or above `el`, crossing shadow roots; '' when there is none. */
export function nearestLang(el: Element): string {
  for (let n: Element | null = el; n; n = (n.getRootNode() as ShadowRoot).host ?? null) {
    const found = n.closest('[lang]:not([lang=""])');
    if (found) return found.getAttribute('lang')!;
  }
  return '';
}

export class LocalizeController implements ReactiveController {
  /** The translation in use (`en`, `de`, …): the language the texts are actually in. */
  lang = 'en';
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer: MutationObserver | null = null;
  #asked = '';

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // A `lang` change anywhere above re-words the toasts. Attribute changes only: idle pages pay nothing.
    this.#observer = new MutationObserver(() => this.#resolve());
    // The document itself or a shadow root: each is the top of its own subtree.
    for (let root = this.#host.getRootNode(); ; root = (root as ShadowRoot).host.getRootNode()) {
      this.#observer.observe(root, { attributes: true, attributeFilter: ['lang'], subtree: true });
      if (!(root instanceof ShadowRoot)) break;
    }
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  /** `Element.moveBefore` keeps the element connected: the ancestors, and so the language, may differ. */
  moved(): void {
    this.hostDisconnected();
    this.hostConnected();
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return message(this.lang, key, params);
  }

  #resolve(): void {
    const asked = nearestLang(this.#host) || navigator.language;
    if (asked === this.#asked) return;
    this.#asked = asked;
    this.lang = resolveLang(asked);
    if (this.lang === 'en' && !/^en\b/i.test(asked)) {
      // Not an error (the toasts still speak English), but the page asked for something else.
      console.warn(`<region-aware-ccp>: no "${asked}" translation, so English. Import region-aware-ccp/translations/<lang>.js or call registerTranslation().`);
    }
    this.#host.requestUpdate();
  }
}
