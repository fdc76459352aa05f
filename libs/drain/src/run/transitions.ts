import type { InstanceState } from '@drainboard/contracts';

import type { DrainStateErrorCode } from '../drain-state-error.js';

/**
 * States of the engine: the public `InstanceState`s plus two it publishes under another name.
 * `settling` (published as `draining`): the drain stages are over and the drain run is ending (persist,
 * `run-end`); `drained` is published only once it has ended, so a drained instance always has its run recorded.
 * `resuming` (published as the state it came from, `draining` or `drained`): the traffic listener is being
 * reopened after a resume.
 * `closing` (published as `stopping`): Nest's `app.close()` started the stop, so Nest runs the app hooks and
 * nobody calls `exit`.
 */
export const ENGINE_STATES = [
  'serving',
  'draining',
  'settling',
  'drained',
  'resuming',
  'stopping',
  'closing',
] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

/**
 * Commands. The first six come from outside (`DrainService`, signals, Nest, the run's deadline timer); the last
 * ones from the engine's own work: `drained` when the current run's drain stages have ended, `ended` when a
 * drain run has ended, `reopened` / `reopen-failed` when the listener reopened by a resume listens again (or
 * could not).
 */
export const ENGINE_COMMANDS = [
  'drain',
  'resume',
  'stop',
  'signal',
  'app.close',
  'deadline',
  'drained',
  'reopened',
  'reopen-failed',
  'ended',
] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** What a transition does besides changing the state. */
export type Effect =
  /** New `drain` run: drain stages, then it stays drained. */
  | 'start-drain'
  /** New `stop` run: drain stages, app hooks, persist, exit. */
  | 'start-stop'
  /** New `stop` run for `app.close()`: drain stages and persist; Nest runs the hooks, nobody calls exit. */
  | 'start-close'
  /** Hands out the current run (or the resume in progress); nothing changes. */
  | 'join'
  /** The current drain run carries on as a stop once its drain stages end. */
  | 'promote-stop'
  /** The current drain run carries on as an `app.close()` stop once its drain stages end. */
  | 'promote-close'
  /** Resume while draining: the run's stages stop, the listener reopens, the run ends with `resumedAt`. */
  | 'interrupt'
  /** Resume while drained: the listener reopens; the ended run gets `resumedAt` and is persisted again. */
  | 'reopen'
  /** The current run's drain stages ended: it ends as a drain (outcome, persist, `run-end`), then `ended`. */
  | 'end-drain'
  /** The current run's drain stages ended: app hooks, persist, exit stage, `run-end`, `exit(code)`. */
  | 'finish-stop'
  /** Same for an `app.close()` stop: hooks skipped (Nest runs them next), persist, `run-end`, no exit. */
  | 'finish-close'
  /** The run's deadline: its `deadlineReached` signal fires and what is still in flight is cut off. */
  | 'cut-off'
  /** A signal while stopping: the first one joins the stop, the second is logged, the third forces exit(1). */
  | 'escalate'
  /** `app.close()` while stopping: let Nest close at once (the stop run itself calls it in app-hooks). */
  | 'pass'
  /** The listener could not be reopened: the resumed run is current again and the instance stays drained. */
  | 'restore'
  /** Nothing to do. */
  | 'ignore'
  /** Throws `DrainStateError(code)`. */
  | 'refuse';

export interface Transition {
  readonly next: EngineState;
  readonly effect: Effect;
  readonly code?: DrainStateErrorCode;
}

const stay = (state: EngineState, effect: Effect): Transition => ({ next: state, effect });
const go = (next: EngineState, effect: Effect): Transition => ({ next, effect });
const refuse = (state: EngineState, code: DrainStateErrorCode): Transition => ({
  next: state,
  effect: 'refuse',
  code,
});

/**
 * THE transition table: (state, command) -> (next state, effect). Nothing else decides what a command does.
 * Commands that concern a run (`deadline`, `drained`) are applied only when that run is the current one; a run
 * that is no longer current has been resumed, and its resume ends it.
 *
 * | state \ command | drain                   | resume                  | stop / signal                | app.close              | deadline | drained             | ended            | reopened        | reopen-failed    |
 * |-----------------|-------------------------|-------------------------|------------------------------|------------------------|----------|---------------------|------------------|-----------------|------------------|
 * | serving         | draining, start-drain   | refuse NOT_DRAINING     | stopping, start-stop         | closing, start-close   | ignore   | ignore              | ignore           | ignore          | ignore           |
 * | draining        | join                    | resuming, interrupt     | stopping, promote-stop       | closing, promote-close | cut-off  | settling, end-drain | ignore           | ignore          | ignore           |
 * | settling        | join                    | resuming, reopen        | stopping, start-stop         | closing, start-close   | ignore   | ignore              | drained, ignore  | ignore          | ignore           |
 * | drained         | join                    | resuming, reopen        | stopping, start-stop         | closing, start-close   | ignore   | ignore              | ignore           | ignore          | ignore           |
 * | resuming        | refuse ALREADY_DRAINING | join                    | stopping, start-stop         | closing, start-close   | ignore   | ignore              | ignore           | serving, ignore | drained, restore |
 * | stopping        | refuse ALREADY_STOPPING | refuse ALREADY_STOPPING | stop: join; signal: escalate | pass                   | cut-off  | finish-stop         | ignore           | ignore          | ignore           |
 * | closing         | refuse ALREADY_STOPPING | refuse ALREADY_STOPPING | stop: join; signal: escalate | pass                   | cut-off  | finish-close        | ignore           | ignore          | ignore           |
 *
 * A stop started while `resuming` begins its stages once the listener has reopened (or failed to), so its
 * close-listener stage closes the reopened listener. A stop from `drained` runs the drain stages again: they
 * find nothing left (no lb delay when readiness is already red), and nothing is ever skipped while requests
 * are in flight.
 */
export const TRANSITIONS: Readonly<Record<EngineState, Readonly<Record<EngineCommand, Transition>>>> = {
  serving: {
    drain: go('draining', 'start-drain'),
    resume: refuse('serving', 'NOT_DRAINING'),
    stop: go('stopping', 'start-stop'),
    signal: go('stopping', 'start-stop'),
    'app.close': go('closing', 'start-close'),
    deadline: stay('serving', 'ignore'),
    drained: stay('serving', 'ignore'),
    reopened: stay('serving', 'ignore'),
    'reopen-failed': stay('serving', 'ignore'),
    ended: stay('serving', 'ignore'),
  },
  draining: {
    drain: stay('draining', 'join'),
    resume: go('resuming', 'interrupt'),
    stop: go('stopping', 'promote-stop'),
    signal: go('stopping', 'promote-stop'),
    'app.close': go('closing', 'promote-close'),
    deadline: stay('draining', 'cut-off'),
    drained: go('settling', 'end-drain'),
    reopened: stay('draining', 'ignore'),
    'reopen-failed': stay('draining', 'ignore'),
    ended: stay('draining', 'ignore'),
  },
  settling: {
    drain: stay('settling', 'join'),
    resume: go('resuming', 'reopen'),
    stop: go('stopping', 'start-stop'),
    signal: go('stopping', 'start-stop'),
    'app.close': go('closing', 'start-close'),
    deadline: stay('settling', 'ignore'),
    drained: stay('settling', 'ignore'),
    reopened: stay('settling', 'ignore'),
    'reopen-failed': stay('settling', 'ignore'),
    ended: go('drained', 'ignore'),
  },
  drained: {
    drain: stay('drained', 'join'),
    resume: go('resuming', 'reopen'),
    stop: go('stopping', 'start-stop'),
    signal: go('stopping', 'start-stop'),
    'app.close': go('closing', 'start-close'),
    deadline: stay('drained', 'ignore'),
    drained: stay('drained', 'ignore'),
    reopened: stay('drained', 'ignore'),
    'reopen-failed': stay('drained', 'ignore'),
    ended: stay('drained', 'ignore'),
  },
  resuming: {
    drain: refuse('resuming', 'ALREADY_DRAINING'),
    resume: stay('resuming', 'join'),
    stop: go('stopping', 'start-stop'),
    signal: go('stopping', 'start-stop'),
    'app.close': go('closing', 'start-close'),
    deadline: stay('resuming', 'ignore'),
    drained: stay('resuming', 'ignore'),
    reopened: go('serving', 'ignore'),
    'reopen-failed': go('drained', 'restore'),
    ended: stay('resuming', 'ignore'),
  },
  stopping: {
    drain: refuse('stopping', 'ALREADY_STOPPING'),
    resume: refuse('stopping', 'ALREADY_STOPPING'),
    stop: stay('stopping', 'join'),
    signal: stay('stopping', 'escalate'),
    'app.close': stay('stopping', 'pass'),
    deadline: stay('stopping', 'cut-off'),
    drained: stay('stopping', 'finish-stop'),
    reopened: stay('stopping', 'ignore'),
    'reopen-failed': stay('stopping', 'ignore'),
    ended: stay('stopping', 'ignore'),
  },
  closing: {
    drain: refuse('closing', 'ALREADY_STOPPING'),
    resume: refuse('closing', 'ALREADY_STOPPING'),
    stop: stay('closing', 'join'),
    signal: stay('closing', 'escalate'),
    'app.close': stay('closing', 'pass'),
    deadline: stay('closing', 'cut-off'),
    drained: stay('closing', 'finish-close'),
    reopened: stay('closing', 'ignore'),
    'reopen-failed': stay('closing', 'ignore'),
    ended: stay('closing', 'ignore'),
  },
};

/**
 * The state the outside sees (`InstanceState` of the contracts): `closing` is `stopping`; `resuming` keeps
 * what was published before (`draining` or `drained`: the listener is not accepting yet).
 */
export function publishedState(state: EngineState, before: InstanceState): InstanceState {
  if (state === 'resuming') {
    return before;
  }
  if (state === 'closing') {
    return 'stopping';
  }
  if (state === 'settling') {
    return 'draining';
  }
  return state;
}
