/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { ChatClient } from "../../../protocol/gen/chat_client.ts";
import type { RoomView } from "./use_chat_rooms.ts";

const TYPING_IDLE_MS = 2_000;

/** The messages of one room, who is typing, and the box to write in. */
export function RoomPanel(
  { chat, room, view }: { chat: ChatClient; room: string; view: RoomView },
) {
  const [text, setText] = useState("");
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const list = useRef<HTMLOListElement>(null);
  const count = view.messages.length;
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "end" });
  }, [count]);
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  const stopTyping = () => {
    clearTimeout(typingTimer.current);
    typingTimer.current = undefined;
    chat.typing({ room, active: false });
  };
  const onInput = (value: string) => {
    setText(value);
    if (typingTimer.current === undefined) chat.typing({ room, active: true });
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === "") return;
    // Sent now when connected, queued (and sent in order) while reconnecting.
    chat.say({ room, text });
    setText("");
    if (typingTimer.current !== undefined) stopTyping();
  };

  return (
    <section className="room" data-testid={`room-${room}`}>
      <ol className="messages" ref={list} data-testid="messages">
        {view.messages.map((message) => (
          <li key={message.id}>
            <time>{new Date(message.sentAt).toLocaleTimeString()}</time>{" "}
            <b>{message.user}</b> {message.text}
          </li>
        ))}
      </ol>
      <p className="typing" data-testid="typing">
        {view.typing.length > 0 &&
          `${view.typing.join(", ")} ${
            view.typing.length === 1 ? "is" : "are"
          } typing…`}
      </p>
      <form className="composer" onSubmit={send}>
        <input
          data-testid="text"
          value={text}
          maxLength={2000}
          placeholder={`Message #${room}`}
          onChange={(event) => onInput(event.target.value)}
        />
        <button type="submit" data-testid="send">Send</button>
      </form>
    </section>
  );
}
