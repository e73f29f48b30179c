// What the host of `window.webagent` offers beyond the common contract: the desktop app has a
// save dialog and a file manager, the test host answers `unavailable` to both.
import { create } from 'zustand';
import { api } from '../api';
import { isUnavailable } from '../lib/api-error';

interface HostCapabilitiesState {
  /** null until known. */
  desktopDialogs: boolean | null;
  detect(): Promise<void>;
  markUnavailable(): void;
}

/**
 * A path no save dialog returned. The desktop app refuses to show a file it did not let the
 * user choose (invalid_input, nothing opens); a host without a file manager says unavailable.
 * So the probe tells the two apart without a dialog popping up.
 */
const PROBE_PATH = 'webagent-capability-probe.json';

export const useHostCapabilitiesStore = create<HostCapabilitiesState>((set) => ({
  desktopDialogs: null,
  async detect() {
    try {
      await api.showInFolder({ path: PROBE_PATH });
      set({ desktopDialogs: true });
    } catch (error) {
      set({ desktopDialogs: !isUnavailable(error) });
    }
  },
  markUnavailable: () => set({ desktopDialogs: false }),
}));
