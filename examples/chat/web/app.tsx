/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { useMemo, useState } from "react";
import { ChatScreen } from "./chat_screen.tsx";
import { LoginForm } from "./login_form.tsx";
import { createSession, rememberedName } from "./session.ts";

/** Sign in first, then chat. A reload keeps the name (per tab). */
export function App() {
  const [name, setName] = useState(rememberedName);
  // Creating clients opens nothing: `useSocket` connects them once mounted.
  const session = useMemo(
    () => name === undefined ? undefined : createSession(name),
    [name],
  );
  return session === undefined
    ? <LoginForm onSignedIn={setName} />
    : <ChatScreen session={session} />;
}
