// The window: header with the screens, the current screen, the status line, and whatever
// dialog is open. Everything reaches the app through `window.webagent` (api.ts).
import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { HelpOverlay } from './components/common/HelpOverlay';
import { Notices } from './components/common/Notices';
import { DashboardView } from './components/dashboard/DashboardView';
import { DropZone } from './components/DropZone';
import { ExportDialog } from './components/export/ExportDialog';
import { ImportDialog } from './components/import/ImportDialog';
import { SettingsView } from './components/settings/SettingsView';
import { StatusBar } from './components/StatusBar';
import { ConfirmDeleteDialog } from './components/tasks/ConfirmDeleteDialog';
import { TasksView } from './components/tasks/TasksView';
import { useGlobalShortcuts } from './hooks/useGlobalShortcuts';
import { useHostCapabilitiesStore } from './state/host-capabilities-store';
import { loadInitialData, startLiveUpdates } from './state/live-updates';
import { useViewStore } from './state/view-store';

function CurrentView() {
  const view = useViewStore((state) => state.view);
  if (view === 'dashboard') return <DashboardView />;
  if (view === 'settings') return <SettingsView />;
  return <TasksView />;
}

function OpenDialog() {
  const dialog = useViewStore((state) => state.dialog);
  switch (dialog) {
    case 'import':
      return <ImportDialog />;
    case 'export':
      return <ExportDialog />;
    case 'help':
      return <HelpOverlay />;
    case 'confirm-delete':
      return <ConfirmDeleteDialog />;
    default:
      return null;
  }
}

export function App() {
  useEffect(() => {
    const stop = startLiveUpdates();
    loadInitialData();
    void useHostCapabilitiesStore.getState().detect();
    return stop;
  }, []);
  useGlobalShortcuts();

  return (
    <div className="app">
      <AppHeader />
      <main className="app__main" id="main-view">
        <CurrentView />
      </main>
      <StatusBar />
      <OpenDialog />
      <DropZone />
      <Notices />
    </div>
  );
}
