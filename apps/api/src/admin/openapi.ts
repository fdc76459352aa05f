import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Path of the OpenAPI UI on the admin port; the JSON document is at `/docs-json`. */
export const DOCS_PATH = 'docs';

/**
 * Serves the admin API's OpenAPI description (bearer scheme included) at `/docs` and `/docs-json`. The document
 * is built on the first request for it, not at boot: most processes never serve it.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Drainboard admin API')
    .setDescription('Drain, resume and stop this instance; its state, run history, health and metrics.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' })
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
  });
}
