/**
 * What a connection test needs beyond the form's first render: its streamed request and the rendering
 * of its progress and result. `<smtp-settings>` loads this module with the first Test, as a chunk of its own.
 */
export { runTest } from '../api/run-test.js';
export { blamedField, renderTestProgress, renderTestResult } from './test-result.js';
