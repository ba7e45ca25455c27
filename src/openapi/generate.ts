import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { configureRouting, createAdapter } from '../app';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { createOpenApiDocument } from './openapi';

/** The spec from the code alone: a preview app instantiates no provider, so no database is needed. */
export async function generateOpenApiSpec(): Promise<OpenAPIObject> {
  const config = loadConfig({});
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://localhost/unused'), createAdapter(config), {
    preview: true,
    logger: false,
  });
  configureRouting(app);
  const document = await createOpenApiDocument(app);
  await app.close();
  return document;
}

export function serializeSpec(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
