/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
/**
 * A test page for the React hooks: two components share one ChatClient
 * under strict mode, and buttons mount and unmount them; a third, mounted
 * on request, shows what `useSocket` and `useRecovery` say about recovery
 * after a reconnect.
 * The peer's URL comes from `globalThis.PEER_URL`.
 *
 * @module
 */
import { StrictMode, useState, version } from "react";
import { createRoot } from "react-dom/client";
import { ChatClient } from "../../../protocol/gen/chat_client.ts";
import { useEvent, useRecovery, useSocket } from "@wiretype/wiretype/react";

const client = new ChatClient({
  url: (globalThis as { PEER_URL?: string }).PEER_URL ?? "",
  reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
});

function Watcher({ name }: { name: string }) {
  const state = useSocket(client);
  const [texts, setTexts] = useState<string[]>([]);
  useEvent(
    client,
    "message",
    (message) => setTexts((old) => [...old, message.text]),
  );
  return (
    <p data-testid={name} data-state={state.kind}>
      {state.kind}: {texts.join(",")}
    </p>
  );
}

/** `data-recovered` from the open state; the text lists every recovery result. */
function RecoveryWatcher() {
  const state = useSocket(client);
  const [results, setResults] = useState<string[]>([]);
  useRecovery(
    client,
    ({ reason, recovered }) =>
      setResults((old) => [...old, `${reason}:${recovered}`]),
  );
  return (
    <p
      data-testid="recovery"
      data-recovered={state.kind === "open" ? String(state.recovered) : ""}
    >
      {results.join(",")}
    </p>
  );
}

function Harness() {
  const [first, setFirst] = useState(true);
  const [second, setSecond] = useState(false);
  const [recovery, setRecovery] = useState(false);
  return (
    <>
      <output data-testid="react-version">{version}</output>
      <button
        type="button"
        data-testid="show-recovery"
        onClick={() => {
          setRecovery(true);
          client.join({ room: "general" });
        }}
      >
        recovery
      </button>
      {recovery && <RecoveryWatcher />}
      <button
        type="button"
        data-testid="toggle-first"
        onClick={() => setFirst(!first)}
      >
        first
      </button>
      <button
        type="button"
        data-testid="toggle-second"
        onClick={() => setSecond(!second)}
      >
        second
      </button>
      {first && <Watcher name="first" />}
      {second && <Watcher name="second" />}
    </>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
