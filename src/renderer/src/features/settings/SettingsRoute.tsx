import { useQueryClient } from '@tanstack/react-query';
import type { KeyStatus, Settings } from '@shared/schemas';
import { callKey, useCall } from '../../api/queries';
import { SettingsScreen } from './SettingsScreen';

export function SettingsRoute() {
  const client = useQueryClient();
  const keyStatus = useCall('key.status');
  const settings = useCall('settings.get');
  return (
    <SettingsScreen
      keyStatus={keyStatus.data ?? null}
      onKeyStatus={(status) => {
        client.setQueryData<KeyStatus>(callKey('key.status'), status);
        // A new key may belong to another account.
        void client.invalidateQueries({ queryKey: ['account.get'] });
      }}
      settings={settings.data ?? null}
      onSettings={(next) => client.setQueryData<Settings>(callKey('settings.get'), next)}
    />
  );
}
