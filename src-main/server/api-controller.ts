// The desktop app's API switch: the HTTP API runs while the settings say `apiEnabled`, on
// `apiPort` with `apiToken`, and restarts when one of them changes. The token is made at
// random the first time (and stored, so the settings screen shows it). Plain Node: the
// Electron entry only creates this and closes it on quit.
import type { AppSettings } from '../../src-shared/settings';
import type { Logger } from '../core/logger';
import type { SettingsStore } from '../core/settings-store';
import { generateApiToken, isUsableApiToken } from './api-auth';
import { startApiServer, type ApiCore, type ApiServer } from './api-server';

export interface ApiControllerOptions {
  core: ApiCore & { settings: SettingsStore };
  screenshotsDir: string;
  logger: Logger;
}

type Wanted = { port: number; token: string } | null;

function wanted(settings: AppSettings): Wanted {
  return settings.apiEnabled && isUsableApiToken(settings.apiToken) ? { port: settings.apiPort, token: settings.apiToken } : null;
}

export class ApiController {
  private server: ApiServer | null = null;
  private running: Wanted = null;
  /** Starts and stops run one after the other. */
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: ApiControllerOptions) {
    const { settings } = options.core;
    if (settings.get().apiToken === '') {
      try {
        settings.set({ apiToken: generateApiToken() });
      } catch (error) {
        options.logger.error({ err: error }, 'could not store a new API token');
      }
    }
    this.unsubscribe = settings.onChange((next) => this.apply(wanted(next)));
    this.apply(wanted(settings.get()));
  }

  /** The API's base URL while it runs. */
  get url(): string | null {
    return this.server?.url ?? null;
  }

  /** Resolves when the starts and stops asked for so far are done. */
  settled(): Promise<void> {
    return this.chain;
  }

  close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    return this.enqueue(() => this.stop());
  }

  private apply(next: Wanted): void {
    if (this.closed) return;
    this.enqueue(async () => {
      if (next?.port === this.running?.port && next?.token === this.running?.token) return;
      await this.stop();
      if (!next || this.closed) return;
      try {
        this.server = await startApiServer({ core: this.options.core, screenshotsDir: this.options.screenshotsDir, token: next.token, port: next.port, logger: this.options.logger });
        this.running = next;
        this.options.logger.info({ url: this.server.url }, 'the HTTP API is on');
      } catch (error) {
        this.options.logger.error({ err: error, port: next.port }, 'the HTTP API could not start');
      }
    });
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.running = null;
    if (!server) return;
    await server.close();
    this.options.logger.info('the HTTP API is off');
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((error: unknown) => this.options.logger.error({ err: error }, 'switching the HTTP API failed'));
    return this.chain;
  }
}
