/**
 * Attribute parsing and validation. Pure: no DOM, no side effects, so every bad value can be
 * tested and reported before anything is initialised.
 */

export type ReloadMode = 'ccp' | 'page' | 'manual';
export type AutoAvailablePolicy = 'was-routable' | 'always';

/** The raw attribute values as the element holds them (null = attribute absent). */
export interface RawConfig {
  ccpUrl: string | null;
  secondaryCcpUrl: string | null;
  loginUrl: string | null;
  region: string | null;
  autoAvailable: boolean;
  autoAvailablePolicy: string | null;
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
  reloadJitterS: 10,
  toastTimeoutS: 8,
} as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** https only, except plain http on the local machine (the simulator and development). */
export function checkCcpUrl(value: string | null, attribute: string, issues: ConfigIssue[]): URL | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ attribute, message: `${attribute} must be an absolute URL, got "${value}".` });
    return null;
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    issues.push({
      attribute,
      message: `${attribute} must use https (http is accepted only for localhost), got "${value}".`,
    });
    return null;
  }
  return url;
}

function seconds(
  value: string | number | null,
  attribute: string,
  fallback: number,
  min: number,
  issues: ConfigIssue[],
): number {
  if (value === null || value === '') return fallback * 1000;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isFinite(n) || n < min) {
    issues.push({ attribute, message: `${attribute} must be a number of seconds ≥ ${min}, got "${value}".` });
    return fallback * 1000;
  }
  return Math.round(n * 1000);
}

function oneOf<T extends string>(
  value: string | null,
  attribute: string,
  allowed: readonly T[],
  issues: ConfigIssue[],
): T {
  if (value === null || value === '') return allowed[0];
  if ((allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ attribute, message: `${attribute} must be one of ${allowed.join(', ')}, got "${value}".` });
  return allowed[0];
}

/** The tab channel for one instance in one origin: tabs of other instances never hear each other. */
export function defaultChannel(ccpUrl: URL): string {
  return `region-aware-ccp/v1/${ccpUrl.host}${ccpUrl.pathname.replace(/\/+$/, '')}`;
}

export function parseConfig(raw: RawConfig): ConfigResult {
  const issues: ConfigIssue[] = [];
  const ccp = checkCcpUrl(raw.ccpUrl, 'ccp-url', issues);
  if (raw.ccpUrl === null || raw.ccpUrl.trim() === '') {
    issues.push({ attribute: 'ccp-url', message: 'ccp-url is required: the URL of your instance\'s CCP, e.g. https://<alias>.my.connect.aws/ccp-v2/.' });
  }
  const secondary = checkCcpUrl(raw.secondaryCcpUrl, 'secondary-ccp-url', issues);
  const login = checkCcpUrl(raw.loginUrl, 'login-url', issues);
  if (secondary && !raw.loginUrl) {
    issues.push({ attribute: 'login-url', message: 'secondary-ccp-url needs login-url: Global Resiliency signs in once for both regions.' });
  }
  if (secondary && ccp && secondary.origin === ccp.origin) {
    issues.push({ attribute: 'secondary-ccp-url', message: 'secondary-ccp-url must be the other region\'s CCP, on a different origin than ccp-url.' });
  }
  if (raw.region !== null && raw.region !== '' && !REGION_RE.test(raw.region)) {
    issues.push({ attribute: 'region', message: `region must be an AWS region such as us-west-2, got "${raw.region}".` });
  }
  const channel = raw.channel?.trim() ?? '';
  if (raw.channel !== null && (channel === '' || channel.length > 200)) {
    issues.push({ attribute: 'channel', message: 'channel must be a non-empty name of at most 200 characters.' });
  }
  const config: RacConfig = {
    ccpUrl: ccp?.href ?? '',
    secondaryCcpUrl: secondary?.href ?? null,
    loginUrl: login?.href ?? null,
    globalResiliency: Boolean(secondary && login),
    region: raw.region || null,
    autoAvailable: raw.autoAvailable,
    autoAvailablePolicy: oneOf(raw.autoAvailablePolicy, 'auto-available-policy', ['was-routable', 'always'] as const, issues),
    staleAfterMs: seconds(raw.staleAfter, 'stale-after', DEFAULTS.staleAfterS, 0.001, issues),
    reloadMode: oneOf(raw.reloadMode, 'reload-mode', ['ccp', 'page', 'manual'] as const, issues),
    reloadJitterMs: seconds(raw.reloadJitter, 'reload-jitter', DEFAULTS.reloadJitterS, 0, issues),
    toastTimeoutMs: seconds(raw.toastTimeout, 'toast-timeout', DEFAULTS.toastTimeoutS, 0, issues),
    channel: channel || (ccp ? defaultChannel(ccp) : ''),
  };
  return issues.length ? { ok: false, issues } : { ok: true, config };
}
