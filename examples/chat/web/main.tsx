/** @jsxImportSource react */
/** @jsxImportSourceTypes @types/react */
/**
 * Entry of the demo's browser bundle (`static/app.js`, built by
 * `build.ts`). Strict mode double-mounts every component in development
 * builds; the hooks keep one socket per client through it.
 *
 * @module
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
