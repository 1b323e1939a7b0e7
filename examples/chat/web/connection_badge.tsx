/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import type { ConnectionState } from "@wiretype/wiretype/client";

function describe(state: ConnectionState): string {
  switch (state.kind) {
    case "idle":
      return "not connected";
    case "connecting":
      return "connecting…";
    case "open":
      // After a reconnect that could not replay everything, the rooms'
      // history was fetched again.
      return state.recovered === false
        ? "connected (history reloaded)"
        : "connected";
    case "reconnecting":
      return `reconnecting (attempt ${state.attempt}, in ${
        Math.ceil(state.nextRetryMs / 100) / 10
      } s)`;
    case "closed":
      return `closed: ${state.reason || state.code}`;
  }
}

/** Shows a connection's state, with a retry button while reconnecting. */
export function ConnectionBadge(
  { label, state, onRetry }: {
    label: string;
    state: ConnectionState;
    onRetry: () => void;
  },
) {
  return (
    <span
      className={`badge ${state.kind}`}
      data-testid={`${label}-state`}
      data-state={state.kind}
      data-recovered={state.kind === "open" && state.recovered !== undefined
        ? String(state.recovered)
        : undefined}
    >
      {label}: {describe(state)}
      {state.kind === "reconnecting" && (
        <button type="button" onClick={onRetry}>retry now</button>
      )}
    </span>
  );
}
