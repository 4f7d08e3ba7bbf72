/**
 * Attribute parsing and validation. Pure: no DOM, no side effects, so every bad value can be
 * tested and reported before anything is initialised.
 */

export type ReloadMode = 'ccp' | 'page' | 'manual';
export type AutoAvailablePolicy = 'was-routable' | 'always';
/** Whether the agent sees the auto-available option and may change it. */
export type AutoAvailableControl = 'shown' | 'locked' | 'hidden';

/** The raw attribute values as the element holds them (null = attribute absent). */
export interface RawConfig {
  ccpUrl: string | null;
  secondaryCcpUrl: string | null;
  loginUrl: string | null;
  region: string | null;
  autoAvailable: boolean;
  autoAvailablePolicy: string | null;
  autoAvailableControl?: string | null;
  staleAfter: string | number | null;
  reloadMode: string | null;
  reloadJitter: string | number | null;
  toastTimeout: string | number | null;
  channel: string | null;
}

/** The validated configuration every module works from. Times are in milliseconds. */
export interface RacConfig {
  ccpUrl: string;
  secondaryCcpUrl: string | null;
  loginUrl: string | null;
  /** Both a secondary CCP and a login URL were given: Streams runs in Global Resiliency mode. */
  globalResiliency: boolean;
  region: string | null;
  autoAvailable: boolean;
  autoAvailablePolicy: AutoAvailablePolicy;
  autoAvailableControl: AutoAvailableControl;
  staleAfterMs: number;
  reloadMode: ReloadMode;
  reloadJitterMs: number;
  toastTimeoutMs: number;
  channel: string;
}

/** One problem with one attribute, worded for the developer who wrote the page. */
export interface ConfigIssue {
  attribute: string;
  message: string;
}

export type ConfigResult = { ok: true; config: RacConfig } | { ok: false; issues: ConfigIssue[] };

export const DEFAULTS = {
  staleAfterS: 120,
  reloadJitterS: 20,
  toastTimeoutS: 8,
} as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Validates the attributes. Each issue names its attribute first, then what is allowed and the
 * value given, if any; every issue is reported, not only the first.
 */
export function parseConfig(raw: RawConfig): ConfigResult {
  const issues: ConfigIssue[] = [];
  const report = (attribute: string, problem: string, value?: unknown) =>
    issues.push({ attribute, message: `${attribute} ${problem}${value === undefined ? '' : `, got "${value}"`}.` });

  /** https only, except plain http on the local machine (the simulator and development). */
  const url = (value: string | null, attribute: string): URL | null => {
    if (!value?.trim()) return null;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      report(attribute, 'must be an absolute URL', value);
      return null;
    }
    if (u.protocol === 'https:' || (u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname))) return u;
    report(attribute, 'must use https (http only on localhost)', value);
    return null;
  };
  const seconds = (value: string | number | null, attribute: string, fallback: number, min = 0): number => {
    if (value !== null && value !== '') {
      // `Number` ignores surrounding whitespace, as the attribute should.
      const n = Number(value);
      if (Number.isFinite(n) && n >= min) return Math.round(n * 1000);
      report(attribute, `must be a number of seconds ≥ ${min}`, value);
    }
    return fallback * 1000;
  };
  const oneOf = <T extends string>(value: string | null, attribute: string, allowed: readonly T[]): T => {
    if ((allowed as readonly unknown[]).includes(value)) return value as T;
    if (value) report(attribute, `must be one of ${allowed.join(', ')}`, value);
    return allowed[0];
  };

  const ccp = url(raw.ccpUrl, 'ccp-url');
  if (!raw.ccpUrl?.trim()) report('ccp-url', 'is required, e.g. https://<alias>.my.connect.aws/ccp-v2/');
  const secondary = url(raw.secondaryCcpUrl, 'secondary-ccp-url');
  const login = url(raw.loginUrl, 'login-url');
  if (secondary && !raw.loginUrl) report('login-url', 'is required with secondary-ccp-url');
  if (secondary && ccp && secondary.origin === ccp.origin) {
    report('secondary-ccp-url', 'must be on another origin than ccp-url', raw.secondaryCcpUrl);
  }
  if (raw.region && !REGION_RE.test(raw.region)) report('region', 'must be a region such as us-west-2', raw.region);
  const channel = raw.channel?.trim() ?? '';
  if (raw.channel !== null && (!channel || channel.length > 200)) report('channel', 'must be 1 to 200 characters', raw.channel);
  const config: RacConfig = {
    ccpUrl: ccp?.href ?? '',
    secondaryCcpUrl: secondary?.href ?? null,
    loginUrl: login?.href ?? null,
    globalResiliency: Boolean(secondary && login),
    region: raw.region || null,
    autoAvailable: raw.autoAvailable,
    autoAvailablePolicy: oneOf(raw.autoAvailablePolicy, 'auto-available-policy', ['was-routable', 'always'] as const),
    autoAvailableControl: oneOf(raw.autoAvailableControl ?? null, 'auto-available-control', ['shown', 'locked', 'hidden'] as const),
    staleAfterMs: seconds(raw.staleAfter, 'stale-after', DEFAULTS.staleAfterS, 0.001),
    reloadMode: oneOf(raw.reloadMode, 'reload-mode', ['ccp', 'page', 'manual'] as const),
    reloadJitterMs: seconds(raw.reloadJitter, 'reload-jitter', DEFAULTS.reloadJitterS),
    toastTimeoutMs: seconds(raw.toastTimeout, 'toast-timeout', DEFAULTS.toastTimeoutS),
    // The tab channel for one instance in one origin: tabs of other instances never hear each other.
    channel: channel || (ccp ? `region-aware-ccp/v1/${ccp.host}${ccp.pathname.replace(/\/+$/, '')}` : ''),
  };
  return issues.length ? { ok: false, issues } : { ok: true, config };
}
