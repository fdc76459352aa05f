import { appHooksStage } from './app-hooks.stage.js';
import { closeListenerStage } from './close-listener.stage.js';
import { closeRealtimeStage } from './close-realtime.stage.js';
import { drainRequestsStage } from './drain-requests.stage.js';
import { exitStage } from './exit.stage.js';
import { persistAgain, persistStage } from './persist.stage.js';
import { triggerStage } from './trigger.stage.js';
import { unreadyStage } from './unready.stage.js';

/** Stages every run goes through before it either stays drained or stops. */
export const DRAIN_PHASE = [
  triggerStage,
  unreadyStage,
  closeListenerStage,
  drainRequestsStage,
  closeRealtimeStage,
];
export { appHooksStage, exitStage, persistAgain, persistStage };
