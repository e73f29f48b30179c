// "Test browser": starts the browser the settings name (or the one the app would find) the way
// the queue would, and says which one runs or why none can.
import { useSettingsStore } from '../../state/settings-store';

export function BrowserTest() {
  const check = useSettingsStore((state) => state.browserCheck);
  const checking = useSettingsStore((state) => state.checkingBrowser);
  const testBrowser = useSettingsStore((state) => state.testBrowser);
  return (
    <div className="browser-test">
      <button type="button" className="button" onClick={() => void testBrowser()} disabled={checking}>
        {checking ? 'Testing…' : 'Test browser'}
      </button>
      <div role="status" className="browser-test__result" data-testid="browser-test-result">
        {check?.ok === true && (
          <span className="ok-text">
            Works: {check.version} ({check.source}) at <code className="break">{check.executablePath}</code>
          </span>
        )}
        {check?.ok === false && <span className="error-text">Does not start: {check.message}</span>}
      </div>
    </div>
  );
}
