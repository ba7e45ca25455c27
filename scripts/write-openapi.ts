import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
// The package exports this entry point only to resolvers that read `exports`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

/**
 * `npm run openapi`: regenerates the Swagger plugin's metadata (`src/metadata.ts`, so tests and
 * the spec generator see what `nest build` sees) and then the checked-in `openapi.json`.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..');
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        introspectComments: true,
        classValidatorShim: true,
        dtoFileNameSuffix: ['.dto.ts'],
        // Controllers document themselves with explicit decorators: the plugin's controller
        // metadata is applied by `nest build` but not by the loader that tests use.
        controllerFileNameSuffix: ['.plugin-never-reads-controllers.ts'],
        pathToSource: join(root, 'src'),
      }),
    ],
    outputDir: join(root, 'src'),
    watch: false,
    tsconfigPath: 'tsconfig.json',
    printDiagnostics: false,
  });
  const { generateOpenApiSpec, serializeSpec } = await import('../src/openapi/generate');
  writeFileSync(join(root, 'openapi.json'), serializeSpec(await generateOpenApiSpec()));
  process.stdout.write('wrote src/metadata.ts and openapi.json\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
