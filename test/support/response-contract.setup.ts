import { responseContract } from './response-contract';

// Every test fails when an answer the application gave during it is off the documented contract.
afterEach(() => {
  const violations = responseContract.take();
  if (violations.length > 0) {
    throw new Error(`Responses off the OpenAPI contract:\n${[...new Set(violations)].slice(0, 20).join('\n')}`);
  }
});
