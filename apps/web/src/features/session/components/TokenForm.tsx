import { type FormEvent, useState } from 'react';

interface TokenFormProps {
  message: string | null;
  checking: boolean;
  onSubmit(token: string): void;
}

/** Asks for the admin token (printed by `npm start`, or ADMIN_TOKEN). */
export function TokenForm({ message, checking, onSubmit }: TokenFormProps) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() !== '') {
      onSubmit(token.trim());
    }
  };
  return (
    <form className="token-form card" onSubmit={submit}>
      <h1>Drainboard</h1>
      <label htmlFor="admin-token">Admin token</label>
      <input
        id="admin-token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={(event) => setToken(event.target.value)}
        placeholder="ADMIN_TOKEN"
      />
      <button type="submit" disabled={checking || token.trim() === ''}>
        {checking ? 'Checking…' : 'Open console'}
      </button>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <p className="hint">The token is kept for this browser tab only.</p>
    </form>
  );
}
