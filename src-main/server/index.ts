// The local server on the app core (ARCHITECTURE.md "server/"): today the web host that serves
// the renderer with a WebSocket bridge of the contract (`npm run serve:web`, the browser tests).
export { startWebHost, type WebHost, type WebHostOptions } from './web-host';
export { startWebServer, WEB_HOST_ADDRESS, type WebServer, type WebServerOptions } from './web-server';
export { BRIDGE_PATH, SHOTS_TASK_PREFIX, SOCKET_PATH } from './renderer-page';
