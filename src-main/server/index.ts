// The local server on the app core (ARCHITECTURE.md "server/"): today the web host that serves
// the renderer with a WebSocket bridge of the contract (`npm run serve:web`, the browser tests),
// and the HTTP API /api/v1 (`webagent serve`, the desktop app's settings), alone or on the web host.
export { openHostCore, startWebHost, type HostCoreOptions, type WebHost, type WebHostOptions } from './web-host';
export { apiOptionsOf, startApiServer, type ApiCore, type ApiServer, type ApiServerOptions } from './api-server';
export { generateApiToken, isUsableApiToken } from './api-auth';
export { ApiController, type ApiControllerOptions } from './api-controller';
export { startWebServer, WEB_HOST_ADDRESS, type WebServer, type WebServerOptions } from './web-server';
export { BRIDGE_PATH, SHOTS_TASK_PREFIX, SOCKET_PATH } from './renderer-page';
