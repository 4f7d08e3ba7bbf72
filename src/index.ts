export { RegionAwareCcp } from './region-aware-ccp.js';
export type { RacEventDetails, RacEventName, ReloadStage } from './events/events.js';
export type { RacConfig, ReloadMode, AutoAvailablePolicy, ConfigIssue } from './config/config.js';
export type { Phase, EndedContact } from './switch/switch-machine.js';
export { english, registerTranslation, type Translation, type MessageKey } from './i18n/messages.js';
