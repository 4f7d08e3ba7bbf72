import { css } from 'lit';

// Written to be read; the build minifies it (see rollup.config.mjs).
export const styles = css`
  :host {
    display: block;
    position: relative;
    min-width: 320px;
    min-height: 465px;
    font-family: var(--rac-font-family, system-ui, sans-serif);
  }

  :host([hidden]) {
    display: none;
  }

  .ccp,
  iframe {
    width: 100%;
    height: 100%;
    min-height: inherit;
    border: 0;
  }

  .ccp {
    position: absolute;
    inset: 0;
  }

  /* The agent's option: a slim bar below the CCP, never over its controls. */
  .bar {
    bottom: 32px;
    height: auto;
    min-height: 0;
  }

  .opt {
    position: absolute;
    inset: auto 0 0;
    height: 32px;
    display: flex;
    align-items: center;
    gap: 8px;
    border: 0;
    border-radius: 0;
    padding: 0 10px;
    background: var(--rac-option-background, #f3f4f6);
    color: var(--rac-option-color, #111827);
    font-size: 13px;
  }

  /* The switch: a track with its knob at the start (off) or the end (on). */
  .opt::before {
    content: '';
    flex: none;
    width: 28px;
    height: 16px;
    border-radius: 8px;
    background: radial-gradient(circle at 8px, #fff 5px, #6b7280 6px);
  }

  [aria-checked='true']::before {
    background: radial-gradient(circle at 20px, #fff 5px, var(--rac-option-accent, #2563eb) 6px);
  }

  /* Below the CCP's status bar by default, away from the call controls at the bottom of the CCP
     (hold, mute, end call). The stack scrolls rather than grow over them. */
  .toasts {
    position: absolute;
    inset-inline: var(--rac-toast-inset, 8px);
    top: var(--rac-toast-top, 56px);
    bottom: var(--rac-toast-bottom, auto);
    max-height: var(--rac-toast-max-height, 55%);
    overflow-y: auto;
    display: flex;
    flex-direction: column;
    gap: 6px;
    z-index: 1;
    pointer-events: none;
  }

  .toast {
    pointer-events: auto;
    display: flex;
    align-items: flex-start;
    gap: 8px;
    padding: 10px 12px;
    border-radius: var(--rac-toast-radius, 6px);
    background: var(--rac-toast-background, #1f2937);
    color: var(--rac-toast-color, #f9fafb);
    border-inline-start: 4px solid var(--rac-toast-accent, #60a5fa);
    box-shadow: 0 2px 8px rgb(0 0 0 / 25%);
    font-size: var(--rac-toast-font-size, 14px);
    line-height: 1.35;
    animation: rac-in 160ms ease-out;
  }

  .toast[data-kind='error'] {
    --rac-toast-accent: var(--rac-toast-error-accent, #f87171);
  }

  .toast[data-kind='switch-pending'],
  .toast[data-kind='refresh-needed'],
  .toast[data-kind='offline'] {
    --rac-toast-accent: var(--rac-toast-warning-accent, #fbbf24);
  }

  .toast[data-kind='status'],
  .toast[data-kind='switched'] {
    --rac-toast-accent: var(--rac-toast-success-accent, #34d399);
  }

  .message {
    flex: 1;
  }

  .region {
    white-space: nowrap;
  }

  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid;
    border-radius: 4px;
    padding: 2px 8px;
    cursor: pointer;
  }

  button:focus-visible {
    outline: 2px solid var(--rac-focus-ring, #93c5fd);
    outline-offset: 2px;
  }

  .dismiss {
    border: 0;
    padding: 0 4px;
    font-size: 1.1em;
    line-height: 1;
  }

  @keyframes rac-in {
    from {
      opacity: 0;
      transform: translateY(6px);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .toast {
      animation: none;
    }
  }
`;
