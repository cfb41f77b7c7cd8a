import { Menu, type MenuItemConstructorOptions } from 'electron';

export const DOCS_URL = 'https://openrouter.ai/docs';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  /** The safe external opener (https only). */
  openExternal: (url: string) => void;
}

/** App (macOS only, as the platform expects) / File / Edit / View / Window / Help. */
export function applicationMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) template.push({ label: opts.appName, role: 'appMenu' });
  template.push(
    { label: 'File', submenu: [opts.isMac ? { role: 'close' } : { role: 'quit' }] },
    { label: 'Edit', role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', role: 'windowMenu' },
    {
      label: 'Help',
      role: 'help',
      submenu: [{ label: 'OpenRouter documentation', click: () => opts.openExternal(DOCS_URL) }],
    },
  );
  return template;
}

export function installApplicationMenu(opts: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(opts)));
}
