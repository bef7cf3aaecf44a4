import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI for the REST API at /api/docs (JSON at /api/docs-json). */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('simscope API')
    .setDescription(
      'Read-only view of simulation containers on a Docker host, plus the team record. ' +
        'Live updates: Socket.IO at /socket.io (events docker_simulations, docker_simulations:delta).',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
