/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
/**
 * A test page for the React hooks: two components share one ChatClient
 * under strict mode, and buttons mount and unmount them. The chat peer's
 * URL comes from `globalThis.PEER_URL`.
 *
 * @module
 */
import { StrictMode, useState, version } from "react";
import { createRoot } from "react-dom/client";
import { ChatClient } from "../../../protocol/gen/chat_client.ts";
import { useEvent, useSocket } from "../../../src/react/mod.ts";

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

function Harness() {
  const [first, setFirst] = useState(true);
  const [second, setSecond] = useState(false);
  return (
    <>
      <output data-testid="react-version">{version}</output>
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
