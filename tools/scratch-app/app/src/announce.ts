import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { DrainService, type DrainEvent } from '@drainboard/drain';

/** One stdout line per stage end and run end, so the harness can see the drain from outside. */
function describe(event: DrainEvent): string | null {
  if (event.type === 'stage-end') return `stage-end ${event.stage.name} ${event.stage.outcome}`;
  if (event.type === 'run-end') return `run-end ${event.run.outcome}`;
  return null;
}

/** Tells the test harness which port the OS picked, and prints the drain's stages and run outcome as they happen. */
export function announce(app: INestApplication): void {
  app.get(DrainService).events$.subscribe((event) => {
    const line = describe(event);
    if (line) console.log(line);
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  console.log(`listening ${port}`);
}
