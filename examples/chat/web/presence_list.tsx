/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import type { Member } from "../../../protocol/gen/chat_protocol.ts";

/** Who is in the room, with how many tabs each. */
export function PresenceList({ members }: { members: readonly Member[] }) {
  return (
    <ul className="presence" data-testid="presence">
      {members.map((member) => (
        <li key={member.user}>
          {member.user}
          {member.connections > 1 && ` (${member.connections} tabs)`}
        </li>
      ))}
    </ul>
  );
}
