'use client';
import { useEffect, useState, type FormEvent } from 'react';
import { useGraphqlEndpoint } from '../apollo/provider';
import { authUrl, safeNextPath } from './sign-in-redirect';

/**
 * Sign in with name and password, or with a one-time login token in the address (`/login?token=…`):
 * the server answers with its HttpOnly session cookie, then the browser goes back to `next`.
 */
export function LoginForm() {
  const endpoint = useGraphqlEndpoint();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const post = async (route: 'login' | 'link', body: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(authUrl(endpoint, route), {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        window.location.replace(safeNextPath(new URLSearchParams(window.location.search).get('next')));
        return;
      }
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      setError(answer.error ?? `the server answered ${response.status}`);
    } catch {
      setError(`cannot reach the server at ${new URL(endpoint).origin}`);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('token');
    if (token) void post('link', { token });
    // Once, on arrival with a login link.
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void post('login', { name, password });
  };

  return (
    <form className="login-form" onSubmit={submit} data-testid="login-form" style={{ display: 'grid', gap: '0.75rem', maxWidth: 360 }}>
      <h1>Sign in</h1>
      <label>
        Name
        <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error ? (
        <p role="alert" className="error" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <p className="muted">
        No password yet? On the machine running Protoscope, <code>protoscope user login-url</code> prints a one-time sign-in link.
      </p>
    </form>
  );
}
