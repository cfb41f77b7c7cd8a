import { ScreenTitle } from '../../app/ScreenTitle';
import type { KeyStatus, Settings } from '@shared/schemas';
import { ErrorAlert } from '../../components/Alert';
import { errorMessage } from '../../api';
import { useCall } from '../../api/queries';
import { AccountSection } from './AccountSection';
import { ConnectionSection } from './ConnectionSection';
import { KeySection } from './KeySection';
import { PlaygroundSection } from './PlaygroundSection';

export function SettingsScreen({
  keyStatus,
  onKeyStatus,
  settings,
  onSettings,
}: {
  keyStatus: KeyStatus | null;
  onKeyStatus: (status: KeyStatus) => void;
  settings: Settings | null;
  onSettings: (settings: Settings) => void;
}) {
  const appInfo = useCall('app.info');
  const info = {
    data: appInfo.data ?? null,
    error: appInfo.error ? errorMessage(appInfo.error) : null,
    reload: () => void appInfo.refetch(),
  };

  return (
    <div className="screen screen-narrow">
      <header className="screen-header">
        <ScreenTitle>Settings</ScreenTitle>
      </header>

      <KeySection status={keyStatus} onStatus={onKeyStatus} />

      {keyStatus?.set ? (
        <AccountSection key={`${keyStatus.source}:${keyStatus.last4}`} baseUrl={info.data?.baseUrl ?? null} />
      ) : null}

      <PlaygroundSection settings={settings} />

      <ConnectionSection
        info={info.data}
        settings={settings}
        onSaved={(next) => {
          onSettings(next);
          info.reload();
        }}
      />

      <section className="panel" aria-labelledby="data-heading">
        <div className="panel-header">
          <h2 id="data-heading">Data</h2>
        </div>
        {info.error ? <ErrorAlert message={info.error} /> : null}
        {info.data ? (
          <dl className="facts">
            <div className="fact">
              <dt>Data directory</dt>
              <dd className="mono selectable">{info.data.dataDir}</dd>
            </div>
            <div className="fact">
              <dt>Database</dt>
              <dd className="mono selectable">{info.data.databasePath}</dd>
            </div>
            {info.data.backupPath ? (
              <div className="fact">
                <dt>Backup before upgrade</dt>
                <dd className="mono selectable">{info.data.backupPath}</dd>
              </div>
            ) : null}
            <div className="fact">
              <dt>Version</dt>
              <dd>
                {info.data.name} {info.data.version} ({info.data.shell === 'web' ? 'web host' : 'desktop'})
              </dd>
            </div>
          </dl>
        ) : null}
      </section>
    </div>
  );
}
