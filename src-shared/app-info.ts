// The app's name and version, as reported by the CLI, the export and the API.
// Kept equal to package.json's version by test/unit/app-info.test.ts.
export const APP_NAME = 'webagent';
export const APP_VERSION = '0.1.0';
