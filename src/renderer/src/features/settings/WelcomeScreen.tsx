import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import type { KeyStatus, Settings } from '@shared/schemas';
import { useApi } from '../../api/ApiContext';
import { callKey, useCall } from '../../api/queries';
import { ScreenTitle } from '../../app/ScreenTitle';
import { KeySection } from './KeySection';

/** First run: what RouterDesk is, and the one thing to do first (or a look around without it). */
export function WelcomeScreen() {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const keyStatus = useCall('key.status');

  // Seen once is enough: the next start goes straight to the Playground or wherever the URL says.
  useEffect(() => {
    api.call('settings.update', { welcomed: true }).then(
      (saved) => client.setQueryData<Settings>(callKey('settings.get'), saved),
      () => {},
    );
  }, [api, client]);

  return (
    <div className="screen screen-narrow welcome">
      <header className="screen-header">
        <ScreenTitle>Welcome to RouterDesk</ScreenTitle>
      </header>
      <section className="panel" aria-labelledby="welcome-what">
        <h2 id="welcome-what">One key, every model</h2>
        <ul className="welcome-points">
          <li>
            <strong>Compare models</strong> from every provider on OpenRouter: prices, context, capabilities.
          </li>
          <li>
            <strong>Chat</strong> with any of them, with the answer streaming in and its exact cost under it.
          </li>
          <li>
            <strong>See your spend</strong>: every request is kept on this computer with what it was billed.
          </li>
        </ul>
      </section>
      <KeySection
        status={keyStatus.data ?? null}
        onStatus={(status) => {
          client.setQueryData<KeyStatus>(callKey('key.status'), status);
          if (status.set) void navigate({ to: '/chat' });
        }}
      />
      <p className="welcome-skip">
        Not ready to add a key? <Link to="/models">Look around the model catalog first</Link>; it works without one.
      </p>
    </div>
  );
}
