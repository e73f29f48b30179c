// Entry: styles, then the app once `window.webagent` is there (a host may install it a moment
// after this script runs); without it the window says so instead of showing a broken UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { waitForBridge } from './api';
import { App } from './App';
import './styles/theme.css';
import './styles/base.css';
import './styles/indicators.css';
import './styles/layout.css';
import './styles/tasks.css';
import './styles/detail.css';
import './styles/elements.css';
import './styles/dashboard.css';
import './styles/forms.css';
import './styles/dialogs.css';

const rootElement = document.getElementById('root');
if (rootElement) {
  const root = createRoot(rootElement);
  void waitForBridge().then((ready) => {
    if (!ready) {
      root.render(
        <main className="fatal" role="alert">
          <h1>WebAgent cannot start</h1>
          <p>This window has no connection to the app (window.webagent is missing).</p>
        </main>,
      );
      return;
    }
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}
