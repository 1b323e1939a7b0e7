/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { type FormEvent, useState } from "react";
import { logIn } from "./session.ts";

/** Asks for a display name and signs in with the demo login. */
export function LoginForm(
  { onSignedIn }: { onSignedIn: (name: string) => void },
) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await logIn(name);
      onSignedIn(name);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form className="login" onSubmit={submit}>
      <h1>wiretype chat</h1>
      <label>
        Your name{" "}
        <input
          data-testid="name"
          value={name}
          autoFocus
          pattern="[A-Za-z0-9_\-]{1,40}"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <button type="submit" data-testid="login">Join</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
