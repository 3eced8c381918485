/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/frontend/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 30000,
  transform: {
    // The front-end's unit tests: its own compiler options (DOM, JSX), as CommonJS for Jest.
    '^.+/frontend/src/.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/frontend/tsconfig.test.json' }],
    '^.+\\.ts$': ['ts-jest', {}],
  },
};
