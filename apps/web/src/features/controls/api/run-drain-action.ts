import type { DrainRequestBody } from '@drainboard/contracts';
import type { ApiClient } from '@web/api/client.js';

import type { DrainAction } from '../lib/available-actions.js';

/** Sends one operator action to the admin API. */
export async function runDrainAction(
  client: ApiClient,
  action: DrainAction,
  body: DrainRequestBody,
): Promise<void> {
  if (action === 'drain') {
    await client.drain(body);
  } else if (action === 'stop') {
    await client.stop(body);
  } else {
    await client.resume();
  }
}
