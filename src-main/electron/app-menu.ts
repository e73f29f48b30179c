// The application menu. File holds the app's own commands (Open list…, Import, Export…, Quit);
// the rest are Electron's standard roles, so copy, paste and undo work in the window's fields.
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuCommands {
  openList(): void;
  showImport(): void;
  exportTasks(): void;
}

export function installAppMenu(commands: AppMenuCommands, options: { devTools: boolean }): void {
  const isMac = process.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open list…', accelerator: 'CmdOrCtrl+O', click: () => commands.openList() },
      { label: 'Import', accelerator: 'CmdOrCtrl+I', click: () => commands.showImport() },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => commands.exportTasks() },
      { type: 'separator' },
      // Quitting goes through `before-quit`, where running tasks get their grace period.
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ label: app.name, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
