export { type PollOptions, pollUntil } from './poll-until.js';
