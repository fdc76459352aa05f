import { SetMetadata } from '@nestjs/common';

/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = 'drainboard:public';

/** Marks a controller or handler as reachable without the admin token (health, metrics). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC_KEY, true);
