import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { DrainService } from '@drainboard/drain';

/** Tells the test harness which port the OS picked, and prints the drain's stages and run outcome as they happen. */
export function announce(app: INestApplication): void {
  app.get(DrainService).events$.subscribe((event) => {
    if (event.type === 'stage-end') console.log(`stage-end ${event.stage.name} ${event.stage.outcome}`);
    if (event.type === 'run-end') console.log(`run-end ${event.run.outcome}`);
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  console.log(`listening ${port}`);
}
